"""The one module that knows docxtpl: a Word template, compiled once, rendered per document.

docxtpl's own `DocxTemplate.render` loads the template with python-docx, compiles
the Jinja source and saves through python-docx for every document. We use
docxtpl for what it defines — the tag syntax in Word ({%p %}, {%tr %}, {{r }})
and RichText — but compile each templated part once and render straight to
part bytes, which is what makes a batch of 19 (or 1.000) cheap.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..defaults import TEMPLATE_FILE  # noqa: F401  (used as render.TEMPLATE_FILE; its home is defaults.py)
from ..errors import TemplateError
from ..template_check.jinja import environment
from ..template_check.words import FILLING_IN, dutch
from .prose import Block

if TYPE_CHECKING:
    from docxtpl import RichText

# Parts of the package that may hold Jinja tags.
_TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


class Template:
    """A Word template whose Jinja parts are compiled once."""

    def __init__(self, path: Path, contract: type | None = None):
        """`contract`: the TypedDict of the context it is rendered with (default: the agreement's context.Context)."""
        from ..template_check import prepare

        self.path = path
        # Checked first: every problem at once, located, before anything is compiled or rendered.
        prepared = prepare(path, contract)
        self.parts, self.messages = prepared.value, prepared.messages
        # docxtpl's tag clean-up (joining {%p %} etc. to their paragraph) lives on its template class.
        # Imported here: checking a template does not need docxtpl.
        from docxtpl import DocxTemplate

        self._docxtpl = DocxTemplate(path)
        self._env = environment()
        self._compiled: dict[str, jinja2.Template] = {}
        for name, data in self.parts.items():
            if _TEMPLATED.match(name):
                source = self._source(data)
                try:
                    self._compiled[name] = self._env.from_string(source)
                except jinja2.TemplateSyntaxError as exc:
                    raise TemplateError(f"{path}: {name}: fout in sjablooncode: {dutch(exc.message)} — {_near(source, exc.lineno)}") from None

    def _source(self, data: bytes) -> str:
        source = _unescape_tags(self._docxtpl.patch_xml(data.decode("utf-8")))
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)

    def undeclared_names(self) -> set[str]:
        """Top-level names the template uses, to check against the context."""
        from jinja2 import meta

        names: set[str] = set()
        for name, data in self.parts.items():
            if _TEMPLATED.match(name):
                names |= meta.find_undeclared_variables(self._env.parse(self._source(data)))
        return names

    def render(self, context: Mapping[str, Any]) -> dict[str, bytes]:
        values = _for_docxtpl(context)
        parts = dict(self.parts)
        for name, compiled in self._compiled.items():
            try:
                xml = compiled.render(values)
            except jinja2.UndefinedError as exc:
                raise TemplateError(f"{self.path}: {name}: onbekende naam in het sjabloon: {dutch(exc.message)}") from None
            except jinja2.exceptions.SecurityError:
                raise TemplateError(f"{self.path}: {name}: het sjabloon probeert iets buiten de gegevens van de "
                                    "afspraken te bereiken; dat wordt geweigerd") from None
            except Exception as exc:  # whatever a tag does at render time is the template's problem, not a crash
                raise TemplateError(f"{self.path}: {name}: fout bij het invullen van het sjabloon: {dutch(str(exc), FILLING_IN)}") from None
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            parts[name] = _resolve_listing(self._docxtpl, xml).encode("utf-8")
        return parts


_LISTING_CHARACTERS = re.compile(r"[\t\n\a\f]")


def _resolve_listing(docxtpl: Any, xml: str) -> str:
    """docxtpl's resolve_listing: a tab, newline, \\a or \\f in a paragraph's text becomes a tab, a line
    break, a new paragraph or a page break. It only ever changes a paragraph (from the first <w:p on) that
    holds one of those characters, and scanning every run for them is most of a render's time, so a part
    without any is left as it is, which is what resolve_listing would return."""
    start = xml.find("<w:p")
    if start < 0 or not _LISTING_CHARACTERS.search(xml, start):
        return xml
    return docxtpl.resolve_listing(xml)


_TAG_SOURCE = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)


def _unescape_tags(source: str) -> str:
    """Jinja reads a tag's characters, not their XML escapes (&amp; &lt; &quot; ... inside a tag)."""
    return _TAG_SOURCE.sub(lambda m: html.unescape(m.group()), source)


def _near(source: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    text = re.sub(r"<[^>]+>", "", source.splitlines()[lineno - 1] if lineno <= len(source.splitlines()) else "")
    return f"bij: {text.strip()[:80]!r}"


def rich_text(block: Block) -> RichText:
    from docxtpl import RichText

    text = RichText()
    for run in block.runs:
        text.add(run.text, bold=run.bold or None, italic=run.italic or None)
    return text


def _for_docxtpl(value: Any) -> Any:
    """The context with prose blocks turned into docxtpl RichText ({{r blok.tekst }})."""
    if isinstance(value, Block):
        return rich_text(value)
    if isinstance(value, Mapping):
        return {k: _for_docxtpl(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_for_docxtpl(v) for v in value]
    assert not is_dataclass(value), f"unformatted value in the context: {value!r}"
    return value
