"""LibreOffice as the independent reader of what we write (headless soffice)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(document: Path, fmt: str, outdir: Path) -> Path:
    """Convert with soffice; soffice exits 0 even when it cannot load a file, so check the result."""
    assert SOFFICE, "LibreOffice (soffice) is not installed"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
             "--outdir", str(outdir), str(document)],
            check=True, capture_output=True, timeout=180,
        )
    result = outdir / (document.stem + "." + fmt.split(":")[0])
    assert result.exists() and result.stat().st_size > 0, f"LibreOffice could not convert {document}"
    return result


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
