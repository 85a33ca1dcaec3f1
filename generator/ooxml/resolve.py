"""Resolving tracked changes: `accept_all(root)` and `reject_all(root)` turn a tracked story into the
final or the original version, as Word's Accept All / Reject All do. A paragraph whose mark goes away
is joined to the paragraph after it, which keeps its own properties (the properties live in the mark
that stays)."""

from __future__ import annotations

from lxml import etree

from . import math
from .names import w
from .revisions import (
    DEL,
    INS,
    MOVE_FROM,
    MOVE_TO,
    P,
    PPR,
    PPR_NOT_BASE,
    PPR_ORDER,
    PROPERTY_CHANGES,
    RPR,
    RPR_MARKERS,
    RPR_ORDER,
    TBL,
    TR,
    TRPR,
    insert_ordered,
    paragraph_mark_properties,
    paragraph_properties,
    to_live_text,
)


def accept_all(root: etree._Element, authors: frozenset[str] | None = None) -> etree._Element:
    """Accept every tracked change in the tree (in place): the document as its last author left it; with
    `authors`, only the changes of those authors (the others stay tracked)."""
    _resolve(root, keep=INS, drop=DEL, keep_move=MOVE_TO, drop_move=MOVE_FROM, authors=authors)
    return root


def reject_all(root: etree._Element, authors: frozenset[str] | None = None) -> etree._Element:
    """Reject every tracked change in the tree (in place): the document as it was before the changes; with
    `authors`, only the changes of those authors."""
    _resolve(root, keep=DEL, drop=INS, keep_move=MOVE_FROM, drop_move=MOVE_TO, authors=authors)
    return root


_MARKER_PARENTS = frozenset((RPR, TRPR, w("tcPr"), w("numPr")))


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    parent.remove(el)


def _remove(el: etree._Element) -> None:
    el.getparent().remove(el)


def _restore_properties(change: etree._Element) -> None:
    """Reject a property change: the properties it holds replace the current ones."""
    props = change.getparent()
    held = change[0] if len(change) else None
    if change.tag == w("pPrChange"):
        keep = [c for c in props if c.tag in PPR_NOT_BASE and c is not change]
        order = PPR_ORDER
    elif change.tag == w("rPrChange"):
        keep = [c for c in props if c.tag in RPR_MARKERS]
        order = RPR_ORDER
    elif change.tag == w("trPrChange"):
        keep = [c for c in props if c.tag in (INS, DEL)]
        order = None
    elif change.tag == w("sectPrChange"):  # header and footer references stay, before the properties
        keep = [c for c in props if c.tag in (w("headerReference"), w("footerReference"))]
        order = ()
    else:
        keep, order = [], None
    for child in list(props):
        props.remove(child)
    if order is not None:
        for child in keep:
            props.append(child)
        for child in (list(held) if held is not None else []):
            if child.tag in order:
                insert_ordered(props, child, order)
            else:
                props.append(child)
    else:
        for child in (list(held) if held is not None else []):
            props.append(child)
        for child in keep:
            props.append(child)


def _has_content(p: etree._Element) -> bool:
    return any(c.tag != PPR for c in p if isinstance(c.tag, str))


def _resolve(root: etree._Element, keep: str, drop: str, keep_move: str, drop_move: str,
             authors: frozenset[str] | None = None) -> None:
    def chosen(change: etree._Element | None) -> bool:
        return change is not None and (authors is None or (change.get(w("author")) or "") in authors)

    # Rows first: a dropped row goes whole, with whatever its cells hold.
    for tr in list(root.iter(TR)):
        trpr = tr.find(TRPR)
        if trpr is None:
            continue
        if chosen(trpr.find(drop)):
            _remove(tr)
        else:
            for marker in [m for m in trpr.findall(keep) if chosen(m)]:
                trpr.remove(marker)
            if len(trpr) == 0 and not trpr.attrib:
                tr.remove(trpr)
    for tbl in list(root.iter(TBL)):
        if tbl.find(TR) is None:
            _remove(tbl)
    # Cell insertions and deletions (rarely written; handled as markers only).
    for tag in (w("cellIns"), w("cellDel"), w("cellMerge")):
        for marker in [m for m in root.iter(tag) if chosen(m)]:
            _remove(marker)
    if authors is None:  # an equation's structures carry their mark in their control (all resolved at once)
        math.drop_structures(root, drop)
    # Run-level content: dropped wrappers go with their content, kept ones are unwrapped.
    for el in [e for e in root.iter(drop, drop_move) if chosen(e)]:
        parent = el.getparent()
        if parent is not None and parent.tag not in _MARKER_PARENTS:
            _remove(el)
    for el in [e for e in root.iter(keep, keep_move) if chosen(e)]:
        parent = el.getparent()
        if parent is not None and parent.tag not in _MARKER_PARENTS:
            if keep == DEL:
                to_live_text(el)
            _unwrap(el)
    for tag in (w("moveFromRangeStart"), w("moveFromRangeEnd"), w("moveToRangeStart"), w("moveToRangeEnd")):
        for marker in [m for m in root.iter(tag) if chosen(m)]:
            _remove(marker)
    # Property changes.
    for change in [c for c in root.iter(*PROPERTY_CHANGES) if chosen(c)]:
        if keep == INS:
            _remove(change)
        else:
            _restore_properties(change)
    math.drop_empty(root)
    # Paragraph marks: a dropped mark joins its paragraph to the next one.
    for p in list(root.iter(P)):
        rpr = paragraph_mark_properties(p, create=False)
        if rpr is None:
            continue
        dropped = chosen(rpr.find(drop)) or chosen(rpr.find(drop_move))
        for marker in [c for c in rpr if c.tag in RPR_MARKERS and chosen(c)]:
            rpr.remove(marker)
        ppr = rpr.getparent()
        if len(rpr) == 0 and not rpr.attrib:
            ppr.remove(rpr)
        if len(ppr) == 0 and not ppr.attrib:
            p.remove(ppr)
        if not dropped:
            continue
        following = p.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None and following.tag == P:
            target = paragraph_properties(following, create=False)
            index = 0 if target is None else 1
            for offset, child in enumerate([c for c in p if c.tag != PPR]):
                following.insert(index + offset, child)
            _remove(p)
        elif not _has_content(p) and _paragraph_siblings(p) > 1:
            _remove(p)


def _paragraph_siblings(p: etree._Element) -> int:
    return sum(1 for c in p.getparent() if c.tag in (P, TBL))
