"""Bold and italic stretches of a paragraph, marked the one way both readers mark them.

Plain Python on purpose: tests/lo_uno.py imports it under LibreOffice's own Python, and
tests/redline_docs.py under the test venv; each reads the formatting its way and hands the pieces here.
"""

from __future__ import annotations

from collections.abc import Iterable


def marked(pieces: Iterable[tuple[str, bool, bool]]) -> str:
    """(text, bold, italic) pieces as one string: "Het is [b]vast[/b] en [i]zeker[/i]." Stretches with the
    same marks join, however the runs are cut; empty pieces count for nothing."""
    stretches: list[list[str]] = []
    for text, bold, italic in pieces:
        if not text:
            continue
        marks = ("b" if bold else "") + ("i" if italic else "")
        if stretches and stretches[-1][0] == marks:
            stretches[-1][1] += text
        else:
            stretches.append([marks, text])
    return "".join(f"[{marks}]{text}[/{marks}]" if marks else text for marks, text in stretches)
