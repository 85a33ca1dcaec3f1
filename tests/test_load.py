"""Bad data: every problem named with file, line and field; exit status 2; nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import DataError
from generator.load import load_gebied
from generator.validate import gebied_problems

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
    ],
    ids=["empty", "only comments", "yaml syntax", "not utf-8", "repeated key", "alias"],
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
    from generator.load import load_landelijk

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
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


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


def test_cli_unknown_gebied_and_missing_arguments(tmp_path):
    result = run_cli("generate", "atlantis", "--data", str(AMSTERDAM.parent.parent), cwd=tmp_path)
    assert result.returncode == 2 and "onbekend gebied: atlantis" in result.stderr
    result = run_cli("generate", "--data", str(AMSTERDAM.parent.parent), cwd=tmp_path)
    assert result.returncode == 2 and "--all" in result.stderr
    result = run_cli("generate", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
