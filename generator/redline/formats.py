"""Formatting as it renders, for the redline: each version's runs and paragraphs resolved through its own
styles (ooxml/canonical.py), so formatting that a re-save moved between a style and the text, or wrote
out where the style already gave it, is no change; a list level is compared by what it looks like."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from ..ooxml.styles import Props, Styles, numbering_levels


class Formats:
    def __init__(self, old: Mapping[str, bytes], new: Mapping[str, bytes]):
        self._sides = {"old": (Styles.of(old), numbering_levels(old)), "new": (Styles.of(new), numbering_levels(new))}
        self._old_roots: list[etree._Element] = []

    def add_old_tree(self, root: etree._Element) -> None:
        self._old_roots.append(root)

    def _side(self, element: etree._Element) -> tuple[Styles, Mapping]:
        root = element.getroottree().getroot()
        return self._sides["old" if any(root is r for r in self._old_roots) else "new"]

    def run(self, run: etree._Element) -> Props:
        return self._side(run)[0].run_in_place(run)

    def paragraph(self, p: etree._Element) -> Props:
        styles, numbering = self._side(p)
        return styles.paragraph_in_place(p, numbering)
