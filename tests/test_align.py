"""redline/align.py on small inputs: which blocks correspond, and which tokens of two paragraphs.

Expectations are worked out by hand from the rules in align.py's docstring (equal keys pair as "same";
in a stretch that differs, a block pairs with a similar one, Dice similarity ≥ 0,5 for paragraphs;
otherwise deletion plus insertion, in order)."""

from __future__ import annotations

from lxml import etree

from generator.ooxml.names import w
from generator.redline.align import MAX_TOKEN_PRODUCT, align, cleanup, token_opcodes
from generator.redline.reading import Keys
from generator.results import Message


def paragraph(text: str) -> etree._Element:
    p = etree.Element(w("p"))
    t = etree.SubElement(etree.SubElement(p, w("r")), w("t"))
    t.text = text
    return p


def kinds(old: list[str], new: list[str]) -> list[tuple[str, str | None, str | None]]:
    olds, news = [paragraph(t) for t in old], [paragraph(t) for t in new]
    text = {id(e): t for e, t in zip(olds + news, old + new)}
    return [(a.kind, text.get(id(a.o)), text.get(id(a.n))) for a in align(Keys(), olds, news)]


def test_equal_paragraphs_are_the_same():
    assert kinds(["Een.", "Twee."], ["Een.", "Twee."]) == [("same", "Een.", "Een."), ("same", "Twee.", "Twee.")]


def test_a_similar_paragraph_is_paired_and_a_new_one_inserted():
    old = ["De minister stelt het bedrag vast.", "Slot."]
    new = ["De minister stelt het hele bedrag vast.", "Een heel andere zin over iets anders.", "Slot."]
    assert kinds(old, new) == [
        ("pair", old[0], new[0]),
        ("ins", None, new[1]),
        ("same", old[1], new[2]),
    ]


def test_a_dissimilar_replacement_is_a_deletion_and_an_insertion():
    # No word in common: Dice similarity 0 < 0,5.
    assert kinds(["Alfa beta gamma."], ["Delta epsilon zeta."]) == [
        ("del", "Alfa beta gamma.", None),
        ("ins", None, "Delta epsilon zeta."),
    ]


def test_pairs_keep_the_order():
    # "alfa" and "beta" swapped and both edited ("alfa!" shares 1 of 3 tokens with "alfa": Dice 2/3 ≥ 0,5; with
    # "beta!" nothing): only one of them can pair in order, the other is deleted and inserted.
    old = ["alfa", "beta"]
    new = ["beta!", "alfa!"]
    result = kinds(old, new)
    assert [k for k, _, _ in result].count("pair") == 1
    paired = [(o, n) for k, o, n in result if k == "pair"]
    olds = [o for k, o, _ in result if o is not None]
    news = [n for k, _, n in result if n is not None]
    assert olds == old and news == new and len(paired) == 1


def test_token_opcodes_split_off_the_common_start_and_end():
    okeys = ["De", " ", "kat", " ", "slaapt", "."]
    nkeys = ["De", " ", "hond", " ", "slaapt", "."]
    assert token_opcodes(okeys, nkeys) == [
        ["equal", 0, 2, 0, 2],
        ["replace", 2, 3, 2, 3],
        ["equal", 3, 6, 3, 6],
    ]


def test_token_opcodes_of_an_insertion_at_the_end():
    assert token_opcodes(["a"], ["a", " ", "b"]) == [["equal", 0, 1, 0, 1], ["insert", 1, 1, 1, 3]]


def test_an_enormous_paragraph_is_replaced_whole_and_said_so():
    side = int(MAX_TOKEN_PRODUCT ** 0.5) + 2
    okeys, nkeys = [f"o{i}" for i in range(side)], [f"n{i}" for i in range(side)]
    notes: list[Message] = []
    assert token_opcodes(okeys, nkeys, notes) == [["replace", 0, side, 0, side]]
    assert len(notes) == 1 and "als geheel vervangen" in notes[0].text


def test_cleanup_merges_a_short_equal_stretch_between_two_changes():
    # "de grote kat" → "het kleine huis": the one-space equal stretches between replaced words are merged.
    okeys = ["de", " ", "grote", " ", "kat"]
    nkeys = ["het", " ", "kleine", " ", "huis"]
    spans = [(0, 2), (2, 3), (3, 8), (8, 9), (9, 12)]
    ops = [["replace", 0, 1, 0, 1], ["equal", 1, 2, 1, 2], ["replace", 2, 3, 2, 3], ["equal", 3, 4, 3, 4],
           ["replace", 4, 5, 4, 5]]
    assert cleanup(ops, spans, spans, okeys, nkeys) == [["replace", 0, 5, 0, 5]]


def test_cleanup_keeps_an_amount_between_two_changes_visible():
    okeys = ["a", " ", "100", " ", "b"]
    nkeys = ["x", " ", "100", " ", "y"]
    spans = [(0, 1), (1, 2), (2, 5), (5, 6), (6, 7)]
    ops = [["replace", 0, 1, 0, 1], ["equal", 1, 4, 1, 4], ["replace", 4, 5, 4, 5]]
    assert cleanup(ops, spans, spans, okeys, nkeys) == ops
