"""Batch benchmark: the whole batch against a plain docxtpl loop over the same template, in one run.

    .venv/bin/python benchmarks/batch_bench.py [--synthetic 1000]

Ours: validation, computation, rendering, versions + manifest and the overview,
exactly as `afspraken generate --all` does it (batch.run), into a fresh folder.
Plain loop: for each gebied, DocxTemplate(template) → render(context) → save,
with the contexts computed beforehand (so the loop is charged for less work).
Then the batch for N synthetic gebieden (copies of the 19 with new slugs), to
show that the cost per agreement stays flat. Not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import batch
from generator.document import context  # noqa: E402
from generator.compute import agreement  # noqa: E402
from generator.data.load import load_gebied, load_landelijk  # noqa: E402
from generator.document.render import _for_docxtpl  # noqa: E402

DATA = ROOT / "data"
TEMPLATE = ROOT / "templates" / "docx" / "bestuurlijke-afspraken.docx"


def plain_docxtpl_loop(paths: list[Path], out: Path) -> float:
    landelijk = load_landelijk(DATA)
    contexts = []
    for path in paths:
        gebied = load_gebied(path)[0]
        contexts.append((gebied.slug, _for_docxtpl(context.build(gebied, agreement(gebied, landelijk), landelijk))))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    start = time.perf_counter()
    for slug, values in contexts:
        document = DocxTemplate(TEMPLATE)
        document.render(values, jinja_env=env, autoescape=True)
        document.save(out / f"{slug}.docx")
    return time.perf_counter() - start


def our_batch(data: Path, out: Path) -> tuple[float, int]:
    paths = batch.gebied_files(data, [], everything=True)
    start = time.perf_counter()
    result = batch.run(data, paths, TEMPLATE, out)
    elapsed = time.perf_counter() - start
    assert not result.plan.problems, result.plan.problems[:3]
    return elapsed, len(result.outcomes)


def synthetic_data(count: int, target: Path) -> Path:
    """`count` gebieden: the shipped files again and again under new slugs and names, each in the round's list."""
    from ruamel.yaml import YAML

    (target / "gebieden").mkdir(parents=True)
    yaml = YAML(typ="rt")
    national = yaml.load((DATA / "landelijk.yaml").read_text(encoding="utf-8"))
    listed = {entry["slug"]: entry for entry in national["gebieden"]}
    sources = sorted((DATA / "gebieden").glob("*.yaml"))
    entries = []
    for index in range(count):
        source = sources[index % len(sources)]
        slug = f"{source.stem}-{index:04d}"
        text = source.read_text(encoding="utf-8").replace(f"slug: {source.stem}", f"slug: {slug}")
        text = text.replace("\nnaam: ", f"\nnaam: {index:04d} ", 1)
        (target / "gebieden" / f"{slug}.yaml").write_text(text, encoding="utf-8")
        entry = dict(listed[source.stem])
        entries.append({**entry, "slug": slug, "naam": f"{index:04d} {entry['naam']}"})
    national["gebieden"] = entries
    with (target / "landelijk.yaml").open("w", encoding="utf-8") as handle:
        yaml.dump(national, handle)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=1000, help="number of synthetic gebieden (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        paths = batch.gebied_files(DATA, [], everything=True)
        (scratch / "plain").mkdir()
        plain = plain_docxtpl_loop(paths, scratch / "plain")
        ours, n = our_batch(DATA, scratch / "ours")
        print(f"{'':38}{'documents':>10}{'seconds':>10}{'per doc (ms)':>14}")
        print(f"{'plain docxtpl loop (render+save only)':38}{len(paths):>10}{plain:>10.2f}{plain / len(paths) * 1000:>14.1f}")
        print(f"{'afspraken batch (everything)':38}{n:>10}{ours:>10.2f}{ours / n * 1000:>14.1f}")
        print(f"ratio: batch takes {ours / plain:.0%} of the plain loop's time (target: at most 50%)")
        if args.synthetic:
            data = synthetic_data(args.synthetic, scratch / "synthetic")
            big, m = our_batch(data, scratch / "ours-synthetic")
            print(f"{'afspraken batch, synthetic':38}{m:>10}{big:>10.2f}{big / m * 1000:>14.1f}")
            print(f"per-agreement cost at {m} vs {n}: {big / m / (ours / n):.2f}×")


if __name__ == "__main__":
    main()
