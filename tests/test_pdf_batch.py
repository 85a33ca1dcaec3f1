"""All PDFs of a run from one LibreOffice (generator/libreoffice.py): the same bytes as one conversion at a time,
a profile kept in the cache that cannot change them, and a failing document that costs only itself.

The misbehaviour (a crash, a hang, a file it cannot open) comes from tests/fake_soffice.py, which stands in for
LibreOffice or wraps the real one; the few tests that run LibreOffice itself are marked."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
import pytest

from generator import libreoffice
from generator import pdf as archive

from tests.cli import afspraken
from .conftest import DATA, TEMPLATE

FAKE = Path(__file__).with_name("fake_soffice.py")
SLUGS = ("amsterdam-nieuw-west", "delft-west", "groningen-noord")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of the test's own (the profiles are made in it on first use)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def fake(tmp_path: Path, **env: str) -> tuple[str, Path]:
    """An `soffice` that is tests/fake_soffice.py, and the log of its starts."""
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir(exist_ok=True)
    log = tmp_path / "starts.jsonl"
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in {"FAKE_SOFFICE_LOG": str(log), **env}.items())
    program.write_text(f"#!/bin/sh\n{settings} exec {shlex.quote(sys.executable)} {shlex.quote(str(FAKE))} \"$@\"\n")
    program.chmod(0o755)
    return str(program), log


def starts(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def documents(tmp_path: Path, count: int = 4) -> list[Path]:
    folder = tmp_path / "docs"
    folder.mkdir()
    paths = [folder / f"doc{i}.docx" for i in range(count)]
    for path in paths:
        path.write_bytes(b"docx")
    return paths


def converted(program: str, paths: list[Path]) -> dict[str, libreoffice.Conversion]:
    return {c.source.stem: c for c in libreoffice.convert_all(program, paths, "pdf")}


# --- the batch's handling, with a stand-in LibreOffice ---------------------------------------------------------

def test_one_process_for_all_documents_in_a_profile_kept_in_the_cache(tmp_path, cache):
    program, log = fake(tmp_path)
    paths = documents(tmp_path)
    first = converted(program, paths)
    assert sorted(first) == ["doc0", "doc1", "doc2", "doc3"]
    assert all(c.data == f"%PDF-1.7\n% {c.source.name}\n%%EOF\n".encode() for c in first.values())
    converted(program, paths)
    one, two = starts(log)
    assert one["documents"] == two["documents"] == ["doc0", "doc1", "doc2", "doc3"]  # one start per run
    assert Path(one["profile"]).is_relative_to(cache / "afspraken" / "libreoffice")
    assert not one["profile_existed"] and two["profile_existed"]  # made on first use, then used again
    assert one["profile"] == two["profile"]


def test_a_changed_or_damaged_profile_is_made_again(tmp_path):
    program, log = fake(tmp_path)
    paths = documents(tmp_path, 2)
    converted(program, paths)
    profile = Path(starts(log)[0]["profile"])
    (profile / "user" / "registrymodifications.xcu").write_text("<items><font>Arial → DejaVu Serif</font></items>")
    converted(program, paths)
    (profile / "user" / "fonts").mkdir()
    (profile / "user" / "fonts" / "extra.ttf").write_bytes(b"font")
    converted(program, paths)
    assert [s["profile_existed"] for s in starts(log)] == [False, False, False]
    assert not (profile / "user" / "fonts").exists()
    converted(program, paths)  # unchanged since: used again
    assert starts(log)[-1]["profile_existed"]


def test_a_run_at_the_same_time_takes_another_profile_never_the_users_own(tmp_path, cache, monkeypatch):
    import fcntl

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    program, log = fake(tmp_path)
    paths = documents(tmp_path, 1)
    converted(program, paths)
    first = Path(starts(log)[0]["profile"])
    with open(first.parent / ".lock", "a+b") as held:  # another run holds that slot
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        converted(program, paths)
    assert Path(starts(log)[1]["profile"]).parent != first.parent
    assert all(Path(s["profile"]).is_relative_to(cache) for s in starts(log))
    assert not (tmp_path / "home").exists()  # nothing of the user's own LibreOffice (~/.config/libreoffice)


def test_a_document_it_cannot_open_costs_only_that_document(tmp_path):
    program, log = fake(tmp_path, FAKE_SOFFICE_UNREADABLE="doc1")
    found = converted(program, documents(tmp_path))
    assert found["doc1"].data is None and "kon er geen PDF van maken" in found["doc1"].reason
    assert all(found[d].data for d in ("doc0", "doc2", "doc3"))
    assert len(starts(log)) == 1


@pytest.mark.parametrize("mode", ["crash", "hang"])
def test_a_crash_or_a_hang_costs_only_that_document_and_a_new_process_takes_the_rest(tmp_path, monkeypatch, mode):
    monkeypatch.setattr(libreoffice, "TIMEOUT", 1.5)
    program, log = fake(tmp_path, **{f"FAKE_SOFFICE_{mode.upper()}": "doc1"})
    found = converted(program, documents(tmp_path))
    assert found["doc1"].data is None  # its half-written PDF is not handed over
    expected = "binnen 1.5 s geen PDF" if mode == "hang" else "stopte onverwacht tijdens dit document"
    assert expected in found["doc1"].reason
    assert all(found[d].data and found[d].data.endswith(b"%%EOF\n") for d in ("doc0", "doc2", "doc3"))
    first, second = starts(log)
    assert first["documents"] == ["doc0", "doc1", "doc2", "doc3"] and second["documents"] == ["doc2", "doc3"]
    assert not second["profile_existed"]  # the profile a crash leaves is not used again


def test_processes_share_the_documents_each_in_its_own_profile(tmp_path):
    program, log = fake(tmp_path)
    found = {c.source.stem for c in libreoffice.convert_all(program, documents(tmp_path, 5), "pdf", processes=2)}
    assert found == {f"doc{i}" for i in range(5)}
    one, two = sorted(starts(log), key=lambda s: s["documents"])
    assert one["documents"] == ["doc0", "doc1", "doc2"] and two["documents"] == ["doc3", "doc4"]
    assert one["profile"] != two["profile"]


# --- with LibreOffice itself ------------------------------------------------------------------------------------

cli = afspraken


def generate(out: Path, *slugs: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # A fixed version time: a version carries its time (and so does its PDF), so two runs compare byte for byte.
    fixed = {"SOURCE_DATE_EPOCH": "1767603600", **(env or {})}
    return cli("generate", *slugs, "--pdf", "--data", str(DATA), "--out", str(out), "--template", str(TEMPLATE), env=fixed)


def one_at_a_time(docx: Path) -> bytes:
    """LibreOffice started for this one document in a fresh profile, as before the batch; then finished."""
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([archive.soffice(), f"-env:UserInstallation=file://{scratch}/profile", "--headless",
                        "--convert-to", archive.filter_argument(), "--outdir", scratch, str(docx)],
                       check=True, capture_output=True, timeout=300)
        return archive.finished(docx, (Path(scratch) / f"{docx.stem}.pdf").read_bytes()).data


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    """Two runs of three gebieden, the first making the cache's profile, the second using it again."""
    base = tmp_path_factory.mktemp("batch")
    env = {"XDG_CACHE_HOME": str(base / "cache")}
    for name in ("run1", "run2"):
        result = generate(base / name, *SLUGS, env=env)
        assert result.returncode == 0, result.stderr
    return base


def profile_of(cache: Path) -> Path:
    (profile,) = cache.glob("afspraken/libreoffice/*/slot-0/profiel")
    return profile


@pytest.mark.libreoffice
def test_the_batch_changes_no_byte_and_the_kept_profile_none_either(batch_run):
    assert (profile_of(batch_run / "cache").parent / libreoffice.DIGEST).exists()
    for slug in SLUGS:
        docx = batch_run / "run1" / slug / f"{slug}-v1.docx"
        first = (batch_run / "run1" / slug / f"{slug}-v1.pdf").read_bytes()
        assert (batch_run / "run2" / slug / f"{slug}-v1.pdf").read_bytes() == first
        assert one_at_a_time(docx) == first


FONT_REPLACEMENT = """<item oor:path="/org.openoffice.Office.Common/Font/Substitution"><prop oor:name="Replacement"
 oor:op="fuse"><value>true</value></prop></item><item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs"
><node oor:name="_0" oor:op="replace"><prop oor:name="Always" oor:op="fuse"><value>true</value></prop><prop
 oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop><prop oor:name="ReplaceFont" oor:op="fuse"><value
>Arial</value></prop><prop oor:name="SubstituteFont" oor:op="fuse"><value>DejaVu Serif</value></prop></node></item>
"""


@pytest.mark.libreoffice
@pytest.mark.parametrize("change", ["font replacement", "truncated"])
def test_a_profile_changed_since_it_was_made_does_not_change_the_pdf(batch_run, tmp_path, change):
    """A font replacement table in the profile makes LibreOffice set Arial in DejaVu Serif: it is thrown away, as a
    damaged profile is."""
    cache = tmp_path / "cache"
    shutil.copytree(batch_run / "cache", cache)
    settings = profile_of(cache) / "user" / "registrymodifications.xcu"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("</oor:items>", FONT_REPLACEMENT + "</oor:items>") if change == "font replacement"
                        else text[:len(text) // 2], encoding="utf-8")
    slug = "amsterdam-nieuw-west"
    out = tmp_path / "out"
    shutil.copytree(batch_run / "run1", out)
    (out / slug / f"{slug}-v1.pdf").unlink()
    result = cli("pdf", slug, "1", "--out", str(out), env={"XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0, result.stderr
    assert (out / slug / f"{slug}-v1.pdf").read_bytes() == (batch_run / "run1" / slug / f"{slug}-v1.pdf").read_bytes()
    assert "DejaVu" not in settings.read_text(encoding="utf-8")


@pytest.mark.libreoffice
def test_a_crash_in_the_middle_names_the_document_and_the_others_get_their_pdf(batch_run, tmp_path):
    program, log = fake(tmp_path, FAKE_SOFFICE_CRASH="delft-west-v1", FAKE_SOFFICE_REAL=archive.soffice())
    out = tmp_path / "out"
    result = generate(out, *SLUGS, env={"PATH": f"{Path(program).parent}:{os.environ['PATH']}",
                                        "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 1, result.stderr
    assert "delft-west-v1.docx: LibreOffice stopte onverwacht" in result.stderr and "Traceback" not in result.stderr
    assert [s["documents"] for s in starts(log)] == [[f"{s}-v1" for s in SLUGS], ["groningen-noord-v1"]]
    for slug in ("amsterdam-nieuw-west", "groningen-noord"):
        made = (out / slug / f"{slug}-v1.pdf").read_bytes()
        assert made == (batch_run / "run1" / slug / f"{slug}-v1.pdf").read_bytes()
        assert json.loads((out / slug / "manifest.json").read_text())["versies"][0]["pdf"]["bestand"] == f"{slug}-v1.pdf"
    assert sorted(p.name for p in (out / "delft-west").iterdir()) == ["delft-west-v1.docx", "journaal.jsonl", "manifest.json"]
    assert "pdf" not in json.loads((out / "delft-west" / "manifest.json").read_text())["versies"][0]
    assert not list(out.glob("**/.*.tmp"))
    with pikepdf.open(out / "groningen-noord" / "groningen-noord-v1.pdf") as doc:
        assert doc.Root.MarkInfo.Marked is True
