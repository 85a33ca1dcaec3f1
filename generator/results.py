"""Findings that are not errors, carried as values beside a result (like python-mammoth's Result).

Library code never prints: it returns a `Result(value, messages)` and the caller
(in the end the command line) shows the messages. A fallback taken anywhere is
such a message, never swallowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Message:
    """One non-fatal finding: where (the template part and paragraph, a file, ...) and what."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}" if self.where else self.text


@dataclass(frozen=True)
class Result(Generic[T]):
    value: T
    messages: tuple[Message, ...] = field(default_factory=tuple)

    def with_messages(self, more: Iterable[Message]) -> Result[T]:
        return Result(self.value, self.messages + tuple(more))


def unique(messages: Iterable[Message]) -> tuple[Message, ...]:
    """The messages once each, in the order first seen (a template note applies to every gebied)."""
    return tuple(dict.fromkeys(messages))
