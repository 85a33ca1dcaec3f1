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
    return run_jobs([{"path": str(p), "action": a} for p, a in jobs], timeout)


def run_jobs(jobs: Sequence[dict], timeout: float | None = None) -> list[dict]:
    """lo_uno.py's jobs (see its docstring: "path", "action", optional "save" and "replace") in one
    LibreOffice; a job that was to edit the document and could not fails the test."""
    timeout = timeout if timeout is not None else 120 + 10 * len(jobs)
    results = _uno(LO_UNO, {"jobs": [dict(job, path=str(Path(job["path"]).resolve())) for job in jobs]}, timeout)
    for job, outcome in zip(jobs, results):
        assert "replace" not in job or not outcome.get("error"), outcome
    return results


def _uno(script: Path, request_data: dict, timeout: float):
    """Run a UNO script (REQUEST.json → RESULT.json) under Debian's python3 and return its result.

    The script and its soffice run in a process group of their own; on timeout the whole group is
    killed (and nothing else)."""
    assert SOFFICE, "LibreOffice (soffice) is not installed"
    with tempfile.TemporaryDirectory(prefix="lo_uno_") as scratch:
        request, result = Path(scratch) / "request.json", Path(scratch) / "result.json"
        request.write_text(json.dumps(request_data), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        proc = subprocess.Popen([LO_PYTHON, str(script), str(request), str(result)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the script and the soffice it started, nothing else
            proc.communicate()
            raise AssertionError(f"LibreOffice ({script.name}) timed out after {timeout} s")
        assert proc.returncode == 0 and result.exists(), f"{script.name} failed:\n{err.decode(errors='replace')}"
        return json.loads(result.read_text(encoding="utf-8"))


LO_CALC = Path(__file__).with_name("lo_calc.py")


def calc(workbook: Path, edits: Sequence[tuple[str, str, float]], save: Path | None = None, timeout: float = 180) -> dict:
    """LibreOffice Calc opens `workbook`, types each (sheet, cell, value), recalculates, saves it as .xlsx to
    `save` (if given) and returns every cell as Calc sees it (see tests/lo_calc.py)."""
    request = {"path": str(Path(workbook).resolve()),
               "edits": [{"sheet": s, "cell": c, "value": v} for s, c, v in edits],
               "save": str(Path(save).resolve()) if save else None}
    result = _uno(LO_CALC, request, timeout)
    assert result.get("error") is None, result.get("trace") or result["error"]
    return result


def accept_all(document: Path) -> dict:
    """LibreOffice's reading of the document after Accept All Tracked Changes."""
    return review([(document, "accept")])[0]


def reject_all(document: Path) -> dict:
    """LibreOffice's reading of the document after Reject All Tracked Changes."""
    return review([(document, "reject")])[0]
