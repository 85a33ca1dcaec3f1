"""Hostile .docx files handed to `afspraken redline`: exit 2 with a message, nothing resolved, nothing written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts, zip_bytes

from .cli import afspraken
from .conftest import TEMPLATE

TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def archive(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buffer.getvalue()


def with_document(xml: bytes) -> bytes:
    parts = read_parts(TEMPLATE.read_bytes())
    parts["word/document.xml"] = xml
    return zip_bytes(parts)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        with z.open("word/document.xml", "w") as part:  # 400 MB of zeros, a few hundred kB packed
            chunk = b"\0" * (1024 * 1024)
            for _ in range(400):
                part.write(chunk)
    return buffer.getvalue()


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       b"<w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;'
          + b"</w:t></w:r></w:p></w:body></w:document>")

CASES = {
    "not a zip": (lambda: b"%PDF-1.7 not a docx", "geen .docx"),
    "external entity (XXE)": (lambda: with_document(XXE), "DOCTYPE"),
    "entity expansion bomb": (lambda: with_document(LAUGHS), "DOCTYPE"),
    "zip bomb": (zip_bomb, "te groot"),
    "missing document part": (lambda: archive({"[Content_Types].xml": TYPES}), "ontbrekend onderdeel"),
    "broken XML": (lambda: with_document(b"<w:document xmlns:w='x'><w:body><w:p>"), "ongeldige XML"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_to_redline(tmp_path, case):
    make, words = CASES[case]
    bad = tmp_path / "aangeleverd.docx"
    bad.write_bytes(make())
    out = tmp_path / "uit.docx"
    result = afspraken("redline", str(TEMPLATE), str(bad), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert words in result.stderr and "aangeleverd.docx" in result.stderr
    assert "Traceback" not in result.stderr and "root:" not in result.stdout + result.stderr
    assert not out.exists()


def test_redline_cli_writes_tracked_changes(tmp_path, amsterdam, landelijk):
    from generator.document import agreement as document
    from generator.document.render import Template

    template = Template(TEMPLATE)
    old, new = tmp_path / "v1.docx", tmp_path / "v2.docx"
    old.write_bytes(document.build(amsterdam, landelijk, template))
    changed = amsterdam.model_copy(update={"naam": "Amsterdam Nieuw-West en Slotervaart"})
    new.write_bytes(document.build(changed, landelijk, template))
    out = tmp_path / "r.docx"
    result = afspraken("redline", str(old), str(new), "-o", str(out), "--author", "Jurist")
    assert result.returncode == 0, result.stderr
    body = parse_xml(read_parts(out.read_bytes())["word/document.xml"])
    inserted = [("".join(t.text or "" for t in ins.iter(w("t"))), ins.get(w("author"))) for ins in body.iter(w("ins"))]
    deleted = ["".join(t.text or "" for t in d.iter(w("delText"))) for d in body.iter(w("del"))]
    # The name is in the document's title, its heading and its text: each occurrence gains the words, and
    # nothing is deleted (the old name is kept whole inside the new one).
    assert inserted and {author for _, author in inserted} == {"Jurist"}
    assert {text.strip() for text, _ in inserted if text.strip()} == {"en Slotervaart"}
    assert [text for text in deleted if text.strip()] == []


def test_a_part_that_is_only_read_is_parsed_once_per_content():
    # read_untrusted parses every part to check it; the style resolver, the coverage check and the carrying
    # of definitions read the same styles.xml of OLD and NEW again: one tree serves them all.
    from generator.ooxml.package import _SHARED_SIZE, parse_shared, parse_xml

    data = b"<a><b/></a>"
    same_content = bytes(bytearray(data))
    assert same_content is not data
    assert parse_shared(data) is parse_shared(same_content)
    assert parse_shared(b"<a><c/></a>") is not parse_shared(data)
    assert parse_xml(data) is not parse_shared(data)  # a caller that changes its tree gets its own
    first = parse_shared(b"<first/>")
    for n in range(_SHARED_SIZE):
        parse_shared(f"<other n='{n}'/>".encode())
    assert parse_shared(b"<first/>") is not first  # only the most recent few are kept
    with pytest.raises(Exception, match="DOCTYPE"):
        parse_shared(b"<!DOCTYPE a><a/>")
