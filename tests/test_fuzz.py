"""Fuzzing the data files: valid ones always give a document that validates; invalid ones always
exit 2 with a message naming a field, never a traceback."""

from __future__ import annotations

import io
import itertools
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator import cli
from generator.document import agreement as document
from generator.data.load import load_gebied
from generator.ooxml.package import parse_xml, read_parts
from generator.document.render import Template
from generator.data.validate import gebied_problems

from .conftest import DATA, TEMPLATE
from .validators import integrity_errors, schema_errors_each

# Text a drafter might type, markup characters and non-ASCII included, never a brace or a bracket.
def _name_key(item: dict) -> str:
    """Names of one list are unique, case and spaces not counting (validate refuses a second one)."""
    return "".join(item["naam"].split()).casefold()


# A name or label that is wholly in quotes is refused (they would be printed), so valid data has none.
QUOTES = "'\"’"
words = (st.text(alphabet=st.sampled_from("abcdeéëoöuzAZ &<>'\"-–’,.()€%0123456789"), min_size=1, max_size=24)
         .map(str.strip).filter(bool).filter(lambda t: not (len(t) >= 2 and t[0] in QUOTES and t[-1] in QUOTES)))
amounts = st.integers(min_value=1, max_value=50_000_000)


@st.composite
def gebieden(draw):
    rows = draw(st.lists(st.tuples(words, st.integers(1, 20_000)), min_size=1, max_size=4, unique_by=lambda r: "".join(r[0].split()).casefold()))
    woningbouw = [{"label": label, "woningen": n, "betaalbaar": draw(st.integers(0, n))} for label, n in rows]
    affordable = sum(r["betaalbaar"] for r in woningbouw)
    measure = st.fixed_dictionaries({"naam": words, "bedrag_incl_btw": amounts, "btw": st.booleans()})
    data = {
        "slug": "fuzz",
        "naam": draw(words),
        "gemeente": draw(words),
        "status": (status := draw(st.sampled_from(["concept", "definitief"]))),
        "illustratief": status == "concept" and draw(st.booleans()),  # an illustrative file is never definitief
        "ondertekenaar": {"naam": draw(words), "functie": draw(words), "mandaat": draw(words)},
        "programma": draw(prose()),
        "woningbouwprogramma": draw(prose()),
        "fysieke_ingrepen": draw(prose()),
        "woningbouw": woningbouw,
        "realisatiestimulans": {"basis_betaalbare_woningen": draw(st.integers(1, max(affordable, 1)))},
    }
    if affordable == 0:
        data["woningbouw"][0]["betaalbaar"] = data["woningbouw"][0]["woningen"]
    if draw(st.booleans()):
        data["orv"] = {"maatregelen": draw(st.lists(measure, min_size=1, max_size=5, unique_by=_name_key))}
    if draw(st.booleans()):
        data["capaciteit"] = {"activiteiten": draw(st.lists(measure, min_size=1, max_size=3, unique_by=_name_key))}
    wbi = draw(st.lists(st.tuples(words, amounts), max_size=3, unique_by=lambda r: "".join(r[0].split()).casefold()))
    if wbi:
        data["wbi"] = [{"naam": n, "cofinanciering": a, "indicatie_rijksbijdrage": a} for n, a in wbi]
    return data


@st.composite
def prose(draw):
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["", "- ", "  - "]))
        if kind == "  - " and not (lines and lines[-1].lstrip().startswith("-")):
            kind = "- "
        text = draw(words) + draw(st.sampled_from(["", " {woningen}", " *nadruk*", " **vet**", " {periode}"]))
        # Without the parentheses `or` bound the whole "- " + text, so a bullet could be left empty.
        lines.append(kind + (text.lstrip("-*# >0123456789.").strip() or "tekst"))
    return "\n\n".join(lines) + "\n"


def dump(data) -> str:
    yaml = YAML(typ="safe", pure=True)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


# Each breaks one rule; the field it should be reported on.
MUTATIONS = {
    "missing": (lambda d: d.pop("gemeente"), "gemeente"),
    "unknown": (lambda d: d.update(gemeentee="x"), "gemeentee"),
    "negative": (lambda d: d["woningbouw"][0].update(woningen=-3), "woningbouw[0].woningen"),
    "text amount": (lambda d: d["realisatiestimulans"].update(basis_betaalbare_woningen="1.000"),
                    "realisatiestimulans.basis_betaalbare_woningen"),
    "fraction": (lambda d: d["woningbouw"][0].update(woningen=10.5), "woningbouw[0].woningen"),
    "too many affordable": (lambda d: d["woningbouw"][0].update(betaalbaar=d["woningbouw"][0]["woningen"] + 1),
                            "woningbouw[0].betaalbaar"),
    "unknown reference": (lambda d: d.update(programma=d["programma"] + "\n{onbekend}\n"), "programma"),
    "control character": (lambda d: d.update(naam=d["naam"] + "\x01"), "naam"),
    "template code": (lambda d: d.update(programma="{{ ''.__class__ }}\n"), "programma"),
    "status": (lambda d: d.update(status="klaar"), "status"),
}


@pytest.fixture(scope="module")
def template():
    return Template(TEMPLATE)


EXAMPLES = 100


def round_with(landelijk, data):
    """landelijk with the fuzzed gebied as the one gebied of the round (its name and gemeente are the list's)."""
    from generator.data.models import RondeGebied

    entry = RondeGebied(naam=data["naam"], slug=data["slug"], gemeente=data["gemeente"])
    return landelijk.model_copy(update={"gebieden": [entry]})


def test_valid_data_gives_a_document_that_validates(tmp_path, landelijk, template):
    """At least 100 generated gebieden: each loads without a problem and gives a document whose XML parses and which
    has no empty bullet; then both validators read all of them (one process each: they are slow to start)."""
    made: list[Path] = []
    tried = itertools.count()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=gebieden())
    def valid(data):
        number = next(tried)
        folder = tmp_path / f"yaml-{number:04d}"
        folder.mkdir()
        path = folder / "fuzz.yaml"
        path.write_text(dump(data), encoding="utf-8")
        gebied, source = load_gebied(path)
        national = round_with(landelijk, data)
        assert gebied_problems(gebied, source, national) == []
        for field in ("programma", "woningbouwprogramma", "fysieke_ingrepen"):
            assert not re.search(r"^\s*- *$", data[field], re.M), "an empty bullet in valid data"
        docx = tmp_path / f"fuzz-{number:04d}.docx"
        docx.write_bytes(document.build(gebied, national, template))
        parse_xml(read_parts(docx.read_bytes())["word/document.xml"])
        made.append(docx)

    valid()
    assert len(made) >= EXAMPLES
    assert schema_errors_each(made) + integrity_errors(made) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=gebieden(), mutation=st.sampled_from(sorted(MUTATIONS)))
def test_invalid_data_exits_2_naming_the_field(tmp_path_factory, capsys, monkeypatch, data, mutation):
    change, field = MUTATIONS[mutation]
    entry = {"naam": data["naam"], "slug": data["slug"], "gemeente": data["gemeente"]}  # the round's list, before the change
    change(data)
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "gebieden").mkdir()
    national = YAML(typ="safe", pure=True).load((DATA / "landelijk.yaml").read_text(encoding="utf-8"))
    national["gebieden"] = [entry]
    (folder / "landelijk.yaml").write_text(dump(national), encoding="utf-8")
    (folder / "gebieden" / "fuzz.yaml").write_text(dump(data), encoding="utf-8")
    out = folder / "out"
    monkeypatch.setattr(sys, "argv", ["afspraken", "generate", "fuzz", "--data", str(folder), "--out", str(out),
                                      "--template", str(TEMPLATE)])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    err = " ".join(capsys.readouterr().err.split())
    assert exit_.value.code == 2, err
    assert f"fuzz.yaml:" in err and f" {field}:" in err, err
    assert "Traceback" not in err
    assert not list(Path(out).rglob("*.docx"))
