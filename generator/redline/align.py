"""Alignment, pure: which blocks of OLD and NEW correspond, and which tokens of two paragraphs.

Blocks are aligned on their keys with a sequence diff; within a stretch that
differs, each old block is paired with a similar new one (Dice similarity of
their tokens, above a threshold per kind), keeping the order, or else it is
deleted and the new one inserted. Nothing here changes a document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from difflib import SequenceMatcher

from lxml import etree

from ..results import Message
from .reading import TC, TR, P, Keys

PARAGRAPH_SIMILARITY = 0.5
ROW_SIMILARITY = 0.5
TABLE_SIMILARITY = 0.3
MAX_PAIRING_CELLS = 60_000  # similarity comparisons per replaced stretch before falling back to a cheaper pairing
MAX_TOKEN_PRODUCT = 4_000_000  # beyond this a paragraph is compared as prefix + suffix + one replaced middle


@dataclass
class Action:
    kind: str  # "same" (equal key), "pair" (modified), "del" (only in OLD), "ins" (only in NEW)
    o: etree._Element | None
    n: etree._Element | None
    placed: etree._Element | None = None  # the element in the output

    @property
    def paired(self) -> bool:
        return self.kind in ("same", "pair")

    @property
    def tag(self) -> str:
        element = self.n if self.n is not None else self.o
        assert element is not None  # every action has OLD's block, NEW's, or both
        return str(element.tag)


# --- tokens of two paragraphs --------------------------------------------------------------------

Spans = list[tuple[int, int]]  # each token's (start, end) in its paragraph's text


def cleanup(ops: list[list[Any]], ospans: Spans, nspans: Spans, okeys: list[str], nkeys: list[str]) -> list[list[Any]]:
    """Merge small equal stretches between two changes into one change, so a rewritten phrase reads as one."""
    def width(spans: Spans, i1: int, i2: int) -> int:
        return spans[i2 - 1][1] - spans[i1][0] if i2 > i1 else 0

    changed = True
    while changed and len(ops) >= 3:
        changed = False
        for k in range(1, len(ops) - 1):
            tag, i1, i2, j1, j2 = ops[k]
            before, after = ops[k - 1], ops[k + 1]
            if tag != "equal" or before[0] == "equal" or after[0] == "equal":
                continue
            if any(key.startswith("\x00") or key[:1].isdigit() or key == "€" for key in okeys[i1:i2]):
                continue  # objects and amounts stay visible as unchanged between two changes
            size = width(nspans, j1, j2)
            whitespace = all(key.isspace() for key in okeys[i1:i2])
            left = max(width(ospans, before[1], before[2]), width(nspans, before[3], before[4]))
            right = max(width(ospans, after[1], after[2]), width(nspans, after[3], after[4]))
            if whitespace or size <= min(left, right):
                ops[k - 1:k + 2] = [["replace", before[1], after[2], before[3], after[4]]]
                changed = True
                break
    return ops


def token_opcodes(okeys: list[str], nkeys: list[str], notes: list[Message] | None = None) -> list[list]:
    """Opcodes (as difflib gives them) for two token lists; the common start and end are split off
    first, which makes a local edit in a long paragraph cheap."""
    prefix = 0
    limit = min(len(okeys), len(nkeys))
    while prefix < limit and okeys[prefix] == nkeys[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and okeys[len(okeys) - 1 - suffix] == nkeys[len(nkeys) - 1 - suffix]:
        suffix += 1
    o_mid, n_mid = okeys[prefix:len(okeys) - suffix], nkeys[prefix:len(nkeys) - suffix]
    ops: list[list] = []
    if prefix:
        ops.append(["equal", 0, prefix, 0, prefix])
    if o_mid or n_mid:
        if not o_mid or not n_mid or len(o_mid) * len(n_mid) > MAX_TOKEN_PRODUCT:
            # One side empty, or hostile/enormous paragraphs: the middle is replaced as a whole.
            if o_mid and n_mid and notes is not None:
                notes.append(Message("", f"een zeer lange alinea ({len(o_mid)} en {len(n_mid)} woorden en tekens) is "
                                     "als geheel vervangen in plaats van woord voor woord vergeleken"))
            tag = "replace" if o_mid and n_mid else ("delete" if o_mid else "insert")
            middle: list[list[Any]] = [[tag, 0, len(o_mid), 0, len(n_mid)]]
        else:
            middle = [list(op) for op in SequenceMatcher(None, o_mid, n_mid, autojunk=False).get_opcodes()]
        for tag, i1, i2, j1, j2 in middle:
            ops.append([tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix])
    if suffix:
        ops.append(["equal", len(okeys) - suffix, len(okeys), len(nkeys) - suffix, len(nkeys)])
    merged: list[list] = []
    for op in ops:
        if merged and op[0] == "equal" and merged[-1][0] == "equal":
            merged[-1][2], merged[-1][4] = op[2], op[4]
        else:
            merged.append(op)
    return merged


# --- blocks ----------------------------------------------------------------------------------------

def _dice(a: Counter, b: Counter, na: int, nb: int) -> float:
    if na + nb == 0:
        return 1.0
    if 2 * min(na, nb) < PARAGRAPH_SIMILARITY * 0.5 * (na + nb):  # cannot reach any threshold in use
        return 0.0
    return 2 * sum((a & b).values()) / (na + nb)


def _similarity(keys: Keys, o: etree._Element, n: etree._Element) -> float:
    (a, na), (b, nb) = keys.counter(o), keys.counter(n)
    return _dice(a, b, na, nb)


def _pairable(o: etree._Element, n: etree._Element) -> bool:
    if o.tag != n.tag:
        return False
    if o.tag == TR:
        return sum(1 for c in o if c.tag == TC) == sum(1 for c in n if c.tag == TC)
    return True


def _threshold(el: etree._Element) -> float:
    return {P: PARAGRAPH_SIMILARITY, TR: ROW_SIMILARITY}.get(el.tag, TABLE_SIMILARITY)


def align(keys: Keys, olds: list[etree._Element], news: list[etree._Element],
          notes: list[Message] | None = None) -> list[Action]:
    """The actions that turn the blocks (or rows) `olds` into `news`, in output order."""
    okeys = [keys.key(o) for o in olds]
    nkeys = [keys.key(n) for n in news]
    actions: list[Action] = []
    matcher = SequenceMatcher(None, okeys, nkeys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            actions.extend(Action("same", olds[i], news[j1 + i - i1]) for i in range(i1, i2))
        else:
            actions.extend(_pair_similar(keys, olds[i1:i2], news[j1:j2], notes))
    return actions


def _pair_similar(keys: Keys, olds: list[etree._Element], news: list[etree._Element],
                  notes: list[Message] | None = None) -> list[Action]:
    """Within a stretch that differs, pair each old block with a similar new one, keeping the order."""
    n, m = len(olds), len(news)
    pairs: list[tuple[int, int]] = []
    if n and m:
        if n * m <= MAX_PAIRING_CELLS:
            pairs = _best_pairs(keys, olds, news)
        else:  # enormous stretch: pair along the diagonal only
            if notes is not None:
                notes.append(Message("", f"een zeer grote wijziging ({n} oude en {m} nieuwe alinea's of rijen) is grof "
                                     "gekoppeld: controleer de bijgehouden wijzigingen daar met extra zorg"))
            last = -1
            for i in range(n):
                j = min(m - 1, i * m // n)
                if j > last and _pairable(olds[i], news[j]) and \
                        _similarity(keys, olds[i], news[j]) >= _threshold(olds[i]):
                    pairs.append((i, j))
                    last = j
    actions: list[Action] = []
    i = j = 0
    for pi, pj in pairs + [(n, m)]:
        actions.extend(Action("del", olds[k], None) for k in range(i, pi))
        actions.extend(Action("ins", None, news[k]) for k in range(j, pj))
        if pi < n:
            actions.append(Action("pair", olds[pi], news[pj]))
        i, j = pi + 1, pj + 1
    return actions


def _best_pairs(keys: Keys, olds: list[etree._Element], news: list[etree._Element]) -> list[tuple[int, int]]:
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        o = olds[i - 1]
        threshold = _threshold(o)
        row, above = score[i], score[i - 1]
        for j in range(1, m + 1):
            best = max(above[j], row[j - 1])
            nn = news[j - 1]
            if _pairable(o, nn):
                s = _similarity(keys, o, nn)
                if s >= threshold and above[j - 1] + s > best:
                    best = above[j - 1] + s
                    take[i][j] = True
            row[j] = best
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if take[i][j]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]
