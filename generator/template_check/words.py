"""Jinja's syntax messages in the drafter's words: what Jinja says in English, said in Dutch with the tag or
character it names; a message it is not known to write is never shown in English, but as a general hint."""

from __future__ import annotations

import re

_TOKENS = {
    "end of print statement": "het einde van de tag (}})",
    "end of statement block": "het einde van de tag (%})",
    "end of template": "het einde van het sjabloon",
    "name": "een naam",
}


def _token(word: str) -> str:
    return _TOKENS.get(word, f"«{word}»")


# (what Jinja says, the Dutch words); a group written {0:token} is one of Jinja's token names.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Encountered unknown tag '(\w+)'\..*innermost block that needs to be closed is '(\w+)'", re.S),
     "tag «{0}» hoort hier niet: eerst moet «{{% {1} %}}» afgesloten worden met «{{% end{1} %}}»"),
    (re.compile(r"Unexpected end of template\..*innermost block that needs to be closed is '(\w+)'", re.S),
     "«{{% {0} %}}» wordt niet afgesloten: «{{% end{0} %}}» ontbreekt"),
    (re.compile(r"Unexpected end of template", re.I), "het sjabloon eindigt midden in een tag"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "onbekende tag «{0}»"),
    (re.compile(r"unexpected '(.+?)', expected '(.+?)'"), "onverwacht {0:token}; hier hoort {1:token}"),
    (re.compile(r"unexpected char (['\"].+['\"]) at \d+"), "onverwacht teken {0}"),
    (re.compile(r"unexpected '(.+?)'"), "onverwacht {0:token}"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "hier hoort {0:token}, maar er staat {1:token}"),
    (re.compile(r"Expected an expression, got '(.+?)'"), "hier hoort een waarde of naam, maar er staat {0:token}"),
    # while filling in
    (re.compile(r"'(.+?)' has no attribute '(.+?)'"), "«{0}» heeft geen veld «{1}»"),
    (re.compile(r"'(.+?)' is undefined"), "«{0}» bestaat niet"),
    (re.compile(r"by zero"), "deling door nul"),
    (re.compile(r"unsupported operand|can only concatenate|not supported between"),
     "een berekening met waarden van verschillende soort (tekst en getal?)"),
    (re.compile(r"is not iterable"), "iets wat geen lijst is, wordt als lijst doorlopen"),
]


SYNTAX = "de tag klopt niet (controleer de haakjes, de aanhalingstekens en de afsluitende tags)"
FILLING_IN = "een tag lukt niet met de gegevens van dit gebied (controleer wat de tag met de waarden doet)"


def dutch(message: str | None, otherwise: str = SYNTAX) -> str:
    """Jinja's message (TemplateSyntaxError.message, or what a tag raised while filling in) in Dutch;
    `otherwise` for one it is not known to write."""
    for pattern, words in _PATTERNS:
        found = pattern.search(message or "")
        if found:
            tokens = {int(i) for i in re.findall(r"\{(\d):token\}", words)}
            shown = [_token(g) if i in tokens else g for i, g in enumerate(found.groups())]
            return re.sub(r"\{(\d):token\}", r"{\1}", words).format(*shown)
    return otherwise
