"""python-redlines (its Docxodus engine) as a process, the peer of `afspraken redline OLD NEW -o OUT`.

    .venv/bin/python benchmarks/docxodus_redline.py OLD NEW OUT

Needs the bench extra: bash scripts/setup.sh --test --bench.
"""

from __future__ import annotations

import sys
from pathlib import Path

from python_redlines import DocxodusEngine


def main() -> None:
    old, new, out = (Path(a) for a in sys.argv[1:4])
    output, _, _ = DocxodusEngine().run_redline("Benchmark", original=old.read_bytes(), modified=new.read_bytes())
    out.write_bytes(output)


if __name__ == "__main__":
    main()
