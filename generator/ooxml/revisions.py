"""Tracked changes (revisions) of WordprocessingML as small, named operations on lxml elements.

Making revisions: `Revisions` hands out ids (unique across a document) with one
author and date; `tracked_insertion` / `tracked_deletion` wrap runs in `w:ins` /
`w:del`; `mark_paragraph_inserted` / `mark_paragraph_deleted` track a paragraph
mark (`w:pPr/w:rPr/w:ins|w:del`); `mark_row_inserted` / `mark_row_deleted` track
a table row (`w:trPr/w:ins|w:del`); `add_ppr_change` / `add_rpr_change` record
old formatting. Every element is put where the schema wants it (ECMA-376 Part 1,
§17.3.1.26 pPr, §17.3.2.28 rPr, §17.4.82 trPr): a wrong order is what makes Word
report "unreadable content".

Resolving them (Accept All, Reject All) is ooxml/resolve.py.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload
from datetime import datetime, timezone

from lxml import etree

from . import elements as E
from .names import XML_SPACE, w  # noqa: F401  (XML_SPACE: also used as rv.XML_SPACE)


INS, DEL = w("ins"), w("del")
MOVE_FROM, MOVE_TO = w("moveFrom"), w("moveTo")
P, R, T, PPR, RPR, TR, TRPR, TBL = w("p"), w("r"), w("t"), w("pPr"), w("rPr"), w("tr"), w("trPr"), w("tbl")
DEL_TEXT, INSTR_TEXT, DEL_INSTR_TEXT = w("delText"), w("instrText"), w("delInstrText")

# Schema orders: elements.py holds them (local names); here as Clark names for membership tests.
PPR_ORDER = tuple(w(t) for t in E.PPR_ORDER)
PPR_NOT_BASE = frozenset((w("rPr"), w("sectPr"), w("pPrChange")))

RPR_ORDER = tuple(w(t) for t in E.RPR_ORDER)
RPR_MARKERS = frozenset((INS, DEL, MOVE_FROM, MOVE_TO))

TRPR_ORDER = tuple(w(t) for t in E.TRPR_ORDER)

# Property-change elements: accepting drops them, rejecting restores the properties they hold.
PROPERTY_CHANGES = frozenset(w(t) for t in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblPrExChange",
    "tblGridChange", "numberingChange",
))


def iso_date(moment: datetime) -> str:
    """A revision date: ISO 8601 in UTC, whole seconds, 'Z' (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Revisions:
    """One author and date for a set of revisions, and the counter that keeps their ids unique."""

    author: str
    date: str
    next_id: int = 1
    made: int = field(default=0, init=False)

    @classmethod
    def at(cls, author: str, moment: datetime, first_id: int = 1) -> "Revisions":
        return cls(author, iso_date(moment), first_id)

    def element(self, tag: str) -> etree._Element:
        """A new revision element (w:ins, w:del, w:pPrChange, ...) with a fresh id, the author and the date."""
        el = etree.Element(tag)
        el.set(w("id"), str(self.next_id))
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        self.next_id += 1
        self.made += 1
        return el


# --- placing children in schema order -------------------------------------------------------------

def insert_ordered(parent: etree._Element, child: etree._Element, order: Sequence[str]) -> etree._Element:
    """Insert `child` at its schema place; revision markup is added beside what is there, never replacing it."""
    return E.insert_ordered(parent, child, order, replace=False)


@overload
def paragraph_properties(p: etree._Element, create: Literal[True] = True) -> etree._Element: ...
@overload
def paragraph_properties(p: etree._Element, create: bool) -> etree._Element | None: ...


def paragraph_properties(p: etree._Element, create: bool = True) -> etree._Element | None:
    """The paragraph's w:pPr (always its first child), made if asked."""
    ppr = p.find(PPR)
    if ppr is None and create:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    return ppr


@overload
def paragraph_mark_properties(p: etree._Element, create: Literal[True] = True) -> etree._Element: ...
@overload
def paragraph_mark_properties(p: etree._Element, create: bool) -> etree._Element | None: ...


def paragraph_mark_properties(p: etree._Element, create: bool = True) -> etree._Element | None:
    """The run properties of the paragraph mark, w:pPr/w:rPr, made in schema order if asked."""
    ppr = paragraph_properties(p, create)
    if ppr is None:
        return None
    rpr = ppr.find(RPR)
    if rpr is None and create:
        rpr = insert_ordered(ppr, etree.Element(RPR), PPR_ORDER)
    return rpr


# --- making revisions ---------------------------------------------------------------------------

def to_deleted_text(element: etree._Element) -> None:
    """Turn w:t into w:delText and w:instrText into w:delInstrText, in `element` and below."""
    for node in element.iter(T, INSTR_TEXT):
        node.tag = DEL_TEXT if node.tag == T else DEL_INSTR_TEXT


def to_live_text(element: etree._Element) -> None:
    """The reverse of `to_deleted_text`."""
    for node in element.iter(DEL_TEXT, DEL_INSTR_TEXT):
        node.tag = T if node.tag == DEL_TEXT else INSTR_TEXT


def _wrap(runs: Sequence[etree._Element], wrapper: etree._Element) -> etree._Element:
    first = runs[0]
    if first.getparent() is not None:
        first.addprevious(wrapper)
    for run in runs:
        wrapper.append(run)  # moves it (lxml elements have one parent)
    return wrapper


def tracked_insertion(runs: Sequence[etree._Element], rev: Revisions) -> etree._Element:
    """Wrap runs (siblings, in order) in one w:ins, which takes the place of the first run."""
    return _wrap(runs, rev.element(INS))


def tracked_deletion(runs: Sequence[etree._Element], rev: Revisions) -> etree._Element:
    """Wrap runs in one w:del, which takes the place of the first; their text becomes w:delText."""
    wrapper = _wrap(runs, rev.element(DEL))
    to_deleted_text(wrapper)
    return wrapper


def deleted_copy(pieces: Iterable[tuple[etree._Element, etree._Element, str | None]], rev: Revisions) -> etree._Element:
    """One w:del holding a copy of content from another version: for each (run, child, text) a copy of the
    child, or for w:t its `text` as w:delText, in a run with that run's attributes and properties
    (consecutive pieces of one run share a run)."""
    deletion = rev.element(DEL)
    current_run, current = None, None
    for run, child, text in pieces:
        if run is not current_run:
            current = etree.SubElement(deletion, R, attrib=dict(run.attrib))
            rpr = run.find(RPR)
            if rpr is not None:
                current.append(copy.deepcopy(rpr))
            current_run = run
        if child.tag == T:
            piece = etree.SubElement(current, DEL_TEXT)
            piece.set(XML_SPACE, "preserve")
            piece.text = text
        else:
            piece = copy.deepcopy(child)
            piece.tail = None
            to_deleted_text(piece)
            assert current is not None  # made for the first piece of every run
            current.append(piece)
    return deletion


def _mark_paragraph(p: etree._Element, tag: str, rev: Revisions) -> etree._Element:
    rpr = paragraph_mark_properties(p)
    for old in rpr.findall(INS) + rpr.findall(DEL):
        rpr.remove(old)
    return insert_ordered(rpr, rev.element(tag), RPR_ORDER)


def mark_paragraph_inserted(p: etree._Element, rev: Revisions) -> etree._Element:
    """Track the paragraph mark as inserted: rejecting it joins this paragraph to the next."""
    return _mark_paragraph(p, INS, rev)


def mark_paragraph_deleted(p: etree._Element, rev: Revisions) -> etree._Element:
    """Track the paragraph mark as deleted: accepting it joins this paragraph to the next."""
    return _mark_paragraph(p, DEL, rev)


def paragraph_mark(p: etree._Element) -> str | None:
    """'ins', 'del' or None: how the paragraph mark is tracked."""
    rpr = paragraph_mark_properties(p, create=False)
    if rpr is None:
        return None
    if rpr.find(INS) is not None:
        return "ins"
    if rpr.find(DEL) is not None:
        return "del"
    return None


def _row_properties(tr: etree._Element) -> etree._Element:
    trpr = tr.find(TRPR)
    if trpr is None:
        trpr = etree.Element(TRPR)
        prex = tr.find(w("tblPrEx"))
        tr.insert(0 if prex is None else tr.index(prex) + 1, trpr)  # CT_Row: tblPrEx?, trPr?, cells
    return trpr


_TRPR_BASE = frozenset(TRPR_ORDER[:-3])


def _mark_row(tr: etree._Element, tag: str, rev: Revisions) -> etree._Element:
    trpr = _row_properties(tr)
    for old in trpr.findall(INS) + trpr.findall(DEL):
        trpr.remove(old)
    if not any(c.tag in _TRPR_BASE for c in trpr):
        # CT_TrPr needs at least one row property before ins/del; no grid columns skipped is the default.
        neutral = etree.Element(w("gridBefore"))
        neutral.set(w("val"), "0")
        insert_ordered(trpr, neutral, TRPR_ORDER)
    return insert_ordered(trpr, rev.element(tag), TRPR_ORDER)


def mark_row_inserted(tr: etree._Element, rev: Revisions) -> etree._Element:
    """Track a table row as inserted (w:trPr/w:ins); its cells' content must be marked as well."""
    return _mark_row(tr, INS, rev)


def mark_row_deleted(tr: etree._Element, rev: Revisions) -> etree._Element:
    """Track a table row as deleted (w:trPr/w:del); its cells' content must be marked as well."""
    return _mark_row(tr, DEL, rev)


def row_mark(tr: etree._Element) -> str | None:
    trpr = tr.find(TRPR)
    if trpr is None:
        return None
    if trpr.find(INS) is not None:
        return "ins"
    if trpr.find(DEL) is not None:
        return "del"
    return None


def ppr_base(ppr: etree._Element | None) -> list[etree._Element]:
    """The paragraph properties proper (CT_PPrBase): pPr without rPr, sectPr and pPrChange."""
    return [] if ppr is None else [c for c in ppr if c.tag not in PPR_NOT_BASE and isinstance(c.tag, str)]


def add_ppr_change(p: etree._Element, old_ppr: etree._Element | None, rev: Revisions) -> etree._Element:
    """Record the paragraph's former properties (w:pPrChange), so that rejecting restores them."""
    ppr = paragraph_properties(p)
    for old in ppr.findall(w("pPrChange")):
        ppr.remove(old)
    change = rev.element(w("pPrChange"))
    held = etree.SubElement(change, PPR)
    for child in ppr_base(old_ppr):
        held.append(copy.deepcopy(child))
    return insert_ordered(ppr, change, PPR_ORDER)


def add_rpr_change(run: etree._Element, old_rpr: etree._Element | None, rev: Revisions) -> etree._Element:
    """Record a run's former formatting (w:rPrChange) so that rejecting restores it."""
    rpr = run.find(RPR)
    if rpr is None:
        rpr = etree.Element(RPR)
        run.insert(0, rpr)
    for old in rpr.findall(w("rPrChange")):
        rpr.remove(old)
    change = rev.element(w("rPrChange"))
    held = etree.SubElement(change, RPR)
    if old_rpr is not None:
        for child in old_rpr:
            if child.tag not in RPR_MARKERS and child.tag != w("rPrChange"):
                held.append(copy.deepcopy(child))
    return insert_ordered(rpr, change, RPR_ORDER)


def group_siblings(elements: Iterable[etree._Element]) -> Iterator[list[etree._Element]]:
    """Consecutive elements that are adjacent siblings of one parent, in groups (for one w:ins/w:del each)."""
    group: list[etree._Element] = []
    for el in elements:
        if group and group[-1].getnext() is el:
            group.append(el)
        else:
            if group:
                yield group
            group = [el]
    if group:
        yield group
