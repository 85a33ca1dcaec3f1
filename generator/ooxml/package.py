"""Reading and writing .docx packages (zip files of XML parts), safely and deterministically.

Reading is hardened once, here: no DTDs or entities, no network, limits on the
number of entries, on each part's uncompressed size and on the compression
ratio (zip bombs), before anything is decompressed. Writing gives the same
bytes for the same parts: fixed timestamps, a stable entry order.
"""

from __future__ import annotations

import io
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from ..errors import AfsprakenError, CompareError, os_reason

MAX_ENTRIES = 2_000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for parts large enough to matter
RATIO_FLOOR = 1024 * 1024  # parts below this size are never a bomb

# Zip entries get this timestamp (the earliest a zip can hold), so output is byte-identical.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Deflate's fastest level: a third of zlib's default time for a document a third larger (about 40 kB for an
# agreement, most of it the template's 300 kB styles.xml); compressing was a quarter of building one.
COMPRESS_LEVEL = 1

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
)

REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")


def parse_xml(data: bytes, name: str = "XML", error: type[AfsprakenError] = CompareError) -> etree._Element:
    """Parse one XML part. A DOCTYPE is refused outright: Word never writes one, attackers do."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise error(f"{name}: bevat een DOCTYPE of entity-declaratie; zo'n bestand wordt niet gelezen")
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise error(f"{name}: ongeldige XML (regel {line}, kolom {column}); het bestand is beschadigd") from None


# Parts that several readers only read (styles.xml is 300 kB in the template and read by the check of an
# untrusted file, the style resolver, the carrying of definitions and the coverage check, for OLD and for
# NEW, which usually have the same one): parsed once per content, the most recent few kept.
_SHARED: OrderedDict[bytes, etree._Element] = OrderedDict()
_SHARED_SIZE = 32


def parse_shared(data: bytes, name: str = "XML", error: type[AfsprakenError] = CompareError) -> etree._Element:
    """`parse_xml` for a caller that only reads the tree and never changes it: the same bytes give the same
    tree to every such caller. A caller that changes the tree uses `parse_xml`."""
    root = _SHARED.get(data)
    if root is not None:
        _SHARED.move_to_end(data)
        return root
    root = parse_xml(data, name, error)
    _SHARED[data] = root
    if len(_SHARED) > _SHARED_SIZE:
        _SHARED.popitem(last=False)
    return root


def serialize(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass(frozen=True)
class Limits:
    """What a zip package from outside may hold, checked from its directory before anything is decompressed."""

    entries: int = MAX_ENTRIES
    part_bytes: int = MAX_PART_BYTES
    total_bytes: int = MAX_TOTAL_BYTES
    ratio: int = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR


DOCX_LIMITS = Limits()


def open_archive(source: str | Path | IO[bytes], limits: Limits = DOCX_LIMITS,
                 kind: str = ".docx-bestand") -> tuple[zipfile.ZipFile | None, str]:
    """The zip archive, opened and its directory checked against `limits`; or None and what is wrong (in Dutch,
    without the file's name). Shared by the .docx readers and the budget workbook."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        return None, "bestand bestaat niet"
    except IsADirectoryError:
        return None, f"is een map, geen {kind}"
    except OSError as exc:  # no rights, a disk that fails: said as such, not as a file that is no archive
        return None, f"kan niet gelezen worden ({os_reason(exc)})"
    except (zipfile.BadZipFile, ValueError):
        return None, f"geen {kind} (geen geldig zip-archief)"
    problem = archive_problem(archive.infolist(), limits)
    if problem:
        archive.close()
        return None, problem
    return archive, ""


def archive_problem(infos: list[zipfile.ZipInfo], limits: Limits = DOCX_LIMITS) -> str:
    """What is wrong with a zip's directory (too many entries, a part too large, a zip bomb), or ""."""
    if len(infos) > limits.entries:
        return f"te veel onderdelen ({len(infos)}, hooguit {limits.entries})"
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.part_bytes or total > limits.total_bytes:
            limit = limits.part_bytes if info.file_size > limits.part_bytes else limits.total_bytes
            what = "" if info.file_size > limits.part_bytes else "samen met de onderdelen ervoor "
            return (f"onderdeel {info.filename} is uitgepakt {what}te groot ({info.file_size:,} bytes; hooguit "
                    f"{limit:,})".replace(",", "."))
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            return f"onderdeel {info.filename} is verdacht sterk gecomprimeerd (zip-bom?)"
    return ""


def read_parts(source: str | Path | bytes | IO[bytes], name: str | None = None,
               error: type[AfsprakenError] = CompareError, required: tuple[str, ...] = REQUIRED_PARTS) -> dict[str, bytes]:
    """The parts of a .docx, in the zip's order, after checking the limits above."""
    label = name or (str(source) if isinstance(source, (str, Path)) else "document")
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    archive, problem = open_archive(source)
    if archive is None:
        raise error(f"{label}: {problem}")
    with archive:
        infos = archive.infolist()
        parts: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            try:
                # Read at most the declared size plus one byte: a lying header cannot make us read more.
                with archive.open(info) as stream:
                    data = stream.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
                raise error(f"{label}: onderdeel {info.filename} is beschadigd") from None
            if len(data) > info.file_size:
                raise error(f"{label}: onderdeel {info.filename} is groter dan opgegeven")
            parts[info.filename] = data
    missing = [p for p in required if p not in parts]
    if missing:
        raise error(f"{label}: geen Word-document (ontbrekend onderdeel: {', '.join(missing)})")
    return parts


def zip_bytes(parts: Mapping[str, bytes]) -> bytes:
    """The .docx as bytes: same parts in, same bytes out. [Content_Types].xml goes first, as Word writes it."""
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n.startswith("docProps/")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for partname in order:
            info = zipfile.ZipInfo(partname, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, parts[partname], compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def read_untrusted(source: str | Path, error: type[AfsprakenError] = CompareError) -> dict[str, bytes]:
    """`read_parts` for a file from outside, plus every XML part parsed once up front, so that a
    DOCTYPE, an entity or broken XML is reported with the file's and the part's name. The trees are
    kept for the readers that only read them (`parse_shared`)."""
    parts = read_parts(source, error=error)
    for partname, data in parts.items():
        if partname.endswith((".xml", ".rels")):
            parse_shared(data, f"{source}: {partname}", error)
    return parts
