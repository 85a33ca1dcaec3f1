"""LibreOffice as the independent reader of what we write (headless soffice)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
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


# --- tracked changes through UNO (tests/lo_uno.py, run by Debian's python3 with python3-uno) ------

LO_PYTHON = "/usr/bin/python3"
LO_UNO = Path(__file__).with_name("lo_uno.py")


def review(jobs: Sequence[tuple[Path, str]], timeout: float | None = None) -> list[dict]:
    """Open each document in one headless LibreOffice, apply 'accept' / 'reject' / 'none' to all tracked
    changes, and return what LibreOffice then reads: body, header/footer and note texts, redline counts.

    The script and its soffice run in a process group of their own; on timeout the whole group is
    killed (and nothing else)."""
    return run_jobs([{"path": str(Path(p).resolve()), "action": a} for p, a in jobs], timeout)


def run_jobs(jobs: list[dict], timeout: float | None = None) -> list[dict]:
    """lo_uno.py's jobs (see its docstring) in one LibreOffice; a job LibreOffice could not do fails the test."""
    assert SOFFICE, "LibreOffice (soffice) is not installed"
    timeout = timeout if timeout is not None else 120 + 10 * len(jobs)
    with tempfile.TemporaryDirectory(prefix="lo_review_") as scratch:
        request, result = Path(scratch) / "request.json", Path(scratch) / "result.json"
        request.write_text(json.dumps({"jobs": jobs}), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        proc = subprocess.Popen([LO_PYTHON, str(LO_UNO), str(request), str(result)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the script and the soffice it started, nothing else
            proc.communicate()
            raise AssertionError(f"LibreOffice review timed out after {timeout} s")
        assert proc.returncode == 0 and result.exists(), f"lo_uno.py failed:\n{err.decode(errors='replace')}"
        results = json.loads(result.read_text(encoding="utf-8"))
    for job, outcome in zip(jobs, results):
        assert "replace" not in job or not outcome.get("error"), outcome
    return results


def accept_all(document: Path) -> dict:
    """LibreOffice's reading of the document after Accept All Tracked Changes."""
    return review([(document, "accept")])[0]


def reject_all(document: Path) -> dict:
    """LibreOffice's reading of the document after Reject All Tracked Changes."""
    return review([(document, "reject")])[0]
