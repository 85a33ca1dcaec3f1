"""A gebied's record of its versions (store/versions.py, journal.py, create.py): a version once written is never
overwritten or forgotten (issue 26), whatever happens to manifest.json."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest

ANW = "amsterdam-nieuw-west"


# --- exclusive creation ---------------------------------------------------------------------------------------

def test_a_version_file_that_appears_while_it_is_written_is_not_overwritten(tmp_path, monkeypatch):
    """Another writer (one that does not take the folder's lock) creates v1 between the check and the write."""
    from generator.errors import RecordError
    from generator.store.manifest import Entry
    from generator.store.versions import Folder

    folder = Folder(tmp_path, ANW)
    target = folder.path / f"{ANW}-v1.docx"
    real = tempfile.mkstemp

    def meanwhile(*args, **kwargs):
        made = real(*args, **kwargs)
        if not target.exists():
            target.write_bytes(b"the other writer's v1")
        return made

    monkeypatch.setattr(tempfile, "mkstemp", meanwhile)
    with pytest.raises(RecordError, match="bestaat al en wordt niet overschreven"):
        folder.record(Entry(number=1, file=target.name, time="2026-01-05T09:00:00Z"), {target.name: b"ours"})
    assert target.read_bytes() == b"the other writer's v1"
    assert sorted(p.name for p in folder.path.iterdir()) == [target.name], "no temporary file left behind"


def test_a_file_system_without_hard_links_still_creates_exclusively(tmp_path, monkeypatch):
    from generator.store import create

    def refused(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    path = tmp_path / "x-v1.docx"
    assert create.create_new(path, b"first") is True and path.read_bytes() == b"first"
    assert create.create_new(path, b"second") is False and path.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-v1.docx"]


def test_creating_over_an_existing_file_writes_nothing(tmp_path):
    from generator.store import create

    path = tmp_path / "x-v1.docx"
    path.write_bytes(b"signed")
    assert create.create_new(path, b"other") is False
    assert path.read_bytes() == b"signed" and sorted(p.name for p in tmp_path.iterdir()) == ["x-v1.docx"]
