"""The C-parser path of read_yaml gives exactly what ruamel's round trip gives, or declines.

Every comparison is against load._round_trip (the reader of before the fast path), never against
figures pasted from the fast path's own output. `same` compares types too: 1 is not True, 1234 is
not 1234.0, and Unquoted("0x6fed18") is not the str "0x6fed18".
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ruamel.yaml.reader import Reader

from generator.data import load, yaml_fast
from generator.errors import DataError
from generator.data.models import Unquoted

from .conftest import DATA
from .test_load import CASES, ORIGINAL, SYNTAX

PATH = Path("gebied.yaml")


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, datetime.datetime):
        return a == b and a.tzinfo == b.tzinfo and repr(a) == repr(b)
    return a == b


def round_trip(text: str) -> tuple[Any, dict] | DataError:
    try:
        data, source = load._round_trip(text, PATH)
    except DataError as exc:
        return exc
    return data, source.lines


def agrees(text: str):
    """The fast path's answer for `text`, after checking it against the round trip's."""
    fast = yaml_fast.read(text)
    slow = round_trip(text)
    if isinstance(slow, DataError):
        assert fast is None, f"the round trip refuses this ({slow}), the fast path read {fast!r}"
        return None
    if fast is not None:
        assert same(fast[0], slow[0]), (fast[0], slow[0])
        assert fast[1] == slow[1], {k: (fast[1].get(k), v) for k, v in slow[1].items() if fast[1].get(k) != v}
        assert list(fast[1]) == list(slow[1])
    return fast


# --- (a) every YAML file of the repository, and the broken variants the load tests make ---------

DATA_FILES = sorted(DATA.rglob("*.yaml"))
# tests/ holds no .yaml files: its broken files are made by test_load from the Amsterdam file.
BROKEN = [ORIGINAL.replace(old, new, 1) for _, old, new, *_ in CASES + SYNTAX]


def test_the_repository_has_yaml_files_to_compare():
    assert len(DATA_FILES) >= 20 and not list(Path(__file__).parent.rglob("*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_each_data_file_is_read_fast_and_identically(path):
    assert agrees(path.read_text(encoding="utf-8-sig")) is not None, "the fast path declined a valid data file"


@pytest.mark.parametrize("text", BROKEN, ids=[c[0] for c in CASES + SYNTAX])
def test_each_broken_variant_agrees_or_is_declined(text):
    agrees(text)


# --- (b) generated documents --------------------------------------------------------------------

ODD = [
    # numbers in every notation, YAML 1.1 and 1.2 booleans and nulls, dates possible and impossible
    "0", "-0", "+12", "01234", "007", "0x6fed18", "0X1F", "0o17", "0b101", "7_335_000", "1_0", "12:30", "190:20:30",
    "1.5", "1.", ".5", "-.5", "+1.0", "7.335e6", "1e3", "1E-3", "1.0e+3", ".inf", "-.inf", "+.INF", ".nan", ".NaN",
    "1,5", "7.335.000", "€ 12", "true", "True", "TRUE", "false", "False", "yes", "Yes", "no", "NO", "on", "Off",
    "y", "n", "~", "null", "Null", "NULL", "", "2025-06-24", "2025-02-30", "2025-6-4", "2025-06-24 10:30:00",
    "2025-06-24T10:30:00Z", "2025-06-24 10:30:00 +02:00", "2001-12-14t21:59:43.10-05:00", "2025-13-01",
    "'single ''quoted'''", '"double \\"quoted\\" \\u00e9 \\x41 \\t tab"', "'0x6fed18'", '"01234"', '"NO"', "''", '""',
    "a # comment", "text with: colon", "text #not-a-comment", "[]", "{}", "[a, 1, 0x1F, [b]]", "{a: 1, b: [x, y]}",
    "[a, b]  # comment", "{x: 2025-06-24, y: ~}", "-1", "- item",
]
words = st.text(alphabet=st.sampled_from("abzéë€中😀 -.,:#'\"()/_09"), min_size=1, max_size=14)
scalars = st.one_of(st.sampled_from(ODD), st.just(""), words, words.map(lambda w: "'" + w.replace("'", "''") + "'"),
                    words.map(lambda w: '"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'))
keys = st.one_of(st.sampled_from(["naam", "bedrag", "1", "01", "0x10", "NO", "'quoted key'", '"a b"', "é", "a b"]),
                 st.text(alphabet="abcdefghij_", min_size=1, max_size=6))
block_lines = st.lists(st.one_of(words, st.just(""), words.map(lambda w: "  " + w)), min_size=1, max_size=4)
block_header = st.sampled_from(["|", "|-", "|+", ">", ">-", ">+", "|2", "| # comment"])


@st.composite
def node(draw, indent: int, depth: int):
    """Lines (without the first line's indentation) of a value at `indent`, as a block or a flow node."""
    kind = draw(st.sampled_from(["scalar", "block", "map", "seq"] if depth < 3 else ["scalar", "block"]))
    if kind == "scalar":
        return [draw(scalars) + draw(st.sampled_from(["", "", " # opmerking", "  "]))]
    if kind == "block":
        header = draw(block_header)
        pad = " " * (indent + 2)
        return [header] + [(pad + line) if line else "" for line in draw(block_lines)]
    if kind == "map":
        return [""] + mapping_lines(draw, indent + 2, depth + 1)
    items = []
    for _ in range(draw(st.integers(1, 3))):
        value = draw(node(indent + 2, depth + 1))
        items.append(" " * indent + "- " + value[0].lstrip() if value[0] else " " * indent + "-")
        items += value[1:]
    return [""] + items


def mapping_lines(draw, indent: int, depth: int) -> list[str]:
    lines = []
    for key in draw(st.lists(keys, min_size=1, max_size=4, unique=True)):
        if draw(st.integers(0, 5)) == 0:
            lines.append(" " * indent + draw(st.sampled_from(["# commentaar", "", "#"])))
        value = draw(node(indent, depth))
        lines.append(" " * indent + f"{key}:" + (" " + value[0] if value[0] else ""))
        lines += value[1:]
    return lines


@st.composite
def documents(draw):
    lines = mapping_lines(draw, 0, 0)
    return draw(st.sampled_from(["", "---\n", "# kop\n"])) + "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def test_generated_documents_are_read_identically_or_declined():
    outcomes = {"refused": 0, "declined": 0, "read": 0}

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(documents())
    def check(text):
        if isinstance(round_trip(text), DataError):
            outcomes["refused"] += 1
        outcomes["declined" if agrees(text) is None else "read"] += 1


    check()
    # A fast path that declined everything would agree with everything: make sure it mostly reads.
    assert outcomes["read"] >= (outcomes["read"] + outcomes["declined"] - outcomes["refused"]) / 2, outcomes


# --- (c) the cases by name ----------------------------------------------------------------------


def test_yaml_1_2_values():
    text = "a: NO\nb: yes\nc: 01234\nd: 0x6fed18\ne: 7_335_000\nf: 7.335e6\ng: .inf\nh: 2025-02-30\ni: 2025-06-24\nj: ~\n"
    data, lines = agrees(text)
    assert same(data, {"a": "NO", "b": "yes", "c": 1234, "d": Unquoted("0x6fed18"), "e": Unquoted("7_335_000"),
                       "f": Unquoted("7.335e6"), "g": Unquoted(".inf"), "h": "2025-02-30",
                       "i": datetime.date(2025, 6, 24), "j": None})
    assert lines[("j",)] == 10 and lines[()] == 1


def test_lines_of_keys_values_and_items():
    text = "a:\n  b: 1\n  c:\n    - x\n    -\n      y\nd: |\n  tekst\n"
    data, lines = agrees(text)
    assert data == {"a": {"b": 1, "c": ["x", "y"]}, "d": "tekst\n"}
    assert lines == {(): 1, ("a",): 1, ("a", "<value>"): 2, ("a", "b"): 2, ("a", "b", "<value>"): 2, ("a", "c"): 3,
                     ("a", "c", "<value>"): 4, ("a", "c", 0): 4, ("a", "c", 1): 6, ("d",): 7, ("d", "<value>"): 7}


def read_file(tmp_path: Path, text: str):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return load.read_yaml(path)
    except DataError as exc:
        return [str(p) for p in exc.problems]


@pytest.mark.parametrize(("text", "words"), [
    ("slug: a\nslug: b\n", "twee keer"),
    ("a: 1\n'a': 2\n", "twee keer"),
    ("a: &a [x, x]\nb: *a\n", "verwijzingen"),
    ("slug: a\nnaam: [open\n", "YAML kan niet gelezen worden"),
    ("gemeente: \"Amsterdam\n", "aanhalingsteken"),
    ("\tnaam: x\n", "tab"),
], ids=["repeated key", "repeated quoted key", "alias", "open bracket", "open quote", "tab"])
def test_mistakes_are_left_to_the_round_trip(tmp_path, text, words):
    assert yaml_fast.read(text) is None
    problems = read_file(tmp_path, text)
    assert problems == [str(p).replace("gebied.yaml", str(tmp_path / "a.yaml"), 1) for p in round_trip(text).problems]
    assert words in problems[0]


@pytest.mark.parametrize("text", [
    "a: !!str 12\n", "a: ! x\n", "a: !vreemd x\n", "a: !!binary aGFsbG8=\n", "%YAML 1.1\n---\na: yes\n",
    "a: &x {b: 1}\nc:\n  <<: *x\n", "<<: {b: 1}\n", "=: 1\n", "? [a]\n: 1\n", "1.5: x\n", "true: x\n", "~: x\n",
    "1: a\n'1': b\n", "a: &s 1\nb: *s\n", "a: b\u2028c\n", "a: b\x85c\n", "a: \ufffe\n", "a: <<\n", "- =\n",
    "a:\nb: 1\n", "- x\n-\n",
], ids=["!!str", "non-specific tag", "own tag", "binary", "directive", "merge key", "merge key at the top",
        "value key", "sequence as key", "float key", "bool key", "null key", "1 and '1'", "alias of a scalar",
        "line separator", "next line", "non-printable", "merge value", "value value", "empty value", "empty item"])
def test_what_the_fast_path_declines(text):
    assert yaml_fast.read(text) is None


@pytest.mark.parametrize("text", ["a:\nb: 1\n", "a:\n", "a: # opmerking\nb: 1\n", "a:\n# opmerking\n\nb: 1\n",
                                  "- \n- x\n", "a: {b: , c: 1}\n", "a: [b, ]\n"])
def test_empty_values_agree(text):
    agrees(text)


@pytest.mark.parametrize("text", ["# c\u2028\nd: 1\n", "a: 'b\u2029\n  c'\nd: 1\n", "a: b\x85c\nd: 1\n"])
def test_yaml_1_1_line_breaks_agree(text):
    # libyaml counts U+2028, U+2029 and U+0085 as line breaks, ruamel's scanner does not everywhere.
    agrees(text)


def test_characters_the_round_trip_refuses_are_declined():
    # ruamel's reader refuses control characters and the like; libyaml refuses them too (checked
    # here for every one), so the fast path needs no check of its own.
    refused = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and Reader.NON_PRINTABLE.match(chr(c))]
    assert len(refused) > 60
    for char in refused:
        for text in (f'a: "x{char}y"\n', f"a: x{char}y\n", f"# {char}\na: 1\n"):
            assert isinstance(round_trip(text), DataError) and yaml_fast.read(text) is None, hex(ord(char))


def test_too_many_nodes_are_left_to_the_round_trip(monkeypatch):
    assert yaml_fast.MAX_NODES is load.MAX_NODES
    text = "a: [1, 2, 3]\n"  # five values: the mapping, the list and its items
    for limit in (5, 4):
        monkeypatch.setattr(yaml_fast, "MAX_NODES", limit)
        monkeypatch.setattr(load, "MAX_NODES", limit)
        if limit == 5:
            assert agrees(text) is not None
        else:
            assert yaml_fast.read(text) is None and "te veel gegevens" in str(round_trip(text))


def test_without_the_c_extension_every_file_goes_through_the_round_trip(monkeypatch, tmp_path):
    text = (DATA / "landelijk.yaml").read_text(encoding="utf-8")
    fast = read_file(tmp_path, text)
    monkeypatch.setattr(yaml_fast, "CParser", None)
    assert yaml_fast.read(text) is None
    slow = read_file(tmp_path, text)
    assert same(fast[0], slow[0]) and fast[1] == slow[1]
