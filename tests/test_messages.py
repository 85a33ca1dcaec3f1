"""Findings that are not errors travel as values (Result(value, messages)) up to the CLI and into the
change summary: comments left out, tags read from split runs, fallbacks taken. Never printed by the
library, never dropped."""

from __future__ import annotations

import datetime

from generator import batch
from generator.document import agreement as document
from generator.ooxml.package import read_parts, zip_bytes
from generator.redline import align, redline_file, redline_with_messages
from generator.document.render import Template

from . import template_edits as edits
from .conftest import TEMPLATE
from .test_template_check import run_cli

COMMENT = "Intern: nog afstemmen met Financiën"
DATE = datetime.datetime(2025, 6, 24, tzinfo=datetime.timezone.utc)


def test_template_findings_reach_the_batch_summary_and_the_change_summary(tmp_path, data_copy, monkeypatch, capsys):
    out = tmp_path / "out"
    paths = batch.gebied_files(data_copy, ["amsterdam-nieuw-west"], everything=False)
    batch.run(data_copy, paths, TEMPLATE, out)
    edited = edits.edited(tmp_path / "t.docx", edits.add_comment("De afspraken voor alle NPLV-gebieden samen", COMMENT),
                          edits.on_xml("word/document.xml", edits.split_tag("{{ orv.incl_streep }}")),
                          edits.on_text("word/document.xml", "toegewijde", "hechte"))
    status, stdout, _ = run_cli(monkeypatch, capsys, "generate", "amsterdam-nieuw-west", "--data", str(data_copy),
                                "--out", str(out), "--template", str(edited))
    assert status == 0
    assert f"melding: hoofdtekst, alinea «De afspraken voor alle NPLV-gebieden samen, tellen op…»: opmerking van " \
           f"Redacteur «{COMMENT}» blijft in het sjabloon en komt niet in de afspraken" in stdout
    assert "{{ orv.incl_streep }} stond in 5 stukken" in stdout
    summary = (out / "amsterdam-nieuw-west" / "amsterdam-nieuw-west-v2-wijzigingen.md").read_text(encoding="utf-8")
    notes = summary.split("## Meldingen", 1)[1]
    assert COMMENT in notes and "stond in 5 stukken" in notes
    assert "«toegewijde» → «hechte»" in summary.split("## Meldingen", 1)[0]


def test_a_coarse_pairing_is_reported(amsterdam, landelijk, monkeypatch):
    template = Template(TEMPLATE)
    old = read_parts(document.build(amsterdam, landelijk, template))
    changed = amsterdam.model_copy(update={"programma": "Een geheel nieuwe tekst.\n\nMet een tweede alinea."})
    new = read_parts(document.build(changed, landelijk, template))
    assert redline_with_messages(old, new, "Jurist", DATE).messages == ()
    monkeypatch.setattr(align, "MAX_PAIRING_CELLS", 0)
    (message,) = redline_with_messages(old, new, "Jurist", DATE).messages
    assert "grof gekoppeld" in message.text


def test_an_unreadable_document_date_is_reported(tmp_path, amsterdam, landelijk, monkeypatch, capsys):
    parts = read_parts(document.build(amsterdam, landelijk, Template(TEMPLATE)))
    del parts["docProps/core.xml"]
    undated = tmp_path / "zonder-datum.docx"
    undated.write_bytes(zip_bytes(parts))
    (message,) = redline_file(undated, undated, tmp_path / "r.docx")
    assert "1 januari 1970" in message.text and str(undated) in str(message)
    status, stdout, _ = run_cli(monkeypatch, capsys, "redline", str(undated), str(undated), "-o", str(tmp_path / "r2.docx"))
    assert status == 0 and "melding" in stdout and "geen leesbare datum" in stdout
