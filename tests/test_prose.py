from generator.document.prose import Run, blocks, placeholders, references, too_deep


def test_paragraphs_bullets_continuations_and_emphasis():
    text = (
        "Eerste alinea met *nadruk*\nover twee regels.\n\n"
        "- Punt een\n\n  Vervolg van punt een.\n\n  - Subpunt **vet**\n- Punt twee\n"
    )
    result = blocks(text, {})
    assert [b.soort for b in result] == ["alinea", "opsomming1", "vervolg1", "opsomming2", "opsomming1"]
    assert result[0].runs == (Run("Eerste alinea met "), Run("nadruk", italic=True), Run(" over twee regels."))
    assert result[3].runs == (Run("Subpunt "), Run("vet", bold=True))


def test_references_are_replaced_by_values_not_parsed_as_markdown():
    (block,) = blocks("Bouw {woningen} woningen.", {"woningen": "*14.551*"})
    assert block.runs == (Run("Bouw *14.551* woningen."),)


def test_template_code_in_prose_is_only_text():
    # Found as references with names no value has, so validation refuses them (never run).
    found = [r.name for r in references("{{ ''.__class__ }} en {% for x in y %}")]
    assert found == ["''.__class__", "% for x in y %"]


def test_placeholders_and_depth():
    assert placeholders("Door [naam wethouder] en [datum].") == ["[naam wethouder]", "[datum]"]
    assert too_deep("- a\n  - b\n") is None
    assert too_deep("- a\n  - b\n    - c\n") == 2
