"""Building the documents of a batch on all cores, the template compiled while the data is checked.

When a batch of several gebieden starts, one process is forked to check and compile the template
(loading docxtpl), while this process loads and checks the data: on a machine with two cores the
two overlap (benchmarks/cli_bench.py). That process then forks the builders, which start with the
compiled template, and hands their documents back. While they build, this process makes what it
needs next (the overview, loading openpyxl). Errors in the template are raised here as they were
raised there; nothing is stored before every document is built (batch.run).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import AfsprakenError
from ..results import Result

if TYPE_CHECKING:
    from ..data.models import Gebied, Landelijk
    from .render import Template

T = TypeVar("T")

# In the process that compiled the template (and so in the builders it forks), or in this one.
_template: Template | None = None
_error: AfsprakenError | None = None
_landelijk: Landelijk | None = None
_revisions: frozenset[str] = frozenset()  # slugs built as a revision of a signed version (document.build)


def _compile(path: Path) -> None:
    global _template, _error
    from .render import Template

    try:
        _template, _error = Template(path), None
    except AfsprakenError as exc:
        _template, _error = None, exc
    # Loaded once here rather than in each builder forked from this process.
    from . import agreement as document  # noqa: F401
    from ..formatting import in_woorden

    in_woorden(1)  # num2words


def _checked() -> Result[dict[str, bytes]]:
    """The checked template's parts and messages (or its error), for the batch."""
    if _error is not None:
        raise _error
    assert _template is not None
    return Result(_template.parts, _template.messages)


def _start_builder(landelijk: Landelijk, revisions: frozenset[str] = frozenset()) -> None:
    global _landelijk, _revisions
    _landelijk, _revisions = landelijk, revisions


def _build(gebied: Gebied) -> bytes:
    from . import agreement as document

    assert _template is not None and _landelijk is not None  # _build_all has raised a compile error already
    return document.build(gebied, _landelijk, _template, revision=gebied.slug in _revisions)


def _build_all(gebieden: list[Gebied], landelijk: Landelijk, workers: int,
               revisions: frozenset[str] = frozenset()) -> list[bytes]:
    """In the compiling process: the documents, built by `workers` processes forked from it."""
    if _error is not None:
        raise _error
    if workers == 1 or len(gebieden) < 2:
        _start_builder(landelijk, revisions)
        return [_build(g) for g in gebieden]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_builder,
                             initargs=(landelijk, revisions)) as pool:
        return list(pool.map(_build, gebieden, chunksize=max(1, len(gebieden) // (workers * 4))))


class Builders:
    """The template, compiled in a process of its own (`parallel`) or in this one, and the documents built from it."""

    def __init__(self, template_path: Path, parallel: bool, workers: int | None = None):
        self._path = template_path
        self._workers = workers or os.cpu_count() or 1
        self._parallel = parallel and self._workers > 1
        self._compiler: ProcessPoolExecutor | None = None
        self._checked: Future | None = None

    def __enter__(self) -> Builders:
        if self._parallel:
            # fork: the process starts with what this one has loaded, the data's modules included.
            self._compiler = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_compile, initargs=(self._path,))
            self._checked = self._compiler.submit(_checked)
        else:
            _compile(self._path)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._compiler is not None:
            self._compiler.shutdown(wait=True, cancel_futures=True)

    def template(self) -> Result[dict[str, bytes]]:
        """The checked template's parts and messages; its errors, every one located, as a TemplateError."""
        return self._checked.result() if self._checked is not None else _checked()

    def build_all(self, gebieden: list[Gebied], landelijk: Landelijk, meanwhile: Callable[[], T],
                  revisions: frozenset[str] = frozenset()) -> tuple[list[bytes], T]:
        """Each gebied's document, in the order given; and what `meanwhile` returned, run here while they are built.
        `revisions`: slugs built as a revision of their signed version."""
        if self._compiler is None:
            return _build_all(gebieden, landelijk, 1, revisions), meanwhile()
        documents = self._compiler.submit(_build_all, gebieden, landelijk, self._workers, revisions)
        other = meanwhile()
        return documents.result(), other
