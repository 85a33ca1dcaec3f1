"""Two independent OOXML validators from PyPI: openxml-audit (schema: unknown elements, order,
required attributes) and ooxml-integrity (revision ids, footnote and relationship references)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def schema_errors(documents: list[Path]) -> list[str]:
    """Every error openxml-audit reports (schema and Word app-compat), as 'file: part path: text'."""
    reports = []
    for document in documents:  # it takes one file per call
        result = subprocess.run([str(BIN / "openxml-audit"), "-o", "json", "-m", "0", str(document)],
                                capture_output=True, text=True, timeout=300)
        report = json.loads(result.stdout)
        reports += report if isinstance(report, list) else [report]
    return [
        f"{Path(r['file']).name}: {e['part_uri']} {e['path']}: {e['description']}"
        for r in reports for e in r["errors"]
    ]


# openxml-audit's own batch mode (-r) reuses one validator for every file, and that validator carries state from
# one document to the next (a footnote part of an earlier file makes a later file's footnote references "not found").
# For many documents: one process, a fresh validator per document.
_EACH = """
import json, sys
from pathlib import Path
from openxml_audit.cli import DEFAULT_FORMAT_BY_VALIDATOR
from openxml_audit.validator import OpenXmlValidator
out = []
for name in sys.argv[1:]:
    result = OpenXmlValidator(file_format=DEFAULT_FORMAT_BY_VALIDATOR["ooxml"], max_errors=0).validate(Path(name))
    out += [f"{Path(name).name}: {e.part_uri} {e.path}: {e.description}" for e in result.errors]
print(json.dumps(out))
"""


def schema_errors_each(documents: list[Path]) -> list[str]:
    """schema_errors for many documents in one process (each with a validator of its own)."""
    result = subprocess.run([sys.executable, "-c", _EACH, *map(str, documents)], capture_output=True, text=True,
                            timeout=60 + 10 * len(documents))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def integrity_errors(documents: list[Path]) -> list[str]:
    """Findings of ooxml-integrity at warning level or above."""
    result = subprocess.run([str(BIN / "ooxml-integrity"), "check", "--json", "--no-config", "--fail-on", "warn",
                             *map(str, documents)], capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout)
    return [
        f"{Path(f['path']).name}: {x['code']} {x['message']}"
        for f in report["files"] for x in f["findings"] if x["severity"] in ("error", "warn")
    ]


def all_errors(documents: list[Path]) -> list[str]:
    return schema_errors(documents) + integrity_errors(documents)
