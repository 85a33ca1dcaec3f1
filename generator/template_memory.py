"""What each template used said, kept in the output folder by the template's hash, so that a later
comparison can say which sentences of the template changed (review.summary)."""

from __future__ import annotations

import json
from pathlib import Path

from .ooxml.canonical import reader_texts
from .write import write_atomic

TEMPLATES = ".sjablonen"  # paragraph texts of each template used, by hash


def template_texts(template_parts: dict[str, bytes]) -> list[str]:
    return [text for text in reader_texts(template_parts) if text.strip()]


def remember_template(out: Path, template_hash: str, template_parts: dict[str, bytes]) -> None:
    path = out / TEMPLATES / f"{template_hash}.json"
    if not path.exists():
        write_atomic(path, json.dumps(template_texts(template_parts), ensure_ascii=False, indent=0).encode("utf-8"))


def remembered(out: Path, template_hash: str | None) -> list[str] | None:
    try:
        return json.loads((out / TEMPLATES / f"{template_hash}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
