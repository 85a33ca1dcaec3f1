"""Defaults that the command line shows in its help and the library uses: importing this costs nothing,
so `afspraken --help` and every command can name them without loading the modules that use them."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_FILE = Path("templates/docx/bestuurlijke-afspraken.docx")

# The name tracked changes carry when nobody is named (the redline command, the batch's review files).
DEFAULT_AUTHOR = "afspraken"
# The batch makes the review files (redlines, overviews) on behalf of the ministry.
BATCH_AUTHOR = f"{DEFAULT_AUTHOR} (VRO)"
