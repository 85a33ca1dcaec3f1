"""Two paired tables compared: rows aligned (rows with the same number of cells can pair), rows that
come or go tracked as row insertions and deletions, the cells of paired rows compared one by one."""

from __future__ import annotations

from lxml import etree

from ..ooxml import revisions as rv
from . import blocks, notes
from .align import align
from .reading import TC, TR, same_formatting
from .state import Comparison, Story
from .tracking import track_block


def diff_table(c: Comparison, old: etree._Element, new: etree._Element, story: Story) -> None:
    orows = [tr for tr in old if tr.tag == TR]
    nrows = [tr for tr in new if tr.tag == TR]
    actions = align(c.keys, orows, nrows, c.messages)
    blocks.place(c, actions, new, nrows, story)
    for action in actions:
        if action.kind == "same" and same_formatting(action.o, action.n, c.formats):
            notes.pair_in_order(c, action.o, action.n)
        elif action.paired:
            ocells = [tc for tc in action.o if tc.tag == TC]
            ncells = [tc for tc in action.n if tc.tag == TC]
            for oc, nc in zip(ocells, ncells):
                if c.keys.key(oc) == c.keys.key(nc) and same_formatting(oc, nc, c.formats):
                    notes.pair_in_order(c, oc, nc)
                else:
                    blocks.diff_children(c, oc, nc, story)
        elif action.kind == "ins":
            track_block(action.n, rv.INS, c.rev)
