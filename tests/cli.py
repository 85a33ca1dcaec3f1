"""The one command-line harness: `afspraken` run as a whole process, as a drafter runs it (the code of
this tree, through `python -m generator`), with its output and exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, TEMPLATE


def command(*args: str) -> list[str]:
    """The command line of `afspraken ARGS` (for a test that starts the process itself)."""
    return [sys.executable, "-m", "generator", *args]


def afspraken(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 600,
              replace_env: bool = False) -> subprocess.CompletedProcess[str]:
    """`afspraken ARGS`: `env` is added to this process's environment (or, with replace_env, is all of it);
    a wide terminal, so that no line of a table is cut where a test reads it."""
    environment = dict(env or {}) if replace_env else {**os.environ, "COLUMNS": "250", **(env or {})}
    return subprocess.run(command(*args), cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment)


def generate_args(data: Path, out: Path, *args: str) -> list[str]:
    return ["generate", "--data", str(data), "--out", str(out), "--template", str(TEMPLATE), *args]


def generate(data: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`afspraken generate` with the shipped template, the given data and output folder."""
    return afspraken(*generate_args(data, out, *args), env=env)


def afspraken_with(preamble: str, *args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`afspraken ARGS` with `preamble` (Python) run first in the same process: a fault the machine cannot be made
    to show on demand (a full disk, a refusal that root never gets) put in by replacing a function."""
    code = f"{preamble}\nimport sys\nsys.argv = ['afspraken', *{list(args)!r}]\nfrom generator.cli import main\nmain()\n"
    environment = {**os.environ, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=environment)
