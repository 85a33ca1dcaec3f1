"""The summary of changes in the data, in the drafters' words."""

from __future__ import annotations

import copy

from generator.review.changes import data_changes as raw_data_changes
from generator.review.changes import markdown, text_changes


def data_changes(*args, **kwargs) -> list[str]:
    # Amounts keep "€" and the figure together with a non-breaking space; compare as plain spaces.
    return [line.replace("\u00a0", " ") for line in raw_data_changes(*args, **kwargs)]


def snapshot(amsterdam):
    return amsterdam.model_dump(mode="json")


def test_an_amount_in_dutch_formatting(amsterdam):
    old = snapshot(amsterdam)
    new = copy.deepcopy(old)
    new["orv"]["maatregelen"][2]["bedrag_incl_btw"] = 7_500_000
    assert data_changes(old, new) == ["ORV – Herinrichting Plein 40-45, incl. btw: € 7.335.000 → € 7.500.000"]


def test_measures_added_and_removed_by_name(amsterdam):
    old = snapshot(amsterdam)
    new = copy.deepcopy(old)
    del new["orv"]["maatregelen"][0]
    new["orv"]["maatregelen"].append({"naam": "Buurtpark", "bedrag_incl_btw": 1_210_000, "btw": True})
    new["wbi"] = []
    lines = data_changes(old, new)
    assert "ORV – Maatschappelijke voorziening De Centrale: vervallen (incl. btw € 5.700.000, btw van toepassing nee)" in lines
    assert "ORV – Buurtpark: toegevoegd (incl. btw € 1.210.000, btw van toepassing ja)" in lines
    assert any(line.startswith("Wbi – Watercompensatie Geuzenveld, Slotermeer: vervallen") for line in lines)
    assert not any("Herinrichting" in line for line in lines)  # shifted, not changed


def test_prose_sentences(amsterdam):
    old = snapshot(amsterdam)
    new = copy.deepcopy(old)
    new["programma"] = new["programma"].replace("Dat vraagt om doorbraken.", "Dat vraagt om grote doorbraken.")
    assert data_changes(old, new) == [
        "Tekst – programma: gewijzigd",
        "    «Dat vraagt om doorbraken.» → «Dat vraagt om grote doorbraken.»",
    ]


def test_a_national_parameter(landelijk):
    old = landelijk.model_dump(mode="json")
    new = copy.deepcopy(old)
    new["realisatiestimulans"]["bedrag_per_woning"] = 7_500
    assert data_changes(old, new, prefix="Landelijk") == ["Landelijk – realisatiestimulans.bedrag_per_woning: € 7.000 → € 7.500"]


def test_template_paragraphs_and_the_markdown():
    lines = text_changes(["Introductie", "Oude zin.", "Slot"], ["Introductie", "Nieuwe zin.", "Slot", "Extra."])
    assert lines == ["«Oude» → «Nieuwe» (in «Nieuwe zin.»)", "toegevoegd: «Extra.» (in «Extra.»)"]
    text = markdown("Wijzigingen", ["a: 1 → 2"], [], lines, [])
    assert "## Gewijzigd in de gegevens van het gebied\n\n- a: 1 → 2" in text
    assert "## Gewijzigd in het sjabloon" in text and "landelijke" not in text


def test_template_changes_name_the_words_not_the_paragraph():
    old = ["De NPLV-gebieden hebben toegewijde allianties gevormd waarin de gemeente samenwerkt met partners.", "Slot."]
    new = ["De NPLV-gebieden hebben hechte allianties gevormd waarin de gemeente samenwerkt met partners.", "Slot."]
    assert text_changes(old, new) == ["«toegewijde» → «hechte» (in «De NPLV-gebieden hebben hechte allianties gevormd waarin de …»)"]
    assert text_changes(old, [old[0][:-1] + " en burgers.", "Slot."]) == [
        "«partners.» → «partners en burgers.» (in «… de gemeente samenwerkt met partners en burgers.»)"]
    assert text_changes(["Een twee drie vier."], ["Een twee vier."]) == ["geschrapt: «drie» (na «Een twee»)"]


def test_a_paragraph_recut_without_a_word_changed_reads_as_such():
    assert text_changes(["Een twee.", "Drie vier."], ["Een twee. Drie vier."]) == ["alineagrens verplaatst bij «Een twee. Drie vier.»"]
    assert text_changes(["Een  twee."], ["Een twee."]) == []
