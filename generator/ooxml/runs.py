"""Runs (w:r) cut into pieces that keep their formatting."""

from __future__ import annotations

import bisect
import copy
from collections.abc import Callable

from lxml import etree

from .names import XML_SPACE, w

R, T, RPR = w("r"), w("t"), w("rPr")


def split_run(run: etree._Element, start: int, end: int, cuts: list[int],
              width: Callable[[etree._Element], str | None]) -> list[tuple[etree._Element, int, int]]:
    """Split one run, whose text spans offsets start..end, at the sorted offsets `cuts` strictly inside
    it into runs with the same properties, in its place; returns (run, start, end) of each piece.
    `width(child)` is the text a child of the run stands for (None: nothing); w:t is cut inside."""
    rpr = run.find(RPR)
    pieces: list[list[etree._Element]] = [[] for _ in range(len(cuts) + 1)]
    pos = start
    for child in list(run):
        if child is rpr:
            continue
        text = width(child)
        k = bisect.bisect_right(cuts, pos)
        if text is None:
            pieces[k].append(child)
            continue
        length = len(text)
        inside = [c for c in cuts[k:] if c < pos + length]
        if child.tag == T and inside:
            bounds = [pos] + inside + [pos + length]
            for a, b in zip(bounds, bounds[1:]):
                piece = etree.Element(T)
                piece.set(XML_SPACE, "preserve")
                piece.text = text[a - pos:b - pos]
                pieces[bisect.bisect_right(cuts, a)].append(piece)
        else:
            pieces[k].append(child)
        pos += length
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    bounds = [start] + cuts + [end]
    result = []
    for offset, children in enumerate(pieces):
        piece = etree.Element(R, attrib=dict(run.attrib))
        if rpr is not None:
            piece.append(copy.deepcopy(rpr))
        for child in children:
            piece.append(child)
        parent.insert(index + offset, piece)
        result.append((piece, bounds[offset], bounds[offset + 1]))
    return result
