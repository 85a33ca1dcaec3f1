"""Whole blocks marked inserted or deleted: their runs, their paragraph marks, their table rows."""

from __future__ import annotations

from lxml import etree

from ..ooxml import revisions as rv
from ..ooxml.fields import explode_simple_fields
from .reading import TC, TR, P, block_children, story_paragraphs, walk_runs


def track_runs(scope: etree._Element, tag: str, rev: rv.Revisions) -> None:
    """Mark every run of every paragraph in `scope` inserted or deleted."""
    for p in story_paragraphs(scope):
        explode_simple_fields(p)
        runs = list(walk_runs(p))
        for group in rv.group_siblings(runs):
            if group[0].getparent() is not None and group[0].getparent().tag in (rv.INS, rv.DEL):
                continue
            if tag == rv.INS:
                rv.tracked_insertion(group, rev)
            else:
                rv.tracked_deletion(group, rev)


def track_marks(scope: etree._Element, tag: str, rev: rv.Revisions, spare_last_of: tuple[etree._Element, ...] = ()) -> None:
    """Track the paragraph marks in `scope`, except the last paragraph of each cell (a cell keeps one mark)."""
    for p in story_paragraphs(scope):
        parent = p.getparent()
        if parent.tag == TC or parent in spare_last_of:
            blocks = block_children(parent)
            if blocks and blocks[-1] is p:
                continue
        (rv.mark_paragraph_inserted if tag == rv.INS else rv.mark_paragraph_deleted)(p, rev)


def track_story(root: etree._Element, tag: str, rev: rv.Revisions) -> None:
    """A whole story (a note, a header) inserted or deleted; its last paragraph keeps its mark."""
    track_runs(root, tag, rev)
    track_marks(root, tag, rev, spare_last_of=(root,))


def track_block(element: etree._Element, tag: str, rev: rv.Revisions) -> None:
    """Mark a whole block (paragraph, table, content control) inserted or deleted; paragraph marks
    of top-level paragraphs are settled afterwards, those inside tables here."""
    track_runs(element, tag, rev)
    if element.tag == P:
        return
    for tr in element.iter(TR):
        (rv.mark_row_inserted if tag == rv.INS else rv.mark_row_deleted)(tr, rev)
    track_marks(element, tag, rev)
