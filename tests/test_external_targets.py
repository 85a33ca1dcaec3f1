"""Links Word follows when it opens a document (an image on file://server/share, an attached template, a frame,
an OLE link, a subdocument): refused in the template, never in the engine's output, said by the redline."""

from __future__ import annotations

import pytest
from lxml import etree

from generator.ooxml.package import read_parts, zip_bytes

from .cli import afspraken, generate
from .conftest import TEMPLATE

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

# (relationship type, the part whose .rels holds it, its target)
HOSTILE = [
    ("image", "word/_rels/document.xml.rels", "file://server/share/logo.png"),
    ("attachedTemplate", "word/_rels/settings.xml.rels", "file://server/share/Normal.dotm"),
    ("frame", "word/_rels/document.xml.rels", "http://example.org/frame.html"),
    ("oleObject", "word/_rels/document.xml.rels", "file://server/share/begroting.xlsx"),
    ("subDocument", "word/_rels/document.xml.rels", "\\\\server\\share\\deel.docx"),
]


def with_relationship(source: bytes, rels_part: str, kind: str, target: str, rel_id: str = "rIdVijand") -> bytes:
    """A copy of the .docx `source` with one more relationship in `rels_part`, TargetMode External."""
    parts = read_parts(source)
    if rels_part in parts:
        root = etree.fromstring(parts[rels_part])
    else:
        root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=TYPES + kind, Target=target,
                     TargetMode="External")
    parts[rels_part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_bytes(parts)


def hostile_template(tmp_path, kind: str, rels_part: str, target: str):
    path = tmp_path / f"sjabloon-{kind}.docx"
    path.write_bytes(with_relationship(TEMPLATE.read_bytes(), rels_part, kind, target))
    return path


@pytest.mark.parametrize(("kind", "rels_part", "target"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_check_template_names_the_part_and_the_relationship(tmp_path, kind, rels_part, target):
    path = hostile_template(tmp_path, kind, rels_part, target)
    result = afspraken("check-template", "--template", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    part = rels_part.replace("_rels/", "").removesuffix(".rels")
    said = " ".join(result.stderr.split())
    assert f"{part}: relatie rIdVijand ({kind}) wijst naar een plek buiten het bestand ({target})" in said, said
    assert "Traceback" not in result.stderr


def test_an_external_hyperlink_is_no_problem(tmp_path):
    path = hostile_template(tmp_path, "hyperlink", "word/_rels/document.xml.rels", "https://www.rijksoverheid.nl")
    result = afspraken("check-template", "--template", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_generate_refuses_the_template_before_writing_anything(tmp_path, data_copy):
    path = hostile_template(tmp_path, *HOSTILE[0])
    out = tmp_path / "out"
    result = afspraken("generate", "amsterdam-nieuw-west", "--data", str(data_copy), "--out", str(out),
                       "--template", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "relatie rIdVijand (image)" in " ".join(result.stderr.split())
    assert not out.exists()


def _external(parts: dict[str, bytes]) -> list[str]:
    found = []
    for name, data in parts.items():
        if name.endswith(".rels"):
            found += [f"{name} {r.get('Type')}" for r in etree.fromstring(data).iter(f"{{{REL_NS}}}Relationship")
                      if r.get("TargetMode") == "External" and r.get("Type") != TYPES + "hyperlink"]
    return found


def test_the_engines_output_links_to_nothing_outside(tmp_path, data_copy):
    out = tmp_path / "out"
    result = generate(data_copy, out, "amsterdam-nieuw-west", "rotterdam-zuid")
    assert result.returncode == 0, result.stderr
    documents = sorted(out.rglob("*.docx"))
    assert documents
    # the check itself sees one (so an empty list below means none, not a blind check)
    assert _external(read_parts(with_relationship(documents[0].read_bytes(), HOSTILE[0][1], HOSTILE[0][0], HOSTILE[0][2])))
    for document in documents:
        assert _external(read_parts(document.read_bytes())) == [], document


def test_redline_says_what_its_inputs_link_to(tmp_path, data_copy):
    out = tmp_path / "out"
    assert generate(data_copy, out, "amsterdam-nieuw-west").returncode == 0
    document = out / "amsterdam-nieuw-west" / "amsterdam-nieuw-west-v1.docx"
    old = tmp_path / "oud.docx"
    new = tmp_path / "nieuw.docx"
    old.write_bytes(with_relationship(document.read_bytes(), "word/_rels/document.xml.rels", "image",
                                      "file://server/share/logo.png"))
    new.write_bytes(with_relationship(document.read_bytes(), "word/_rels/settings.xml.rels", "attachedTemplate",
                                      "file://server/share/Normal.dotm", "rIdSjabloon"))
    result = afspraken("redline", str(old), str(new), "-o", str(tmp_path / "w.docx"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert (f"melding: {old}: word/document.xml: relatie rIdVijand (image) wijst naar een plek buiten het bestand "
            "(file://server/share/logo.png)") in said, said
    assert f"melding: {new}: word/settings.xml: relatie rIdSjabloon (attachedTemplate)" in said, said
