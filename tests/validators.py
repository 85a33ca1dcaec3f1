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
