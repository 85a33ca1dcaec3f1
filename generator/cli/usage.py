"""The command line's usage errors (an argument missing, an option unknown or without its value), in Dutch.

typer (pinned at 0.28.0) parses the command line with its own copy of click, whose messages are English
and not translatable. The command line runs typer with `standalone_mode=False`, so such an error comes back
as an exception, and it is said again here from what the exception carries: the parameter, the option
name, the suggestions. A message this module does not know is shown as typer wrote it, never dropped.
Loaded only when there is such an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from typer._click import exceptions as click  # the classes typer raises; tests/test_usage.py covers each

_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<suggestions>.*)\?)?$")
_NOT_A_NUMBER = re.compile(r"(?P<value>'.*') is not a valid (?:int|integer)\.$")


def _hint(error: click.BadParameter) -> str:
    """The parameter as typer names it: 'new' for an argument, '-o' / '--output' for an option."""
    hint: str | Sequence[str] | None = error.param_hint
    if hint is None and error.param is not None and error.ctx is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is None:
        return ""
    return hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint)


def explain(error: click.UsageError) -> str:
    """What went wrong on the command line, in Dutch, as one sentence."""
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        noun = {"argument": "ontbrekend argument", "option": "ontbrekende optie"}.get(kind, "ontbrekende parameter")
        return f"{noun} {_hint(error)}".rstrip() + "."
    if isinstance(error, click.NoSuchOption):
        said = f"onbekende optie: {error.option_name}"
        if error.possibilities:
            said += f"; bedoelt u {' of '.join(sorted(error.possibilities))}?"
        return said
    if isinstance(error, click.BadOptionUsage):
        if error.message.endswith("does not take a value."):
            return f"de optie {error.option_name} krijgt geen waarde."
        return f"de optie {error.option_name} vraagt een waarde."
    if isinstance(error, click.BadParameter):
        number = _NOT_A_NUMBER.match(error.message)
        problem = f"{number['value']} is geen geheel getal" if number else error.message
        return f"ongeldige waarde voor {_hint(error)}: {problem}."
    extra = _EXTRA.match(error.message)
    if extra:
        return f"te veel argumenten: {extra['args']}."
    command = _NO_COMMAND.match(error.message)
    if command:
        suggestions = command["suggestions"]
        return f"onbekende opdracht: {command['name']}" + (f"; bedoelt u {suggestions}?" if suggestions else ".")
    if error.message == "Missing command.":
        return "geef een opdracht."
    return error.format_message()  # not one this module knows: typer's own words rather than none


def usage_line(error: click.UsageError) -> str | None:
    """'gebruik: afspraken redline [OPTIONS] {old} {new}' for the command that was given, if known."""
    if error.ctx is None:
        return None
    return re.sub(r"^Usage:", "gebruik:", error.ctx.get_usage().strip())


def help_hint(error: click.UsageError) -> str | None:
    if error.ctx is None or error.ctx.command.get_help_option(error.ctx) is None:
        return None
    return f"meer uitleg: {error.ctx.command_path} {error.ctx.help_option_names[0]}"


def error_lines(exc: Exception) -> list[str]:
    """What the command line says for one of typer's errors: what is wrong, then the usage and where the help
    is. Nothing for `afspraken` alone (typer printed the help already); another of typer's errors in its own
    words."""
    if isinstance(exc, click.NoArgsIsHelpError):
        return []
    if not isinstance(exc, click.UsageError):
        return [exc.format_message()] if isinstance(exc, click.ClickException) else [str(exc)]
    return [explain(exc), *(text for text in (usage_line(exc), help_hint(exc)) if text)]
