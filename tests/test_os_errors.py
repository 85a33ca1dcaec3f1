"""What the operating system refuses (no such file, a folder, no rights, a full disk) said in Dutch with the path,
by every command that reads or writes a file the user names; never the system's English words, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .cli import afspraken, afspraken_with
from .conftest import DATA, TEMPLATE

ENGLISH = ("No such file", "Is a directory", "Permission denied", "No space left", "Errno", "Traceback")


def _docx(folder: Path) -> Path:
    return folder / "amsterdam.docx"


def _commands(path: Path, tmp: Path) -> dict[str, list[str]]:
    """Each command with `path` where it reads the user's file."""
    other = tmp / "ander.docx"
    shutil.copy(TEMPLATE, other)
    return {
        "redline": ["redline", str(path), str(other), "-o", str(tmp / "w.docx")],
        "controleer": ["controleer", str(path), "--out", str(tmp / "out")],
        "import-budget": ["import-budget", str(path), "--data", str(tmp / "data"), "--dry-run"],
        "check-template": ["check-template", "--template", str(path)],
        "generate": ["generate", "amsterdam-nieuw-west", "--data", str(tmp / "data"), "--out", str(tmp / "out"),
                     "--template", str(path)],
    }


def said(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


def assert_dutch(result, path: Path, reason: str) -> None:
    text = said(result)
    assert str(path) in text and reason in text, text
    assert not [w for w in ENGLISH if w in text], text


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


@pytest.mark.parametrize("command", ["redline", "controleer", "import-budget", "check-template", "generate"])
def test_a_file_that_does_not_exist(folder, command):
    missing = folder / "weg.docx"
    result = afspraken(*_commands(missing, folder)[command], cwd=folder)
    assert result.returncode == 2
    assert_dutch(result, missing, "bestaat niet")


@pytest.mark.parametrize("command", ["redline", "controleer", "import-budget", "check-template", "generate"])
def test_a_folder_where_a_file_belongs(folder, command):
    a_folder = folder / "map.docx"
    a_folder.mkdir()
    result = afspraken(*_commands(a_folder, folder)[command], cwd=folder)
    assert result.returncode == 2
    assert_dutch(result, a_folder, "is een map")


def test_validate_and_export_with_a_folder_where_a_file_belongs(folder):
    landelijk = folder / "data" / "landelijk.yaml"
    landelijk.unlink()
    landelijk.mkdir()
    assert_dutch(afspraken("validate", "--data", str(folder / "data"), cwd=folder), landelijk, "is een map")
    out = folder / "begroting.xlsx"
    out.mkdir()
    result = afspraken("export-budget", "--data", str(DATA), "--out", str(out), cwd=folder)
    assert result.returncode == 1
    assert_dutch(result, out, "is een map")


# Root is never refused a file: the refusal is put in where the file is opened.
NO_RIGHTS = """
import builtins, errno, io, os
_open, _os_open = io.open, os.open
def _refused(file):
    return isinstance(file, (str, os.PathLike)) and 'geheim' in os.fspath(file)
def _guarded(file, *args, **kwargs):
    if _refused(file):
        raise PermissionError(errno.EACCES, 'Permission denied', os.fspath(file))
    return _open(file, *args, **kwargs)
def _guarded_os(file, *args, **kwargs):
    if _refused(file):
        raise PermissionError(errno.EACCES, 'Permission denied', os.fspath(file))
    return _os_open(file, *args, **kwargs)
builtins.open = io.open = _guarded
os.open = _guarded_os
"""


@pytest.mark.parametrize("command", ["redline", "controleer", "import-budget", "check-template", "generate"])
def test_a_file_without_rights(folder, command):
    secret = folder / "geheim.docx"
    shutil.copy(TEMPLATE, secret)
    result = afspraken_with(NO_RIGHTS, *_commands(secret, folder)[command], cwd=folder)
    assert result.returncode in (1, 2)
    assert_dutch(result, secret, "geen rechten")


def test_validate_and_export_without_rights(folder):
    data = folder / "geheim-data"
    shutil.copytree(DATA, data)
    result = afspraken_with(NO_RIGHTS, "validate", "--data", str(data), cwd=folder)
    assert result.returncode == 2
    assert_dutch(result, data / "landelijk.yaml", "geen rechten")
    out = folder / "geheim" / "begroting.xlsx"
    out.parent.mkdir()
    result = afspraken_with(NO_RIGHTS, "export-budget", "--data", str(DATA), "--out", str(out), cwd=folder)
    assert result.returncode == 1
    # a file in the folder it would write in: the record of what it wrote there is read first
    assert_dutch(result, out.parent, "rechten")


DISK_FULL = """
import errno, os
def _full(fd):
    raise OSError(errno.ENOSPC, 'No space left on device')
os.fsync = _full
"""


@pytest.mark.parametrize("command", ["export-budget", "generate"])
def test_a_full_disk(folder, command):
    out = folder / "out"
    args = {"export-budget": ["export-budget", "--data", str(DATA), "--out", str(out / "begroting.xlsx")],
            "generate": ["generate", "amsterdam-nieuw-west", "--data", str(folder / "data"), "--out", str(out),
                         "--template", str(TEMPLATE)]}[command]
    out.mkdir()
    result = afspraken_with(DISK_FULL, *args, cwd=folder)
    assert result.returncode == 1, said(result)
    assert_dutch(result, out, "schijf is vol")
    assert not list(out.rglob("*.docx")) and not list(out.rglob("*.xlsx"))


def test_an_unforeseen_os_error_is_said_in_dutch_with_its_path():
    import errno

    from generator.errors import error_text

    assert error_text(OSError(errno.ENOSPC, "No space left on device", "/schijf/a.docx")) == "/schijf/a.docx: schijf is vol"
    assert error_text(PermissionError(errno.EACCES, "Permission denied")) == "geen rechten"
