"""Redline: the NEW version of a document with every difference from OLD as native Word revisions.

`redline(old, new, author, date)` works on the parts of two .docx packages and
returns the parts of NEW in which the body, the headers and footers and the
footnotes and endnotes carry tracked changes (`w:ins`/`w:del`, tracked
paragraph marks, tracked table rows), so that Accept All gives NEW and Reject
All gives OLD, in Word and in LibreOffice.

How it compares:
- A story (body, table cell, header, note) is a sequence of blocks: paragraphs,
  tables, content controls. Blocks are aligned on their text with a sequence
  diff; where blocks differ, a paragraph is paired with a similar one (a
  modified paragraph, compared word by word) or else deleted and inserted.
- Paragraphs are compared as tokens: words, numbers with their separators
  (`7.335.000` is one token), whitespace, punctuation, and one token for each
  footnote reference, field character, picture, tab or break. Runs of NEW are
  split at token boundaries and keep their formatting; deleted text is copied
  from OLD with OLD's formatting.
- Text that is the same but formatted differently (bold, italic, font, a
  character style) keeps NEW's formatting and records OLD's (`w:rPrChange`);
  language and proofing marks do not count as formatting.
- Tables are aligned row by row (rows with the same number of cells can pair),
  then cell by cell; rows that come or go are tracked row insertions/deletions.
- Footnotes pair through their references in the body, so renumbered notes are
  still compared with each other; a note whose reference is deleted comes back
  as a deleted note with a fresh id.
- A tracked paragraph mark joins its paragraph to the next one when it goes.
  Where there is no next paragraph to join (before a table, at the end of a
  story), the paired paragraph before the change lends its mark (marks move up
  by one, as Word records such edits) or an old and a new paragraph share one;
  paragraph properties follow the marks (`w:pPrChange` where they differ).
- Deleted content copied from OLD keeps working in NEW: relationships (links,
  pictures) are mapped or copied, bookmark/comment marks and section breaks of
  OLD are left out, drawing ids renewed.
- For LibreOffice (the output is equally valid for Word): notes are ordered and
  numbered by reference, and where LibreOffice would merge two insertions across
  a paragraph mark the marks or the order of a replacement are chosen so that it
  does not (see boundaries.py and blocks.py).
- Equations (OMML) are objects of their paragraph: a changed one is the old one deleted and the new
  one inserted, marked inside the math as Word does (ooxml/math.py).
- Sections pair by position: changed section properties are recorded (`w:sectPrChange`); a header or
  footer only OLD has comes along as a deleted story that NEW's section refers to (sections.py).
- What OLD's content kept in the redline refers to comes along: styles, lists (renumbered where NEW
  uses their numbers otherwise), parts with their own relationships, such as a SmartArt diagram's
  data, layout, colours, style and drawing parts and its pictures (carry.py).
- What differs but cannot be tracked (inside a chart, a diagram or a picture; a content control's
  properties; sections only OLD has) is reported: `redline_with_messages` returns it beside the parts
  (findings.py), and `afspraken redline` prints it. Never silently NEW.
- Change tracking is not switched on in settings.xml: apart from the tracked
  stories, the redline's parts are NEW's, so Accept All gives NEW exactly.

Inputs are untrusted: parts are read with the hardened reader, XML with
`parse_xml` (no DTDs, no entities); anything that is not a readable Word
document is a `CompareError`. Tracked changes already in OLD or NEW are accepted
first: the comparison is between the two final texts.

The stages, one module each: reading.py (parts flattened to characters, tokens and keys), align.py
(which blocks and tokens correspond; pure), boundaries.py (where paragraph marks can go), blocks.py,
paragraphs.py, tables.py, notes.py and headers.py (the revisions, per kind of story; built with
ooxml/revisions.py), sections.py (section properties, headers and footers only OLD has), carry.py
(styles, lists and parts of OLD brought along), findings.py (what could not be tracked), package.py
(relationships, content types, content copied from OLD), and engine.py,
which runs them on one `state.Comparison`, the state of one comparison handed to every stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path

from ..errors import CompareError
from ..ooxml import revisions as rv
from ..defaults import DEFAULT_AUTHOR
from ..ooxml.names import DCTERMS_NS
from ..ooxml.package import parse_xml, read_untrusted, zip_bytes
from ..results import Message, Result
from .engine import compare

FALLBACK_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)

__all__ = ["DEFAULT_AUTHOR", "document_date", "redline", "redline_file", "redline_with_messages", "write_redline"]


def redline(old: Mapping[str, bytes], new: Mapping[str, bytes], author: str, date: datetime) -> dict[str, bytes]:
    """The parts of NEW with every difference from OLD as tracked changes by `author` at `date`
    (`redline_with_messages` also says which fallbacks were taken)."""
    return redline_with_messages(old, new, author, date).value


def redline_with_messages(old: Mapping[str, bytes], new: Mapping[str, bytes], author: str,
                          date: datetime) -> Result[dict[str, bytes]]:
    """The redline's parts, with a message for every fallback taken (a very large change paired coarsely)."""
    return compare(old, new, rv.Revisions.at(author, date))


def redline_file(old: Path, new: Path, out: Path, author: str = DEFAULT_AUTHOR,
                 date: datetime | None = None) -> tuple[Message, ...]:
    """Read two .docx files, write the redline to `out` atomically (a reader never sees half a file);
    the messages of the fallbacks taken, for the caller to show."""
    return write_redline(read_untrusted(Path(old)), read_untrusted(Path(new)), out, author, date, str(new), str(old))


def write_redline(old: Mapping[str, bytes], new: Mapping[str, bytes], out: Path, author: str = DEFAULT_AUTHOR,
                  date: datetime | None = None, new_name: str = "", old_name: str = "") -> tuple[Message, ...]:
    """`redline_file` for two documents already read (`read_untrusted`), so that a caller that looks at
    them further reads each file once; `new_name` names NEW in a message about its date."""
    from ..ooxml.finish import identify
    from ..store.write import write_atomic

    messages: list[Message] = [*external_messages(old, old_name or "OLD"), *external_messages(new, new_name or "NEW")]
    moment = date if date is not None else document_date(new, messages, new_name)
    result = redline_with_messages(old, new, author, moment)
    # identify: the redline gets a w14:docId of its own, not the one of NEW
    write_atomic(Path(out), zip_bytes(identify(result.value)))
    return tuple(messages) + result.messages


def external_messages(parts: Mapping[str, bytes], name: str) -> list[Message]:
    """Every link of a document that Word follows when it opens it (an image on a server, an attached
    template, an OLE link): said, not dropped; the redline of NEW keeps NEW's."""
    from ..ooxml.relationships import external_targets

    return [Message(name, f"{target.part or 'pakket'}: relatie {target.rel_id} ({target.kind}) wijst naar een plek "
                    f"buiten het bestand ({target.target}); Word zoekt bij het openen contact met die plek (op Windows "
                    "met de inloggegevens van de gebruiker)") for target in external_targets(parts)]


def document_date(parts: Mapping[str, bytes], messages: list[Message] | None = None, name: str = "") -> datetime:
    """The document's own date (docProps/core.xml modified, else created): a redline date that is reproducible.
    Without a readable one the revisions are dated 1 januari 1970, and `messages` is told so."""
    moment = _own_date(parts)
    if moment is None:
        moment = FALLBACK_DATE
        if messages is not None:
            messages.append(Message(name, "geen leesbare datum in docProps/core.xml; de wijzigingen zijn gedateerd "
                                    "op 1 januari 1970 (geef --date om een datum te kiezen)"))
    return moment


def _own_date(parts: Mapping[str, bytes]) -> datetime | None:
    data = parts.get("docProps/core.xml")
    if data:
        try:
            root = parse_xml(data, "docProps/core.xml")
        except CompareError:
            return None
        for tag in ("modified", "created"):
            node = root.find(f"{{{DCTERMS_NS}}}{tag}")
            if node is not None and node.text:
                try:
                    moment = datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
                except ValueError:
                    continue
                return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return None
