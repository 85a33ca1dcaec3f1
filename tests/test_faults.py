"""Faults: killed batches, concurrent runs, unwritable or full disks. Nothing is lost, nothing half-written."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.ooxml.package import parse_xml, read_parts
from generator.write import exclusive, write_atomic

from .conftest import TEMPLATE


def command(data: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "generate", "--all", "--data", str(data), "--out", str(out), "--template", str(TEMPLATE)]


def assert_consistent(out: Path) -> None:
    for docx in out.rglob("*.docx"):
        parse_xml(read_parts(docx.read_bytes())["word/document.xml"])
    for manifest in out.rglob("manifest.json"):
        versions = json.loads(manifest.read_text())["versies"]
        for version in versions:
            assert (manifest.parent / version["bestand"]).exists(), version


def test_a_batch_killed_at_random_moments_loses_nothing(data_copy, tmp_path):
    out = tmp_path / "out"
    path = data_copy / "gebieden" / "amsterdam-nieuw-west.yaml"
    original = path.read_text()
    chance = random.Random(20250624)
    for attempt in range(8):
        # A changed national parameter gives every gebied a new version, so the kill lands among writes.
        landelijk = data_copy / "landelijk.yaml"
        text = landelijk.read_text()
        landelijk.write_text(text.replace(f"bedrag_per_woning: {7000 + attempt}", f"bedrag_per_woning: {7001 + attempt}"))
        process = subprocess.Popen(command(data_copy, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(chance.uniform(0.3, 3.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert_consistent(out)
    path.write_text(original)
    finished = subprocess.run(command(data_copy, out), capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert_consistent(out)
    assert not list(out.rglob("*.tmp")), "temporary files left behind after a complete run"


def test_a_second_run_on_the_same_folder_is_refused(data_copy, tmp_path):
    out = tmp_path / "out"
    with exclusive(out):
        result = subprocess.run(command(data_copy, out), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "andere afspraken-run" in result.stderr and "Traceback" not in result.stderr
    assert not list(out.rglob("*.docx"))


def test_an_output_folder_that_cannot_be_created(data_copy, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    result = subprocess.run(command(data_copy, blocker / "out"), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "kan niet beschreven worden" in result.stderr and "Traceback" not in result.stderr


def test_disk_full_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old version")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="schijf is vol"):
        write_atomic(target, b"new version")
    assert target.read_bytes() == b"old version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]
