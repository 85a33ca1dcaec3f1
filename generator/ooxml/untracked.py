"""Edits made without tracking them (a reader who typed with "Wijzigingen bijhouden" off): the returned copy,
its tracked changes rejected, compared with the stored version it came from, paragraph by paragraph and then
word by word. Each difference becomes an `edits.Edit` (tracked=False) or `edits.Joint`, with the bookmarks
it stands inside: the returned copy's own where they survived (a re-save keeps them), else those around the
same place in the stored version, so it is traced as a tracked change would be.
"""

from __future__ import annotations

import copy
import difflib
import re
from dataclasses import dataclass, field

from lxml import etree

from .edits import Edit, Joint, stories
from .marks import MARK_PREFIX
from .names import w
from .package import parse_xml
from .resolve import accept_all, reject_all
from .text import CHARACTERS

END = "\x00"  # a paragraph's end, one character of the compared text
_TOKEN = re.compile(r"\w+|\s|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Char:
    """One character of a story: the paragraph (from 1) it stands in and the bookmarks around it."""

    char: str
    paragraph: int
    marks: tuple[str, ...]
    in_table: bool


@dataclass
class Found:
    edits: list[Edit] = field(default_factory=list)
    joints: list[Joint] = field(default_factory=list)
    spans: dict[str, tuple[str, str]] = field(default_factory=dict)  # per bookmark: (was, wordt) as typed over


def _paragraphs(root: etree._Element) -> list[list[Char]]:
    """Per paragraph its characters (field results left out: a word processor updates them on its own), each
    followed by END."""
    names: dict[str, str] = {}
    open_marks: list[str] = []
    out: list[list[Char]] = []
    fields: list[bool] = []  # per complex field open here: whether its result has begun
    for paragraph in root.iter(w("p")):
        chars: list[Char] = []
        in_table = any(a.tag == w("tbl") for a in paragraph.iterancestors())
        number = len(out) + 1
        for element in paragraph.iter(w("bookmarkStart"), w("bookmarkEnd"), w("t"), w("br"), w("fldChar"),
                                      w("fldSimple"), *CHARACTERS):
            tag, key = element.tag, element.get(w("id")) or ""
            if tag == w("bookmarkStart"):
                names[key] = element.get(w("name")) or ""
                open_marks.append(key)
            elif tag == w("bookmarkEnd"):
                if key in open_marks:
                    open_marks.remove(key)
            elif tag == w("fldChar"):
                kind = element.get(w("fldCharType"))
                if kind == "begin":
                    fields.append(False)
                elif kind == "separate" and fields:
                    fields[-1] = True  # its result follows, up to its end
                elif kind == "end" and fields:
                    fields.pop()
            elif any(fields) or tag == w("fldSimple") or any(a.tag == w("fldSimple") for a in element.iterancestors()):
                continue
            elif tag == w("tab") and element.getparent() is not None and element.getparent().tag == w("tabs"):
                continue
            elif tag == w("br") and element.get(w("type")) in ("page", "column"):
                continue  # layout, not text: a word processor may move a page break into the paragraph before
            else:
                text = element.text or "" if tag == w("t") else "\n" if tag == w("br") else CHARACTERS[tag]
                marks = tuple(names[k] for k in open_marks)
                chars.extend(Char(c, number, marks, in_table) for c in text)
        chars.append(Char(END, number, tuple(names[k] for k in open_marks), in_table))
        out.append(chars)
    return out


def _text(chars: list[Char]) -> str:
    return "".join(c.char for c in chars if c.char != END)


def _tokens(chars: list[Char]) -> tuple[list[str], list[int]]:
    """The words, spaces and signs of the text, and where each starts."""
    text = "".join(c.char for c in chars)
    found = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    return [t for t, _ in found], [s for _, s in found] + [len(text)]


def _common(marks: list[tuple[str, ...]]) -> tuple[str, ...]:
    if not marks:
        return ()
    return tuple(m for m in marks[0] if all(m in other for other in marks[1:]))


def _values(marks: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(m for m in marks if m.startswith(MARK_PREFIX))


def _runs(chars: list[Char], marks: list[tuple[str, ...]]) -> list[tuple[list[Char], tuple[str, ...]]]:
    """The characters cut where the bookmarks around them change."""
    runs: list[tuple[list[Char], tuple[str, ...]]] = []
    for char, around in zip(chars, marks):
        if runs and runs[-1][1] == around:
            runs[-1][0].append(char)
        else:
            runs.append(([char], around))
    return runs


class _Comparison:
    """One story compared; the differences added to `found`."""

    def __init__(self, part: str, stored: list[list[Char]], returned: list[list[Char]], found: Found):
        self.part, self.stored, self.returned, self.found = part, stored, returned, found
        self.group = 0

    def run(self) -> None:
        matcher = difflib.SequenceMatcher(None, [_text(p) for p in self.stored], [_text(p) for p in self.returned],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                _Block(self, [c for p in self.stored[i1:i2] for c in p], [c for p in self.returned[j1:j2] for c in p],
                       j1 + 1)

    def said(self, number: int) -> str:
        return _text(self.returned[number - 1]) if 0 < number <= len(self.returned) else ""

    def text(self, number: int) -> str:
        return _text(self.stored[number - 1])


class _Block:
    """Paragraphs of the stored version (`old`) that read otherwise in the returned copy (`new`), word by word."""

    def __init__(self, story: _Comparison, old: list[Char], new: list[Char], at: int):
        self.story, self.old, self.new = story, old, new
        self.at = at  # the returned paragraph the block starts at (where paragraphs deleted whole stood)
        old_tokens, self.old_at = _tokens(old)
        new_tokens, self.new_at = _tokens(new)
        self.opcodes = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
        self.kept_old, self.kept_new = [False] * len(old), [False] * len(new)
        for tag, a1, a2, b1, b2 in self.opcodes:
            if tag == "equal":
                self.kept_old[self.old_at[a1]:self.old_at[a2]] = [True] * (self.old_at[a2] - self.old_at[a1])
                self.kept_new[self.new_at[b1]:self.new_at[b2]] = [True] * (self.new_at[b2] - self.new_at[b1])
        self.effective: dict[int, tuple[str, ...]] = {}  # per inserted character (index in `new`) its bookmarks
        self.gone = self.deleted_whole()
        self.merged()
        for tag, a1, a2, b1, b2 in self.opcodes:
            if tag != "equal":
                self.stroke(self.old_at[a1], self.old_at[a2], self.new_at[b1], self.new_at[b2])
        self.spans()

    def deleted_whole(self) -> set[int]:
        """The stored paragraphs of which nothing is left, not even their end (else retyped), recorded as deleted
        whole; an empty one too (a paragraph end is gone)."""
        by_paragraph: dict[int, list[int]] = {}
        for index, char in enumerate(self.old):
            by_paragraph.setdefault(char.paragraph, []).append(index)
        gone = set()
        for number, indexes in by_paragraph.items():
            chars = [self.old[i] for i in indexes]
            if not any(self.kept_old[i] for i in indexes):
                gone.add(number)
                holds = tuple(dict.fromkeys(m for c in chars for m in c.marks))
                self.story.found.joints.append(Joint("verwijderd", self.story.part, number, _text(chars), holds,
                                                     tracked=False))
        return gone

    def merged(self) -> None:
        """A paragraph end of the stored version gone while both paragraphs stay: merged."""
        for index, char in enumerate(self.old):
            if char.char != END or self.kept_old[index]:
                continue
            following = self.old[index + 1].paragraph if index + 1 < len(self.old) else None
            if following is not None and not {char.paragraph, following} & self.gone:
                numbers = (char.paragraph, following)
                holds = tuple(dict.fromkeys(m for n in numbers for c in self.story.stored[n - 1] for m in c.marks))
                self.story.found.joints.append(Joint(
                    "samengevoegd", self.story.part, char.paragraph,
                    " ¶ ".join(self.story.text(n) for n in numbers), holds, tracked=False))

    def stroke(self, s1: int, s2: int, r1: int, r2: int) -> None:
        """One difference: the stored characters s1..s2 read as the returned r1..r2."""
        self.story.group -= 1  # negative: never the group of a tracked change (edits.read counts from 0)
        # where the returned copy lost the bookmarks: those of the stored text typed over, or around the place
        neighbours = [self.old[i].marks for i in (s1 - 1, s2) if 0 <= i < len(self.old)]
        place = _common([c.marks for c in self.old[s1:s2]]) if s2 > s1 else _common(neighbours)
        olds = [i for i in range(s1, s2) if self.old[i].char != END and self.old[i].paragraph not in self.gone]
        news = [i for i in range(r1, r2) if self.new[i].char != END]
        # the words both sides share at their start and end, once a paragraph end is left out, are no edit
        # ("b¶C" read as "bC": only merged)
        for end in (0, -1):
            while olds and news:
                mine = _TOKEN.findall("".join(self.old[i].char for i in olds))
                theirs = _TOKEN.findall("".join(self.new[i].char for i in news))
                if mine[end] != theirs[end]:
                    break
                for _ in mine[end]:
                    self.effective[news[end]] = _values(self.new[news[end]].marks) or self.old[olds.pop(end)].marks
                    news.pop(end)
        deleted = [self.old[i] for i in olds]
        for chars, marks in _runs(deleted, [c.marks for c in deleted]):
            self.edit("verwijderd", chars, marks, self.new[r1].paragraph if r1 < len(self.new) else
                      self.new[-1].paragraph if self.new else self.at)
        for i in news:
            self.effective[i] = self.new[i].marks if _values(self.new[i].marks) else place
        for chars, marks in _runs([self.new[i] for i in news], [self.effective[i] for i in news]):
            self.edit("ingevoegd", chars, marks, chars[0].paragraph)
        for i in range(r1, r2):
            own = [j for j in range(i) if self.new[j].paragraph == self.new[i].paragraph]
            # a paragraph end typed inside a paragraph that was there, or an empty paragraph added
            if self.new[i].char == END and (i + 1 < len(self.new) and any(self.kept_new[j] for j in own) or not own):
                cut = _values(self.new[i].marks) or _values(place)
                self.story.found.joints.append(Joint("gesplitst", self.story.part, self.new[i].paragraph,
                                                     self.story.said(self.new[i].paragraph), cut, tracked=False))

    def edit(self, kind: str, chars: list[Char], marks: tuple[str, ...], returned_paragraph: int) -> None:
        self.story.found.edits.append(Edit(
            "ingevoegd" if kind == "ingevoegd" else "verwijderd", _text(chars), "", self.story.part,
            chars[0].paragraph if kind == "ingevoegd" else returned_paragraph, self.story.said(returned_paragraph),
            marks, chars[0].in_table, self.story.group, tracked=False))

    def spans(self) -> None:
        """Per bookmark of the stored text the text it had and has: what was kept and what was typed inside."""
        for name in dict.fromkeys(m for c in self.old for m in _values(c.marks)):
            was = "".join(c.char for c in self.old if name in c.marks and c.char != END)
            wordt: list[str] = []
            for tag, a1, a2, b1, b2 in self.opcodes:
                if tag == "equal":
                    wordt.extend(c.char for c in self.old[self.old_at[a1]:self.old_at[a2]]
                                 if name in c.marks and c.char != END)
                else:
                    wordt.extend(self.new[i].char for i in range(self.new_at[b1], self.new_at[b2])
                                 if name in self.effective.get(i, ()))
            self.story.found.spans[name] = (was, "".join(wordt))


def _counterparts(stored: dict[str, bytes], returned: dict[str, bytes]) -> list[tuple[str, str]]:
    """Each story of the returned copy with the stored one it is: by name, or (a word processor that numbered
    its headers otherwise) the one at the same place among the stories of its kind."""
    def kind(name: str) -> str:
        return re.sub(r"\d+\.xml$", "", name)

    pairs = []
    for part in stories(returned):
        if part in stored:
            pairs.append((part, part))
            continue
        same_kind = [name for name in stories(returned) if kind(name) == kind(part)]
        theirs = [name for name in stories(stored) if kind(name) == kind(part) and name not in returned]
        mine = [name for name in same_kind if name not in stored]
        if mine.index(part) < len(theirs):
            pairs.append((theirs[mine.index(part)], part))
    return pairs


def differences(stored: dict[str, bytes], returned: dict[str, bytes], own_authors: frozenset[str] = frozenset()
                ) -> Found:
    """What the returned copy reads otherwise than the stored version, its tracked changes by `own_authors`
    accepted (a redline: the version is what they lead to) and everyone else's rejected (those are read as
    tracked changes)."""
    found = Found()
    for theirs, part in _counterparts(stored, returned):
        before = _paragraphs(parse_xml(stored[theirs], theirs))
        after = _paragraphs(reject_all(accept_all(copy.deepcopy(parse_xml(returned[part], part)), own_authors)))
        _Comparison(part, before, after, found).run()
    return found
