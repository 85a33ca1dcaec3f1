"""One agreement, from validated data to the bytes of its .docx: compute → context → render → finish."""

from __future__ import annotations

from . import context
from ..compute import agreement
from ..data.models import Gebied, Landelijk
from ..ooxml.finish import finish
from ..ooxml.package import zip_bytes
from .render import Template


def build(gebied: Gebied, landelijk: Landelijk, template: Template, revision: bool = False) -> bytes:
    """`revision`: a version after a signed one without a new signing date (context.build)."""
    figures = agreement(gebied, landelijk)
    built = context.build(gebied, figures, landelijk, revision)
    parts = template.render(context.marked(gebied, built, revision))
    parts = finish(
        parts,
        title=context.title(gebied),
        subject=context.subject(landelijk),
        date=landelijk.ondertekening.datum,
        creator=f"Ministerie van {landelijk.ministerie.naam}",
    )
    return zip_bytes(parts)
