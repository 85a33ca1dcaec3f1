"""A workbook as LibreOffice prints it: the words of each page with their boxes (pdftotext -bbox)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

A4 = (595, 842)  # points, portrait; either way round


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    @property
    def is_a4(self) -> bool:
        return sorted((round(self.width), round(self.height))) == sorted(A4)


def pages(pdf: Path) -> list[Page]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    found = []
    for page in root.iter("page"):
        words = [Word(w.text or "", float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")), float(w.get("ymax")))
                 for w in page.iter("word")]
        found.append(Page(float(page.get("width")), float(page.get("height")), words))
    return found


def overlapping(page: Page, tolerance: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: their boxes meet across more than `tolerance` points and
    over more than half the height of the smaller (the boxes of two lines of one wrapped cell touch by a
    point or two, as ascenders and descenders do; text printed over text shares its line)."""
    words = sorted(page.words, key=lambda w: w.y0)
    pairs = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.y0 >= a.y1:
                break
            height = min(a.y1 - a.y0, b.y1 - b.y0)
            if min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance and min(a.y1, b.y1) - max(a.y0, b.y0) > height / 2:
                pairs.append((a.text, b.text))
    return pairs


def cut_off(page: Page) -> list[str]:
    """Words that run off the page's edge."""
    return [w.text for w in page.words if w.x1 > page.width + 0.5 or w.x0 < -0.5]


def below(page: Page, first_data_word: str, header_words: list[str]) -> list[str]:
    """Header words that reach down into the first data row (the row starting with `first_data_word`)."""
    data = next(w for w in page.words if w.text == first_data_word)
    headers = [w for w in page.words if w.text in header_words and w.y0 < data.y1]
    assert headers, f"no header words above {first_data_word!r}"
    return [w.text for w in headers if w.y1 > data.y0 + 0.5]
