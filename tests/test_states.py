"""Versions with a state (mark, history), the signed version that blocks a new one, and compare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts

from .cli import afspraken, generate, generate_args
from .conftest import TEMPLATE

ANW = "amsterdam-nieuw-west"


def edit(data: Path, slug: str, old: str, new: str) -> None:
    path = data / "gebieden" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def manifest(out: Path, slug: str = ANW) -> list[dict]:
    return json.loads((out / slug / "manifest.json").read_text(encoding="utf-8"))["versies"]


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# Three data changes from v1 to v4; the signatory is changed in v2 and changed back in v3 (net: no change).
PLEIN = ("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000", "bedrag_incl_btw: 7600000")
STEPS = [
    [(PLEIN[0], PLEIN[1]), ("Dhr. S.P.R.A. van Weyenberg", "Mw. A. de Vries")],
    [(PLEIN[1], PLEIN[2]), ("woningen: 12475", "woningen: 12600"), ("Mw. A. de Vries", "Dhr. S.P.R.A. van Weyenberg")],
    [("Samen Nieuw-West is een 20-jarig programma", "Samen Nieuw-West is een twintigjarig programma")],
]
# Each version gets its own, fixed time: revisions are dated with it.
TIMES = ["2026-01-05T09:00:00Z", "2026-02-02T10:00:00Z", "2026-03-02T11:00:00Z", "2026-04-06T12:00:00Z"]


def epoch(stamp: str) -> dict:
    from generator.store.versions import parse_time

    return {"SOURCE_DATE_EPOCH": str(int(parse_time(stamp).timestamp()))}


@pytest.fixture(scope="module")
def four(tmp_path_factory) -> tuple[Path, Path]:
    """v1 (marked beoordeeld) → v4 of Amsterdam Nieuw-West, and the data as it is at v4."""
    import shutil

    from .conftest import DATA

    root = tmp_path_factory.mktemp("four")
    data, out = root / "data", root / "out"
    shutil.copytree(DATA, data)
    assert generate(data, out, ANW, env=epoch(TIMES[0])).returncode == 0
    marked = afspraken("mark", ANW, "1", "beoordeeld", "--note", "mr. J. Jansen", "--out", str(out))
    assert marked.returncode == 0, marked.stderr
    for step, time in zip(STEPS, TIMES[1:]):
        for old, new in step:
            edit(data, ANW, old, new)
        result = generate(data, out, ANW, env=epoch(time))
        assert result.returncode == 0, result.stderr
    return data, out


def test_mark_records_the_state_with_time_and_note(four):
    _, out = four
    versions = manifest(out)
    assert [v["versie"] for v in versions] == [1, 2, 3, 4]
    (state,) = versions[0]["staten"]
    assert state["staat"] == "beoordeeld" and state["notitie"] == "mr. J. Jansen" and state["tijd"].endswith("Z")
    assert all("staten" not in v for v in versions[1:])


@pytest.mark.parametrize("args, words", [
    (["7", "beoordeeld"], ["versie 7 bestaat niet", "v1, v2, v3, v4"]),
    (["1", "goedgekeurd"], ["onbekende staat 'goedgekeurd'", "verzonden, beoordeeld, getekend"]),
    (["een", "getekend"], ["verwacht een nummer"]),
])
def test_mark_refuses_unknown_versions_and_states(four, args, words):
    _, out = four
    before = (out / ANW / "manifest.json").read_bytes()
    result = afspraken("mark", ANW, *args, "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert all(word in plain(result.stderr) for word in words), result.stderr
    assert "Traceback" not in result.stderr
    assert (out / ANW / "manifest.json").read_bytes() == before


def test_mark_of_a_gebied_without_versions_writes_nothing(tmp_path):
    result = afspraken("mark", ANW, "1", "verzonden", "--out", str(tmp_path / "leeg"))
    assert result.returncode == 2 and "versie 1 bestaat niet" in plain(result.stderr)
    assert not (tmp_path / "leeg").exists()


def test_generate_writes_the_redline_since_the_reviewed_version(four):
    _, out = four
    folder = out / ANW
    # v2 follows the reviewed v1 directly: only the redline against v1. v3 and v4: also the one since v1.
    assert manifest(out)[1]["bestanden"] == [f"{ANW}-v2-wijzigingen-overzicht.docx", f"{ANW}-v2-wijzigingen.docx",
                                             f"{ANW}-v2-wijzigingen.md", f"{ANW}-v2.docx"]
    for number in (3, 4):
        assert f"{ANW}-v1-v{number}-wijzigingen.docx" in manifest(out)[number - 1]["bestanden"]
    summary = plain((folder / f"{ANW}-v1-v4-wijzigingen.md").read_text(encoding="utf-8"))
    assert "versie 1 → 4" in summary
    # the net change between v1 and v4: the amount once (7.335.000 → 7.600.000), not via 7.500.000
    assert "ORV – Herinrichting Plein 40-45, incl. btw: € 7.335.000 → € 7.600.000" in summary
    assert "7.500.000" not in summary
    assert "Woningbouw – Puur NPLV, woningen: 12.475 → 12.600" in summary
    assert "Tekst – programma: gewijzigd" in summary and "twintigjarig" in summary
    # the signatory changed in v2 and back in v3: no change between v1 and v4
    assert "Vries" not in summary and "ondertekenaar" not in summary.lower()
    # the summary against v3 has only the prose change
    assert "7.600.000" not in (folder / f"{ANW}-v4-wijzigingen.md").read_text(encoding="utf-8")


def test_compare_between_any_two_versions(four):
    _, out = four
    result = afspraken("compare", ANW, "--from", "beoordeeld", "--to", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    folder = out / ANW
    summary = plain((folder / f"{ANW}-v1-v3-wijzigingen.md").read_text(encoding="utf-8"))
    assert "ORV – Herinrichting Plein 40-45, incl. btw: € 7.335.000 → € 7.600.000" in summary
    assert "twintigjarig" not in summary
    # --to defaults to the latest version
    assert afspraken("compare", ANW, "--from", "2", "--out", str(out)).returncode == 0
    summary = plain((folder / f"{ANW}-v2-v4-wijzigingen.md").read_text(encoding="utf-8"))
    assert "€ 7.500.000 → € 7.600.000" in summary and "Mw. A. de Vries → Dhr. S.P.R.A. van Weyenberg" in summary


def test_compare_twice_gives_the_same_bytes_dated_with_the_new_versions_time(four, tmp_path):
    _, out = four
    folder = out / ANW
    name = f"{ANW}-v1-v4-wijzigingen.docx"
    written = (folder / name).read_bytes()  # by generate, when v4 was made
    assert afspraken("compare", ANW, "--from", "1", "--out", str(out)).returncode == 0
    assert (folder / name).read_bytes() == written
    assert afspraken("compare", ANW, "--from", "1", "--out", str(out)).returncode == 0
    assert (folder / name).read_bytes() == written
    parts = read_parts(written)
    document = parse_xml(parts["word/document.xml"])
    dates = {el.get(w("date")) for el in document.iter(w("ins"), w("del"))}
    assert dates == {TIMES[3]}
    settings = parse_xml(parts["word/settings.xml"])
    assert settings.find(w("trackRevisions")) is not None
    # --date still overrides
    assert afspraken("compare", ANW, "--from", "1", "--date", "2026-05-01", "--out", str(out)).returncode == 0
    document = parse_xml(read_parts((folder / name).read_bytes())["word/document.xml"])
    assert {el.get(w("date")) for el in document.iter(w("ins"), w("del"))} == {"2026-05-01T00:00:00Z"}
    assert afspraken("compare", ANW, "--from", "1", "--out", str(out)).returncode == 0
    assert (folder / name).read_bytes() == written


@pytest.mark.parametrize("args, words", [
    (["--from", "9"], ["versie 9 bestaat niet"]),
    (["--from", "getekend"], ["geen versie is 'getekend'"]),
    (["--from", "goedgekeurd"], ["verwacht een nummer", "verzonden, beoordeeld, getekend"]),
    (["--from", "1", "--to", "8"], ["versie 8 bestaat niet"]),
    (["--from", "3", "--to", "2"], ["eerdere versie"]),
])
def test_compare_refuses_unknown_versions_and_states(four, args, words):
    _, out = four
    before = sorted(p.name for p in (out / ANW).iterdir())
    result = afspraken("compare", ANW, *args, "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert all(word in plain(result.stderr) for word in words), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (out / ANW).iterdir()) == before


def test_history_shows_every_version_with_its_states_and_changes(four):
    _, out = four
    result = afspraken("history", ANW, "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = plain(result.stdout)
    for number in (1, 2, 3, 4):
        assert f"v{number}" in text
    assert "beoordeeld" in text and "mr. J. Jansen" in text
    # Stored 09:00 and 12:00 UTC, shown in Amsterdam: CET (+1) in January, CEST (+2) in April.
    assert "5 januari 2026 10:00" in text and "6 april 2026 14:00" in text and "UTC" not in text
    assert "eerste versie" in text and "€ 7.335.000 → € 7.500.000" in text
    assert "en 1 meer" in text  # v3: three changes, the line is shortened
    assert "twintigjarig" not in text  # the detail lines of a prose change are left out
    assert "Tekst – programma: gewijzigd" in text


def test_a_signed_version_blocks_a_new_one_unless_herzien(data_copy, tmp_path):
    out = tmp_path / "out"
    other = "breda-noord"
    assert generate(data_copy, out, ANW, other).returncode == 0
    assert afspraken("mark", ANW, "1", "getekend", "--out", str(out)).returncode == 0
    edit(data_copy, ANW, PLEIN[0], PLEIN[1])
    edit(data_copy, other, "woningen: 1210", "woningen: 1250")
    result = generate(data_copy, out, ANW, other)
    assert result.returncode == 1, result.stdout + result.stderr
    said = plain(result.stdout + result.stderr)
    assert f"getekend op " in said and f"(v1); een nieuwe versie alleen met --herzien {ANW}" in said
    assert not (out / ANW / f"{ANW}-v2.docx").exists() and len(manifest(out)) == 1
    assert (out / other / f"{other}-v2.docx").exists()  # the other gebied went on
    # an unchanged signed gebied is no reason for a failing status
    assert generate(data_copy, out, other).returncode == 0
    result = generate(data_copy, out, ANW, other, "--herzien", ANW)
    assert result.returncode == 0, result.stderr
    assert (out / ANW / f"{ANW}-v2.docx").exists()
    summary = (out / ANW / f"{ANW}-v2-wijzigingen.md").read_text(encoding="utf-8")
    assert "wijkt af van de getekende versie 1" in summary
    # --herzien of a gebied that is not in the run is a mistake
    result = generate(data_copy, out, other, "--herzien", ANW)
    assert result.returncode == 2 and "--herzien" in result.stderr


def test_a_manifest_of_the_format_before_its_schema_is_read_and_kept(tmp_path):
    """A manifest as written before it carried "schema": read as it is; the next write keeps its keys."""
    out = tmp_path / "out"
    folder = out / ANW
    folder.mkdir(parents=True)
    (folder / f"{ANW}-v1.docx").write_bytes(b"docx")
    old = {"gebied": ANW, "versies": [{"versie": 1, "bestand": f"{ANW}-v1.docx", "tijd": "2026-01-05T09:00:00Z",
                                       "invoer_hash": "a", "document_hash": "b", "bestanden": [f"{ANW}-v1.docx"],
                                       "eigen_veld": "blijft"}]}
    (folder / "manifest.json").write_text(json.dumps(old), encoding="utf-8")
    shown = afspraken("history", ANW, "--out", str(out))
    assert shown.returncode == 0 and "v1" in shown.stdout and "5 januari 2026 10:00" in shown.stdout, shown.stderr
    assert afspraken("mark", ANW, "1", "verzonden", "--out", str(out)).returncode == 0
    written = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert written["schema"] == 2
    (entry,) = written["versies"]
    assert {k: entry[k] for k in old["versies"][0]} == old["versies"][0]  # every key as it was, the unknown one too
    assert [m["staat"] for m in entry["staten"]] == ["verzonden"]


@pytest.mark.parametrize("manifest_text, words", [
    ('{"schema": 9, "gebied": "x", "versies": []}', ["nieuwere afspraken (schema 9", "manifest.json"]),
    ('{"gebied": "x", "versies": [{"versie": "een", "bestand": "x-v1.docx", "tijd": "t"}]}',
     ["manifest.json", "versies[0], versie: moet een geheel getal zijn"]),
    ('{"gebied": "x", "versies": [{"versie": 1, "tijd": "t"}]}', ["manifest.json", "versies[0], bestand: ontbreekt"]),
])
def test_a_manifest_the_engine_cannot_read_is_refused_naming_file_and_field(tmp_path, manifest_text, words):
    out = tmp_path / "out"
    (out / ANW).mkdir(parents=True)
    (out / ANW / "manifest.json").write_text(manifest_text, encoding="utf-8")
    result = afspraken("history", ANW, "--out", str(out))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert all(word in plain(result.stderr) for word in words), result.stderr


# --- states as a rule (issue 27) ----------------------------------------------------------------------------

@pytest.fixture
def two(data_copy, tmp_path) -> tuple[Path, Path]:
    """v1 and v2 of Amsterdam Nieuw-West, nothing marked; the data at v2."""
    out = tmp_path / "out"
    assert generate(data_copy, out, ANW, env=epoch(TIMES[0])).returncode == 0
    edit(data_copy, ANW, PLEIN[0], PLEIN[1])
    assert generate(data_copy, out, ANW, env=epoch(TIMES[1])).returncode == 0
    return data_copy, out


def test_a_signed_version_that_is_not_the_latest_blocks_a_new_one_too(two):
    data, out = two
    assert afspraken("mark", ANW, "1", "getekend", "--out", str(out)).returncode == 0
    edit(data, ANW, PLEIN[1], PLEIN[2])
    result = generate(data, out, ANW)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"(v1); een nieuwe versie alleen met --herzien {ANW}" in plain(result.stdout + result.stderr)
    assert not (out / ANW / f"{ANW}-v3.docx").exists() and len(manifest(out)) == 2
    # with --herzien the revision is made, and the revision's next versions follow it without
    assert generate(data, out, ANW, "--herzien", ANW).returncode == 0 and len(manifest(out)) == 3
    assert manifest(out)[2]["herziening"] is True
    edit(data, ANW, "woningen: 12475", "woningen: 12600")
    assert generate(data, out, ANW).returncode == 0 and len(manifest(out)) == 4


def test_mark_refuses_a_version_older_than_the_signed_one_and_a_state_twice(two):
    _, out = two
    assert afspraken("mark", ANW, "2", "getekend", "--out", str(out), env=epoch("2026-03-10T09:00:00Z")).returncode == 0
    before = (out / ANW / "manifest.json").read_bytes()
    for args, words in ((["1", "verzonden"], ["v2 is getekend op 10 maart 2026", "v1", "--herstel"]),
                        (["2", "getekend"], ["v2 is al getekend", "10 maart 2026", "--herstel"])):
        result = afspraken("mark", ANW, *args, "--out", str(out))
        assert result.returncode == 2, result.stdout + result.stderr
        assert all(word in plain(result.stderr) for word in words), result.stderr
        assert (out / ANW / "manifest.json").read_bytes() == before
    # an explicit correction is recorded as one, and shown as one
    fixed = afspraken("mark", ANW, "1", "verzonden", "--herstel", "--note", "per post", "--out", str(out))
    assert fixed.returncode == 0, fixed.stderr
    (mark,) = manifest(out)[0]["staten"]
    assert mark["staat"] == "verzonden" and mark["herstel"] is True
    shown = plain(afspraken("history", ANW, "--out", str(out)).stdout)
    assert "verzonden" in shown and "herstel" in shown and "per post" in shown


def test_herzien_of_a_gebied_without_a_signed_version_is_refused(two):
    data, out = two
    edit(data, ANW, PLEIN[1], PLEIN[2])
    result = generate(data, out, ANW, "--herzien", ANW)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"--herzien {ANW}" in plain(result.stderr) and "geen getekende versie" in plain(result.stderr)
    assert len(manifest(out)) == 2


# --- a version once written is never overwritten (issue 26, the part that refuses) --------------------------

def test_a_lost_manifest_is_restored_from_the_journal_and_the_signed_version_stays_protected(two):
    data, out = two
    assert afspraken("mark", ANW, "2", "getekend", "--out", str(out)).returncode == 0
    files = {p.name: p.read_bytes() for p in (out / ANW).iterdir() if p.suffix in (".docx", ".md")}
    manifest_was = json.loads((out / ANW / "manifest.json").read_text(encoding="utf-8"))
    (out / ANW / "manifest.json").unlink()
    edit(data, ANW, PLEIN[1], PLEIN[2])
    result = afspraken(*generate_args(data, out, ANW))
    said = plain(result.stdout + result.stderr)
    assert "manifest.json: ontbreekt; hersteld uit journaal.jsonl (2 versie(s), de laatste v2" in said, said
    assert result.returncode == 1 and "getekend op" in said and "--herzien" in said, said  # still protected
    assert "verwijder" not in said and "Traceback" not in said
    assert {p.name: p.read_bytes() for p in (out / ANW).iterdir() if p.suffix in (".docx", ".md")} == files
    shown = afspraken("history", ANW, "--out", str(out))
    assert shown.returncode == 0 and "getekend" in plain(shown.stdout) and "hersteld uit journaal.jsonl" in plain(shown.stdout)
    # the next change of the record writes the manifest again, as it was plus the new state
    assert afspraken("mark", ANW, "1", "verzonden", "--herstel", "--out", str(out)).returncode == 0
    restored = json.loads((out / ANW / "manifest.json").read_text(encoding="utf-8"))
    assert [v["versie"] for v in restored["versies"]] == [v["versie"] for v in manifest_was["versies"]]
    assert [m["staat"] for m in restored["versies"][1]["staten"]] == ["getekend"]


def test_a_lost_manifest_and_journal_never_let_a_version_be_written_over(two):
    """Without manifest and journal the files are taken in (tests/test_record.py); the signature cannot be known,
    so no new version is written until it is recorded or --herzien says so."""
    data, out = two
    assert afspraken("mark", ANW, "2", "getekend", "--out", str(out)).returncode == 0
    files = {p.name: p.read_bytes() for p in (out / ANW).iterdir() if p.suffix in (".docx", ".md")}
    (out / ANW / "manifest.json").unlink()
    (out / ANW / "journaal.jsonl").unlink()
    edit(data, ANW, PLEIN[1], PLEIN[2])
    result = afspraken(*generate_args(data, out, ANW))
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 1, said
    assert f"{ANW}-v1.docx: stond niet in manifest.json of journaal.jsonl; overgenomen als versie 1" in said, said
    assert "of een ervan getekend is, is niet bekend" in said and f"--herzien {ANW}" in said, said
    assert "Traceback" not in said and "verwijder" not in said
    assert {p.name: p.read_bytes() for p in (out / ANW).iterdir() if p.suffix in (".docx", ".md")} == files


def test_a_damaged_manifest_is_restored_from_the_journal(two):
    data, out = two
    path = out / ANW / "manifest.json"
    path.write_bytes(path.read_bytes()[:200])  # cut off, as by a full disk
    edit(data, ANW, PLEIN[1], PLEIN[2])
    result = generate(data, out, ANW)
    said = plain(result.stdout + result.stderr)
    assert result.returncode == 0 and "manifest.json: kan niet gelezen worden (geen geldige lijst versies: de JSON is " \
        "onvolledig of beschadigd (afgebroken, of met de hand verkeerd bewerkt)); hersteld uit journaal.jsonl" in said, said
    assert "verwijder" not in said and "Unterminated" not in said
    assert [v["versie"] for v in json.loads(path.read_text(encoding="utf-8"))["versies"]] == [1, 2, 3]


def test_a_journal_line_cut_off_by_a_kill_is_said_and_left_out(two):
    data, out = two
    journal = out / ANW / "journaal.jsonl"
    journal.write_bytes(journal.read_bytes() + b'{"gebeurtenis": "staat", "versie": {"versie": 2, "bes')
    (out / ANW / "manifest.json").unlink()
    shown = afspraken("history", ANW, "--out", str(out))
    said = plain(shown.stdout)
    assert shown.returncode == 0 and "is afgebroken (een onderbroken run) en is niet meegenomen" in said, said
    assert "v2" in said


def test_a_journal_damaged_before_its_last_line_is_refused_without_guessing(two):
    data, out = two
    journal = out / ANW / "journaal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    journal.write_bytes(b"\n".join([lines[0][:30], *lines[1:]]))
    path = out / ANW / "manifest.json"
    path.write_bytes(path.read_bytes()[:200])
    before = {p.name: p.read_bytes() for p in (out / ANW).iterdir()}
    edit(data, ANW, PLEIN[1], PLEIN[2])
    result = generate(data, out, ANW)
    said = plain(result.stderr)
    assert result.returncode == 2 and "manifest.json: kan niet gelezen worden (" in said, said
    assert "), en herstellen uit het journaal lukt niet" in said, said
    assert "journaal.jsonl: regel 1 is beschadigd: geen geldige JSON" in said and "zonder gissen" in said, said
    assert "verwijder" not in said and "Unterminated" not in said and "EOF" not in said
    assert {p.name: p.read_bytes() for p in (out / ANW).iterdir()} == before


def test_recording_a_version_never_overwrites_a_file_that_differs(tmp_path):
    from generator.errors import AfsprakenError
    from generator.ooxml.package import zip_bytes
    from generator.store.manifest import Entry
    from generator.store.versions import Folder

    def docx(text: str) -> bytes:
        return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": text.encode()})

    folder = Folder(tmp_path, ANW)
    folder.record(Entry(number=1, file=f"{ANW}-v1.docx", time="2026-01-05T09:00:00Z"), {f"{ANW}-v1.docx": docx("v1")})
    sent = docx("sent to the gebied")
    (folder.path / f"{ANW}-v2.docx").write_bytes(sent)  # a v2 the manifest does not name: taken in
    with pytest.raises(AfsprakenError, match="bestaat al, met een andere inhoud, en wordt niet overschreven"):
        folder.record(Entry(number=2, file=f"{ANW}-v2.docx", time="2026-01-05T09:00:00Z"), {f"{ANW}-v2.docx": docx("x")})
    assert (folder.path / f"{ANW}-v2.docx").read_bytes() == sent
    assert [(v.number, v.adopted is not None) for v in Folder(tmp_path, ANW).versions()] == [(1, False), (2, True)]
    # the same bytes again (a run killed before its manifest, run again) complete the version, in its place
    folder = Folder(tmp_path, ANW)
    folder.record(Entry(number=2, file=f"{ANW}-v2.docx", time="2026-01-05T09:00:00Z"), {f"{ANW}-v2.docx": sent})
    again = Folder(tmp_path, ANW)
    assert [(v.number, v.adopted is not None) for v in again.versions()] == [(1, False), (2, False)]
    assert again.notes == [], "the manifest names v2 once: nothing to restore"


def annotated(path: Path) -> bytes:
    """The review file as a lawyer saves it with a remark of her own: one paragraph more in the body."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    body = parts["word/document.xml"].decode("utf-8")
    remark = '<w:p><w:r><w:t>Opmerking jurist: akkoord met artikel 3.</w:t></w:r></w:p>'
    parts["word/document.xml"] = body.replace("<w:body>", "<w:body>" + remark, 1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_a_review_file_a_lawyer_changed_survives_compare_and_generate(four, tmp_path):
    import shutil

    data, out = tmp_path / "data", tmp_path / "out"  # a copy: the other tests share `four`
    shutil.copytree(four[0], data)
    shutil.copytree(four[1], out)
    folder = out / ANW
    name = f"{ANW}-v3-wijzigingen.docx"
    engine_wrote = (folder / name).read_bytes()
    hers = annotated(folder / name)
    result = afspraken("compare", ANW, "--from", "2", "--to", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (folder / name).read_bytes() == hers, "her annotated file is kept"
    beside = folder / f"{ANW}-v3-wijzigingen (nieuw).docx"
    assert beside.read_bytes() == engine_wrote, "the new one is written beside it"
    said = plain(result.stdout)
    assert f"bewaard {folder / name}" in said and "niet overschreven" in said and f"geschreven: {beside}" in said
    # again: the same new file, not a third one; and generate leaves her file alone
    assert afspraken("compare", ANW, "--from", "2", "--to", "3", "--out", str(out)).returncode == 0
    assert not (folder / f"{ANW}-v3-wijzigingen (nieuw 2).docx").exists()
    assert afspraken(*generate_args(data, out, ANW)).returncode == 0
    assert (folder / name).read_bytes() == hers
    # a file the engine wrote and nobody changed is written again in place
    other = f"{ANW}-v4-wijzigingen.md"
    assert afspraken("compare", ANW, "--from", "3", "--to", "4", "--date", "2026-05-01", "--out", str(out)).returncode == 0
    assert not (folder / f"{ANW}-v4-wijzigingen (nieuw).md").exists() and (folder / other).exists()


def test_a_version_file_that_is_gone_is_said_to_be_missing(four, tmp_path):
    import shutil

    data, out = tmp_path / "data", tmp_path / "out"  # a copy: the other tests share `four`
    shutil.copytree(four[0], data)
    shutil.copytree(four[1], out)
    folder = out / ANW
    (folder / f"{ANW}-v4.docx").unlink()
    # history names it
    shown = plain(afspraken("history", ANW, "--out", str(out)).stdout)
    assert f"ontbreekt: {ANW}-v4.docx staat niet in de map" in shown
    # an unchanged generate says so
    unchanged = afspraken(*generate_args(data, out, ANW))
    assert unchanged.returncode == 0, unchanged.stderr
    assert "versie 4 ontbreekt" in plain(unchanged.stdout + unchanged.stderr)
    # a new version is made, says it was not compared with the missing one, and has no review files against it
    path = data / "gebieden" / f"{ANW}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    woningen: 12600", "    woningen: 12610", 1), encoding="utf-8")
    changed = afspraken(*generate_args(data, out, ANW))
    said = plain(changed.stdout + changed.stderr)
    assert changed.returncode == 0, said
    assert "versie 4 ontbreekt" in said and "versie 5 is daarom niet met versie 4 vergeleken" in said
    assert (folder / f"{ANW}-v5.docx").exists() and not (folder / f"{ANW}-v5-wijzigingen.docx").exists()
    # compare against it is refused, saying it is missing
    refused = afspraken("compare", ANW, "--from", "4", "--to", "5", "--out", str(out))
    assert refused.returncode != 0 and "versie 4 ontbreekt" in plain(refused.stderr)
