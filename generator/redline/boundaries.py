"""Paragraph marks next to tables and at the end of a story: arranging the actions so that every
tracked paragraph mark can join its paragraph to the next one.

A paragraph whose mark is tracked joins the paragraph after it when the mark goes (on accept for a
deleted mark, on reject for an inserted one). Before a table, or at the end of a story, there is
none: Word and LibreOffice then leave an empty paragraph behind. So each stretch of unpaired blocks
is arranged (old-only and new-only blocks may interleave freely) with the tables together, and the
paragraph before a table gets a mark that exists in both versions: lent by the paired paragraph
before the stretch (marks move up by one paragraph, as Word records such edits), or shared by the
last old and the last new paragraph there. Reads the documents, changes none.
"""

from __future__ import annotations

from lxml import etree

from .align import Action, token_opcodes
from .reading import P, Flat, has_note


def settle_boundaries(actions: list[Action]) -> dict[int, tuple]:
    """Rearrange `actions` in place; returns action index → (old paragraph, new paragraph) for the
    output paragraphs whose mark is not their own."""
    _force_final_pair(actions)
    arranged: list[Action] = []
    overrides: dict[int, tuple] = {}
    i = 0
    while i < len(actions):
        if actions[i].paired:
            arranged.append(actions[i])
            i += 1
            continue
        j = i
        while j < len(actions) and not actions[j].paired:
            j += 1
        before = arranged[-1] if arranged else None
        after = actions[j] if j < len(actions) else None
        _arrange(actions[i:j], before, after, arranged, overrides)
        i = j
    actions[:] = arranged
    return overrides


def ends_with_insertion(old: etree._Element, new: etree._Element) -> bool:
    """Whether the comparison of two paragraphs ends with inserted text."""
    okeys, nkeys = Flat(old).tokens()[1], Flat(new).tokens()[1]
    if not nkeys or (okeys and okeys[-1] == nkeys[-1]):
        return False
    return token_opcodes(okeys, nkeys)[-1][0] in ("insert", "replace")


def _arrange(stretch: list[Action], before: Action | None, after: Action | None,
             out: list[Action], overrides: dict[int, tuple]) -> None:
    def split(items: list[Action]) -> tuple[list[list[Action]], list[Action]]:
        groups: list[list[Action]] = [[]]
        tables: list[Action] = []
        for item in items:
            if item.tag == P:
                groups[-1].append(item)
            else:
                tables.append(item)
                groups.append([])
        return groups, tables

    dgroups, dtables = split([a for a in stretch if a.kind == "del"])
    igroups, itables = split([a for a in stretch if a.kind == "ins"])
    last = max(len(dtables), len(itables))
    slots: list[tuple[list[Action], list[Action]]] = [([], []) for _ in range(last + 1)]
    gaps: list[list[Action]] = [[] for _ in range(last + 1)]
    # The paired paragraph before the stretch, which can lend its mark (None when there is none).
    anchor = before if before is not None and before.paired and before.tag == P else None
    for side, groups, tables in ((0, dgroups, dtables), (1, igroups, itables)):
        for x, group in enumerate(groups[:-1]):
            slots[x][side].extend(group)
        for x, table in enumerate(tables, start=1):
            gaps[x - 1 if x < len(tables) else last - 1].append(table)
    # The paragraphs after a side's last table may go in any later slot: lend one to each slot before
    # a table that has paragraphs of the other side only, so the two can share a mark there.
    for side, groups, tables in ((0, dgroups, dtables), (1, igroups, itables)):
        spare = list(groups[-1])
        for z in range(len(tables), last):
            if spare and slots[z][1 - side] and not slots[z][side] and not (z == 0 and anchor is not None):
                slots[z][side].append(spare.pop(0))
        slots[last][side].extend(spare)
    for z, (dels, inss) in enumerate(slots):
        barrier = z < last or after is None or after.tag != P
        last_paragraph = inss[-1].n if inss else (dels[-1].o if dels else None)
        if z == 0 and anchor is not None and last_paragraph is not None and has_note(last_paragraph) \
                and not has_note(anchor.n) and not has_note(anchor.o):
            barrier = True  # LibreOffice cannot join a paragraph holding a note to the next one
        if z == 0 and anchor is not None and inss and anchor.kind == "pair" and ends_with_insertion(anchor.o, anchor.n):
            # LibreOffice joins an insertion that ends a paragraph with an insertion that starts the
            # next one, paragraph mark included: let the paragraph before lend its mark instead.
            barrier = True
        if (dels or inss) and barrier:
            if z == 0 and anchor is not None:
                k = len(out) - 1
                if dels and inss:
                    overrides[k] = (anchor.o, None)
                    overrides[k + len(dels)] = (None, anchor.n)
                    overrides[k + len(dels) + len(inss)] = (dels[-1].o, inss[-1].n)
                elif inss:
                    overrides[k] = (None, anchor.n)
                    overrides[k + len(inss)] = (anchor.o, inss[-1].n)
                else:
                    overrides[k] = (anchor.o, None)
                    overrides[k + len(dels)] = (dels[-1].o, anchor.n)
            elif dels and inss:
                shared = Action("pair", dels[-1].o, inss[-1].n)
                dels, inss = dels[:-1], inss[:-1] + [shared]
            # else: nothing can lend a mark here (OLD or NEW has no paragraph to spare); Word has
            # the same limit, and an empty paragraph is left where a table was.
        out.extend(dels)
        out.extend(inss)
        out.extend(gaps[z])


def _force_final_pair(actions: list[Action]) -> None:
    """A story ends with a paragraph in both versions; when no paired paragraph can lend its mark to
    the last stretch, pair the last old paragraph with the last new one."""
    start = len(actions)
    while start > 0 and not actions[start - 1].paired and actions[start - 1].tag == P:
        start -= 1
    before = actions[start - 1] if start > 0 else None
    if before is None and start == len(actions):
        return
    if before is not None and before.paired and before.tag == P:
        return
    last = max((i for i, a in enumerate(actions) if a.paired), default=-1)
    tail = actions[last + 1:]
    anchor = actions[last] if last >= 0 else None
    dps = [a for a in tail if a.kind == "del" and a.o is not None and a.o.tag == P]
    ips = [a for a in tail if a.kind == "ins" and a.n is not None and a.n.tag == P]
    if dps and ips:
        d, i = dps[-1], ips[-1]
        actions[last + 1:] = [a for a in tail if a is not d and a is not i] + [Action("pair", d.o, i.n)]
    elif ips and anchor is not None and anchor.tag == P:
        i = ips[-1]
        actions[last:] = ([Action("ins", None, anchor.n)] + [a for a in tail if a is not i]
                          + [Action("pair", anchor.o, i.n)])
    elif dps and anchor is not None and anchor.tag == P:
        d = dps[-1]
        actions[last:] = ([Action("del", anchor.o, None)] + [a for a in tail if a is not d]
                          + [Action("pair", d.o, anchor.n)])
