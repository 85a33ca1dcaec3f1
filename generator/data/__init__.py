"""Data in: YAML files → pydantic models, located problems, checks across fields and files, the round."""
