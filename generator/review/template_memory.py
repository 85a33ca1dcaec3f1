"""What each template used said, kept in the output folder by the template's hash, so that a later
comparison can say which sentences of the template changed (review.summary)."""

from __future__ import annotations

import json
from pathlib import Path

from ..ooxml.canonical import reader_texts
from ..store.write import write_atomic

TEMPLATES = ".sjablonen"  # paragraph texts of each template used, by hash


def template_texts(template_parts: dict[str, bytes]) -> list[str]:
    return [text for text in reader_texts(template_parts) if text.strip()]


def _file(out: Path, template_hash: str | None) -> Path:
    return out / TEMPLATES / f"{template_hash}.json"


def is_remembered(out: Path, template_hash: str) -> bool:
    return _file(out, template_hash).exists()


def remember_template(out: Path, template_hash: str, texts: list[str]) -> None:
    """Keep the texts (`template_texts`) of the template with this hash."""
    write_atomic(_file(out, template_hash), json.dumps(texts, ensure_ascii=False, indent=0).encode("utf-8"))


def remembered(out: Path, template_hash: str | None) -> list[str] | None:
    try:
        return json.loads(_file(out, template_hash).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None
