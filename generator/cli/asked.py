"""The gebied named to a command that works on its stored versions (pdf, mark, history, compare): checked
before anything is read or made, so that a slug that is no gebied is said to be one ("onbekend gebied 'x';
bedoelt u …?") and a mistyped --out is said to be that, and neither leaves a folder or a lock behind."""

from __future__ import annotations

from pathlib import Path

from ..errors import AfsprakenError, UsageError
from ..data.ronde import unknown_gebied
from ..store.journal import NAME as JOURNAL
from ..store.versions import MANIFEST, Folder

DATA = Path("data")  # as the commands' --data default: where the round's list is, when it is asked


def check_asked(slug: str, out: Path, data_dir: Path = DATA, versions: bool = True, number: int | None = None) -> None:
    """Refuse (UsageError) a slug that is no gebied of the round and, with `versions`, an output folder that does
    not exist or a gebied without versions in it (without: the command says which version it misses). A gebied
    with versions is always accepted, also one no longer in the round; with `number`, if it has that version."""
    if (out / slug / MANIFEST).is_file() or (out / slug / JOURNAL).is_file():  # a lost manifest is restored
        if number is not None:
            _check_number(Folder(out, slug), number)
        return
    known = _round(data_dir)
    if known is None:  # no readable list of the round: the gebieden that have versions are the ones known
        known = sorted({p.parent.name for name in (MANIFEST, JOURNAL) for p in out.glob(f"*/{name}")}) if out.is_dir() else []
        where = f"gebieden met versies in {out}"
    else:
        where = f"de gebieden van de ronde ({data_dir / 'landelijk.yaml'})"
    if slug not in known:
        raise UsageError(unknown_gebied(slug, known, where))
    if not versions:
        return
    folder = Folder(out, slug)
    if folder.versions():  # version files without manifest or journal, taken in (adopt.py)
        if number is not None:
            _check_number(folder, number)
        return
    if not out.is_dir():
        raise UsageError(f"{out}: uitvoermap bestaat niet, dus {slug} heeft nog geen versie; maak eerst de afspraken "
                         f"(afspraken generate {slug}) of geef met --out de goede map")
    raise UsageError(f"{out / slug}: {slug} heeft nog geen versie; maak eerst de afspraken (afspraken generate {slug})")


def check_herzien(slugs: list[str], paths: list[Path], data_dir: Path, out: Path) -> None:
    """--herzien only for a gebied of the round, of this run, with a signed version (else there is nothing to
    revise)."""
    from ..batch import check_known
    from ..data.validate import checked_landelijk

    check_known(slugs, checked_landelijk(data_dir)[0])
    unknown = sorted(set(slugs) - {p.stem for p in paths})
    if unknown:
        raise UsageError(f"--herzien: {', '.join(unknown)} hoort niet bij de gebieden van deze run")
    unsigned = [slug for slug in dict.fromkeys(slugs) if not _revisable(Folder(out, slug))]
    if unsigned:
        raise UsageError("\n".join(f"--herzien {slug}: {slug} heeft geen getekende versie in {out / slug}; er is niets "
                                   "te herzien (laat --herzien weg)" for slug in unsigned))


def _revisable(folder: Folder) -> bool:
    """A gebied with a signed version, or with one taken in whose states are unknown (it may be signed); one whose
    record is refused is left to the batch, which says so and goes on with the others."""
    from ..errors import RecordError
    from ..store.versions import SIGNED, last_in_state

    try:
        versions = folder.versions()
    except RecordError:
        return True
    return last_in_state(versions, SIGNED) is not None or any(v.states_unknown for v in versions)


def _check_number(folder: Folder, number: int) -> None:
    if folder.version(number) is None:
        known = ", ".join(str(v.number) for v in folder.versions()) or "geen"
        raise UsageError(f"{folder.path}: {folder.slug} heeft geen versie {number} (versies: {known})")


def _round(data_dir: Path) -> list[str] | None:
    """The slugs of the round's gebieden, or None when the list cannot be read (the command does not need it)."""
    if not (data_dir / "landelijk.yaml").is_file():
        return None
    from ..data.load import load_landelijk

    try:
        return [g.slug for g in load_landelijk(data_dir).in_ronde]
    except AfsprakenError:
        return None
