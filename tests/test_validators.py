"""The validators themselves find real errors: fed broken files, they complain."""

from __future__ import annotations

from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts, serialize, zip_bytes

from .conftest import TEMPLATE
from .validators import integrity_errors, schema_errors


def broken_copy(tmp_path, change):
    parts = read_parts(TEMPLATE.read_bytes())
    root = parse_xml(parts["word/document.xml"])
    change(root)
    parts["word/document.xml"] = serialize(root)
    path = tmp_path / "broken.docx"
    path.write_bytes(zip_bytes(parts))
    return path


def test_schema_validator_reports_an_unknown_element_and_wrong_order(tmp_path):
    def change(root):
        paragraph = next(root.iter(w("p")))
        paragraph.insert(0, paragraph.makeelement(w("bogus"), {}))

    errors = schema_errors([broken_copy(tmp_path, change)])
    assert any("bogus" in e for e in errors), errors


def test_integrity_validator_reports_a_dangling_footnote_and_repeated_revision_ids(tmp_path):
    def change(root):
        paragraph = next(root.iter(w("p")))
        run = paragraph.makeelement(w("r"), {})
        run.append(run.makeelement(w("footnoteReference"), {w("id"): "999"}))
        paragraph.append(run)
        for _ in range(2):
            ins = paragraph.makeelement(w("ins"), {w("id"): "7", w("author"): "a", w("date"): "2025-01-01T00:00:00Z"})
            r = ins.makeelement(w("r"), {})
            r.append(r.makeelement(w("t"), {}))
            r[0].text = "x"
            ins.append(r)
            paragraph.append(ins)

    errors = integrity_errors([broken_copy(tmp_path, change)])
    assert any("FTN001" in e for e in errors) and any("REV001" in e for e in errors), errors
