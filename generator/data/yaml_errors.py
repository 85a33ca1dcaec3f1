"""YAML syntax errors in the drafter's language, at the line where the mistake is.

ruamel.yaml reports in English and often at the place where it gave up, which
is not always where the mistake is (a line without a colon is reported on the
line after it). `explain` picks the right mark and says what is probably wrong
for the mistakes people make in a text editor: a tab, a missing colon, a list
item without its dash, a quote that is not closed, a placeholder in brackets.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError, StreamMark as Mark

PREFIX = "YAML kan niet gelezen worden"


def explain(exc: MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """(1-based line, message with the column) for a ruamel syntax error."""
    context, problem = exc.context or "", exc.problem or ""
    at, start = exc.problem_mark, exc.context_mark
    mark, hint = _diagnose(context, problem, at, start, text)
    if mark is None:
        return None, f"{PREFIX}: {hint}"
    return mark.line + 1, f"{PREFIX} (kolom {mark.column + 1}): {hint}"


def _diagnose(context: str, problem: str, at: Mark | None, start: Mark | None, text: str) -> tuple[Mark | None, str]:
    if "found character '\\t'" in problem:
        return at, "er staat een tab; spring in met spaties, niet met de tab-toets"
    character = re.search(r"found character '(.)' that cannot start any token", problem)
    if character:
        return at, (f"een waarde kan niet met {character.group(1)} beginnen; zet de hele waarde tussen "
                    "aanhalingstekens (\"...\")")
    if "could not find expected ':'" in problem:
        # Reported on the line after; the mistake is where the key started.
        return start or at, ("hier ontbreekt de dubbele punt na de veldnaam; schrijf veld: waarde (met een spatie na de "
                             "dubbele punt), of spring de regel in als hij bij de regel erboven hoort")
    if "quoted scalar" in context:
        quote = _char_at(text, start)
        return start or at, (f"het aanhalingsteken {quote} aan het begin van de waarde wordt niet gesloten; zet aan het "
                             f"eind van de waarde ook een {quote}")
    if "flow sequence" in context or "flow mapping" in context or "flow node" in context:
        bracket = _char_at(text, start)
        return start or at, (f"YAML leest een waarde die met {bracket} begint als lijst of blok; een invulplek als "
                             "[naam wethouder] of een waarde met haakjes zet u tussen aanhalingstekens: \"[naam wethouder]\"")
    if "block collection" in context and "found '?'" in problem:
        return at, ("deze regel staat in een lijst maar begint niet met '- '; begin elk nieuw onderdeel van de lijst "
                    f"met een streepje en een spatie (zoals op regel {start.line + 1})" if start else
                    "deze regel staat in een lijst maar begint niet met '- '")
    if "found '<scalar>'" in problem and _after_closing_quote(text, at):
        return at, ("na het sluitende aanhalingsteken staat nog tekst; zet de hele waarde tussen aanhalingstekens, of "
                    "gebruik binnen de waarde andere aanhalingstekens (‘ ’)")
    if "mapping values are not allowed" in problem:
        return at, ("een dubbele punt met een spatie erna midden in een waarde, of een regel die verder is ingesprongen "
                    "dan het veld erboven; zet een waarde met ': ' tussen aanhalingstekens, of corrigeer de inspringing")
    if "alias" in context + problem or "anchor" in context + problem:
        return at, "een waarde kan niet met * of & beginnen; zet de hele waarde tussen aanhalingstekens"
    duplicate = re.search(r'found duplicate key "([^"]*)"', problem)
    if duplicate:
        first = _earlier_key(text, at, duplicate.group(1))
        earlier = f" (eerder op regel {first})" if first else ""
        # The block that holds the key twice is a list item ("- label: x"): probably a new item without its dash.
        if start is not None and text.splitlines()[start.line][: start.column].rstrip().endswith("-"):
            return at, (f"veld '{duplicate.group(1)}' komt twee keer voor in hetzelfde onderdeel van de lijst{earlier}; "
                        "begint hier een nieuw onderdeel, zet dan '- ' voor de eerste regel ervan")
        return at, f"veld '{duplicate.group(1)}' komt twee keer voor in hetzelfde blok{earlier}; laat er één staan"
    if "block end" in problem or "block mapping" in context:
        return at, ("de inspringing klopt hier niet; velden van hetzelfde blok beginnen in dezelfde kolom, met spaties "
                    "ingesprongen")
    return at or start, "controleer op deze regel de inspringing (spaties), de dubbele punt na elke veldnaam en de aanhalingstekens"


def _char_at(text: str, mark: Mark | None) -> str:
    if mark is None:
        return "het teken"
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return "het teken"


def _after_closing_quote(text: str, mark: Mark | None) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    before = lines[mark.line][: mark.column].rstrip()
    return before.endswith(('"', "'"))


def _earlier_key(text: str, mark: Mark | None, key: str) -> int | None:
    """The line where the repeated key first stands: the nearest line above at the same indentation."""
    if mark is None:
        return None
    lines = text.splitlines()
    for number in range(mark.line - 1, -1, -1):
        line = lines[number]
        stripped = line[mark.column:] if len(line) > mark.column else ""
        if line[: mark.column].strip(" -") == "" and re.match(rf"{re.escape(key)}\s*:", stripped):
            return number + 1
    return None
