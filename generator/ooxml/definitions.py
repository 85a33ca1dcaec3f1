"""Style and numbering definitions (styles.xml, numbering.xml): what content refers to, and definitions
copied from another package of the same document.

Styles are referred to by id (w:pStyle, w:rStyle, w:tblStyle, and between styles w:basedOn, w:next,
w:link); a style id means the same style in two versions of a document, so a missing one is copied as
it is. Numbering is referred to by number (w:numId → w:num → w:abstractNum), and numbers are only
meaningful inside one package: a definition copied over gets fresh numbers where it differs.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

from .names import w

STYLE_REFS = (w("pStyle"), w("rStyle"), w("tblStyle"))
_STYLE_LINKS = (w("basedOn"), w("next"), w("link"))
NUM_ID, NUM, ABSTRACT_NUM = w("numId"), w("num"), w("abstractNum")
ABSTRACT_NUM_ID = w("abstractNumId")
_VAL = w("val")
# Children of w:abstractNum that identify one saved copy rather than the list's look.
_ABSTRACT_NOISE = frozenset((w("nsid"), w("tmpl")))


def styles_by_id(styles: etree._Element | None) -> dict[str, etree._Element]:
    if styles is None:
        return {}
    return {s.get(w("styleId")): s for s in styles.iter(w("style")) if s.get(w("styleId"))}


def style_references(root: etree._Element) -> set[str]:
    """The style ids a story (or a style) refers to."""
    return {ref.get(_VAL) for ref in root.iter(*STYLE_REFS, *_STYLE_LINKS) if ref.get(_VAL)}


def copy_styles(target: etree._Element, source: etree._Element, wanted: Iterable[str]) -> list[etree._Element]:
    """Copy the styles `wanted` that `target` lacks from `source`, with the styles they are based on
    (or linked to, or followed by) that it lacks as well; returns the copies (in `target`)."""
    have, offer = styles_by_id(target), styles_by_id(source)
    todo, added = list(wanted), []
    while todo:
        style_id = todo.pop()
        if style_id in have or style_id not in offer:
            continue
        clone = copy.deepcopy(offer[style_id])
        target.append(clone)
        have[style_id] = clone
        added.append(clone)
        todo.extend(style_references(clone))
    return added


def numbering_definitions(numbering: etree._Element | None) -> tuple[dict[str, etree._Element], dict[str, etree._Element]]:
    """(numId → w:num, abstractNumId → w:abstractNum) of a numbering part."""
    if numbering is None:
        return {}, {}
    nums = {n.get(NUM_ID): n for n in numbering if n.tag == NUM and n.get(NUM_ID)}
    abstracts = {a.get(ABSTRACT_NUM_ID): a for a in numbering if a.tag == ABSTRACT_NUM and a.get(ABSTRACT_NUM_ID)}
    return nums, abstracts


def numbering_signature(num: etree._Element, abstracts: dict[str, etree._Element]) -> bytes:
    """What a list looks like: its abstract definition (without the ids of one save) and its overrides."""
    ref = num.find(ABSTRACT_NUM_ID)
    abstract = abstracts.get(ref.get(_VAL) or "") if ref is not None else None
    parts = []
    if abstract is not None:
        parts += [etree.tostring(c) for c in abstract if c.tag not in _ABSTRACT_NOISE and isinstance(c.tag, str)]
    parts.append(b"|")
    parts += [etree.tostring(c) for c in num if c.tag != ABSTRACT_NUM_ID and isinstance(c.tag, str)]
    return b"".join(parts)


def _fresh(used: Iterable[str]) -> int:
    return 1 + max([int(u) for u in used if u and u.lstrip("-").isdigit()] + [0])


def add_numbering(target: etree._Element, num: etree._Element, abstract: etree._Element | None) -> str:
    """Add a copy of a list (w:num and its w:abstractNum) to a numbering part with fresh numbers;
    returns the new numId. Abstract definitions come before all w:num (CT_Numbering)."""
    nums, abstracts = numbering_definitions(target)
    new_num = copy.deepcopy(num)
    new_num.tail = None
    num_id = str(_fresh(nums))
    new_num.set(NUM_ID, num_id)
    ref = new_num.find(ABSTRACT_NUM_ID)
    if abstract is not None and ref is not None:
        new_abstract = copy.deepcopy(abstract)
        new_abstract.tail = None
        abstract_id = str(_fresh(abstracts))
        new_abstract.set(ABSTRACT_NUM_ID, abstract_id)
        ref.set(_VAL, abstract_id)
        first_num = next((n for n in target if n.tag == NUM), None)
        if first_num is not None:
            first_num.addprevious(new_abstract)
        else:
            _before_cleanup(target, new_abstract)
    _before_cleanup(target, new_num)
    return num_id


def _before_cleanup(target: etree._Element, element: etree._Element) -> None:
    cleanup = target.find(w("numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(element)
    else:
        target.append(element)
