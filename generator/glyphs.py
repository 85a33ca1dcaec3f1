"""Text that no font can show, found before a PDF/A is made of a document.

LibreOffice draws a character that the document's font lacks with another installed font that has it (and
embeds that font); a character that no installed font has becomes the font's empty box (.notdef), and the
PDF still passes as PDF/A. So every character of the document's text is looked up, once, in fontconfig
(the font list LibreOffice itself uses): one that no font covers is refused, named with its code point
and the place where it stands, and no PDF is made.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Mapping

from .errors import FontError
from .ooxml.text import story_texts

# Characters that are drawn as no glyph at all (spaces, breaks, joiners, soft hyphens) or that LibreOffice
# maps onto another (the non-breaking hyphen): never looked up.
_NOT_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_MAPPED = {"\u2011"}


def story_name(part: str) -> str:
    """The part of the document as a drafter names it."""
    base = part.rsplit("/", 1)[-1]
    for prefix, name in (("header", "koptekst"), ("footer", "voettekst"), ("footnotes", "voetnoten"), ("endnotes", "eindnoten")):
        if base.startswith(prefix):
            return name
    return "hoofdtekst"


def unshown(parts: Mapping[str, bytes]) -> list[str]:
    """Each character of the document's text that no installed font has, once, with where it first stands."""
    if shutil.which("fc-list") is None:
        return []  # no fontconfig: LibreOffice finds its fonts elsewhere, and this check cannot ask
    found: dict[str, str] = {}
    for part, texts in story_texts(parts).items():
        for text in texts:
            for char in text:
                if char in found or char.isascii() or char in _MAPPED or unicodedata.category(char) in _NOT_DRAWN:
                    continue
                if not _covered(char):
                    start = text if len(text) <= 50 else text[:47] + "..."
                    found[char] = f"'{char}' (U+{ord(char):04X}) in de {story_name(part)}, alinea «{start}»"
    return list(found.values())


@functools.cache
def _covered(char: str) -> bool:
    """Whether an installed font has a glyph for `char` (fontconfig's charset of every font)."""
    try:
        done = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return True  # cannot ask: not refused on a guess
    return bool(done.stdout.strip())


def check(parts: Mapping[str, bytes], name: str) -> None:
    """Refuse (FontError) a document with text that would come out as empty boxes in its PDF."""
    missing = unshown(parts)
    if missing:
        raise FontError(f"{name}: geen PDF gemaakt: geen enkel lettertype hier heeft een teken voor "
                        + "; ".join(missing) + ". Het zou als leeg vakje in de PDF staan; haal het teken weg uit de "
                        "gegevens of installeer een lettertype dat het heeft")
