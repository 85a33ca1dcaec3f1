"""The package's shape: imports run one way (no cycle, also through imports inside functions), nothing
private is taken from another module, the top level stays small and no module grows past 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"
MAX_TOP_LEVEL = 18
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> list[tuple[str, list[str], int]]:
    """Every import of a module, also inside functions: (module, names, line), names that are modules
    themselves resolved to those modules."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            modules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            found.append((target, [n for n in names if f"{target}.{n}" not in MODULES], node.lineno))
            found += [(m, [], node.lineno) for m in modules]
        elif isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
    return [(t, n, line) for t, n, line in found if t in MODULES]


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for target, _, _ in imports(name):
            # Importing a.b.c runs a/__init__ and a/b/__init__ first: those count as imported too, except the
            # packages the importing module itself sits in (they are already running when it runs).
            parts, own = target.split("."), name.split(".")
            ancestors = {".".join(own[:i]) for i in range(1, len(own))}
            targets |= ({".".join(parts[:i]) for i in range(2, len(parts) + 1)} & MODULES.keys()) - ancestors
        edges[name] = targets - {name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_the_cycle_finder_sees_a_cycle_through_a_function_level_import():
    edges = graph()
    edges["generator.compute"] = edges["generator.compute"] | {"generator.document.context"}
    assert ["generator.compute", "generator.document.context"] in cycles(edges)


def test_no_private_name_imported_from_another_module():
    taken = [f"{MODULES[name].relative_to(ROOT)}:{line}: {target}.{n}"
             for name in MODULES for target, names, line in imports(name) for n in names
             if n.startswith("_") and target != name]
    assert taken == []


def test_the_top_level_is_small():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, top


def test_no_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_readme_lists_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    layout = layout[: layout.index("\n## ", 4)]
    missing = []
    for path in MODULES.values():
        rel = path.relative_to(PACKAGE)
        shown = f"{rel.parent.name}/" if rel.name == "__init__.py" and rel.parent != Path(".") else rel.name
        if rel.name == "__main__.py" or (rel.name == "__init__.py" and rel.parent == Path(".")):
            continue
        if shown not in layout:
            missing.append(str(rel))
    assert missing == []
