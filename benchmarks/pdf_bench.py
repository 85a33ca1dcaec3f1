"""`afspraken generate --all --pdf` as a whole process against its floor, timed by hyperfine in one run.

    flock /tmp/lo.lock .venv/bin/python benchmarks/pdf_bench.py [--rounds 3]

Needs hyperfine (Debian: `apt-get install hyperfine`) and LibreOffice. The floor is what the run cannot do
without: the documents alone (`afspraken generate --all` into a fresh folder) plus one bare LibreOffice
conversion of the same 19 .docx to tagged PDF/A in one call, with a fresh profile each time
(`soffice --headless --convert-to 'pdf:writer_pdf_Export:{…}' --outdir D *.docx`). Every command runs
`--rounds` times two runs, alternating round by round (cli_bench.hyperfine); the figure is the median wall
time. `generate --all --pdf` uses a cache folder of the benchmark's own, so its profile is made in the warm-up
run and kept after, as a drafter's is. Target: at most 1,5× the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_bench import AFSPRAKEN, PYTHON, ROOT, hyperfine  # noqa: E402

TARGET = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of two runs per command (default 3)")
    args = parser.parse_args()
    if shutil.which("hyperfine") is None:
        raise SystemExit("hyperfine is not installed (Debian: apt-get install hyperfine)")
    sys.path.insert(0, str(ROOT))
    from generator.pdf import filter_argument, soffice

    program = soffice()
    if program is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    with tempfile.TemporaryDirectory(prefix="pdf_bench_") as scratch:
        scratch = Path(scratch)
        documents = scratch / "documents"
        subprocess.run([str(AFSPRAKEN), "generate", "--all", "--out", str(documents)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        docx = sorted(str(p) for p in documents.glob("*/*-v1.docx"))
        with_pdf, alone, converted, fresh = (scratch / n for n in ("with_pdf", "alone", "converted", "fresh"))
        os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")  # hyperfine's commands inherit it
        commands = {
            "afspraken generate --all --pdf": ([str(AFSPRAKEN), "generate", "--all", "--pdf", "--out", str(with_pdf)],
                                               ["rm", "-rf", str(with_pdf)]),
            "afspraken generate --all": ([str(AFSPRAKEN), "generate", "--all", "--out", str(alone)],
                                         ["rm", "-rf", str(alone)]),
            "soffice --convert-to, the 19 in one call, fresh profile": (
                [program, f"-env:UserInstallation=file://{fresh}", "--headless", "--convert-to", filter_argument(),
                 "--outdir", str(converted), *docx], ["rm", "-rf", str(fresh), str(converted)]),
        }
        found = hyperfine(commands, args.rounds, scratch)
        assert len(list(with_pdf.glob("*/*-v1.pdf"))) == len(docx) == len(list(converted.glob("*.pdf")))
    median = {name: statistics.median(result["times"]) for name, result in found.items()}
    floor = median["afspraken generate --all"] + median["soffice --convert-to, the 19 in one call, fresh profile"]
    print(f"{len(docx)} gebieden, {args.rounds} rounds of 2 runs, median wall time (s), CPU = user + system (s):")
    for name, result in found.items():
        cpu = statistics.mean(result["user"]) + statistics.mean(result["system"])
        print(f"  {name:<58} {median[name]:7.3f}   CPU {cpu:6.3f}")
    print(f"  {'floor (the documents alone + the bare conversion)':<58} {floor:7.3f}")
    ratio = median["afspraken generate --all --pdf"] / floor
    print(f"generate --all --pdf: {ratio:.2f}× the floor (target ≤ {TARGET}×: {'met' if ratio <= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
