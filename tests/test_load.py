"""Bad data: every problem named with file, line and field; exit status 2; nothing written."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.errors import DataError
from generator.data.load import load_gebied
from generator.data.validate import gebied_problems

from .cli import afspraken
from .conftest import AMSTERDAM, TEMPLATE

ORIGINAL = AMSTERDAM.read_text(encoding="utf-8")


def line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def problems_for(tmp_path: Path, text: str, landelijk, name: str = "amsterdam-nieuw-west.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        gebied, source = load_gebied(path)
    except DataError as exc:
        return path, list(exc.problems)
    return path, gebied_problems(gebied, source, landelijk)


HINT = "verwacht een geheel getal van alleen cijfers, zonder aanhalingstekens, punten of €-teken (zoals 7335000)"

# (description, old, new, field, marker on the line to report (None: no line), words in the message)
CASES = [
    ("missing field", "gemeente: Amsterdam\n", "", "gemeente", None, "ontbreekt"),
    ("unknown field (typo)", "      bedrag_incl_btw: 7335000", "      bedrag_incl_bwt: 7335000",
     "orv.maatregelen[2].bedrag_incl_bwt", "bedrag_incl_bwt", "bedoelde u 'bedrag_incl_btw'"),
    ("wrong type", "    woningen: 2076", "    woningen: [2076]", "woningbouw[1].woningen", "woningen: [2076]", "geheel getal"),
    ("amount as text", "bedrag_incl_btw: 7335000", 'bedrag_incl_btw: "7.335.000"',
     "orv.maatregelen[2].bedrag_incl_btw", '"7.335.000"', "zonder aanhalingstekens, punten"),
    ("fractional amount", "bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7335000.5",
     "orv.maatregelen[2].bedrag_incl_btw", "7335000.5", "hele euro"),
    ("negative amount", "bedrag_incl_btw: 7335000", "bedrag_incl_btw: -7335000",
     "orv.maatregelen[2].bedrag_incl_btw", "-7335000", "groter zijn dan 0"),
    ("zero amount", "cofinanciering: 907500", "cofinanciering: 0", "wbi[0].cofinanciering", "cofinanciering: 0", "groter zijn dan 0"),
    ("affordable above total", "betaalbaar: 1727", "betaalbaar: 2100", "woningbouw[1].betaalbaar", "betaalbaar: 2100",
     "meer dan het totaal van 2076"),
    ("unknown status", "status: definitief", "status: klaar", "status", "status: klaar", "'concept' of 'definitief'"),
    ("boolean as text", "btw: false", "btw: nee", "orv.maatregelen[0].btw", "btw: nee", "true of false"),
    ("slug not the file name", "slug: amsterdam-nieuw-west", "slug: amsterdam-west", "slug", "slug: amsterdam-west", "bestandsnaam"),
    ("control character", "naam: Amsterdam Nieuw-West", "naam: \"Amsterdam\\u0007 Nieuw-West\"", "naam", "naam: \"Amsterdam", "U+0007"),
    ("unknown computed value", "{betaalbaar} betaalbaar", "{betaalbare} betaalbaar", "woningbouwprogramma", "{betaalbare}",
     "onbekende waarde '{betaalbare}'"),
    ("template code in prose", "Het programma geeft ons", "Het {{ ''.__class__ }} programma geeft ons", "programma",
     "''.__class__", "onbekende waarde"),
    ("template statement in prose", "Het programma geeft ons", "Het {% for x in y %} programma geeft ons", "programma",
     "{% for", "onbekende waarde"),
    ("placeholder in a definitief agreement", "naam: Dhr. S.P.R.A. van Weyenberg", 'naam: "[naam wethouder]"',
     "ondertekenaar.naam", "[naam wethouder]", "invulplek"),
    ("basis above affordable homes", "basis_betaalbare_woningen: 9976", "basis_betaalbare_woningen: 12000",
     "realisatiestimulans.basis_betaalbare_woningen", "12000", "11230 betaalbare"),
    ("wbi cofinanciering below 50%", "cofinanciering: 907500", "cofinanciering: 900000", "wbi[0].cofinanciering",
     "cofinanciering: 900000", "minder dan 50%"),
    # Whole numbers are decimal digits only: the same hint as for "7.335.000".
    ("hexadecimal amount", "bedrag_incl_btw: 7335000", "bedrag_incl_btw: 0x6fed18", "orv.maatregelen[2].bedrag_incl_btw",
     "0x6fed18", HINT + ", gevonden: 0x6fed18"),
    ("octal amount", "bedrag_incl_btw: 7335000", "bedrag_incl_btw: 0o33765730", "orv.maatregelen[2].bedrag_incl_btw",
     "0o33765730", HINT + ", gevonden: 0o33765730"),
    ("binary count", "    woningen: 2076", "    woningen: 0b100000011100", "woningbouw[1].woningen", "0b1000", HINT),
    ("exponent amount", "bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7.335e6", "orv.maatregelen[2].bedrag_incl_btw",
     "7.335e6", HINT + ", gevonden: 7.335e6"),
    ("underscores in an amount", "bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7_335_000", "orv.maatregelen[2].bedrag_incl_btw",
     "7_335_000", HINT + ", gevonden: 7_335_000"),
    ("amount with dots, as text", "bedrag_incl_btw: 7335000", 'bedrag_incl_btw: "7.335.000"',
     "orv.maatregelen[2].bedrag_incl_btw", '"7.335.000"', HINT + ", gevonden: '7.335.000'"),
    ("amount with non-breaking spaces", "bedrag_incl_btw: 7335000", 'bedrag_incl_btw: "7\u00a0335\u00a0000"',
     "orv.maatregelen[2].bedrag_incl_btw", "7\u00a0335", HINT + ", gevonden: '7 335 000' (met harde spatie)"),
    # Names and labels: no pasted quotes, no spaces at the ends (prose keeps its quotes, as the seed's does).
    ("name in typographic quotes", "- naam: Herinrichting Plein 40-45", "- naam: “Herinrichting Plein 40-45”",
     "orv.maatregelen[2].naam", "“Herinrichting", "staat tussen aanhalingstekens: '“Herinrichting Plein 40-45”'; laat de "
     "aanhalingstekens weg (schrijf 'Herinrichting Plein 40-45'), anders komen ze zo in het document"),
    ("label in low-high quotes", "label: Puur NPLV", "label: „Puur NPLV”", "woningbouw[0].label",
     "„Puur NPLV”", "staat tussen aanhalingstekens"),
    ("name with a leading space", "- naam: Herinrichting Plein 40-45", '- naam: " Herinrichting Plein 40-45"',
     "orv.maatregelen[2].naam", '" Herinrichting', "begint met een spatie: ' Herinrichting Plein 40-45'; haal die weg"),
    ("name ending in a non-breaking space", "gemeente: Amsterdam", 'gemeente: "Amsterdam\u00a0"', "gemeente",
     'gemeente: "Amsterdam', "eindigt met een harde spatie: 'Amsterdam ' (met harde spatie); haal die weg"),
    ("placeholder without quotes", "naam: Dhr. S.P.R.A. van Weyenberg", "naam: [naam wethouder]", "ondertekenaar.naam",
     "naam: [naam wethouder]", "zet een invulplek tussen aanhalingstekens"),
    # Names key the items in begroting.xlsx and the explanations: unique, ignoring case and spaces.
    ("two ORV measures of one name", "- naam: Maatschappelijke voorziening Talentontwikkeling Meervaart",
     "- naam: maatschappelijke voorziening  De Centrale", "orv.maatregelen[1].naam", "voorziening  De Centrale",
     "ORV-maatregel 'maatschappelijke voorziening  De Centrale' heeft dezelfde naam als nummer 1 (regel 134)"),
    ("two activities of one name", "      bedrag_incl_btw: 3750000\n      btw: true\n",
     "      bedrag_incl_btw: 3750000\n      btw: true\n    - naam: CAPACITEIT 5 fte (projectleiders participatie en "
     "communicatie, samenwerking,herhuisvesting)\n      bedrag_incl_btw: 100000\n      btw: true\n",
     "capaciteit.activiteiten[1].naam", "CAPACITEIT 5 fte", "capaciteitsactiviteit 'CAPACITEIT 5 fte"),
    ("two Wbi requests of one name", "    indicatie_rijksbijdrage: 907500\n",
     "    indicatie_rijksbijdrage: 907500\n  - naam: Watercompensatie  geuzenveld, Slotermeer\n"
     "    cofinanciering: 907500\n    indicatie_rijksbijdrage: 907500\n",
     "wbi[1].naam", "Watercompensatie  geuzenveld", "Wbi-aanvraag 'Watercompensatie  geuzenveld, Slotermeer' heeft "
     "dezelfde naam als nummer 1 (regel 151)"),
    ("two woningbouw labels of one name", "label: Grootschalig onderdeel van NPLV", "label: PUUR nplv",
     "woningbouw[1].label", "PUUR nplv", "dezelfde naam als nummer 1 (regel 122)"),
    ("illustrative and definitief", "illustratief: false", "illustratief: true", "status", "status: definitief",
     "een illustratief gebied (illustratief: true) kan niet definitief zijn"),
    ("bullets three deep", "      een nieuwe maatschappelijke voorziening voor jongeren in Ringzone West.",
     "      een nieuwe maatschappelijke voorziening voor jongeren in Ringzone West.\n      - derde niveau",
     "fysieke_ingrepen", "- derde niveau", "twee niveaus"),
]


@pytest.mark.parametrize(("old", "new", "field", "marker", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_is_located(tmp_path, landelijk, old, new, field, marker, words):
    assert old in ORIGINAL
    text = ORIGINAL.replace(old, new, 1)
    path, problems = problems_for(tmp_path, text, landelijk)
    assert problems, "the mistake was not noticed"
    matching = [p for p in problems if p.field == field]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.file == path
    assert words in problem.message
    if marker is not None:
        assert problem.line == line_of(text, marker)
    else:
        assert problem.line == 1


def test_all_problems_of_a_file_are_reported_together(tmp_path, landelijk):
    text = ORIGINAL.replace("status: definitief", "status: klaar").replace("betaalbaar: 1727", "betaalbaar: 9999")
    text = text.replace("bedrag_incl_btw: 7335000", "bedrag_incl_bwt: 7335000")
    _, problems = problems_for(tmp_path, text, landelijk)
    assert {p.field for p in problems} >= {"status", "woningbouw[1].betaalbaar", "orv.maatregelen[2].bedrag_incl_bwt"}


@pytest.mark.parametrize(
    ("content", "words", "line"),
    [
        (b"", "leeg", None),
        (b"# alleen commentaar\n", "leeg", None),
        (b"slug: a\nnaam: [open\n", "YAML kan niet gelezen worden", 2),  # where the bracket opens
        (b"slug: a\nnaam: Caf\xe9\n", "UTF-8", 2),
        (b"slug: a\nslug: b\n", "twee keer", 2),
        (b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", "verwijzingen", None),
        # A merge key copies fields from elsewhere (and was a traceback); also when every copied field is
        # given again, so that nothing the file says is silently dropped.
        (b"slug: a\nondertekenaar:\n  <<: {b: 1}\n  c: 2\n", "samenvoegen met '<<:'", 3),
        (b"slug: a\nondertekenaar:\n  <<: {naam: x}\n  naam: y\n", "samenvoegen met '<<:'", 3),
    ],
    ids=["empty", "only comments", "yaml syntax", "not utf-8", "repeated key", "alias", "merge key", "merge key overridden"],
)
def test_unreadable_files(tmp_path, landelijk, content, words, line):
    path = tmp_path / "a.yaml"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        load_gebied(path)
    (problem,) = caught.value.problems
    assert problem.file == path and words in problem.message
    if line is not None:
        assert problem.line == line


def test_invalid_date_is_located(tmp_path):
    from generator.data.load import load_landelijk

    (tmp_path / "landelijk.yaml").write_text(
        (AMSTERDAM.parent.parent / "landelijk.yaml").read_text(encoding="utf-8").replace("datum: 2025-06-24", "datum: 2025-02-30"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_landelijk(tmp_path)
    (problem,) = caught.value.problems
    assert problem.field == "ondertekening.datum" and "datum" in problem.message
    assert problem.line == line_of((tmp_path / "landelijk.yaml").read_text(), "2025-02-30")


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = tmp_path / "bom.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as caught:
        load_gebied(path)
    assert "verwijzingen" in caught.value.problems[0].message


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "groot.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(DataError) as caught:
        load_gebied(path)
    assert "te groot" in caught.value.problems[0].message


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return afspraken(*args, cwd=cwd)


def test_cli_reports_bad_data_with_status_2_and_writes_nothing(tmp_path, data_copy):
    target = data_copy / "gebieden" / "amsterdam-nieuw-west.yaml"
    text = ORIGINAL.replace("bedrag_incl_btw: 7335000", "bedrag_incl_btw: -5")
    target.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", "amsterdam-nieuw-west", "--data", str(data_copy), "--out", str(out),
                     "--template", str(TEMPLATE), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    expected = f"{target}:{line_of(text, 'bedrag_incl_btw: -5')}: orv.maatregelen[2].bedrag_incl_btw"
    assert expected in " ".join(result.stderr.split())
    assert not list(out.rglob("*.docx"))


def test_cli_refuses_two_measures_of_one_name_with_status_2(tmp_path, data_copy):
    target = data_copy / "gebieden" / "amsterdam-nieuw-west.yaml"
    text = ORIGINAL.replace("- naam: Herinrichting Plein 40-45", "- naam: MAATSCHAPPELIJKE VOORZIENING DE CENTRALE")
    target.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    expected = f"{target}:{line_of(text, 'DE CENTRALE')}: orv.maatregelen[2].naam"
    assert expected in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr


def test_cli_unknown_gebied_and_missing_arguments(tmp_path):
    result = run_cli("generate", "atlantis", "--data", str(AMSTERDAM.parent.parent), cwd=tmp_path)
    assert result.returncode == 2 and "onbekend gebied 'atlantis'" in result.stderr
    result = run_cli("generate", "--data", str(AMSTERDAM.parent.parent), cwd=tmp_path)
    assert result.returncode == 2 and "--all" in result.stderr
    result = run_cli("generate", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


# YAML syntax errors, as a text editor makes them: Dutch, at the line and column of the mistake.
SYNTAX = [
    ("tab for indentation", "  naam: Dhr. S.P.R.A. van Weyenberg", "\tnaam: Dhr. S.P.R.A. van Weyenberg", "\tnaam:",
     "YAML kan niet gelezen worden (kolom 1): er staat een tab; spring in met spaties, niet met de tab-toets"),
    ("missing colon", "gemeente: Amsterdam", "gemeente Amsterdam", "gemeente Amsterdam",
     "YAML kan niet gelezen worden (kolom 1): hier ontbreekt de dubbele punt na de veldnaam; schrijf veld: waarde (met een "
     "spatie na de dubbele punt), of spring de regel in als hij bij de regel erboven hoort"),
    ("missing colon in a block", "  functie: Wethouder", "  functie Wethouder", "functie Wethouder",
     "YAML kan niet gelezen worden (kolom 3): hier ontbreekt de dubbele punt na de veldnaam"),
    ("missing dash", "    - naam: Herinrichting Plein 40-45", "    naam: Herinrichting Plein 40-45", "    naam: Herinrichting",
     "YAML kan niet gelezen worden (kolom 5): deze regel staat in een lijst maar begint niet met '- '; begin elk nieuw "
     "onderdeel van de lijst met een streepje en een spatie"),
    ("missing dash, indented like the item above", "    - naam: Herinrichting Plein 40-45", "      naam: Herinrichting Plein 40-45",
     "      naam: Herinrichting",
     "veld 'naam' komt twee keer voor in hetzelfde onderdeel van de lijst (eerder op regel {first}); begint hier een nieuw "
     "onderdeel, zet dan '- ' voor de eerste regel ervan"),
    ("unbalanced quotes", "gemeente: Amsterdam", 'gemeente: "Amsterdam', 'gemeente: "Amsterdam',
     'YAML kan niet gelezen worden (kolom 11): het aanhalingsteken " aan het begin van de waarde wordt niet gesloten; zet aan '
     'het eind van de waarde ook een "'),
    ("text after the closing quote", "gemeente: Amsterdam", 'gemeente: "Amster" dam', 'gemeente: "Amster"',
     "YAML kan niet gelezen worden (kolom 20): na het sluitende aanhalingsteken staat nog tekst"),
    ("colon inside a value", "gemeente: Amsterdam", "gemeente: Amsterdam: Nieuw-West", "gemeente: Amsterdam:",
     "YAML kan niet gelezen worden (kolom 20): een dubbele punt met een spatie erna midden in een waarde"),
    ("repeated key", "gemeente: Amsterdam", "gemeente: Amsterdam\ngemeente: Amsterdam", "gemeente: Amsterdam\ngemeente",
     "YAML kan niet gelezen worden (kolom 1): veld 'gemeente' komt twee keer voor in hetzelfde blok (eerder op regel 8)"),
]


@pytest.mark.parametrize(("old", "new", "marker", "message"), [c[1:] for c in SYNTAX], ids=[c[0] for c in SYNTAX])
def test_yaml_syntax_errors_in_dutch_at_the_right_line(tmp_path, old, new, marker, message):
    assert old in ORIGINAL
    text = ORIGINAL.replace(old, new, 1)
    path = tmp_path / "amsterdam-nieuw-west.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_gebied(path)
    (problem,) = caught.value.problems
    line = text[: text.index(marker)].count("\n") + 1 + marker.count("\n")
    assert problem.line == line, str(problem)
    first = line_of(text, "- naam: Maatschappelijke voorziening Talentontwikkeling")  # the item the lost dash joins
    assert message.format(first=first) in problem.message, problem.message


def landelijk_problems_for(tmp_path, old: str, new: str):
    from generator.data.validate import checked_landelijk

    source = (AMSTERDAM.parent.parent / "landelijk.yaml").read_text(encoding="utf-8")
    assert old in source
    text = source.replace(old, new, 1)
    (tmp_path / "landelijk.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        checked_landelijk(tmp_path)
    return text, caught.value.problems


@pytest.mark.parametrize(("old", "new", "field", "marker", "message"), [
    ("    jaar: 2026", "    jaar: 2027", "realisatiestimulans.eerste_uitbetaling.jaar", "jaar: 2027",
     "moet 2026 zijn: de eerste uitbetaling is voor de woningen gestart in 2025 (het eerste jaar van de periode)"),
    ("    kwartaal: 4", "    kwartaal: 5", "realisatiestimulans.eerste_uitbetaling.kwartaal", "kwartaal: 5",
     "mag niet groter zijn dan 4, gevonden: 5"),
    ("  opslag_vanaf: 2026", "  opslag_vanaf: 2027", "zorg.opslag_vanaf", "opslag_vanaf: 2027",
     'de nieuwe regeling "zal in 2027 ingaan" na de bestaande regelingen van 2025: verwacht 2026'),
    ("  bestaande_regelingen: 2025", "  bestaande_regelingen: 2024", "zorg.bestaande_regelingen", "bestaande_regelingen: 2024",
     'het jaar van de bestaande regelingen ("Voor 2024 kunnen gemeenten ...") moet binnen de periode 2025 t/m 2029 liggen'),
    ("  soo_open_tot: 2025-09-19", "  soo_open_tot: 2024-09-19", "zorg.soo_open_tot", "soo_open_tot: 2024",
     'de SOO staat in de tekst bij de regelingen die "in 2025 nog bestaan"'),
    ("mid_term_review: 2027", "mid_term_review: 2031", "mid_term_review", "mid_term_review: 2031",
     "de mid-term review moet binnen de periode 2025 t/m 2029 liggen"),
], ids=["first payment year", "quarter", "new regeling year", "existing regelingen year", "SOO closed", "mid-term review"])
def test_the_years_of_the_text_agree_with_the_period(tmp_path, old, new, field, marker, message):
    text, problems = landelijk_problems_for(tmp_path, old, new)
    (problem,) = [p for p in problems if p.field == field] or problems
    assert problem.field == field and message in problem.message, str(problem)
    assert problem.line == line_of(text, marker)


def test_a_placeholder_is_printed_literally(data_copy, tmp_path):
    # rich would read "[naam wethouder]" as markup and print nothing in its place.
    path = data_copy / "gebieden" / "breda-noord.yaml"
    text = path.read_text(encoding="utf-8").replace("status: concept", "status: definitief").replace(
        "illustratief: true", "illustratief: false")
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 2
    line = line_of(text, '"[naam wethouder]"')
    assert (f"fout {path}:{line}: ondertekenaar.naam: een definitieve afspraak mag geen invulplek bevatten: "
            "[naam wethouder]") in " ".join(result.stderr.split())


def test_a_value_is_shown_as_a_person_reads_it(data_copy, tmp_path):
    path = data_copy / "gebieden" / "amsterdam-nieuw-west.yaml"
    text = ORIGINAL.replace("bedrag_incl_btw: 7335000", 'bedrag_incl_btw: "7\u00a0335\u00a0000"')
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", "amsterdam-nieuw-west", "--data", str(data_copy), "--out", str(out), "--template",
                     str(TEMPLATE), cwd=tmp_path)
    assert result.returncode == 2
    err = " ".join(result.stderr.split())
    line = line_of(text, "7\u00a0335")
    assert (f"{path}:{line}: orv.maatregelen[2].bedrag_incl_btw: {HINT}, gevonden: '7 335 000' "
            "(met harde spatie)") in err
    assert "\\xa0" not in result.stderr and not list(out.rglob("*.docx"))


def test_the_command_ends_with_its_output_flushed_and_its_exit_status(tmp_path, data_copy):
    # cli.command ends the process without the interpreter's clean-up: what was printed must all arrive,
    # through a pipe, and the status must be the command's.
    result = run_cli("validate", "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted((data_copy / "gebieden").glob("*.yaml"))
    joined = "".join(result.stdout.split())  # rich wraps a long path onto the next line
    assert result.stdout.count("in orde") == len(files) == 19 and all(str(f) in joined for f in files)
    (data_copy / "landelijk.yaml").write_text("periode: [\n", encoding="utf-8")
    result = run_cli("validate", "--data", str(data_copy), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "landelijk.yaml:" in result.stderr and result.stderr.rstrip().endswith("deze gebieden zijn niet gemaakt.")
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.rstrip().endswith("╯")  # the whole help, to its last line
