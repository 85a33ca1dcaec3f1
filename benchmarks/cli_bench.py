"""The command line as whole processes (start-up included), timed by hyperfine in one run.

    bash scripts/setup.sh --test --bench             # python-redlines (Docxodus), the peer engine
    .venv/bin/python benchmarks/cli_bench.py [--rounds 5]

Needs hyperfine (Debian: `apt-get install hyperfine`) and, for the peak memory, GNU time (`time`). Every command runs `--rounds` times two runs,
the commands alternating round by round so that a busy moment of the machine falls on all of them;
the figure is the median wall time of all runs. Printed:

- `afspraken redline OLD NEW -o OUT` on the seed-sized pair (Amsterdam Nieuw-West v1 → v2 with one
  amount changed) against python-redlines/Docxodus as a process on the same pair
  (benchmarks/docxodus_redline.py). Target: at least 10× faster.
- `afspraken generate --all` into a fresh folder against a plain docxtpl loop as a process
  (benchmarks/docxtpl_loop.py: the same template and the same 19 contexts, load–render–save each;
  the contexts are made beforehand, so the loop is charged for less). Target: at most 0,5×.
- `afspraken --help` and `afspraken validate` (all 19) beside Python's own start-up, with the peak
  memory (maximum resident set) of each, and two floors: Python with typer loaded (every command), and with
  typer, lxml and zipfile (what redline cannot do without), both ended as the command ends.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = Path(sys.executable)
AFSPRAKEN = PYTHON.parent / "afspraken"
ANW = "amsterdam-nieuw-west"


def seed_pair(folder: Path) -> tuple[Path, Path]:
    """Amsterdam Nieuw-West as generated, and again with one ORV amount changed."""
    from generator.document.agreement import build
    from generator.data.load import load_gebied, load_landelijk
    from generator.document.render import TEMPLATE_FILE, Template

    template, landelijk = Template(ROOT / TEMPLATE_FILE), load_landelijk(ROOT / "data")
    text = (ROOT / "data" / "gebieden" / f"{ANW}.yaml").read_text(encoding="utf-8")
    changed = text.replace("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000", 1)
    assert changed != text, f"{ANW}.yaml: the amount to change is not there"
    paths = []
    for name, yaml in (("old", text), ("new", changed)):
        source = folder / name / f"{ANW}.yaml"
        source.parent.mkdir()
        source.write_text(yaml, encoding="utf-8")
        paths.append(folder / f"{name}.docx")
        paths[-1].write_bytes(build(load_gebied(source)[0], landelijk, template))
    return paths[0], paths[1]


def loop_contexts(folder: Path) -> Path:
    """The 19 contexts as docxtpl takes them, for benchmarks/docxtpl_loop.py."""
    from generator.document import context
    from generator.compute import agreement
    from generator.data.load import load_gebied, load_landelijk
    from generator.document.render import _for_docxtpl

    landelijk = load_landelijk(ROOT / "data")
    contexts = []
    for path in sorted((ROOT / "data" / "gebieden").glob("*.yaml")):
        gebied = load_gebied(path)[0]
        contexts.append((gebied.slug, _for_docxtpl(context.build(gebied, agreement(gebied, landelijk), landelijk))))
    target = folder / "contexts.pickle"
    target.write_bytes(pickle.dumps(contexts))
    return target


def hyperfine(commands: dict[str, tuple[list[str], list[str] | None]], rounds: int, scratch: Path) -> dict[str, dict]:
    """Per command: all wall times (s) and the mean user and system CPU over the rounds."""
    found: dict[str, dict] = {name: {"times": [], "user": [], "system": []} for name in commands}
    for number in range(rounds):
        export = scratch / f"round{number}.json"
        args = ["hyperfine", "--shell=none", "--runs", "2", "--style", "none", "--export-json", str(export)]
        if number == 0:
            args += ["--warmup", "1"]
        for _name, (_command, prepare) in commands.items():
            args += ["--prepare", shlex.join(prepare) if prepare else "true"]
        args += [shlex.join(command) for command, _ in commands.values()]
        subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        for name, result in zip(commands, json.loads(export.read_text())["results"]):
            found[name]["times"] += result["times"]
            found[name]["user"].append(result["user"])
            found[name]["system"].append(result["system"])
    return found


def peak_memory(command: list[str], runs: int = 3) -> int | None:
    """The median over `runs` of the process's maximum resident set size in MiB, measured by GNU time
    (a child of this Python would report this Python's size: the peak survives fork and exec)."""
    if not Path("/usr/bin/time").exists():
        return None
    peaks = []
    for _ in range(runs):
        done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=True)
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)  # kilobytes
    return round(statistics.median(peaks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of two runs per command (default 5)")
    args = parser.parse_args()
    if shutil.which("hyperfine") is None:
        raise SystemExit("hyperfine is not installed (Debian: apt-get install hyperfine)")
    try:
        import python_redlines  # noqa: F401
        peer = True
    except ImportError:
        print('(python-redlines not installed: bash scripts/setup.sh --test --bench; its rows are left out)')
        peer = False
    # Bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE would otherwise leave every run
    # compiling the sources again).
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    with tempfile.TemporaryDirectory(prefix="cli_bench_") as scratch:
        scratch = Path(scratch)
        old, new = seed_pair(scratch)
        contexts = loop_contexts(scratch)
        generated, looped = scratch / "generate", scratch / "loop"
        commands = {
            "afspraken redline": ([str(AFSPRAKEN), "redline", str(old), str(new), "-o", str(scratch / "ours.docx")], None),
            "python-redlines (Docxodus)": ([str(PYTHON), "benchmarks/docxodus_redline.py", str(old), str(new),
                                            str(scratch / "docxodus.docx")], None),
            "afspraken generate --all": ([str(AFSPRAKEN), "generate", "--all", "--out", str(generated)],
                                         ["rm", "-rf", str(generated)]),
            "plain docxtpl loop": ([str(PYTHON), "benchmarks/docxtpl_loop.py", str(contexts), str(looped)],
                                   ["rm", "-rf", str(looped)]),
            "afspraken --help": ([str(AFSPRAKEN), "--help"], None),
            "afspraken validate": ([str(AFSPRAKEN), "validate"], None),
            "python (start-up)": ([str(PYTHON), "-c", "pass"], None),
            # Floors, ended as the command ends (os._exit, no interpreter clean-up): every command loads
            # typer; redline cannot do without lxml and zipfile either, whatever it compares.
            "python + typer": ([str(PYTHON), "-c", "import os, typer; os._exit(0)"], None),
            "python + typer + lxml": ([str(PYTHON), "-c", "import os, typer, lxml.etree, zipfile; os._exit(0)"], None),
        }
        if not peer:
            del commands["python-redlines (Docxodus)"]
        found = hyperfine(commands, args.rounds, scratch)
        memory = {name: peak_memory(commands[name][0]) for name in ("afspraken --help", "afspraken validate", "python (start-up)")}

    median = {name: statistics.median(f["times"]) for name, f in found.items()}
    print(f"{os.cpu_count()} cores; {args.rounds} rounds of 2 runs each, alternating; wall time median (s), "
          f"CPU user+system mean (s), peak memory (MiB)")
    print(f"{'command':<28}{'median s':>10}{'CPU s':>8}{'runs':>6}{'MiB':>6}")
    for name, f in found.items():
        cpu = statistics.mean(f["user"]) + statistics.mean(f["system"])
        mib = f"{memory[name]:>6}" if memory.get(name) is not None else ""
        print(f"{name:<28}{median[name]:>10.3f}{cpu:>8.3f}{len(f['times']):>6}{mib}")
    if peer:
        ratio = median["python-redlines (Docxodus)"] / median["afspraken redline"]
        print(f"redline: afspraken {ratio:.1f}× faster than python-redlines/Docxodus (target: at least 10×)")
        ceiling = median["python-redlines (Docxodus)"] / median["python + typer + lxml"]
        print(f"redline's ceiling: a process that only loads Python, typer and lxml is {ceiling:.1f}× faster than "
              f"python-redlines/Docxodus, leaving {1000 * (median['python-redlines (Docxodus)'] / 10 - median['python + typer + lxml']):.0f} ms "
              f"for reading, comparing and writing at 10×")
    ratio = median["afspraken generate --all"] / median["plain docxtpl loop"]
    print(f"generate --all: {ratio:.2f}× the plain docxtpl loop's time (target: at most 0.5×)")


if __name__ == "__main__":
    main()
