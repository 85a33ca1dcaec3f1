"""The plain docxtpl loop, as a process: for each context, load the template, render, save.

    .venv/bin/python benchmarks/docxtpl_loop.py CONTEXTS.pickle OUT_DIR

CONTEXTS.pickle is a list of (slug, context ready for docxtpl) made beforehand by cli_bench.py from
the same data, so this process is charged for less work than `afspraken generate --all`: no YAML, no
validation, no arithmetic, no versions, manifest or overview.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "docx" / "bestuurlijke-afspraken.docx"


def main() -> None:
    contexts, out = pickle.loads(Path(sys.argv[1]).read_bytes()), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    for slug, values in contexts:
        document = DocxTemplate(TEMPLATE)
        document.render(values, jinja_env=env, autoescape=True)
        document.save(out / f"{slug}.docx")


if __name__ == "__main__":
    main()
