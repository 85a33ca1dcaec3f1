"""Equations (Office Math, OMML: m:oMath, m:oMathPara) as tracked changes, the way Word writes them.

ECMA-376 Part 1 §22.1 and §17.13.2.13/.16: inside an equation the math runs (m:r) are wrapped in
w:ins / w:del (CT_RunTrackChange, allowed among the elements of m:oMath and of every argument such as
m:e, m:num, m:sup); a math structure (a fraction, a superscript, a radical, ...) carries its own mark
in its control properties, m:<structure>Pr/m:ctrlPr/w:ins|w:del holding the control's w:rPr. An m:r
itself never holds w:ins/w:del (CT_R has no such child). Text in math is m:t, deleted or not.

Resolving: a structure whose control mark is dropped goes with everything in it; an equation left
without any math content goes too (Word removes an equation whose every part is rejected).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from lxml import etree

from .names import w

if TYPE_CHECKING:
    from .revisions import Revisions

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def m(tag: str) -> str:
    return f"{{{M_NS}}}{tag}"


OMATH, OMATH_PARA, MR, CTRL_PR = m("oMath"), m("oMathPara"), m("r"), m("ctrlPr")
EQUATIONS = frozenset((OMATH, OMATH_PARA))
# The structures of §22.1.2 that have a control character, and so a properties element m:<tag>Pr.
STRUCTURES = frozenset(m(t) for t in (
    "acc", "bar", "box", "borderBox", "d", "eqArr", "f", "func", "groupChr", "limLow", "limUpp", "m",
    "nary", "phant", "rad", "sPre", "sSub", "sSubSup", "sSup",
))
_RPR = w("rPr")


def is_equation(element: etree._Element) -> bool:
    return element.tag in EQUATIONS


def _control(structure: etree._Element) -> etree._Element:
    """The structure's m:ctrlPr (the last child of its m:<tag>Pr), made if it has none."""
    props_tag = structure.tag + "Pr"
    props = structure.find(props_tag)
    if props is None:
        props = etree.Element(props_tag)
        structure.insert(0, props)
    ctrl = props.find(CTRL_PR)
    if ctrl is None:
        ctrl = etree.SubElement(props, CTRL_PR)
    return ctrl


def mark_equation(equation: etree._Element, tag: str, rev: Revisions) -> None:
    """Track a whole equation (m:oMath or m:oMathPara) as inserted (tag w:ins) or deleted (w:del):
    each stretch of sibling math runs in one wrapper, each structure's control character marked."""
    for structure in [s for s in equation.iter(*STRUCTURES)]:
        ctrl = _control(structure)
        if any(c.tag in (w("ins"), w("del")) for c in ctrl):
            continue
        marker = rev.element(tag)
        for child in list(ctrl):
            marker.append(child)  # the control's w:rPr goes inside the mark (CT_MathCtrlIns/Del)
        ctrl.append(marker)
    runs = [r for r in equation.iter(MR) if r.getparent().tag not in (w("ins"), w("del"))]
    group: list[etree._Element] = []
    for run in runs + [None]:
        if run is not None and group and group[-1].getnext() is run:
            group.append(run)
            continue
        if group:
            wrapper = rev.element(tag)
            group[0].addprevious(wrapper)
            for item in group:
                wrapper.append(item)
        group = [run] if run is not None else []


def deleted_copy(equation: etree._Element, rev: Revisions) -> etree._Element:
    """A copy of an equation from another version, tracked as deleted."""
    clone = copy.deepcopy(equation)
    clone.tail = None
    mark_equation(clone, w("del"), rev)
    return clone


def drop_structures(root: etree._Element, drop: str) -> None:
    """Before resolving: structures whose control character is marked `drop` (w:ins on reject,
    w:del on accept) are removed with their content."""
    for ctrl in list(root.iter(CTRL_PR)):
        if ctrl.find(drop) is None:
            continue
        props = ctrl.getparent()
        structure = props.getparent() if props is not None else None
        if structure is not None and structure.tag in STRUCTURES and structure.getparent() is not None:
            structure.getparent().remove(structure)


def _has_math(equation: etree._Element) -> bool:
    return next(equation.iter(MR, *STRUCTURES), None) is not None


def drop_empty(root: etree._Element) -> None:
    """After resolving: equations that have no math left are removed."""
    for equation in list(root.iter(OMATH_PARA, OMATH)):
        parent = equation.getparent()
        if parent is not None and equation.tag == OMATH and not _has_math(equation):
            parent.remove(equation)
    for para in list(root.iter(OMATH_PARA)):
        if para.find(OMATH) is None and para.getparent() is not None:
            para.getparent().remove(para)
