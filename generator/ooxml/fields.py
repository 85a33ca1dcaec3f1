"""Fields: a simple field (w:fldSimple) written out as the complex field it stands for; a field read by its
code, not its cached result; and one form for a page break between paragraphs (editors write a field's
result, and a page break, either way: neither changes what a reader sees)."""

from __future__ import annotations

import copy
import difflib
import re

from lxml import etree

from .elements import PPR_ORDER, insert_ordered
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


def field_code(instruction: str) -> str:
    """A field by its code: PAGE, NUMPAGES, DATE \\@ "d MMMM yyyy"; the formatting switch Word adds is no change."""
    code = " ".join(instruction.split())
    return re.sub(r"\s*\\\*\s*MERGEFORMAT\b", "", code, flags=re.IGNORECASE).strip()


def field_results(root: etree._Element) -> list[tuple[str, list[etree._Element]]]:
    """Every complex field of a story in order: (its code, the w:t of its cached result)."""
    found: list[tuple[str, list[etree._Element]]] = []
    stack: list[tuple[list[str], list[etree._Element], bool]] = []
    for node in root.iter(w("fldChar"), w("instrText"), w("t")):
        if node.tag == w("fldChar"):
            kind = node.get(w("fldCharType"))
            if kind == "begin":
                stack.append(([], [], False))
            elif kind == "separate" and stack:
                code, texts, _ = stack[-1]
                stack[-1] = (code, texts, True)
            elif kind == "end" and stack:
                code, texts, _ = stack.pop()
                found.append((field_code("".join(code)), texts))
        elif stack and node.tag == w("instrText") and not stack[-1][2]:
            stack[-1][0].append(node.text or "")
        elif stack and node.tag == w("t") and stack[-1][2]:
            stack[-1][1].append(node)
    return found


def adopt_field_results(old: etree._Element, new: etree._Element) -> None:
    """OLD's cached field results made NEW's where the fields have the same code: a field is compared by
    its code, and a page count that was updated on a save is no change."""
    olds, news = field_results(old), field_results(new)
    matcher = difflib.SequenceMatcher(None, [c for c, _ in olds], [c for c, _ in news], autojunk=False)
    for block in matcher.get_matching_blocks():
        for (_, old_texts), (_, new_texts) in zip(olds[block.a:block.a + block.size], news[block.b:block.b + block.size]):
            if old_texts:
                old_texts[0].text = "".join(t.text or "" for t in new_texts)
                for extra in old_texts[1:]:
                    extra.text = ""


def move_page_breaks_to_next_paragraph(root: etree._Element) -> etree._Element:
    """A page break that ends a paragraph written as "page break before" on the paragraph after it: the
    form Word's template has, where LibreOffice writes the other on a save. Both look the same."""
    for p in list(root.iter(w("p"))):
        following = p.getnext()
        runs = [r for r in p.iterchildren(w("r")) if any(isinstance(c.tag, str) and c.tag != w("rPr") for c in r)]
        if following is None or following.tag != w("p") or not runs:
            continue
        last = runs[-1]
        content = [c for c in last if isinstance(c.tag, str) and c.tag != w("rPr")]
        if len(content) == 1 and content[0].tag == w("br") and content[0].get(w("type")) == "page" and last.getnext() is None:
            p.remove(last)
            ppr = following.find(w("pPr"))
            if ppr is None:
                ppr = etree.Element(w("pPr"))
                following.insert(0, ppr)
            insert_ordered(ppr, etree.Element(w("pageBreakBefore")), PPR_ORDER)
    return root
