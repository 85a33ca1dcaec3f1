"""Two paired paragraphs compared token by token: NEW's runs are split and tracked, deleted text is
copied in from OLD with OLD's formatting, unchanged text formatted differently records OLD's
formatting (w:rPrChange)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from lxml import etree

from ..ooxml import revisions as rv
from ..ooxml.fields import explode_simple_fields
from ..ooxml.math import deleted_copy as deleted_equation
from ..ooxml.math import is_equation, mark_equation
from ..ooxml.runs import split_run
from . import note_refs, package
from .align import cleanup, token_opcodes
from .formats import Formats
from .reading import RPR, T, Flat, child_item, run_format
from .state import Comparison, Story


def diff_paragraph(c: Comparison, old: etree._Element, new: etree._Element, story: Story) -> None:
    """Compare two paragraphs; NEW's becomes the redline of the two."""
    explode_simple_fields(old)
    explode_simple_fields(new)
    fo, fn = Flat(old), Flat(new)
    ospans, okeys = fo.tokens()
    nspans, nkeys = fn.tokens()
    ops = cleanup(token_opcodes(okeys, nkeys, c.messages), ospans, nspans, okeys, nkeys)
    inserted: list[tuple[int, int]] = []
    deletions: list[tuple[int, int, int]] = []
    reformatted: list[tuple[int, int, etree._Element]] = []
    end_new = len(fn.text)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                if okeys[i] in ("\x00footnote", "\x00endnote"):
                    note_refs.pair_reference(c, okeys[i][1:], _element_at(fo, ospans[i][0]), _element_at(fn, nspans[j][0]))
            reformatted += _format_changes(fo, ospans[i1][0], fn, nspans[j1][0], nspans[j2 - 1][1], c.formats)
            continue
        ns = nspans[j1][0] if j1 < len(nspans) else end_new
        if tag in ("replace", "delete"):
            deletions.append((ns, ospans[i1][0], ospans[i2 - 1][1]))
        if tag in ("replace", "insert"):
            inserted.append((ns, nspans[j2 - 1][1]))
    if not inserted and not deletions and not reformatted:
        return
    cuts = {x for span in inserted for x in span} | {d[0] for d in deletions} | {x for r in reformatted for x in r[:2]}
    segments = _split_runs(fn, sorted(cuts))
    new_runs = []
    for run, _span in _segments_in(segments, inserted):
        if is_equation(run):
            mark_equation(run, rv.INS, c.rev)
        else:
            new_runs.append(run)
    for group in rv.group_siblings(new_runs):
        rv.tracked_insertion(group, c.rev)
    for run, (_start, _end, old_run) in _segments_in(segments, reformatted):
        rv.add_rpr_change(run, old_run.find(RPR), c.rev)  # NEW's formatting, OLD's recorded
    for pos, a, b in deletions:
        _insert_deletion(new, segments, pos, _old_fragment(c, fo, a, b, story))


def _element_at(flat: Flat, pos: int) -> etree._Element:
    return flat.items[bisect.bisect_left(flat.starts, pos)][1]


def _width(child: etree._Element) -> str | None:
    got = child_item(child)
    return None if got is None else got[0]


def _split_runs(flat: Flat, cuts: list[int]) -> list[tuple[etree._Element, int, int]]:
    """Split NEW's runs at the given text offsets; every piece keeps the run's formatting."""
    segments = []
    for run, start, end in flat.runs:
        inner = cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)]
        if not inner:
            segments.append((run, start, end))
        else:
            segments.extend(split_run(run, start, end, inner, _width))
    return segments


def _segments_in(segments: list[tuple[etree._Element, int, int]], spans: list[tuple]) -> Iterator[tuple]:
    """The split runs that start inside one of the sorted (start, end, ...) spans, each with its span."""
    starts = [span[0] for span in spans]
    for run, start, _end in segments:
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and start < spans[k][1]:
            yield run, spans[k]


def _format_changes(fo: Flat, o_start: int, fn: Flat, n_start: int, n_end: int,
                    formats: Formats) -> list[tuple[int, int, etree._Element]]:
    """Within a stretch of equal text, the NEW offsets whose formatting differs from OLD's, with OLD's run there."""
    shift = o_start - n_start
    o_starts = [start for _run, start, _end in fo.runs]
    n_starts = [start for _run, start, _end in fn.runs]
    bounds = {n_start, n_end}
    bounds.update(start - shift for start in o_starts if n_start < start - shift < n_end)
    bounds.update(start for start in n_starts if n_start < start < n_end)
    changes: list[tuple[int, int, etree._Element]] = []
    ordered = sorted(bounds)
    for a, b in zip(ordered, ordered[1:]):
        o_run = fo.runs[bisect.bisect_right(o_starts, a + shift) - 1][0]
        n_run = fn.runs[bisect.bisect_right(n_starts, a) - 1][0]
        if run_format(o_run, formats) == run_format(n_run, formats):
            continue
        if changes and changes[-1][1] == a and changes[-1][2] is o_run:
            changes[-1] = (changes[-1][0], b, o_run)
        else:
            changes.append((a, b, o_run))
    return changes


def _insert_deletion(p: etree._Element, segments: list[tuple[etree._Element, int, int]], pos: int,
                     deletion: list[etree._Element]) -> None:
    def outer(run: etree._Element) -> etree._Element:
        parent = run.getparent()
        return parent if parent is not None and parent.tag == rv.INS else run

    for run, start, _end in segments:
        if start >= pos:
            for piece in deletion:
                outer(run).addprevious(piece)
            return
    if segments:
        anchor = outer(segments[-1][0])
        for piece in deletion:
            anchor.addnext(piece)
            anchor = piece
    else:
        p.extend(deletion)


def _old_fragment(c: Comparison, flat: Flat, a: int, b: int, story: Story) -> list[etree._Element]:
    """OLD's content between two text offsets as deleted runs (w:del, w:delText), OLD's formatting kept;
    an equation in it as a deleted equation of its own (marked inside, as Word does)."""
    out: list[etree._Element] = []
    pieces: list[tuple[etree._Element, etree._Element, str | None]] = []
    index = max(0, bisect.bisect_right(flat.starts, a) - 1)
    for run, child, s, e, _key in flat.items[index:]:
        if s >= b:
            break
        if e <= a:
            continue
        if is_equation(child):
            if pieces:
                out.append(rv.deleted_copy(pieces, c.rev))
                pieces = []
            out.append(deleted_equation(child, c.rev))
        else:
            pieces.append((run, child, (child.text or "")[max(a, s) - s:min(b, e) - s] if child.tag == T else None))
    if pieces or not out:
        out.append(rv.deleted_copy(pieces, c.rev))
    return [package.adopt(c, piece, story) for piece in out]
