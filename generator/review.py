"""The files for legal review that come with version N>1: the redline and the summary of changes."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from . import changes
from . import formatting as fmt
from .compute import agreement
from .models import Gebied, Landelijk
from .ooxml.package import read_parts
from .ooxml.canonical import reader_texts
from .write import write_atomic

AUTHOR = "afspraken (VRO)"
TEMPLATES = ".sjablonen"  # paragraph texts of each template used, by hash, to say what changed in it


def template_texts(template_parts: dict[str, bytes]) -> list[str]:
    return [text for text in reader_texts(template_parts) if text.strip()]


def remember_template(out: Path, template_hash: str, template_parts: dict[str, bytes]) -> None:
    path = out / TEMPLATES / f"{template_hash}.json"
    if not path.exists():
        write_atomic(path, json.dumps(template_texts(template_parts), ensure_ascii=False, indent=0).encode("utf-8"))


def _remembered(out: Path, template_hash: str | None) -> list[str] | None:
    try:
        return json.loads((out / TEMPLATES / f"{template_hash}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def summary(title: str, old: dict[str, Any], new: dict[str, Any], out: Path) -> str:
    """The Markdown summary of what in the inputs caused the new version."""
    gebied = changes.data_changes(old["gebied"], new["gebied"])
    landelijk = changes.data_changes(old["landelijk"], new["landelijk"], prefix="Landelijk")
    template: list[str] = []
    if old.get("sjabloon") != new.get("sjabloon"):
        before, after = _remembered(out, old.get("sjabloon")), _remembered(out, new.get("sjabloon"))
        template = changes.text_changes(before, after) if before is not None and after is not None else ["het sjabloon is gewijzigd"]
    figures = _figure_changes(old, new)
    return changes.markdown(title, gebied, landelijk, template, figures)


def _figure_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    try:
        before = agreement(Gebied.model_validate(old["gebied"], strict=False), Landelijk.model_validate(old["landelijk"], strict=False))
    except Exception:  # an old snapshot from an earlier schema: the figures cannot be recomputed
        return []
    after = agreement(Gebied.model_validate(new["gebied"], strict=False), Landelijk.model_validate(new["landelijk"], strict=False))
    lines = []
    for label, a, b in (
        ("Realisatiestimulans (bandbreedte)", before.realisatiestimulans, after.realisatiestimulans),
        ("Opslag ORV", before.orv_incl, after.orv_incl),
        ("Capaciteit", before.capaciteit_incl, after.capaciteit_incl),
        ("Wbi", before.wbi_rijksbijdrage, after.wbi_rijksbijdrage),
        ("Totaal rijksbijdrage", before.totaal, after.totaal),
    ):
        if a != b:
            show = (lambda r: f"{fmt.bedrag(r.min)} / {fmt.bedrag(r.max)}") if hasattr(a, "min") else fmt.bedrag
            lines.append(f"{label}: {show(a)} → {show(b)}")
    return lines


def redline_date(landelijk: Landelijk) -> datetime.datetime:
    """Revisions are dated from the data (the agreement's date), so a redline is reproducible."""
    d = landelijk.ondertekening.datum
    return datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc)


def files(slug: str, number: int, title: str, old_snapshot: dict, new_snapshot: dict, previous: bytes, current: bytes,
          landelijk: Landelijk, out: Path) -> dict[str, bytes]:
    from .redline import redline

    marked = redline(read_parts(previous), read_parts(current), AUTHOR, redline_date(landelijk))
    from .ooxml.package import zip_bytes

    text = summary(f"Wijzigingen in {title}, versie {number - 1} → {number}", old_snapshot, new_snapshot, out)
    return {
        f"{slug}-v{number}-wijzigingen.docx": zip_bytes(marked),
        f"{slug}-v{number}-wijzigingen.md": text.encode("utf-8"),
    }
