"""Fields: a simple field (w:fldSimple) written out as the complex field it stands for."""

from __future__ import annotations

import copy

from lxml import etree

from .names import XML_SPACE, w

R, RPR = w("r"), w("rPr")
FLD_SIMPLE, FLD_CHAR, INSTR_TEXT = w("fldSimple"), w("fldChar"), w("instrText")


def explode_simple_fields(p: etree._Element) -> None:
    """Turn each w:fldSimple into the equivalent complex field (runs with w:fldChar), whose runs can be tracked."""
    for fld in [f for f in p.iter(FLD_SIMPLE)]:
        if fld.getparent() is None:
            continue
        first_run = fld.find(R)
        rpr = first_run.find(RPR) if first_run is not None else None

        def run_with(child: etree._Element, rpr: etree._Element | None = rpr) -> etree._Element:
            run = etree.Element(R)
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            run.append(child)
            return run

        begin = etree.Element(FLD_CHAR)
        begin.set(w("fldCharType"), "begin")
        for flag in ("fldLock", "dirty"):
            if fld.get(w(flag)) in ("1", "true", "on"):
                begin.set(w(flag), "true")
        instr = etree.Element(INSTR_TEXT)
        instr.set(XML_SPACE, "preserve")
        instr.text = fld.get(w("instr"), "")
        separate, end = etree.Element(FLD_CHAR), etree.Element(FLD_CHAR)
        separate.set(w("fldCharType"), "separate")
        end.set(w("fldCharType"), "end")
        replacement = [run_with(begin), run_with(instr), run_with(separate)]
        replacement += [c for c in fld if c.tag != w("fldData")]
        replacement.append(run_with(end))
        for node in replacement:
            fld.addprevious(node)
        fld.getparent().remove(fld)
