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
    with pytest.raises(RecordError, match="bestaat al, met een andere inhoud, en wordt niet overschreven"):
        folder.record(Entry(number=1, file=target.name, time="2026-01-05T09:00:00Z"), {target.name: b"ours"})
    assert target.read_bytes() == b"the other writer's v1"
    assert not list(folder.path.glob(".*.tmp")), "no temporary file left behind"
    assert not folder.manifest_path.exists(), "nothing recorded"


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


# --- a signed gebied whose record is lost, damaged or hand-edited -------------------------------------------------

ZO = "amsterdam-zuidoost"
TIMES = ("2026-01-05T09:00:00Z", "2026-02-02T10:00:00Z")
PLEIN = ("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000", "bedrag_incl_btw: 7600000")


def epoch(stamp: str) -> dict[str, str]:
    import datetime

    moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return {"SOURCE_DATE_EPOCH": str(int(moment.timestamp()))}


def edit(data: Path, slug: str, old: str, new: str) -> None:
    path = data / "gebieden" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def files(out: Path, slug: str = ANW) -> dict[str, bytes]:
    """Every version and review file of the gebied (not its record)."""
    return {p.name: p.read_bytes() for p in sorted((out / slug).iterdir()) if p.suffix in (".docx", ".md", ".pdf")}


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> tuple[Path, Path]:
    """v1 and v2 of Amsterdam Nieuw-West, v2 getekend, and v1 of Amsterdam Zuidoost; the data at v2."""
    import shutil

    from .cli import afspraken, generate
    from .conftest import DATA

    root = tmp_path_factory.mktemp("signed")
    data, out = root / "data", root / "out"
    shutil.copytree(DATA, data)
    assert generate(data, out, ANW, ZO, env=epoch(TIMES[0])).returncode == 0
    edit(data, ANW, PLEIN[0], PLEIN[1])
    assert generate(data, out, ANW, env=epoch(TIMES[1])).returncode == 0
    assert afspraken("mark", ANW, "2", "getekend", "--out", str(out)).returncode == 0
    return data, out


@pytest.fixture
def copy(signed, tmp_path) -> tuple[Path, Path]:
    """A private copy of `signed`, its data changed so that a new version of Amsterdam Nieuw-West would be made."""
    import shutil

    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(signed[0], data)
    shutil.copytree(signed[1], out)
    edit(data, ANW, PLEIN[1], PLEIN[2])
    return data, out


def unchanged_and_protected(data: Path, out: Path, before: dict[str, bytes]) -> str:
    """generate of the changed data: no new version (the protection holds), no file written over; what it said."""
    from .cli import generate

    result = generate(data, out, ANW)
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 1 and "--herzien" in said, said
    assert files(out) == before
    assert "Traceback" not in said and "verwijder" not in said
    return said


def test_version_files_without_manifest_or_journal_are_taken_in_and_the_protection_holds(copy):
    from .cli import afspraken, generate

    data, out = copy
    before = files(out)
    (out / ANW / "manifest.json").unlink()
    (out / ANW / "journaal.jsonl").unlink()
    said = unchanged_and_protected(data, out, before)
    # each file taken in with its number, hash and time (the versions' own, from their documents: Amsterdam time)
    for number, when in ((1, "5 januari 2026 10:00"), (2, "2 februari 2026 11:00")):
        assert (f"{ANW}-v{number}.docx: stond niet in manifest.json of journaal.jsonl; overgenomen als versie {number} "
                f"(sha256 ") in said and f"gemaakt {when} volgens het document" in said, said
    assert "staat onbekend v2" in said and "van v1, v2 is niet bekend of ze verzonden, beoordeeld of getekend zijn" in said
    assert "hersteld uit journaal.jsonl" not in said, "the journal it has just begun is no restoring to speak of"
    assert f"afspraken mark {ANW} N <staat> --herstel" in said
    # recorded as found: journal first, then the manifest, each version 'overgenomen' with its hash
    import hashlib
    import json

    lines = [json.loads(line) for line in (out / ANW / "journaal.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(line["gebeurtenis"], line["versie"]["versie"]) for line in lines] == [("overgenomen", 1), ("overgenomen", 2)]
    recorded = json.loads((out / ANW / "manifest.json").read_text(encoding="utf-8"))["versies"]
    assert [v["overgenomen"]["hash"] for v in recorded] == [hashlib.sha256(before[f"{ANW}-v{n}.docx"]).hexdigest()
                                                           for n in (1, 2)]
    shown = afspraken("history", ANW, "--out", str(out))
    assert shown.returncode == 0 and plain(shown.stdout).count("staten onbekend (overgenomen)") == 2, shown.stdout
    # the signature recorded again: still protected (v1's state is still unknown, and v2 is signed)
    assert afspraken("mark", ANW, "2", "getekend", "--herstel", "--out", str(out)).returncode == 0
    unchanged_and_protected(data, out, before)
    # with --herzien the next version is v3; every earlier file as it was
    result = generate(data, out, ANW, "--herzien", ANW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {k: v for k, v in files(out).items() if k in before} == before and (out / ANW / f"{ANW}-v3.docx").exists()
    said = plain(result.stdout)
    assert "de vorige versie is overgenomen zonder de gegevens waaruit ze gemaakt is" in said, said
    assert "oudere vorm" not in said  # not said to be of an older form: it has no data at all
    summary = (out / ANW / f"{ANW}-v3-wijzigingen.md").read_text(encoding="utf-8")
    assert "overgenomen zonder de gegevens" in summary and "7.600.000" not in summary.split("## Meldingen")[0]
    manifest = json.loads((out / ANW / "manifest.json").read_text(encoding="utf-8"))["versies"]
    assert [v["versie"] for v in manifest] == [1, 2, 3]
    assert manifest[1]["overgenomen"]["tijd_uit"] == "document" and manifest[1]["staten"][0]["staat"] == "getekend"
    assert manifest[2]["herziening"] is True


def test_a_version_file_copied_back_that_the_record_does_not_know_is_taken_in(copy, tmp_path):
    """v3 of Amsterdam Nieuw-West made elsewhere (another output folder) and copied back: the next is v4."""
    import shutil

    from .cli import generate

    data, out = copy
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out, elsewhere)
    assert generate(data, elsewhere, ANW, "--herzien", ANW).returncode == 0
    copied = (elsewhere / ANW / f"{ANW}-v3.docx").read_bytes()
    (out / ANW / f"{ANW}-v3.docx").write_bytes(copied)
    before = files(out)
    same = generate(data, out, ANW)  # the data v3 was made from: v3 is the latest, unchanged
    said = plain(same.stdout + same.stderr)
    assert same.returncode == 0 and "ongewijzigd" in said, said
    assert f"{ANW}-v3.docx: stond niet in manifest.json of journaal.jsonl; overgenomen als versie 3" in said, said
    edit(data, ANW, PLEIN[2], PLEIN[1])
    said = unchanged_and_protected(data, out, before)
    assert "van v3 is niet bekend of ze verzonden" in said and "staat onbekend v3" in said
    result = generate(data, out, ANW, "--herzien", ANW)
    assert result.returncode == 0 and (out / ANW / f"{ANW}-v4.docx").exists(), result.stdout + result.stderr
    assert (out / ANW / f"{ANW}-v3.docx").read_bytes() == copied


def test_a_file_named_as_a_version_that_is_no_document_is_refused_and_the_others_go_on(copy):
    from .cli import generate

    data, out = copy
    (out / ANW / f"{ANW}-v3.docx").write_bytes(b"niet af")
    edit(data, ZO, "woningen: 3790", "woningen: 3795")
    before = files(out)
    result = generate(data, out, ANW, ZO)
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 2, said
    assert f"{ANW}-v3.docx: geen .docx-bestand (geen geldig zip-archief)" in said, said
    assert "kan zo niet als versie 3 overgenomen worden" in said and "verwijder" not in said
    assert files(out) == before and "Traceback" not in said
    assert (out / ZO / f"{ZO}-v2.docx").exists(), "the other gebied is generated"


# --- the manifest edited by hand ----------------------------------------------------------------------------

def versie_three_for_the_file_of_two(manifest: dict) -> None:
    manifest["versies"][1]["versie"] = 3


def version_twice(manifest: dict) -> None:
    manifest["versies"].append(manifest["versies"][1])


def unknown_state(manifest: dict) -> None:
    manifest["versies"][1]["staten"][0]["staat"] = "getkend"


HAND_EDITS = [
    (versie_three_for_the_file_of_two, f"versies[1], bestand: {ANW}-v2.docx is niet het bestand van versie 3"),
    (version_twice, "versies[2], versie: versie 2 staat er twee keer in (ook versies[1])"),
    (unknown_state, "versies[1], staten[0], staat: onbekende staat 'getkend' (bekend: verzonden, beoordeeld, getekend)"),
]
def hand_edited(out: Path, hand_edit) -> tuple[Path, dict]:
    """ANW's manifest.json with `hand_edit` made to it, as a person would in a text editor; its path and content."""
    import json

    path = out / ANW / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    hand_edit(manifest)
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path, manifest


ENGLISH = ("Traceback", "Error", "Expecting", "Unterminated", "validation", "Field required", "Input should")


@pytest.mark.parametrize("hand_edit, located", HAND_EDITS, ids=[e[0].__name__ for e in HAND_EDITS])
def test_a_hand_edited_manifest_is_restored_from_the_journal_and_the_signature_holds(copy, hand_edit, located):
    from .cli import afspraken

    data, out = copy
    path, _ = hand_edited(out, hand_edit)
    before = files(out)
    said = unchanged_and_protected(data, out, before)  # v2 is getekend, as the journal says
    assert f"{path}: kan niet gelezen worden ({located}); hersteld uit journaal.jsonl (2 versie(s)" in said, said
    assert "getekend op" in said and not any(word in said for word in ENGLISH), said
    shown = afspraken("history", ANW, "--out", str(out))
    assert shown.returncode == 0 and located in plain(shown.stdout) and "getekend" in plain(shown.stdout)


@pytest.mark.parametrize("hand_edit, located", HAND_EDITS, ids=[e[0].__name__ for e in HAND_EDITS])
def test_a_hand_edited_manifest_without_a_journal_is_refused_located(copy, hand_edit, located):
    import json

    from .cli import generate

    data, out = copy
    path, manifest = hand_edited(out, hand_edit)
    (out / ANW / "journaal.jsonl").unlink()
    edit(data, ZO, "woningen: 3790", "woningen: 3795")
    before = files(out)
    result = generate(data, out, ANW, ZO)
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 2, said
    assert f"{path}: kan niet gelezen worden ({located}); er is niets geschreven" in said, said
    assert "er is geen journaal.jsonl om het uit te herstellen" in said and "verwijder" not in said, said
    assert not any(word in said for word in ENGLISH), said
    assert files(out) == before and path.read_text(encoding="utf-8") == json.dumps(manifest, indent=2)
    assert (out / ZO / f"{ZO}-v2.docx").exists(), "the other gebied is generated"


# --- the journal ---------------------------------------------------------------------------------------------

def tiny_docx(text: str) -> bytes:
    from generator.ooxml.package import zip_bytes

    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": text.encode()})


def test_a_version_a_killed_run_began_and_wrote_is_completed_from_the_journal(tmp_path):
    from generator.store import journal
    from generator.store.manifest import Entry, Snapshot
    from generator.store.versions import Folder, sha256

    folder = Folder(tmp_path, ANW)
    folder.record(Entry(number=1, file=f"{ANW}-v1.docx", time=TIMES[0]), {f"{ANW}-v1.docx": tiny_docx("v1")})
    second = Entry(number=2, file=f"{ANW}-v2.docx", time=TIMES[1], input_hash="abc", snapshot=Snapshot(gebied={"naam": "x"}))
    data = tiny_docx("v2")
    # what record() does up to the kill: the line that begins the version, then its file
    journal.append(folder.journal_path, [journal.begun_line(second, sha256(data))])
    (folder.path / second.file).write_bytes(data)
    again = Folder(tmp_path, ANW)
    versions = again.versions()
    assert [(v.number, v.input_hash, v.adopted) for v in versions] == [(1, "", None), (2, "abc", None)]
    assert any("versie 2 van een onderbroken run is alsnog vastgelegd" in note for note in again.notes), again.notes
    assert versions[1].snapshot == second.snapshot and not versions[1].states_unknown


def test_a_manifest_behind_its_journal_takes_the_version_from_the_journal(tmp_path):
    from generator.store.manifest import Entry, dumps
    from generator.store.versions import Folder

    folder = Folder(tmp_path, ANW)
    for number in (1, 2):
        folder.record(Entry(number=number, file=f"{ANW}-v{number}.docx", time=TIMES[number - 1], input_hash=f"h{number}"),
                      {f"{ANW}-v{number}.docx": tiny_docx(f"v{number}")})
    first = Folder(tmp_path, ANW).versions()[0]
    folder.manifest_path.write_bytes(dumps(ANW, [first]))  # killed after the journal, before the manifest
    again = Folder(tmp_path, ANW)
    assert [(v.number, v.input_hash) for v in again.versions()] == [(1, "h1"), (2, "h2")]
    assert any("stond nog niet in manifest.json (een onderbroken run); overgenomen uit journaal.jsonl" in n
               for n in again.notes), again.notes


@pytest.mark.parametrize("line, said", [
    (b'{"gebeurtenis": "staat", "versie": {"versie": 2,', "regel 2 is beschadigd: geen geldige JSON (afgebroken, of "
     "met de hand verkeerd bewerkt)"),
    (b'["staat"]', "regel 2 is beschadigd: is geen JSON-object"),
    (b'{"gebeurtenis": "geschreven", "bestand": "x.md"}', "regel 2 is beschadigd: het veld 'hash' ontbreekt"),
    (b'{"gebeurtenis": "staat", "versie": {"versie": 2, "bestand": "x-v2.docx"}}',
     "regel 2 is beschadigd: versie.tijd: ontbreekt"),
])
def test_a_damaged_journal_line_is_named_with_what_is_wrong(tmp_path, line, said):
    from generator.errors import RecordError
    from generator.store import journal
    from generator.store.manifest import Entry

    path = tmp_path / journal.NAME
    first = journal.version_line(Entry(number=1, file="x-v1.docx", time=TIMES[0]), "nieuw")
    journal.append(path, [first])
    path.write_bytes(path.read_bytes() + line + b"\n" + path.read_bytes())
    with pytest.raises(RecordError) as caught:
        journal.replay(path)
    assert f"{path}: {said}; het verslag van de versies kan niet zonder gissen hersteld worden" in str(caught.value)
    assert not any(word in str(caught.value) for word in ENGLISH)


# --- the status of the round ---------------------------------------------------------------------------------

def test_the_status_of_the_round_says_a_listed_version_file_ontbreekt_and_a_refused_record(copy):
    from openpyxl import load_workbook

    from .cli import afspraken, generate

    data, out = copy
    (out / ANW / f"{ANW}-v1.docx").unlink()
    refuse_record(out, ZO)
    result = afspraken("status", "--out", str(out), "--data", str(data))
    assert result.returncode == 2, result.stdout + result.stderr
    rows = {plain(line).split(" v")[0]: plain(line) for line in result.stdout.splitlines() if line.strip()}
    assert rows["Amsterdam Nieuw-West"].startswith("Amsterdam Nieuw-West v2 getekend"), rows
    assert rows["Amsterdam Nieuw-West"].endswith("ontbreekt: v1"), rows
    assert "Amsterdam Zuidoost – verslag geweigerd" in plain(result.stdout), result.stdout
    said = plain(result.stderr)
    assert f"{out / ZO / 'manifest.json'}: kan niet gelezen worden (geen geldige lijst versies: de JSON is onvolledig" in said
    assert "er is geen journaal.jsonl om het uit te herstellen" in said and "verwijder" not in said, said
    # overzicht.xlsx, written by every generate, says the same in its Status sheet
    generated = generate(data, out, ANW)
    assert generated.returncode == 1, generated.stdout + generated.stderr  # v2 is signed
    book = load_workbook(out / "overzicht.xlsx")
    status = {r[0]: r for r in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in book["Status"][1]][6] == "Bestand niet in de map"
    assert status["Amsterdam Nieuw-West"][1:3] == (2, "getekend") and status["Amsterdam Nieuw-West"][6] == "ontbreekt: v1"
    assert status["Amsterdam Zuidoost"][2] == "verslag geweigerd"
    overview = {r[0]: r for r in book["Overzicht"].iter_rows(min_row=2, values_only=True)}
    assert overview["Amsterdam Zuidoost"][2] == "verslag geweigerd (niet meegeteld)"


def test_the_signed_version_s_file_removed_ontbreekt_and_still_protects(copy):
    from .cli import afspraken

    data, out = copy
    (out / ANW / f"{ANW}-v2.docx").unlink()
    before = files(out)
    said = unchanged_and_protected(data, out, before)
    assert "getekend op" in said and "versie 2 ontbreekt: het bestand staat in manifest.json maar niet in de map" in said
    shown = afspraken("history", ANW, "--out", str(out))
    assert f"ontbreekt: {ANW}-v2.docx staat niet in de map" in plain(shown.stdout), shown.stdout


def test_a_journal_line_cut_off_by_a_kill_with_the_manifest_lost_keeps_the_signature(copy):
    data, out = copy
    journal = out / ANW / "journaal.jsonl"
    journal.write_bytes(journal.read_bytes() + b'{"gebeurtenis": "staat", "versie": {"versie": 2, "bes')
    (out / ANW / "manifest.json").unlink()
    said = unchanged_and_protected(data, out, files(out))
    assert "journaal.jsonl: de laatste regel (" in said and "is afgebroken (een onderbroken run)" in said, said
    assert "hersteld uit journaal.jsonl (2 versie(s)" in said and "getekend op" in said, said


def test_a_version_nothing_is_known_of_is_said_not_guessed(copy):
    from .cli import afspraken

    data, out = copy
    import shutil

    shutil.move(out / ANW / f"{ANW}-v1.docx", out / f"{ANW}-v1.docx")  # out of the folder, not deleted
    (out / ANW / "manifest.json").unlink()
    (out / ANW / "journaal.jsonl").unlink()
    shown = afspraken("history", ANW, "--out", str(out))
    said = plain(shown.stdout)
    assert shown.returncode == 0, shown.stderr
    assert "van v1 is niets bekend: geen bestand in de map, en niet in manifest.json of journaal.jsonl" in said, said
    assert "v2" in said and "van v2 is niet bekend of ze verzonden" in said


def test_a_truncated_manifest_is_restored_and_the_signature_holds(copy):
    data, out = copy
    path = out / ANW / "manifest.json"
    path.write_bytes(path.read_bytes()[:300])  # cut off, as by a full disk
    said = unchanged_and_protected(data, out, files(out))
    assert (f"{path}: kan niet gelezen worden (geen geldige lijst versies: de JSON is onvolledig of beschadigd "
            "(afgebroken, of met de hand verkeerd bewerkt)); hersteld uit journaal.jsonl (2 versie(s)") in said, said
    assert "getekend op" in said and not any(word in said for word in ENGLISH), said


def test_a_version_a_killed_run_left_without_its_review_files_is_made_again_at_its_time(tmp_path):
    from generator.store import journal
    from generator.store.manifest import Entry
    from generator.store.versions import Folder, sha256

    folder = Folder(tmp_path, ANW)
    folder.record(Entry(number=1, file=f"{ANW}-v1.docx", time=TIMES[0]), {f"{ANW}-v1.docx": tiny_docx("v1")})
    review = f"{ANW}-v2-wijzigingen.md"
    second = Entry(number=2, file=f"{ANW}-v2.docx", time=TIMES[1], files=[f"{ANW}-v2.docx", review])
    data = tiny_docx("v2")
    journal.append(folder.journal_path, [journal.begun_line(second, sha256(data))])
    (folder.path / second.file).write_bytes(data)  # killed before the review file
    again = Folder(tmp_path, ANW)
    assert [v.number for v in again.versions()] == [1] and again.pending_time(2) == TIMES[1]
    assert any("versie 2 van een onderbroken run is niet af" in note for note in again.notes), again.notes
    again.record(second, {second.file: data, review: b"# v2"})  # what the next generate does, at that time
    assert [v.number for v in Folder(tmp_path, ANW).versions()] == [1, 2] and (folder.path / review).exists()


def test_a_manifest_a_kill_left_behind_its_journal_keeps_the_signature(tmp_path):
    """Killed after the journal took 'getekend' and before the manifest did: the journal's change is not lost."""
    from generator.store.versions import Folder, signed_block

    folder = Folder(tmp_path, ANW)
    for number in (1, 2):
        folder.record(entry_of(number), {f"{ANW}-v{number}.docx": tiny_docx(f"v{number}")})
    before_the_mark = folder.manifest_path.read_bytes()
    folder.mark(2, "getekend", None, "2026-03-01T09:00:00Z")
    folder.manifest_path.write_bytes(before_the_mark)
    again = Folder(tmp_path, ANW)
    versions = again.versions()
    assert [m.state for m in versions[1].marks] == ["getekend"]
    assert signed_block(versions, ANW) is not None, "still protected"
    assert any("manifest.json: loopt achter op journaal.jsonl (een onderbroken run); hersteld uit journaal.jsonl" in n
               for n in again.notes), again.notes
    # a manifest that is not behind says nothing
    again.mark(1, "verzonden", None, "2026-03-02T09:00:00Z", correction=True)
    fresh = Folder(tmp_path, ANW)
    assert fresh.versions() and fresh.notes == []


def entry_of(number: int):
    from generator.store.manifest import Entry

    return Entry(number=number, file=f"{ANW}-v{number}.docx", time=TIMES[number - 1])


def refuse_record(out: Path, slug: str) -> None:
    """A record the engine cannot restore: the manifest cut off, and no journal."""
    (out / slug / "manifest.json").write_text('{"gebied": "x", "versies": [', encoding="utf-8")
    (out / slug / "journaal.jsonl").unlink()


def test_controleer_still_identifies_a_file_when_another_gebied_s_record_is_refused(copy):
    from .cli import afspraken

    _, out = copy
    refuse_record(out, ZO)
    result = afspraken("controleer", str(out / ANW / f"{ANW}-v2.docx"), "--out", str(out))
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 0, said
    assert f"versie 2 van {ANW}, getekend op" in said, said
    assert f"let op de versies van {ZO} zijn niet vergeleken: {out / ZO / 'manifest.json'}: kan niet gelezen worden" in said
    # its own file is then not found among the versions, and that is said, not that it is no version at all
    theirs = afspraken("controleer", str(out / ZO / f"{ZO}-v1.docx"), "--out", str(out))
    said = plain(theirs.stdout + theirs.stderr)
    assert theirs.returncode != 0 and f"de versies van {ZO} zijn niet vergeleken" in said and "Traceback" not in said, said


def test_import_budget_goes_on_when_a_gebied_s_record_is_refused_and_says_so(copy, tmp_path):
    import openpyxl

    from .budget_helpers import cell_of, edit as edit_cell, export
    from .cli import afspraken

    data, out = copy
    refuse_record(out, ZO)
    book_path = export(data, tmp_path)
    book = openpyxl.load_workbook(book_path)
    cell = cell_of(book, "Woningbouw", ZO, 1, "Woningen")
    edited = edit_cell(book_path, [("Woningbouw", cell, book["Woningbouw"][cell].value + 5)], tmp_path / "e.xlsx")
    result = afspraken("import-budget", str(edited), "--data", str(data), "--out", str(out))
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 0 and "bijgewerkt:" in said, said
    assert f"({ZO}): niet vast te stellen of een versie getekend is: {out / ZO / 'manifest.json'}" in said, said
