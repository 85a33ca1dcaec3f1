"""settings.xml and app.xml as the engine writes them (generator/ooxml/settings.py), on small fragments."""

from __future__ import annotations

import hashlib
import uuid

from lxml import etree

from generator.ooxml import settings as st
from generator.ooxml.elements import SETTINGS_ORDER
from generator.ooxml.names import CT_NS, PKG_REL_NS, W_NS, w
from generator.ooxml.package import parse_xml

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def settings_with(*children: str, w14: bool = True) -> etree._Element:
    nsmap = {"w": W_NS, "mc": MC_NS, **({"w14": st.W14_NS} if w14 else {})}
    root = etree.Element(w("settings"), nsmap=nsmap)
    for child in children:
        etree.SubElement(root, w(child))
    return root


def mode(root: etree._Element) -> str | None:
    for setting in root.iter(w("compatSetting")):
        if setting.get(w("name")) == "compatibilityMode":
            return setting.get(w("val"))
    return None


def test_compatibility_mode_14_becomes_15():
    root = settings_with("zoom", "compat", "mathPr")
    etree.SubElement(root.find(w("compat")), w("compatSetting"),
                     {w("name"): "compatibilityMode", w("uri"): st.WORD_URI, w("val"): "14"})
    assert mode(st.compatibility_mode(root)) == "15"


def test_a_missing_compat_element_is_made_in_schema_order():
    root = st.compatibility_mode(settings_with("zoom", "footnotePr", "mathPr"))
    names = [etree.QName(c).localname for c in root]
    assert names == ["zoom", "footnotePr", "compat", "mathPr"]
    assert [SETTINGS_ORDER.index(n) for n in names] == sorted(SETTINGS_ORDER.index(n) for n in names)
    assert mode(root) == "15"


def test_document_id_follows_the_content_and_stays_a_positive_32_bit_number():
    ids = set()
    for content in (b"een", b"twee", b"drie"):
        digest = st.content_digest({"word/document.xml": content, "word/settings.xml": b"wordt niet meegeteld"})
        root = st.document_id(settings_with("zoom"), digest)
        value = root.find(f"{{{st.W14_NS}}}docId").get(f"{{{st.W14_NS}}}val")
        assert len(value) == 8 and 0 < int(value, 16) < 0x80000000
        again = st.document_id(settings_with("zoom"), digest).find(f"{{{st.W14_NS}}}docId").get(f"{{{st.W14_NS}}}val")
        assert again == value
        ids.add(value)
    assert len(ids) == 3


def test_the_settings_part_does_not_feed_its_own_id():
    a = st.content_digest({"word/document.xml": b"x", "word/settings.xml": b"1"})
    b = st.content_digest({"word/document.xml": b"x", "word/settings.xml": b"2"})
    assert a == b != st.content_digest({"word/document.xml": b"y", "word/settings.xml": b"1"})


def test_a_w15_doc_id_is_replaced_too_and_w14_is_ignorable():
    root = settings_with("zoom")
    root.set(f"{{{MC_NS}}}Ignorable", "w15")
    etree.SubElement(root, f"{{{st.W15_NS}}}docId").set(f"{{{st.W15_NS}}}val", "{00000000-0000-0000-0000-000000000000}")
    digest = hashlib.sha256(b"inhoud").digest()
    st.document_id(root, digest)
    guid = root.find(f"{{{st.W15_NS}}}docId").get(f"{{{st.W15_NS}}}val")
    assert guid == "{" + str(uuid.UUID(bytes=digest[4:20])).upper() + "}"  # the uuid module reads it
    assert "w14" in root.get(f"{{{MC_NS}}}Ignorable").split()


def test_app_properties_name_the_engine_and_carry_no_counts():
    root = st.app_properties("afspraken", "Ministerie")
    tags = [etree.QName(c).localname for c in root]
    assert root.findtext(f"{{{st.EP_NS}}}Application") == "afspraken"
    assert not {"Pages", "Words", "Characters", "Lines", "Paragraphs", "Template", "AppVersion", "TotalTime"} & set(tags)


def test_a_template_without_app_xml_gets_it_declared():
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{CT_NS}"/>'.encode(),
        "_rels/.rels": f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="x" Target="word/document.xml"/></Relationships>'.encode(),
    }
    st.declare_app_part(parts)
    types = parse_xml(parts["[Content_Types].xml"])
    assert [o.get("PartName") for o in types] == ["/docProps/app.xml"]
    rels = parse_xml(parts["_rels/.rels"])
    assert [(r.get("Id"), r.get("Target")) for r in rels if r.get("Type") == st.EP_REL_TYPE] == [("rId2", "docProps/app.xml")]
    once = dict(parts)
    assert st.declare_app_part(parts) == once  # a second time adds nothing
