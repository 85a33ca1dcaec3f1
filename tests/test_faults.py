"""Faults: killed batches, concurrent runs, unwritable or full disks. Nothing is lost, nothing half-written."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import OutputError
from generator.ooxml.package import parse_xml, read_parts
from generator.store.write import exclusive, write_atomic
from generator.store.journal import replay

from . import cli
from .conftest import TEMPLATE


def command(data: Path, out: Path) -> list[str]:
    return cli.command(*cli.generate_args(data, out, "--all"))


def assert_consistent(out: Path) -> None:
    for docx in out.rglob("*.docx"):
        parse_xml(read_parts(docx.read_bytes())["word/document.xml"])
    for manifest in out.rglob("manifest.json"):
        versions = json.loads(manifest.read_text())["versies"]
        for version in versions:
            assert (manifest.parent / version["bestand"]).exists(), version


# The command line with its file writing watched: at the Nth write under OUT of the chosen kind, the run writes a
# marker and waits, so that the test kills it exactly there. "created": the temporary file exists, still empty;
# "written": the temporary file is complete and flushed but not yet renamed; "renamed": the file is in place and the
# next step (the manifest that names it, the next gebied, the overview) has not begun.
WATCHED = """
import os, sys, tempfile, time
point, target, marker, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
sys.argv = ["afspraken", *sys.argv[5:]]
count = 0

def hit(name):
    global count
    if not str(name).startswith(out):
        return
    count += 1
    if (str(count) == target) if target.isdigit() else os.path.basename(name).lstrip(".").startswith(target):
        with open(marker, "w") as handle:
            handle.write(str(name))
        time.sleep(600)

real_mkstemp, real_replace = tempfile.mkstemp, os.replace

def mkstemp(*args, **kwargs):
    fd, name = real_mkstemp(*args, **kwargs)
    if point == "created":
        hit(name)
    return fd, name

def replace(src, dst, *args, **kwargs):
    if point == "written":
        hit(src)
    real_replace(src, dst, *args, **kwargs)
    if point == "renamed":
        hit(dst)

tempfile.mkstemp, os.replace = mkstemp, replace
from generator.cli import main
main()
"""


def kill_at(data: Path, out: Path, point: str, target: int | str, marker: Path) -> str:
    """Run a batch and SIGKILL it (with its workers) at the given point of its write sequence; the file it was at."""
    marker.unlink(missing_ok=True)
    process = subprocess.Popen([sys.executable, "-c", WATCHED, point, str(target), str(marker), str(out),
                                *command(data, out)[3:]],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    landed = marker.exists()
    with contextlib.suppress(ProcessLookupError):  # a run that ended by itself has no group left to kill
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert landed, f"the kill did not land: the run ended before write {target} ({point})"
    return marker.read_text()


def snapshot(out: Path) -> dict[str, object]:
    """What a finished output folder holds: every file's bytes, and each manifest without its clock times."""
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != ".afspraken.lock":
            if path.name == "manifest.json":
                versions = json.loads(path.read_text())["versies"]
                files[str(path.relative_to(out))] = [{k: v for k, v in version.items() if k != "tijd"} for version in versions]
            elif path.name == "journaal.jsonl":  # a killed run's lines are there, and replaced by the next run's
                replayed = replay(path)
                assert replayed is not None
                files[str(path.relative_to(out))] = [{k: v for k, v in e.as_json().items() if k != "tijd"}
                                                     for e in replayed.versions]
            else:
                files[str(path.relative_to(out))] = path.read_bytes()
    return files


# (point, which write of the run): the first temporary file; a document complete but not renamed; a document in
# place before its manifest; further on in the sequence; for the second versions, between the redline, the
# summary and the manifest.
# The write of a given file is named by its name ("overzicht.xlsx": the overview, the run's last write).
FIRST_VERSIONS = [("created", 1), ("written", 2), ("renamed", 2), ("written", 9), ("created", 6), ("written", "overzicht.xlsx")]
SECOND_VERSIONS = [("renamed", 1), ("written", 2), ("renamed", 3), ("created", 4), ("written", 11),
                   ("created", "overzicht.xlsx")]


def test_a_batch_killed_while_writing_loses_nothing(data_copy, tmp_path, monkeypatch):
    # Review files are dated with their version's time: one fixed time, so that the killed runs'
    # output can be compared byte for byte with the reference run's.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782000000")
    reference = tmp_path / "reference"
    landelijk = data_copy / "landelijk.yaml"
    first, second = landelijk.read_text(), landelijk.read_text().replace("bedrag_per_woning: 7000", "bedrag_per_woning: 7001")
    assert subprocess.run(command(data_copy, reference), capture_output=True).returncode == 0

    out = tmp_path / "out"
    marker = tmp_path / "marker"
    for phase, points in ((first, FIRST_VERSIONS), (second, SECOND_VERSIONS)):
        landelijk.write_text(phase)
        if phase is second:  # the reference's second versions, made without a kill
            assert subprocess.run(command(data_copy, reference), capture_output=True).returncode == 0
        for point, target in points:
            at = kill_at(data_copy, out, point, target, marker)
            temporaries = list(out.rglob(".*.tmp"))
            if point in ("created", "written"):
                assert [str(t) for t in temporaries] == [at], "killed while writing: its temporary file is there"
            assert_consistent(out)
        finished = subprocess.run(command(data_copy, out), capture_output=True, text=True, timeout=600)
        assert finished.returncode == 0, finished.stderr
        assert not list(out.rglob("*.tmp")), "temporary files left behind after a complete run"
        assert_consistent(out)
    # Every version of every gebied, its documents and review files byte for byte as without the kills.
    assert snapshot(out) == snapshot(reference)


def test_a_second_run_on_the_same_folder_is_refused(data_copy, tmp_path):
    out = tmp_path / "out"
    with exclusive(out, "mark"):
        result = subprocess.run(command(data_copy, out), capture_output=True, text=True, timeout=300,
                                env={**os.environ, "AFSPRAKEN_LOCK_WAIT": "0"})
    assert result.returncode == 1
    assert "'afspraken mark' (sinds " in result.stderr and "schrijft al in deze map" in result.stderr
    assert "Traceback" not in result.stderr
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
