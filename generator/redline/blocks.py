"""A story's blocks (body, table cell, note, header, content control) compared: aligned, deleted
blocks copied in from OLD, inserted ones tracked, paired ones compared by their kind, and finally
every paragraph given its mark, tracked or not, with its properties in both versions."""

from __future__ import annotations

import copy

from lxml import etree

from ..ooxml import revisions as rv
from . import note_refs, package, paragraphs
from .align import Action, align
from .boundaries import settle_boundaries
from .reading import BODY, PPR, SDT, SDT_CONTENT, SECT_PR, TBL, TC, TR, P, block_children, content, ppr_signature, same_formatting
from .state import Comparison, Story
from .tracking import track_block


def diff_children(c: Comparison, old_parent: etree._Element, new_parent: etree._Element, story: Story) -> None:
    """Compare two block containers; NEW's becomes the redline."""
    olds, news = block_children(old_parent), block_children(new_parent)
    actions = align(c.keys, olds, news, c.messages)
    overrides = settle_boundaries(actions)
    place(c, actions, new_parent, news, story)
    for action in actions:
        if action.kind == "same" and same_formatting(action.o, action.n, c.formats):
            note_refs.pair_in_order(c, action.o, action.n)
        elif action.paired:  # modified, or the same text formatted differently
            if action.tag == P:
                paragraphs.diff_paragraph(c, action.o, action.n, story)
            elif action.tag == TBL:
                diff_table(c, action.o, action.n, story)
            elif action.tag == SDT:
                assert action.o is not None and action.n is not None  # a paired block has both versions
                oc, nc = action.o.find(SDT_CONTENT), action.n.find(SDT_CONTENT)
                if oc is not None and nc is not None:
                    diff_children(c, oc, nc, story)
        elif action.kind == "ins":
            track_block(action.n, rv.INS, c.rev)
    _settle_marks(c, actions, overrides)
    _separate_insertions(new_parent)


def place(c: Comparison, actions: list[Action], parent: etree._Element, news: list[etree._Element], story: Story) -> None:
    """Put a deleted copy of each OLD element that goes (block or row) after the element before it in the output."""
    previous = None
    for action in actions:
        if action.kind == "del":
            element = deleted_copy(c, action.o, story)
            if previous is not None:
                previous.addnext(element)
            elif news:
                news[0].addprevious(element)
            else:
                tail = parent.find(SECT_PR) if parent.tag == BODY else None
                if tail is not None:
                    tail.addprevious(element)
                else:
                    parent.append(element)
            action.placed = element
        else:
            action.placed = action.n
        previous = action.placed


def deleted_copy(c: Comparison, old: etree._Element, story: Story) -> etree._Element:
    """A block or row of OLD, copied to fit in NEW and marked deleted."""
    element = package.adopt(c, copy.deepcopy(old), story)
    track_block(element, rv.DEL, c.rev)
    return element


def _settle_marks(c: Comparison, actions: list[Action], overrides: dict[int, tuple]) -> None:
    """Give every output paragraph its mark, tracked or not, and its properties in both versions.

    After accept-all a paragraph has the properties of the NEW paragraph whose mark it keeps, or, where
    its mark goes, of the NEW paragraph its text belongs to (LibreOffice keeps the first paragraph's
    properties when two join, Word the second's: both then agree). After reject-all likewise with OLD;
    where the two differ, OLD's are recorded (w:pPrChange)."""
    plans = []
    for index, action in enumerate(actions):
        if action.tag != P:
            continue
        content_o = action.o if action.kind != "ins" else None
        content_n = action.n if action.kind != "del" else None
        o_src, n_src = overrides.get(index, (content_o, content_n))
        accepted = n_src if n_src is not None else content_n
        rejected = o_src if o_src is not None else content_o
        accepted = accepted if accepted is not None else rejected
        rejected = rejected if rejected is not None else accepted
        # Every paragraph action has OLD's or NEW's paragraph (or both), so one of the two is there.
        assert accepted is not None and rejected is not None
        replace = None
        if accepted is not (content_n if content_n is not None else content_o):  # not the placed paragraph's own
            ppr = accepted.find(PPR)
            replace = copy.deepcopy(ppr) if ppr is not None else etree.Element(PPR)
            if accepted is rejected and n_src is None:  # OLD's: its section breaks are not NEW's to keep
                for sect in replace.findall(SECT_PR):
                    replace.remove(sect)
        change = None
        if accepted is not rejected and ppr_signature(accepted, c.formats) != ppr_signature(rejected, c.formats):
            change = rejected.find(PPR)
            if change is None:
                change = etree.Element(PPR)
        assert action.placed is not None  # place() put every action's element in the output
        plans.append((action.placed, o_src, n_src, replace, change))
    for p, o_src, n_src, replace, change in plans:
        if replace is not None:
            current = p.find(PPR)
            if current is not None:
                p.remove(current)
            p.insert(0, replace)
        if change is not None:
            rv.add_ppr_change(p, change, c.rev)
        if n_src is None:
            rv.mark_paragraph_deleted(p, c.rev)
        elif o_src is None:
            rv.mark_paragraph_inserted(p, c.rev)


def _separate_insertions(parent: etree._Element) -> None:
    """LibreOffice joins an insertion that ends a paragraph with one that starts the next paragraph, and
    then rejects the paragraph mark between them as well. Where the first paragraph ends with a
    replacement (deletion, insertion), show the insertion first: the deletion then keeps them apart."""
    for p in parent.iterchildren(P):
        following = p.getnext()
        if following is None or following.tag != P or rv.paragraph_mark(p) is not None:
            continue
        mine, theirs = content(p), content(following)
        if len(mine) >= 2 and theirs and mine[-1].tag == rv.INS and mine[-2].tag == rv.DEL and theirs[0].tag == rv.INS:
            mine[-1].addnext(mine[-2])


# Tables: compared here, beside the blocks, because a cell holds blocks again (diff_children).
def diff_table(c: Comparison, old: etree._Element, new: etree._Element, story: Story) -> None:
    orows = [tr for tr in old if tr.tag == TR]
    nrows = [tr for tr in new if tr.tag == TR]
    actions = align(c.keys, orows, nrows, c.messages)
    place(c, actions, new, nrows, story)
    for action in actions:
        if action.kind == "same" and same_formatting(action.o, action.n, c.formats):
            note_refs.pair_in_order(c, action.o, action.n)
        elif action.paired:
            assert action.o is not None and action.n is not None  # a paired row has both versions
            ocells = [tc for tc in action.o if tc.tag == TC]
            ncells = [tc for tc in action.n if tc.tag == TC]
            for oc, nc in zip(ocells, ncells):
                if c.keys.key(oc) == c.keys.key(nc) and same_formatting(oc, nc, c.formats):
                    note_refs.pair_in_order(c, oc, nc)
                else:
                    diff_children(c, oc, nc, story)
        elif action.kind == "ins":
            track_block(action.n, rv.INS, c.rev)
