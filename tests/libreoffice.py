"""LibreOffice as the independent reader of what we write (headless soffice)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(document: Path, fmt: str, outdir: Path) -> Path:
    """Convert with soffice; soffice exits 0 even when it cannot load a file, so check the result."""
    return convert_many([document], fmt, outdir)[0]


def convert_many(documents: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Convert several documents in one LibreOffice start."""
    assert SOFFICE, "LibreOffice (soffice) is not installed"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
             "--outdir", str(outdir), *map(str, documents)],
            check=True, capture_output=True, timeout=60 + 30 * len(documents),
        )
    results = [outdir / (d.stem + "." + fmt.split(":")[0]) for d in documents]
    for document, result in zip(documents, results):
        assert result.exists() and result.stat().st_size > 0, f"LibreOffice could not convert {document}"
    return results


def pdf_page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[: pdf_pages(pdf)]


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
