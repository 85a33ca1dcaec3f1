"""A stand-in for `soffice --convert-to … --outdir D FILE…` that misbehaves on request, for tests/test_pdf_batch.py.

It converts in order, as LibreOffice does. FAKE_SOFFICE_LOG: a file to which each start appends its documents
(one JSON line, with whether its profile existed). FAKE_SOFFICE_REAL: hand the documents to this real soffice
(same arguments) instead of writing small stand-in PDFs. A document's stem in FAKE_SOFFICE_CRASH: half a PDF
written, then the process dies of SIGSEGV; in FAKE_SOFFICE_HANG: it sleeps; in FAKE_SOFFICE_UNREADABLE: no
PDF, and on to the next (as LibreOffice with a file it cannot open).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote


def main(args: list[str]) -> None:
    profile = Path(unquote(next(a for a in args if a.startswith("-env:UserInstallation=")).split("file://", 1)[1]))
    outdir = Path(args[args.index("--outdir") + 1])
    documents = [Path(a) for a in args[args.index("--outdir") + 2:]]
    options = args[:args.index("--outdir") + 2]
    if os.environ.get("FAKE_SOFFICE_LOG"):
        with open(os.environ["FAKE_SOFFICE_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps({"documents": [d.stem for d in documents], "profile": str(profile),
                                  "profile_existed": profile.exists()}) + "\n")
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text("<items/>\n", encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    real = os.environ.get("FAKE_SOFFICE_REAL")
    unreadable = os.environ.get("FAKE_SOFFICE_UNREADABLE", "").split(",")

    def convert(some: list[Path]) -> None:
        some = [d for d in some if d.stem not in unreadable]
        if real:
            subprocess.run([real, *options, *map(str, some)], check=True, capture_output=True)
            return
        for document in some:
            (outdir / f"{document.stem}.pdf").write_bytes(f"%PDF-1.7\n% {document.name}\n%%EOF\n".encode())
            time.sleep(0.05)

    crash, hang = os.environ.get("FAKE_SOFFICE_CRASH", ""), os.environ.get("FAKE_SOFFICE_HANG", "")
    for number, document in enumerate(documents):
        if document.stem in (crash, hang):
            convert(documents[:number])
            (outdir / f"{document.stem}.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")  # half a PDF
            if document.stem == hang:
                time.sleep(600)
            os.kill(os.getpid(), signal.SIGSEGV)
    convert(documents)


if __name__ == "__main__":
    main(sys.argv[1:])
