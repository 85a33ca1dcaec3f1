"""A slug that is no gebied of the round is said to be one, by every command that takes a slug; a command
refused for its arguments creates nothing (no output folder, no lock file)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli import afspraken
from tests.conftest import DATA, ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return afspraken(*args, cwd=cwd, env={"PYTHONPATH": str(ROOT)})


def _commands(slug: str, out: Path, data: Path) -> dict[str, list[str]]:
    return {
        "generate": ["generate", slug, "--data", str(data), "--out", str(out)],
        "validate": ["validate", slug, "--data", str(data)],
        "pdf": ["pdf", slug, "--out", str(out)],
        "mark": ["mark", slug, "1", "getekend", "--out", str(out)],
        "history": ["history", slug, "--out", str(out)],
        "compare": ["compare", slug, "--from", "1", "--out", str(out)],
        "generate --herzien": ["generate", "amsterdam-nieuw-west", "--herzien", slug, "--data", str(data), "--out", str(out)],
    }


COMMANDS = list(_commands("x", Path("o"), Path("d")))


def _data(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_mistyped_slug_is_an_unknown_gebied_with_the_close_match(tmp_path, command):
    data = _data(tmp_path)
    out = tmp_path / "output"
    done = run(*_commands("amsterdam-nieuw-wets", out, data)[command], cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "onbekend gebied 'amsterdam-nieuw-wets'; bedoelt u amsterdam-nieuw-west?" in done.stderr, done.stderr
    assert not out.exists(), list(out.rglob("*"))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_slug_like_nothing_is_an_unknown_gebied_with_the_list(tmp_path, command):
    data = _data(tmp_path)
    out = tmp_path / "output"
    done = run(*_commands("bestaat-niet", out, data)[command], cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "onbekend gebied 'bestaat-niet'" in done.stderr, done.stderr
    assert "amsterdam-nieuw-west, amsterdam-zuidoost" in done.stderr
    assert "maak eerst de afspraken" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", ["pdf", "mark", "history", "compare"])
def test_a_mistyped_out_creates_nothing_and_is_said(tmp_path, command):
    _data(tmp_path)
    out = tmp_path / "outptu"
    done = run(*_commands("amsterdam-nieuw-west", out, tmp_path / "data")[command], cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{out}" in done.stderr and "bestaat niet" in done.stderr, done.stderr
    assert not out.exists()


def test_pdf_of_a_gebied_without_versions_creates_no_lock(tmp_path):
    _data(tmp_path)
    out = tmp_path / "output"
    (out / "delft-west").mkdir(parents=True)
    done = run("pdf", "amsterdam-nieuw-west", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "amsterdam-nieuw-west heeft nog geen versie" in done.stderr, done.stderr
    assert sorted(p.name for p in out.rglob("*")) == ["delft-west"]


def test_pdf_of_a_version_that_does_not_exist_creates_no_lock(tmp_path):
    from generator.store.manifest import Entry
    from generator.store.versions import Folder

    _data(tmp_path)
    out = tmp_path / "output"
    Folder(out, "amsterdam-nieuw-west").record(Entry(number=1, file="amsterdam-nieuw-west-v1.docx", time="2026-11-30T10:00:00Z", input_hash="x", document_hash="y"),
                                               {"amsterdam-nieuw-west-v1.docx": b"docx"})
    before = sorted(p.name for p in out.rglob("*"))
    done = run("pdf", "amsterdam-nieuw-west", "7", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2 and "heeft geen versie 7 (versies: 1)" in done.stderr, done.stderr
    assert sorted(p.name for p in out.rglob("*")) == before


def test_without_the_round_the_gebieden_with_versions_are_the_ones_known(tmp_path):
    from generator.store.manifest import Entry
    from generator.store.versions import Folder

    out = tmp_path / "output"  # no data/ here: the round's list cannot be read
    Folder(out, "delft-west").record(Entry(number=1, file="delft-west-v1.docx", time="2026-11-30T10:00:00Z", input_hash="x", document_hash="y"),
                                     {"delft-west-v1.docx": b"docx"})
    done = run("history", "delft-wets", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2 and "onbekend gebied 'delft-wets'; bedoelt u delft-west?" in done.stderr, done.stderr
    done = run("history", "delft-west", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0 and "v1" in done.stdout, done.stderr
