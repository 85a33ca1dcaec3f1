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
from .results import Message, Result
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


def summary(title: str, old: dict[str, Any], new: dict[str, Any], out: Path, messages: tuple[Message, ...] = ()) -> Result[str]:
    """The Markdown summary of what in the inputs caused the new version, with the messages of every
    fallback taken (here, in the redline, in reading the template) in it and beside it."""
    found = list(messages)
    gebied = changes.data_changes(old["gebied"], new["gebied"])
    landelijk = changes.data_changes(old["landelijk"], new["landelijk"], prefix="Landelijk")
    template: list[str] = []
    if old.get("sjabloon") != new.get("sjabloon"):
        before, after = _remembered(out, old.get("sjabloon")), _remembered(out, new.get("sjabloon"))
        if before is not None and after is not None:
            template = changes.text_changes(before, after)
        else:
            template = ["het sjabloon is gewijzigd"]
            found.append(Message("samenvatting", "de tekst van het vorige sjabloon is niet bewaard; welke woorden "
                                 "veranderden kan niet worden genoemd (zie de bijgehouden wijzigingen)"))
    figures = _figure_changes(old, new, found)
    found = list(dict.fromkeys(found))
    return Result(changes.markdown(title, gebied, landelijk, template, figures, [str(m) for m in found]), tuple(found))


def _figure_changes(old: dict[str, Any], new: dict[str, Any], messages: list[Message]) -> list[str]:
    try:
        before = agreement(Gebied.model_validate(old["gebied"], strict=False), Landelijk.model_validate(old["landelijk"], strict=False))
    except Exception:  # an old snapshot from an earlier schema: the figures cannot be recomputed
        messages.append(Message("samenvatting", "de bedragen van de vorige versie konden niet opnieuw berekend worden "
                                "(opgeslagen in een oudere vorm); hun gevolgen staan er niet bij"))
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
          landelijk: Landelijk, out: Path, messages: tuple[Message, ...] = ()) -> Result[dict[str, bytes]]:
    """The redline and the summary; `messages` (the template's findings) go into the summary, and come back
    with the redline's own."""
    from .ooxml.finish import identify
    from .ooxml.package import zip_bytes
    from .redline import redline_with_messages

    marked = redline_with_messages(read_parts(previous), read_parts(current), AUTHOR, redline_date(landelijk))
    text = summary(f"Wijzigingen in {title}, versie {number - 1} → {number}", old_snapshot, new_snapshot, out,
                   tuple(messages) + tuple(Message("wijzigingen", m.text) for m in marked.messages))
    return Result({
        # identify: the redline gets a document id of its own, not the one of the version it was made from
        f"{slug}-v{number}-wijzigingen.docx": zip_bytes(identify(marked.value)),
        f"{slug}-v{number}-wijzigingen.md": text.value.encode("utf-8"),
    }, text.messages)
