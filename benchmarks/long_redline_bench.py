"""Benchmark: the redline of a long document the engine did not write (issue 12: seconds, not minutes).

    .venv/bin/python benchmarks/long_redline_bench.py [--paragraphs 3000] [--repeat 3] [--profile]

The documents are tests/redline_any_docs.long_doc: at 3000 paragraphs about 300 pages of prose with a
footnote every 10 paragraphs, numbered list items, PAGE fields, text boxes and headings, and a version
of it edited as a negotiating party would (paragraphs reworded, deleted, inserted; notes and text
boxes changed). Prints the size, the time to read both packages, and the time of the redline itself
(median of --repeat runs), plus the number of revisions it made. `--profile` prints the 25 most
expensive functions of one run. Correctness on the same pair is a test (tests/test_redline_any.py).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ooxml.package import read_parts  # noqa: E402
from generator.redline import redline_with_messages  # noqa: E402
from tests.redline_any_docs import long_doc  # noqa: E402

DATE = datetime(2025, 6, 24, tzinfo=timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    old, new = long_doc(args.paragraphs), long_doc(args.paragraphs, edited=True)
    built = time.perf_counter() - started
    started = time.perf_counter()
    old_parts, new_parts = read_parts(old), read_parts(new)
    read = time.perf_counter() - started
    text = b" ".join(re.findall(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>", old_parts["word/document.xml"]))
    words = len(text.split())
    print(f"{args.paragraphs} paragraphs, {words} words, ~{words // 450} pages of 450 words, {len(old) // 1024} KiB .docx "
          f"(built in {built:.1f} s, read in {read:.2f} s)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        redline_with_messages(old_parts, new_parts, "Benchmark", DATE)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = redline_with_messages(old_parts, new_parts, "Benchmark", DATE)
        times.append(time.perf_counter() - started)
    revisions = result.value["word/document.xml"].count(b"<w:ins ") + result.value["word/document.xml"].count(b"<w:del ")
    print(f"redline: median {statistics.median(times):.2f} s over {args.repeat} runs "
          f"(min {min(times):.2f} s); {revisions} insertions/deletions in the body; "
          f"{len(result.messages)} untracked findings")


if __name__ == "__main__":
    main()
