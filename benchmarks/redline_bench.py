"""Benchmark: our redline engine against python-redlines (Docxodus) on realistic pairs.

    /tmp/venv/bin/python benchmarks/redline_bench.py [--repeat 5] [--no-docxodus] [--keep DIR]

The pairs are versions of a bestuurlijke-afspraken document built from the seed agreement
(tests/golden/*.txt; about ten pages: prose, amount tables, footnotes, a header and a footer), each with
a realistic change: an amount, a word, paragraphs added or removed, table rows, a table dropped, a
footnote, the header, a boilerplate sentence, several at once; and versions of a real agreement made
by the generator itself (data/gebieden, templates/docx) after a change in its data. Both engines get the same .docx bytes;
both outputs go through the same LibreOffice round trip (accept all must read as NEW, reject all as
OLD; tests/lo_uno.py). Prints one line per pair: time of each engine, speed ratio, round-trip result.

Not a test: it needs python-redlines[docxodus] (a .NET binary inside its wheel) and takes a minute.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ooxml.package import read_parts, zip_bytes  # noqa: E402
from generator.redline import redline  # noqa: E402
from tests import libreoffice  # noqa: E402
from tests.redline_docs import Doc, Para, Table, build, lo_texts  # noqa: E402

SEED = next((ROOT / "tests" / "golden").glob("*.txt"), None)
DATE = datetime(2025, 6, 24, tzinfo=timezone.utc)
AUTHOR = "Benchmark"


def seed_paragraphs() -> list[str]:
    """The seed agreement's prose as paragraphs (lines joined, page furniture dropped)."""
    text = SEED.read_text(encoding="utf-8") if SEED else ("Deze afspraken gaan over woningbouw. " * 40 + "\n\n") * 60
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text):
        joined = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        joined = re.sub(r"\s+", " ", joined).strip()
        if len(joined) > 3 and not re.fullmatch(r"[\d\s€.,\-]+", joined):
            paragraphs.append(joined)
    return paragraphs


AMOUNTS = Table((("Project", "Aanvraag", "Rijksbijdrage"),
                 ("Ontsluiting Osdorp", "€ 5.700.000", "€ 5.700.000"),
                 ("Groen Geuzenveld", "€ 6.000.000", "€ 6.000.000"),
                 ("Herinrichting Plein 40-45", "€ 6.061.983", "€ 7.335.000"),
                 ("Totaal", "€ 17.761.983", "€ 19.035.000")))
CAPACITY = Table((("Jaar", "Fte", "Bijdrage"), ("2025", "2", "€ 750.000"), ("2026", "3", "€ 1.000.000"),
                  ("2027", "3", "€ 1.000.000"), ("2028", "2", "€ 1.000.000"), ("Totaal", "", "€ 3.750.000")))


def base() -> Doc:
    prose = seed_paragraphs()
    body: list = [Para.of("Bestuurlijke afspraken NPLV Amsterdam Nieuw-West", style="Heading 1")]
    for index, text in enumerate(prose):
        if index in (3, 40):
            body.append(Para.of(text, note="Het betreft 19 van de 20 NPLV-gebieden."))
        elif len(text) < 60 and not text.endswith("."):
            body.append(Para.of(text, style="Heading 2"))
        else:
            body.append(text)
        if index == len(prose) // 2:
            body += [AMOUNTS, "De bedragen zijn inclusief btw."]
        if index == (3 * len(prose)) // 4:
            body += [CAPACITY, "Prijspeil 2025."]
    body.append("Aldus overeengekomen en in tweevoud ondertekend.")
    return Doc(body=body, header=["Bestuurlijke afspraken NPLV – Amsterdam Nieuw-West"], footer=["24 juni 2025"])


def replace_in(doc: Doc, old: str, new: str, count: int = 1) -> Doc:
    body, done = [], 0
    for block in doc.body:
        if done < count and isinstance(block, str) and old in block:
            block, done = block.replace(old, new, 1), done + 1
        elif done < count and isinstance(block, Para) and old in block.text:
            block, done = Para(tuple((t.replace(old, new, 1), f) for t, f in block.runs), block.note, block.style), done + 1
        body.append(block)
    return Doc(body=body, header=doc.header, footer=doc.footer)


def with_table(doc: Doc, old: Table, new: Table | None) -> Doc:
    body = []
    for block in doc.body:
        if block == old:
            if new is not None:
                body.append(new)
        else:
            body.append(block)
    return Doc(body=body, header=doc.header, footer=doc.footer)


def pairs() -> list[tuple[str, Doc, Doc]]:
    b = base()
    texts = [i for i, x in enumerate(b.body) if isinstance(x, str) and len(x) > 200]
    removed = Doc(body=[x for i, x in enumerate(b.body) if i != texts[5]], header=b.header, footer=b.footer)
    added = Doc(body=b.body[:texts[8]] + ["Partijen spreken af dat de alliantie jaarlijks rapporteert."] + b.body[texts[8]:],
                header=b.header, footer=b.footer)
    rows = list(AMOUNTS.rows)
    amounts_rows = Table(tuple(rows[:2] + rows[3:4] + [("Speelplaatsen Slotervaart", "€ 1.200.000", "€ 1.200.000")] + rows[4:]))
    footnote = Doc(body=[Para(x.runs, "Het betreft 19 van de 20 NPLV-gebieden; Lelystad doet niet mee.", x.style)
                         if isinstance(x, Para) and x.note else x for x in b.body], header=b.header, footer=b.footer)
    several = replace_in(replace_in(with_table(added, AMOUNTS, amounts_rows), "2029", "2030", 3), "gemeente", "alliantie", 4)
    return [
        ("amount changed", b, with_table(b, AMOUNTS, Table(tuple(rows[:3] + [("Herinrichting Plein 40-45", "€ 6.061.983", "€ 7.500.000"), ("Totaal", "€ 17.761.983", "€ 19.200.000")])))),
        ("amount in prose", b, replace_in(b, "€ 19.035.000", "€ 19.200.000")),
        ("word in prose", b, replace_in(b, "versneld", "sneller")),
        ("paragraph removed", b, removed),
        ("paragraph added", b, added),
        ("added and removed", removed, added),
        ("table rows", b, with_table(b, AMOUNTS, amounts_rows)),
        ("table dropped", b, with_table(b, CAPACITY, None)),
        ("footnote text", b, footnote),
        ("header text", b, Doc(body=b.body, header=["Bestuurlijke afspraken NPLV – Amsterdam Nieuw-West (definitief)"], footer=b.footer)),
        ("boilerplate sentence", b, replace_in(b, "De afspraken zijn gemaakt onder de huidige beschikbare budgetten en regelgeving.",
                                                 "De afspraken gelden onder de budgetten en regels van 1 januari 2025.")),
        ("name throughout", b, replace_in(b, "NPLV", "NPLV-programma", 25)),
        ("several changes", b, several),
        ("identical", b, b),
    ]


def generated_pairs() -> list[tuple[str, bytes, bytes]]:
    """Versions of real agreements made by the generator (templates/docx, data/gebieden)."""
    from generator.document.agreement import build as build_document
    from generator.data.load import load_gebied, load_landelijk
    from generator.document.render import TEMPLATE_FILE, Template

    data = ROOT / "data"
    template, landelijk = Template(ROOT / TEMPLATE_FILE), load_landelijk(data)

    def make(slug: str, *edits: tuple[str, str]) -> bytes:
        text = (data / "gebieden" / f"{slug}.yaml").read_text(encoding="utf-8")
        for old, new in edits:
            text = text.replace(old, new, 1)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{slug}.yaml"
            path.write_text(text, encoding="utf-8")
            return build_document(load_gebied(path)[0], landelijk, template)

    anw = "amsterdam-nieuw-west"
    measure = "    - naam: Herinrichting Plein 40-45\n      bedrag_incl_btw: 7335000\n      btw: true\n"
    pairs = [
        ("gen: amount", make(anw), make(anw, ("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000"))),
        ("gen: measure added", make(anw), make(anw, (measure, measure + "    - naam: Speelplaatsen Slotervaart\n"
                                                     "      bedrag_incl_btw: 1200000\n      btw: true\n"))),
        ("gen: measure removed", make(anw), make(anw, (measure, ""))),
        ("gen: prose", make(anw), make(anw, ("een 20-jarig programma", "een twintigjarig programma"))),
        ("gen: figures", make(anw), make(anw, ("woningen: 12475", "woningen: 12600"), ("betaalbaar: 9503", "betaalbaar: 9650"))),
    ]
    slugs = sorted(p.stem for p in (data / "gebieden").glob("*.yaml"))
    if len(slugs) > 1:
        other = next(s for s in slugs if s != anw)
        pairs.append((f"gen: {anw} vs {other}"[:22], make(anw), make(other)))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of our engine per pair (median is shown)")
    parser.add_argument("--no-docxodus", action="store_true", help="skip python-redlines")
    parser.add_argument("--keep", type=Path, help="keep the documents in this folder")
    args = parser.parse_args()

    engine, engine_error = None, None
    if not args.no_docxodus:
        try:
            from python_redlines import DocxodusEngine

            engine = DocxodusEngine()
        except Exception as exc:  # not installed, or its binary cannot run here
            engine_error = f"{type(exc).__name__}: {exc}"

    folder = args.keep or Path(tempfile.mkdtemp(prefix="redline_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    rows, jobs = [], []
    everything = [(name, build(o), build(n)) for name, o, n in pairs()]
    try:
        everything += generated_pairs()
    except Exception as exc:  # the generator's data or template is not there: the seed pairs still run
        print(f"(no generated pairs: {type(exc).__name__}: {exc})")
    # Ours first, all pairs, so that no .NET process of the other engine is still busy meanwhile.
    ours: list[tuple[float, bytes]] = []
    for _, old, new in everything:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = zip_bytes(redline(read_parts(old), read_parts(new), AUTHOR, DATE))
            times.append(time.perf_counter() - start)
        ours.append((statistics.median(times), result))
    for number, (name, old, new) in enumerate(everything):
        paths = {k: folder / f"{number:02d}-{k}.docx" for k in ("old", "new", "ours", "docxodus")}
        paths["old"].write_bytes(old)
        paths["new"].write_bytes(new)
        paths["ours"].write_bytes(ours[number][1])
        theirs = None
        if engine is not None:
            start = time.perf_counter()
            try:
                output, _, _ = engine.run_redline(AUTHOR, original=old, modified=new)
                theirs = time.perf_counter() - start
                paths["docxodus"].write_bytes(output)
            except Exception as exc:
                engine_error = f"{type(exc).__name__}: {exc}"
        rows.append({"name": name, "ours": ours[number][0], "theirs": theirs, "paths": paths,
                     "size": len(new)})
        jobs += [(paths["old"], "none"), (paths["new"], "none"), (paths["ours"], "accept"), (paths["ours"], "reject")]
        if theirs is not None:
            jobs += [(paths["docxodus"], "accept"), (paths["docxodus"], "reject")]

    seen = iter(libreoffice.review(jobs))
    for row in rows:
        old_text, new_text = lo_texts(next(seen)), lo_texts(next(seen))
        row["ours_ok"] = _check(next(seen), new_text), _check(next(seen), old_text)
        if row["theirs"] is not None:
            row["theirs_ok"] = _check(next(seen), new_text), _check(next(seen), old_text)

    print(f"{'pair':<22} {'kB':>4} {'ours ms':>8} {'docxodus ms':>12} {'ratio':>7}  {'ours a/r':<9} {'docxodus a/r':<12}")
    failures_ours = failures_theirs = 0
    ratios = []
    for row in rows:
        mark = lambda ok: "/".join("ok" if x else "FAIL" for x in ok)  # noqa: E731
        ours_ok = mark(row["ours_ok"])
        failures_ours += sum(not x for x in row["ours_ok"])
        if row["theirs"] is not None:
            ratio = row["theirs"] / row["ours"]
            ratios.append(ratio)
            theirs_ok = mark(row["theirs_ok"])
            failures_theirs += sum(not x for x in row["theirs_ok"])
            print(f"{row['name']:<22} {row['size'] // 1024:>4} {row['ours'] * 1000:>8.1f} {row['theirs'] * 1000:>12.1f} "
                  f"{ratio:>6.0f}x  {ours_ok:<9} {theirs_ok:<12}")
        else:
            print(f"{row['name']:<22} {row['size'] // 1024:>4} {row['ours'] * 1000:>8.1f} {'-':>12} {'-':>7}  {ours_ok:<9}")
    print()
    print(f"ours: median {statistics.median(r['ours'] for r in rows) * 1000:.1f} ms per pair, "
          f"{failures_ours} round-trip failure(s) (accept or reject) in {len(rows)} pairs")
    if ratios:
        print(f"python-redlines (Docxodus): median {statistics.median(r['theirs'] for r in rows if r['theirs']) * 1000:.0f} ms "
              f"per pair, {failures_theirs} round-trip failure(s); speed ratio median {statistics.median(ratios):.0f}x, "
              f"min {min(ratios):.0f}x")
    if engine_error:
        print(f"python-redlines could not run: {engine_error}")
    print(f"documents in {folder}")


def _check(result: dict, expected: dict) -> bool:
    return result.get("error") is None and result.get("redlines_after") == 0 and lo_texts(result) == expected


if __name__ == "__main__":
    main()
