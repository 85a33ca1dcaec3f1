"""A template is text from outside: the known classes of Jinja template injection are refused by
check-template at their tag, by generate before anything is written, and stopped by the sandbox at render
time even where the check would not have seen them."""

from __future__ import annotations

from html import escape

import jinja2
import pytest

from generator.template_check.jinja import environment
from generator.template_check import check

from . import template_edits as edits
from .conftest import AMSTERDAM
from .test_template_check import run_cli

ANCHOR = "{{ orv.incl }}"  # a tag of the shipped template, replaced by the hostile one

# (the tag as typed in Word, a word its refusal must hold)
HOSTILE = [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "afgeschermd"),
    ("{{ ''.__class__ }}", "afgeschermd"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "afgeschermd"),
    ("{{ joiner.__init__.__globals__ }}", "afgeschermd"),
    ("{{ self._TemplateReference__context }}", "afgeschermd"),
    ("{{ self.__init__.__globals__ }}", "afgeschermd"),
    ("{{ orv|attr('__class__') }}", "attr"),
    ("{{ orv|attr('incl') }}", "attr"),
    ("{{ [orv]|map('attr', '__class__')|list }}", "attr"),
    ("{{ [orv]|map(attribute='__class__')|first }}", "afgeschermd"),
    ("{{ '{0.__class__}'.format(orv) }}", "format"),
    ("{{ '{0}'.format_map(orv) }}", "format"),
    ("{{ orv['__class__'] }}", "afgeschermd"),
    ("{{ orv['__cla' ~ 'ss__'] }}", "samengesteld"),
    ("{{ orv.incl.upper() }}", "aanroep"),
    ("{{ request.application.__globals__ }}", "afgeschermd"),
    ("{{ config.items() }}", "aanroep"),
    ("{{ lipsum.__globals__['os'] }}", "afgeschermd"),
    ("{{ namespace(a=1) }}", "aanroep"),
    ("{{ range(10) }}", "aanroep"),
    ("{{ _ }}", "afgeschermd"),
    ("{% include 'x.xml' %}", "ander sjabloon"),
    ("{% import 'x.xml' as x %}", "ander sjabloon"),
    ("{% call orv.incl() %}{% endcall %}", "aanroep"),
    ("{% set x = ''.__class__ %}", "afgeschermd"),
    ("{% filter attr('__class__') %}{% endfilter %}", "attr"),
]


@pytest.mark.parametrize("tag,word", HOSTILE, ids=[t for t, _ in HOSTILE])
def test_check_template_refuses_each_injection_at_its_tag(tmp_path, tag, word):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", ANCHOR, escape(tag, quote=False)))
    found = [str(p) for p in check(path).problems]
    assert found, tag
    assert any(tag in p and p.startswith("hoofdtekst, alinea «") for p in found), found
    if word != "afgeschermd" or "_" in tag:
        assert any(word in p for p in found), found


def test_generate_refuses_an_injecting_template_before_writing(tmp_path, monkeypatch, capsys):
    marker = tmp_path / "pwned"
    tag = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", ANCHOR, escape(tag, quote=False)))
    out = tmp_path / "out"
    status, _, err = run_cli(monkeypatch, capsys, "generate", AMSTERDAM.stem, "--data", str(AMSTERDAM.parent.parent),
                             "--out", str(out), "--template", str(path))
    assert status == 2, err
    assert "afgeschermd" in err and "Traceback" not in err
    assert not marker.exists()
    assert not out.exists() or not any(out.rglob("*.docx"))


@pytest.mark.parametrize("source", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ x.__class__ }}",
    "{{ x|attr('__class__') }}",
    "{{ '{0.__class__}'.format(x) }}",
    "{{ x.append(1) }}",
])
def test_the_sandbox_stops_what_the_check_would_have_refused(source):
    """The second wall: rendered without the check, the sandbox refuses (or finds no such global)."""
    env = environment()
    assert env.autoescape is True
    with pytest.raises((jinja2.exceptions.SecurityError, jinja2.UndefinedError)):
        env.from_string(source).render(x=[])


def test_the_shipped_template_passes_and_the_sandbox_renders_it(tmp_path, monkeypatch, capsys):
    assert not check(edits.TEMPLATE).problems
    status, _, err = run_cli(monkeypatch, capsys, "generate", AMSTERDAM.stem, "--data", str(AMSTERDAM.parent.parent),
                             "--out", str(tmp_path / "out"))
    assert status == 0, err
    assert (tmp_path / "out" / AMSTERDAM.stem / f"{AMSTERDAM.stem}-v1.docx").exists()
