"""The Jinja side of the check: each tag's syntax, the if/for blocks, the names and attributes used.

Tags are checked one by one, in document order, so every problem points at the
tag that causes it: a syntax error at its own tag, an unclosed `{%p if %}` at
the opening tag, a misspelled attribute at the tag that uses it. Names are
resolved against the context's typed definition, with the loop variables of
the enclosing `for` blocks in scope.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateProblem
from ..formatting import FILTERS
from .words import dutch
from ..ooxml.tags import Tag
from .contract import ANY, Leaf, ListOf, Record, Shape, context_shape

OPENING = {"if", "for", "with", "macro", "call", "filter", "raw"}


def environment() -> jinja2.Environment:
    """The one Jinja environment: Jinja's sandbox (a template is text from outside: no attribute starting with
    an underscore, no changing the context's lists or records, str.format sandboxed too), autoescape on (data
    may hold & and <), undefined names fail. Its only globals are the ones the context brings: no range,
    cycler, lipsum, joiner or namespace. check-template refuses what the sandbox would stop, before rendering."""
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.clear()
    env.filters.update(FILTERS)
    return env


@dataclass(frozen=True)
class Located:
    part: str
    paragraph: str
    tag: Tag

    def problem(self, message: str) -> TemplateProblem:
        return TemplateProblem(self.part, self.paragraph, self.tag.text, message)


@dataclass
class _Open:
    keyword: str
    at: Located
    scope: dict[str, Shape]


def check_tags(tags: Iterable[Located], env: jinja2.Environment, contract: type | None = None) -> list[TemplateProblem]:
    """Problems of one part's tags (blocks do not cross parts: each part is its own Jinja template)."""
    problems: list[TemplateProblem] = []
    stack: list[_Open] = []
    root = context_shape(contract)

    def scope() -> dict[str, Shape]:
        merged: dict[str, Shape] = {}
        for block in stack:
            merged.update(block.scope)
        return merged

    for located in tags:
        tag = located.tag
        if tag.opener == "{#":
            continue
        if not tag.closed:
            closer = "}}" if tag.opener == "{{" else "%}"
            problems.append(located.problem(f"de tag is niet gesloten: «{closer}» ontbreekt (een tag staat in één alinea)"))
            continue
        source = tag.jinja
        body = source[2:-2].strip("-").strip()
        if tag.opener == "{{":
            node = _parse(source, env, located, problems)
            if node is not None:
                problems.extend(located.problem(m) for m in _names(node, scope(), root, env))
            continue
        keyword = body.split(None, 1)[0] if body else ""
        if keyword in OPENING or (keyword == "set" and "=" not in body):
            node = _parse(source + "{% end" + keyword + " %}", env, located, problems)
            block_scope: dict[str, Shape] = {}
            if node is not None:
                statement = node.body[0] if node.body else node
                block_scope = _bindings(statement, scope(), root, env, located, problems)
            stack.append(_Open(keyword, located, block_scope))
        elif keyword in ("elif", "else"):
            if not stack or stack[-1].keyword not in (("if",) if keyword == "elif" else ("if", "for")):
                problems.append(located.problem(f"«{keyword}» hoort bij een {{% if %}}, maar er is hier geen open if-blok"))
                continue
            if keyword == "elif":
                node = _parse("{% if true %}" + source + "{% endif %}", env, located, problems)
                if node is not None:
                    first = node.body[0]
                    assert isinstance(first, nodes.If)  # the template parsed above: one if
                    test = first.elif_[0].test
                    problems.extend(located.problem(m) for m in _names(test, scope(), root, env))
        elif keyword.startswith("end"):
            opened = keyword[3:]
            if not stack:
                problems.append(located.problem(f"«{keyword}» sluit niets af: er is geen open {opened}-blok"))
            elif stack[-1].keyword != opened:
                if any(block.keyword == opened for block in stack):
                    while stack[-1].keyword != opened:
                        unclosed = stack.pop()
                        problems.append(unclosed.at.problem(f"niet afgesloten: «{{% end{unclosed.keyword} %}}» ontbreekt "
                                                            f"vóór {located.tag.text} (in {located.part}, alinea «{located.paragraph}»)"))
                    stack.pop()
                else:
                    top = stack[-1]
                    problems.append(located.problem(f"«{keyword}» past niet bij het open blok {top.at.tag.text} "
                                                    f"(alinea «{top.at.paragraph}»); verwacht «end{top.keyword}»"))
            else:
                stack.pop()
        else:
            node = _parse(source, env, located, problems)
            if node is not None:
                for statement in node.body:
                    if isinstance(statement, nodes.Assign) and stack:
                        stack[-1].scope.update({n.name: ANY for n in statement.node.find_all(nodes.Name)})
                    problems.extend(located.problem(m) for m in _names(statement, scope(), root, env))
    for unclosed in stack:
        problems.append(unclosed.at.problem(f"niet afgesloten: «{{% end{unclosed.keyword} %}}» ontbreekt"))
    return problems


def _parse(source: str, env: jinja2.Environment, located: Located, problems: list[TemplateProblem]) -> nodes.Template | None:
    try:
        return env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        problems.append(located.problem(f"Jinja kan deze tag niet lezen: {dutch(exc.message)}"))
        return None


def _bindings(statement: nodes.Node, scope: dict[str, Shape], root: Record, env: jinja2.Environment,
              located: Located, problems: list[TemplateProblem]) -> dict[str, Shape]:
    """Check an opening tag's expressions; the names it binds for its block (a for loop's variables)."""
    if isinstance(statement, nodes.For):
        problems.extend(located.problem(m) for m in _names(statement.iter, scope, root, env))
        iterated = _resolve(statement.iter, scope, root, env, [])
        item = iterated.item if isinstance(iterated, ListOf) else ANY
        names = [n.name for n in statement.target.find_all(nodes.Name)] if not isinstance(statement.target, nodes.Name) else [statement.target.name]
        bound: dict[str, Shape] = {name: (item if isinstance(statement.target, nodes.Name) else ANY) for name in names}
        bound["loop"] = ANY
        if statement.test is not None:
            problems.extend(located.problem(m) for m in _names(statement.test, {**scope, **bound}, root, env))
        return bound
    if isinstance(statement, nodes.If):
        problems.extend(located.problem(m) for m in _names(statement.test, scope, root, env))
        return {}
    if isinstance(statement, nodes.With):
        for value in statement.values:
            problems.extend(located.problem(m) for m in _names(value, scope, root, env))
        return {n.name: ANY for target in statement.targets for n in target.find_all(nodes.Name)}
    problems.extend(located.problem(m) for m in _names(statement, scope, root, env))  # {% call %}, {% filter %}, …
    return {}


def _names(node: nodes.Node, scope: dict[str, Shape], root: Record, env: jinja2.Environment) -> list[str]:
    messages: list[str] = []
    _resolve(node, scope, root, env, messages)
    return messages


# What a template may not do, even where the sandbox would stop it at render time: the check says so first,
# at its tag, so that `generate` refuses the template before anything is rendered or written.
HIDDEN = "begint met een liggend streepje: namen en attributen die zo beginnen zijn afgeschermd"
NO_CALLS = "roept iets aan; een sjabloon toont alleen de gegevens van de afspraken en kan niets aanroepen"
NO_LOADING = "laadt een ander sjabloon; dat kan niet: alles staat in dit ene sjabloon"
FORMATTERS = {"format", "format_map"}
ATTRIBUTE_FILTERS = {"attr"}  # a filter that reads an attribute by its name, also as map('attr', …)


def _refused(node: nodes.Node) -> list[str]:
    """The messages for this one node (not its children) if it is something a template may not do."""
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name.startswith("_"):
        return [f"«{node.name}» {HIDDEN}"]
    if isinstance(node, nodes.Getattr):
        if node.attr.startswith("_"):
            return [f"«{_dotted(node)}» {HIDDEN}"]
        if node.attr in FORMATTERS:
            return [f"«{node.attr}» op een tekst is niet toegestaan (het bereikt attributen die afgeschermd zijn)"]
    if isinstance(node, nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            if node.arg.value.startswith("_"):
                return [f"«{node.arg.value}» {HIDDEN}"]
            if node.arg.value in FORMATTERS:
                return [f"«{node.arg.value}» op een tekst is niet toegestaan (het bereikt attributen die afgeschermd zijn)"]
        elif any(isinstance(c.value, str) for c in node.arg.find_all(nodes.Const)):
            return ["een sleutel die uit tekst wordt samengesteld is niet toegestaan: noem het veld zelf (bv. orv.incl)"]
    if isinstance(node, (nodes.Filter, nodes.Test)):
        texts = [a.value for a in [*node.args, *(k.value for k in node.kwargs)]
                 if isinstance(a, nodes.Const) and isinstance(a.value, str)]
        if node.name in ATTRIBUTE_FILTERS or any(t in ATTRIBUTE_FILTERS for t in texts):
            return ["het filter «attr» is niet toegestaan: gebruik de naam zelf (bv. gebied.naam)"]
        hidden = [t for t in texts if t.startswith("_") or "._" in t]
        if hidden:
            return [f"«{hidden[0]}» {HIDDEN}"]
    if isinstance(node, nodes.Call):
        return [f"«{_dotted(node.node)}(…)» {NO_CALLS}"]
    if isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        return [f"«{type(node).__name__.lower().replace('fromimport', 'from … import')}» {NO_LOADING}"]
    return []


def _resolve(node: nodes.Node, scope: dict[str, Shape], root: Record, env: jinja2.Environment, messages: list[str]) -> Shape:
    """The shape of an expression, with a message for every name, attribute or filter that does not exist
    and for everything a template may not do (`_refused`)."""
    refused = _refused(node)
    if refused:
        messages.extend(refused)
        for inner in node.iter_child_nodes():
            _resolve(inner, scope, root, env, messages)
        return ANY
    if isinstance(node, nodes.Name):
        if node.ctx != "load":
            return ANY
        if node.name in scope:
            return scope[node.name]
        if node.name in root.fields:
            return root.fields[node.name]
        messages.append(f"onbekende naam «{node.name}»{_suggest(node.name, list(root.fields) + list(scope))}")
        return ANY
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        base = _resolve(node.node, scope, root, env, messages)
        if isinstance(node, nodes.Getitem):
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if not isinstance(key, str):
                _resolve(node.arg, scope, root, env, messages)
                return base.item if isinstance(base, ListOf) else ANY
        else:
            key = node.attr
        return _attribute(base, key, _dotted(node.node), messages)
    if isinstance(node, nodes.Filter):
        if node.name not in env.filters:
            messages.append(f"onbekend filter «{node.name}»{_suggest(node.name, list(env.filters))}")
        for child in [node.node, *node.args, *(k.value for k in node.kwargs)]:
            if child is not None:
                _resolve(child, scope, root, env, messages)
        return ANY
    if isinstance(node, nodes.Compare):
        left = _resolve(node.expr, scope, root, env, messages)
        for operand in node.ops:
            _resolve(operand.expr, scope, root, env, messages)
            if (isinstance(left, Leaf) and left.values and operand.op in ("eq", "ne")
                    and isinstance(operand.expr, nodes.Const) and operand.expr.value not in left.values):
                known = ", ".join(f'"{v}"' for v in left.values)
                messages.append(f"«{_dotted(node.expr)}» is nooit \"{operand.expr.value}\"; mogelijk: {known}")
        return ANY
    for inner in node.iter_child_nodes():
        _resolve(inner, scope, root, env, messages)
    return ANY


def _attribute(base: Shape, key: str, owner: str, messages: list[str]) -> Shape:
    if isinstance(base, Record):
        if key in base.fields:
            return base.fields[key]
        messages.append(f"«{owner}» heeft geen «{key}»" + (_suggest(key, list(base.fields))
                                                          or f"; wel: {', '.join(sorted(base.fields))}"))
        return ANY
    if isinstance(base, ListOf):
        messages.append(f"«{owner}» is een lijst (gebruik {{%tr for … in {owner} %}}); een lijst heeft geen «{key}»")
        return ANY
    if base is ANY or base.kind is object or hasattr(base.kind, key):
        return ANY
    messages.append(f"«{owner}» is {'een tekst' if base.kind is str else 'een waarde'} en heeft geen «{key}»")
    return ANY


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (bedoeld: «{close[0]}»?)" if close else ""


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"
