"""Mistakes on the command line are said in Dutch, with the command's usage, exit status 2 and no traceback."""

from __future__ import annotations

import pytest

from generator.cli import usage

from .test_template_check import run_cli

# typer's English, none of which may reach the user (tests/test_usage.py's reason to exist)
ENGLISH = ("Missing", "No such", "Error", "Got unexpected", "Usage:", "requires", "Invalid", "does not take", "Try ")

CASES = [
    (("redline", "oud.docx"), "fout ontbrekend argument 'new'.", "gebruik: afspraken redline"),
    (("redline", "oud.docx", "nieuw.docx"), "fout ontbrekende optie '-o' / '--output'.", "gebruik: afspraken redline"),
    (("redline", "oud.docx", "nieuw.docx", "-o"), "fout de optie -o vraagt een waarde.", None),
    (("generate", "--ouy", "uit"), "fout onbekende optie: --ouy; bedoelt u --out?", "gebruik: afspraken generate"),
    (("generate", "--all=ja"), "fout de optie --all krijgt geen waarde.", None),
    (("pdf", "amsterdam-nieuw-west", "drie"), "fout ongeldige waarde voor 'version': 'drie' is geen geheel getal.",
     "gebruik: afspraken pdf"),
    (("genereer",), "fout onbekende opdracht: genereer; bedoelt u 'generate'?", "gebruik: afspraken"),
    (("xyz",), "fout onbekende opdracht: xyz.", "gebruik: afspraken"),
    (("history", "amsterdam-nieuw-west", "v2", "v3"), "fout te veel argumenten: v2 v3.", "gebruik: afspraken history"),
]


@pytest.mark.parametrize("args, said, usage_line", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_mistake_on_the_command_line_is_said_in_dutch(monkeypatch, capsys, args, said, usage_line):
    status, out, err = run_cli(monkeypatch, capsys, *args)
    assert status == 2 and out == ""
    assert err.startswith(said), err
    if usage_line:
        assert usage_line in err and f"meer uitleg: afspraken {args[0] if len(args) > 1 else ''}".rstrip() in err
    assert not [word for word in ENGLISH if word in err], err
    assert "Traceback" not in err


def test_the_command_alone_shows_the_help_and_help_still_ends_well(monkeypatch, capsys):
    status, out, err = run_cli(monkeypatch, capsys)
    assert status == 2 and "redline" in out + err and "fout" not in err  # the help, not an error about it
    status, out, err = run_cli(monkeypatch, capsys, "redline", "--help")
    assert status == 0 and "De oude versie" in out and err == ""


def test_a_message_this_module_does_not_know_is_shown_as_typer_wrote_it():
    error = usage.click.UsageError("Something new in typer.")
    assert usage.explain(error) == "Something new in typer."
    assert usage.usage_line(error) is None and usage.help_hint(error) is None
