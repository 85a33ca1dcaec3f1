"""Proof that a restructuring changed nothing: every output of the test scenarios, written to a folder,
and two such folders compared byte for byte.

    .venv/bin/python benchmarks/same_outputs.py write FOLDER     # on the code before, and after
    .venv/bin/python benchmarks/same_outputs.py compare BEFORE AFTER

`write` produces, under FOLDER:
- documents/: the 19 agreements, built from data/ and the template;
- roundtrip/: the redline of every (OLD, NEW) scenario of tests/test_redline_roundtrip.py, and of its 24
  seeded random pairs (made here without LibreOffice, which only reads them);
- batch/: two runs of `afspraken generate --all --pdf` on a copy of data/, the second after one amount and
  one national parameter changed: every .docx, .md, .pdf and .xlsx (agreements, redlines, change summaries,
  PDF/A, overzicht.xlsx; manifest.json holds the clock and is left out), and begroting.xlsx of
  `afspraken export-budget` on the changed data;
- tests/: every redline (`redline`, `redline_file`) and every set of review files (`review.pair_files`: the
  redline and the change summary) that the non-LibreOffice tests of the redline make, recorded by a
  pytest plugin (this file) with Hypothesis on a fixed seed and without its example database, so the
  random edits are the same ones in both runs.

`compare` lists every file that is missing on one side or differs, and exits 1 if there is any.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = "SAME_OUTPUTS_RECORD"
# The tests that call the redline in-process (test_batch.py runs the command line as a process: its
# scenarios, a changed amount and a changed national parameter, are what batch/ writes).
TEST_FILES = ["tests/test_redline.py", "tests/test_redline_roundtrip.py"]


def _safe(name: str) -> str:
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_")
    return safe if len(safe) <= 120 else safe[:100] + "-" + hashlib.sha1(name.encode()).hexdigest()[:12]


def write_documents(folder: Path) -> None:
    from generator.document.agreement import build
    from generator.data.load import load_gebied, load_landelijk
    from generator.document.render import TEMPLATE_FILE, Template

    template, landelijk = Template(ROOT / TEMPLATE_FILE), load_landelijk(ROOT / "data")
    target = folder / "documents"
    target.mkdir(parents=True)
    for path in sorted((ROOT / "data" / "gebieden").glob("*.yaml")):
        (target / f"{path.stem}.docx").write_bytes(build(load_gebied(path)[0], landelijk, template))


def write_roundtrip(folder: Path) -> None:
    import random

    from generator.ooxml.package import read_parts, zip_bytes
    from generator.redline import redline
    from tests import test_redline_roundtrip as rt
    from tests.redline_docs import Seeded, build, random_pair

    target = folder / "roundtrip"
    target.mkdir(parents=True)
    for number, scenario in enumerate(rt.SCENARIOS):
        marked = redline(read_parts(scenario.old()), read_parts(scenario.new()), "Jurist", rt.DATE)
        (target / f"{number:02d}-{_safe(scenario.name)}.docx").write_bytes(zip_bytes(marked))
    rng = random.Random(20250624)
    for number in range(rt.RANDOM_PAIRS):
        old, new = random_pair(Seeded(rng))
        marked = redline(read_parts(build(old)), read_parts(build(new)), "Jurist", rt.DATE)
        (target / f"random-{number:02d}.docx").write_bytes(zip_bytes(marked))


def write_batch(folder: Path) -> None:
    command = [sys.executable, "-m", "generator", "generate", "--all"]  # the code of this tree, not the installed one
    # One fixed scratch folder: the change comments name the data file by its path (one run at a time).
    scratch = Path(tempfile.gettempdir()) / "afspraken-same-outputs"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        data, out = scratch / "data", scratch / "output"
        shutil.copytree(ROOT / "data", data)
        for step in ("first", "second"):
            if step == "second":
                gebied = data / "gebieden" / "amsterdam-nieuw-west.yaml"
                text = gebied.read_text(encoding="utf-8")
                gebied.write_text(text.replace("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000", 1), encoding="utf-8")
                national = data / "landelijk.yaml"
                text = national.read_text(encoding="utf-8")
                changed = re.sub(r"(bedrag_per_woning:\s*)(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 100), text, 1)
                assert changed != text, "landelijk.yaml: no bedrag_per_woning to change"
                national.write_text(changed, encoding="utf-8")
            # A fixed version time: the redlines and comments of version 2 are dated with it (versions.now).
            env = {**os.environ, "SOURCE_DATE_EPOCH": "1750723200" if step == "first" else "1750809600"}
            done = subprocess.run(command + ["--pdf", "--data", str(data), "--out", str(out)], cwd=ROOT,
                                  capture_output=True, text=True, env=env)
            assert done.returncode == 0, done.stdout + done.stderr
        done = subprocess.run([sys.executable, "-m", "generator", "export-budget", "--data", str(data), "--out",
                               str(out / "begroting.xlsx")], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "1750809600"})
        assert done.returncode == 0, done.stdout + done.stderr
        target = folder / "batch"
        for path in sorted(out.rglob("*")):
            if path.is_file() and path.suffix in (".docx", ".md", ".pdf", ".xlsx"):
                copy = target / path.relative_to(out)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(path.read_bytes())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_tests(folder: Path) -> None:
    target = folder / "tests"
    target.mkdir(parents=True)
    env = dict(os.environ, **{RECORD: str(target)})
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-m", "not libreoffice", "-p", "benchmarks.same_outputs",
                           "-p", "no:cacheprovider", "--hypothesis-seed=0", *TEST_FILES], cwd=ROOT, env=env)
    assert done.returncode == 0, "the tests failed"


def write(folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise SystemExit(f"{folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    write_documents(folder)
    write_roundtrip(folder)
    write_batch(folder)
    write_tests(folder)
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"{count} files in {folder}")


def compare(before: Path, after: Path) -> int:
    a = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    b = {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    problems = [f"only in {before}: {p}" for p in sorted(a - b)] + [f"only in {after}: {p}" for p in sorted(b - a)]
    problems += [f"differs: {p}" for p in sorted(a & b) if (before / p).read_bytes() != (after / p).read_bytes()]
    for line in problems:
        print(line)
    print(f"{len(a & b)} files in both, {len(problems)} problems")
    return 1 if problems else 0


# --- the pytest plugin (-p benchmarks.same_outputs) ---------------------------------------------------

def pytest_configure(config):
    folder = os.environ.get(RECORD)
    if not folder:
        return
    from hypothesis import settings

    settings.register_profile("same-outputs", database=None)
    settings.load_profile("same-outputs")

    import generator.redline as engine
    import generator.review.files as review
    from generator.ooxml.package import zip_bytes

    state = {"test": "", "count": 0, "inside": False}
    config._same_outputs = state

    def save(suffix: str, data: bytes) -> None:
        state["count"] += 1
        (Path(folder) / f"{_safe(state['test'])}-{state['count']:03d}{suffix}").write_bytes(data)

    def recorded(function, keep):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if state["inside"]:
                return function(*args, **kwargs)
            state["inside"] = True
            try:
                result = function(*args, **kwargs)
            finally:
                state["inside"] = False
            keep(result, args, kwargs)
            return result
        return wrapper

    engine.redline = recorded(engine.redline, lambda result, a, k: save(".docx", zip_bytes(result)))
    engine.redline_file = recorded(engine.redline_file, lambda result, a, k: save(".docx", Path(a[2]).read_bytes()))

    def keep_review(result, a, k):
        for name in sorted(result.value):
            save("-" + name, result.value[name])

    review.pair_files = recorded(review.pair_files, keep_review)


def pytest_runtest_setup(item):
    state = getattr(item.config, "_same_outputs", None)
    if state is not None:
        state["test"], state["count"] = item.nodeid, 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "write":
        write(Path(sys.argv[2]).resolve())
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        raise SystemExit(__doc__)
