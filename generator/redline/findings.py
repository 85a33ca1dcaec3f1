"""What the redline cannot show as a tracked change, found and said, so that nothing is silently NEW.

The stories (body, headers, footers, notes) are compared and tracked. Outside them a difference can
remain that no revision can carry; each kind found here is one Dutch message for the user:
- a part behind an object (a chart's data, a SmartArt diagram, a picture, an embedded file) that
  differs between the versions while the object in the text is the same: Word has no tracked change
  for what is inside a chart or a picture;
- the properties of a content control (its title, tag, kind, lock) that differ while its content
  is compared as usual;
- sections of OLD that NEW no longer has (sections.py).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Mapping

from lxml import etree

from ..ooxml.names import w
from ..ooxml.package import parse_xml
from ..ooxml.stamp import is_version_mark
from .state import Comparison

# Folders of the parts behind objects, and what a user calls them.
_OBJECT_FOLDERS = {"word/charts/": "grafiek", "word/diagrams/": "SmartArt-diagram", "word/media/": "afbeelding",
                   "word/embeddings/": "ingesloten object"}
_STORY_NAMES = ("document", "header", "footer", "footnotes", "endnotes")
_VOLATILE = re.compile(rb'\s[\w.-]+:(?:id|val)="-?\d+"|\sw:rsid\w*="[^"]*"')


def _object_kind(name: str) -> str | None:
    for folder, kind in _OBJECT_FOLDERS.items():
        if name.startswith(folder) and "/_rels/" not in name:
            return kind
    return None


def changed_objects(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[str]:
    """Parts behind objects that both versions have under one name, with other content."""
    found = []
    for name in sorted(set(old) & set(new)):
        kind = _object_kind(name)
        if kind is not None and old[name] != new[name]:
            found.append(f"{kind} {posixpath.basename(name)} is gewijzigd; de wijziging erin is niet als "
                         "bijgehouden wijziging te tonen (het redline-document toont de nieuwe versie)")
    return found


def _control_properties(root: etree._Element) -> Counter:
    counter: Counter = Counter()
    for props in root.iter(w("sdtPr")):
        if is_version_mark(props.getparent()):  # the engine's own version mark (stamp.py): its properties are fixed
            continue
        counter[_VOLATILE.sub(b"", etree.tostring(props, with_tail=False))] += 1
    return counter


def _stories(parts: Mapping[str, bytes]) -> list[str]:
    return sorted(n for n in parts if n.startswith("word/") and n.endswith(".xml") and "/" not in n[5:]
                  and posixpath.basename(n).startswith(_STORY_NAMES))


def changed_controls(c: Comparison) -> list[str]:
    """Content controls whose properties differ (their content is compared as any other)."""
    old: Counter[str] = Counter()
    new: Counter[str] = Counter()
    for counter, parts in ((old, c.old_parts), (new, c.new_parts)):
        for name in _stories(parts):
            if b"sdtPr" in parts[name]:  # most documents have none: no second parse for them
                counter.update(_control_properties(parse_xml(parts[name], name)))
    # A control that comes or goes is tracked with its content; one whose properties changed is
    # missing on both sides.
    count = min(sum((old - new).values()), sum((new - old).values()))
    if not count:
        return []
    return [f"{count} inhoudsbesturingselement(en) met gewijzigde eigenschappen (titel, tag, soort, "
            "vergrendeling); die eigenschappen zijn niet als bijgehouden wijziging te tonen"]


def findings(c: Comparison) -> list[str]:
    return changed_objects(c.old_parts, c.new_parts) + changed_controls(c)

