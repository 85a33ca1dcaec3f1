"""`afspraken check-template`: the Word template checked before anything is made from it.

Every problem at once, each located by the part (hoofdtekst, koptekst,
voettekst, voetnoot n), the first words of its paragraph and the tag. Errors
stop `generate` before it renders anything; findings that are not errors
(comments left out, a tag read from split runs, a .dotx made plain) come back
as messages beside the cleaned parts that docxtpl then compiles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta
from lxml import etree

from ..errors import TemplateError, TemplateProblem
from ..ooxml import clean
from ..ooxml.names import w
from ..ooxml.package import parse_xml, read_parts, serialize
from ..ooxml.relationships import external_targets
from ..ooxml.tags import Tag, join_split_tags, joined_text, own_texts, paragraph_tags, spelling_and_goback_marks
from ..results import Message, Result
from .contract import context_shape
from .jinja import environment
from .jinja import Located, check_tags

# (part, first words of the paragraph) of any element of a part: where a problem is said to stand.
Labeller = Callable[[etree._Element], tuple[str, str]]

# The parts docxtpl renders, in the order a reader meets them.
TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_KIND = {"document": "hoofdtekst", "header": "koptekst", "footer": "voettekst", "footnotes": "voetnoot", "endnotes": "eindnoot"}
_CONTAINER = {"p": ("p", "alinea"), "tr": ("tr", "tabelrij"), "tc": ("tc", "tabelcel")}
FIRST_WORDS = 8


@dataclass(frozen=True)
class Report:
    problems: tuple[TemplateProblem, ...]
    messages: tuple[Message, ...]
    parts: dict[str, bytes]  # the template as docxtpl gets it: comments out, tags joined, plain .docx


def contract_of(path: Path, contracts: Mapping[str, type]) -> str:
    """Which of `contracts` (kind → the TypedDict of its context) the template belongs to, told from its
    content: the one whose names the tags use most (the agreement's and the overview's share only «titel»);
    on a tie the first. A template is checked against its own contract, not a name it happens to lack."""
    used = used_names(read_parts(path, error=TemplateError))
    return max(contracts, key=lambda kind: len(used & set(context_shape(contracts[kind]).fields)))


def used_names(parts: Mapping[str, bytes]) -> set[str]:
    """The top-level names the tags of the templated parts use (loop variables and names set not counted)."""
    env = environment()
    found: set[str] = set()
    for name in (n for n in parts if TEMPLATED.match(n)):
        root = parse_xml(parts[name], name, TemplateError)
        sources = []
        for paragraph in root.iter(w("p")):
            join_split_tags(paragraph)
            sources += [t.jinja for t in paragraph_tags(paragraph)[0] if t.closed and t.opener != "{#"]
        try:
            found |= meta.find_undeclared_variables(env.parse("".join(sources)))
        except jinja2.TemplateSyntaxError:  # a broken block: each expression on its own (the check says what is wrong)
            for source in sources:
                try:
                    found |= meta.find_undeclared_variables(env.parse(source))
                except jinja2.TemplateSyntaxError:
                    continue
    return found


def check(path: Path, contract: type | None = None) -> Report:
    """`contract`: the TypedDict of the context the template is rendered with (default: the agreement's)."""
    return check_parts(read_parts(path, error=TemplateError), contract)


def prepare(path: Path, contract: type | None = None) -> Result[dict[str, bytes]]:
    """The checked template's parts with its messages; every error at once as a TemplateError."""
    report = check(path, contract)
    if report.problems:
        raise TemplateError(list(report.problems), file=path)
    return Result(report.parts, report.messages)


def check_parts(parts: Mapping[str, bytes], contract: type | None = None) -> Report:
    env = environment()
    problems: list[TemplateProblem] = []
    messages: list[Message] = []
    parts = dict(parts)
    problems += _package(parts, messages)
    parts = clean.as_plain_docx(parts)
    notes = clean.comments(parts)
    anchored: set[str] = set()
    names = sorted((n for n in parts if TEMPLATED.match(n)), key=_reading_order)
    for name in names:
        root = parse_xml(parts[name], name, TemplateError)
        label = _labeller(name, root, sum(1 for n in names if _kind(n) == _kind(name)))
        problems += _revisions(root, label)
        for mark in root.iter(w("commentReference"), w("commentRangeStart")):
            comment_id = mark.get(w("id"))
            if comment_id in notes and comment_id not in anchored:
                anchored.add(comment_id)
                author, text = notes[comment_id]
                messages.append(Message(_where(*label(mark)), f"opmerking{' van ' + author if author else ''} «{text}» "
                                        "blijft in het sjabloon en komt niet in de afspraken"))
        clean.drop_comment_marks(root)
        for mark in spelling_and_goback_marks(root):
            mark.getparent().remove(mark)
        located: list[Located] = []
        for paragraph in root.iter(w("p")):
            part, first = label(paragraph)
            for tag in join_split_tags(paragraph):
                messages.append(Message(_where(part, first), f"tag {tag.text} stond in {tag.pieces} stukken (opmaak, "
                                        "spellingcontrole of een bladwijzer midden in de tag) en is gelezen zoals getypt"))
            tags, strays = paragraph_tags(paragraph)
            for stray in strays:
                problems.append(TemplateProblem(part, first, stray.text, "sluit geen tag af: ontbreekt er een "
                                                f"openingsaccolade («{'{{' if stray.text.endswith('}}') else '{%'}»)?"))
            for tag in tags:
                located.append(Located(part, first, tag))
                if tag.closed and tag.prefix in _CONTAINER:
                    problems += _swallowed(paragraph, tag, part, first)
        problems += check_tags(located, env, contract)
        parts[name] = serialize(root)
    for comment_id, (author, text) in notes.items():
        if comment_id not in anchored:
            messages.append(Message("opmerkingen", f"opmerking{' van ' + author if author else ''} «{text}» "
                                    "komt niet in de afspraken"))
    for name in ("word/styles.xml", "word/numbering.xml"):
        if name in parts and next(clean.revisions(parse_xml(parts[name], name, TemplateError)), None) is not None:
            problems.append(TemplateProblem("opmaakprofielen" if "styles" in name else "nummering", "", "",
                                            "bevat bijgehouden opmaakwijzigingen: accepteer of weiger eerst alle wijzigingen"))
    parts = clean.without_attached_template(clean.without_comment_parts(parts))
    return Report(tuple(problems), tuple(messages), parts)


def _package(parts: dict[str, bytes], messages: list[Message]) -> list[TemplateProblem]:
    problems = []
    kind = clean.OTHER_MAINS.get(clean.main_content_type(parts) or "")
    macros = clean.macro_parts(parts)
    if kind in clean.MACRO_TYPES or macros:
        found = f" ({', '.join(macros)})" if macros else ""
        problems.append(TemplateProblem("pakket", "", "", f"het sjabloon bevat macro's{found}; die worden geweigerd: "
                                        "sla het op als Word-document (.docx) zonder macro's"))
    elif kind:
        messages.append(Message("pakket", f"het sjabloon is opgeslagen als {kind}; de afspraken worden gewone .docx-bestanden"))
    for target in external_targets(parts, TemplateError):
        problems.append(TemplateProblem(
            target.part or "pakket", "", "", f"relatie {target.rel_id} ({target.kind}) wijst naar een plek buiten het "
            f"bestand ({target.target}); Word zoekt bij het openen van elke afspraak contact met die plek (en biedt op "
            "Windows de inloggegevens van de gebruiker aan): neem de afbeelding of het bestand op in het sjabloon "
            "(Word: Invoegen, niet Koppelen) of haal de verwijzing weg"))
    return problems


def _revisions(root: etree._Element, label: Labeller) -> list[TemplateProblem]:
    """One problem per paragraph with tracked changes, quoting what was inserted or deleted."""
    found: dict[tuple[str, str], list[str]] = {}
    for change in clean.revisions(root):
        where = label(change)
        kind = etree.QName(change).localname
        if kind in ("ins", "moveTo"):
            what = "ingevoegd «" + "".join(t.text or "" for t in change.iter(w("t"))).strip() + "»"
        elif kind in ("del", "moveFrom"):
            what = "verwijderd «" + "".join(t.text or "" for t in change.iter(w("delText"), w("t"))).strip() + "»"
        else:
            what = "opmaak gewijzigd"
        if what.endswith("«»"):
            what = "alineateken " + what.split()[0]
        found.setdefault(where, [])
        if what not in found[where]:
            found[where].append(what)
    return [TemplateProblem(part, first, "", f"bijgehouden wijziging ({'; '.join(whats)}): accepteer of weiger eerst "
                            "alle wijzigingen (Word: Controleren)") for (part, first), whats in found.items()]


def _swallowed(paragraph: etree._Element, tag: Tag, part: str, first: str) -> list[TemplateProblem]:
    """A {%p %}, {%tr %} or {%tc %} tag stands for its whole paragraph, row or cell: other text there is lost."""
    assert tag.prefix is not None  # only {%p %}, {%tr %} and {%tc %} tags are asked about
    local, noun = _CONTAINER[tag.prefix]
    container = paragraph if local == "p" else next((a for a in paragraph.iterancestors(w(local))), None)
    if container is None:
        return [TemplateProblem(part, first, tag.text, f"deze tag hoort in een {noun}, maar staat niet in een tabel")]
    paragraphs = [paragraph] if local == "p" else list(container.iter(w("p")))
    texts = [joined_text(p) for p in paragraphs]
    index = paragraphs.index(paragraph)
    texts[index] = texts[index][: tag.start] + texts[index][tag.end:]
    rest = " ".join(" ".join(texts).split())
    if not rest:
        return []
    return [TemplateProblem(part, first, tag.text, f"deze tag vervangt zijn hele {noun}; deze tekst zou verdwijnen: "
                            f"«{rest}» (zet de tag in een eigen {noun})")]


def _kind(name: str) -> str:
    return re.sub(r"\d+$", "", name.removeprefix("word/").removesuffix(".xml"))


def _reading_order(name: str) -> tuple[int, str]:
    return (list(_KIND).index(_kind(name)), name)


def _labeller(name: str, root: etree._Element, same_kind: int) -> Labeller:
    """A function giving (part, first words of the paragraph) for any element of this part."""
    kind = _kind(name)
    number = re.search(r"(\d+)\.xml$", name)
    base = _KIND[kind] + (f" {number.group(1)}" if number and same_kind > 1 else "")
    notes = [n for n in root.iterchildren(w("footnote"), w("endnote")) if n.get(w("type")) in (None, "normal")]
    ordinal = {note: index for index, note in enumerate(notes, 1)}

    def label(element: etree._Element) -> tuple[str, str]:
        paragraph = element if element.tag == w("p") else next(element.iterancestors(w("p")), None)
        if paragraph is None:  # a mark between paragraphs: the paragraph after it (or inside it)
            paragraph = next(element.itersiblings(w("p")), None)
            if paragraph is None:
                paragraph = next(element.iter(w("p")), None)
        part = base
        if kind in ("footnotes", "endnotes"):
            note = next((a for a in element.iterancestors(w("footnote"), w("endnote"))), None)
            part = f"{base} {ordinal.get(note, '?')}"
        return part, first_words(paragraph)

    return label


def first_words(paragraph: etree._Element | None) -> str:
    if paragraph is None:
        return ""
    words = "".join(t.text or "" for t in own_texts(paragraph)).split()
    if not words:
        words = "".join(t.text or "" for t in paragraph.iter(w("delText"))).split()
    return " ".join(words[:FIRST_WORDS]) + ("…" if len(words) > FIRST_WORDS else "")


def _where(part: str, first: str) -> str:
    return part + (f", alinea «{first}»" if first else "")
