"""Building the documents of a batch on all cores.

The workers are forked once the template is compiled, so each starts with it instead of unpickling
it. While they build, this process does what it needs next and the workers do not (loading openpyxl
for the overview, computing its rows): on a machine with two cores that work is then free
(benchmarks/cli_bench.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .models import Gebied, Landelijk
    from .render import Template

T = TypeVar("T")

_template: Template | None = None
_landelijk: Landelijk | None = None


def _start(template: Template, landelijk: Landelijk) -> None:
    global _template, _landelijk
    _template, _landelijk = template, landelijk


def _build(gebied: Gebied) -> bytes:
    from . import document

    assert _template is not None and _landelijk is not None
    return document.build(gebied, _landelijk, _template)


def build_all(gebieden: list[Gebied], landelijk: Landelijk, template: Template, workers: int | None = None,
              meanwhile: Callable[[], T] = lambda: None) -> tuple[list[bytes], T]:
    """Each gebied's document, in the order given, built in a pool of worker processes (in this process
    for one gebied or one worker); and what `meanwhile` returned, run here while the workers build."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(gebieden) < 2:
        _start(template, landelijk)
        return [_build(g) for g in gebieden], meanwhile()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(template, landelijk)) as pool:
        chunk = max(1, len(gebieden) // (workers * 4))
        documents = pool.map(_build, gebieden, chunksize=chunk)  # submitted now, collected below
        other = meanwhile()
        return list(documents), other
