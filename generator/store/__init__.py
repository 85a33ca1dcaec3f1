"""What is kept: output folders, versions and their manifest, atomic and exclusive writes, the folder lock."""
