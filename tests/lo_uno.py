"""LibreOffice through UNO: open documents hidden, accept or reject all tracked changes, report their text.

Runs under Debian's /usr/bin/python3 (python3-uno lives only there), never inside
the test venv; tests/libreoffice.py calls it in a subprocess:

    /usr/bin/python3 tests/lo_uno.py REQUEST.json RESULT.json

REQUEST is {"jobs": [{"path": ..., "action": "accept"|"reject"|"none", "save": optional .docx path,
"replace": optional [old, new], a drafter's edit: the first `old` in the body becomes `new` before saving}]}.
RESULT is a list, one entry per job: {"body": [paragraph texts, table cells in order], "emphasis": [the same
with bold and italic marked, see `emphasis`], "headers":
[[texts of one header or footer]], "footnotes": [[texts of one note]], "endnotes": [...],
"redlines": count before, "redlines_after": count after, "comments": [{"text", "author", "date"}], "error": null or a message}.

One soffice serves all jobs of a request: started headless with a private profile,
reached over a named pipe, terminated (killed if need be) at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import uno  # noqa: E402  (python3-uno)
from com.sun.star.beans import PropertyValue  # noqa: E402
from com.sun.star.connection import NoConnectException  # noqa: E402
from stretches import marked  # noqa: E402  (tests/stretches.py: run as a script, this folder is on the path)

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
CONNECT_SECONDS = 90


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


class Office:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="lo_uno_profile_")
        self.pipe = "lo_uno_" + uuid.uuid4().hex
        self.proc = subprocess.Popen(
            [SOFFICE, f"-env:UserInstallation=file://{self.profile}", "--headless", "--invisible", "--norestore",
             "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # in our process group: killed with us
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("LibreOffice did not start") from None
                time.sleep(0.2)
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)

    def close(self):
        try:
            if getattr(self, "desktop", None) is not None:
                self.desktop.terminate()
        except Exception:  # the bridge goes down with the office: expected
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def texts(xtext, value=lambda paragraph: paragraph.getString()):
    """Paragraph texts of a text (body, header, note, cell), descending into tables row by row."""
    out = []
    enum = xtext.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            for name in cell_order(element.getCellNames()):
                out.extend(texts(element.getCellByName(name), value))
        elif element.supportsService("com.sun.star.text.Paragraph"):
            out.append(value(element))
    return out


def emphasis(paragraph):
    """A paragraph's text with its bold and italic stretches marked (tests/stretches.py), as LibreOffice
    shows the formatting (styles included)."""
    def pieces():
        enum = paragraph.createEnumeration()
        while enum.hasMoreElements():
            portion = enum.nextElement()
            yield portion.getString(), portion.CharWeight > 100, portion.CharPosture.value != "NONE"

    return marked(pieces())


def cell_order(names):
    """Cell names (A1, B1, ..., AA3) in reading order: row, then column."""
    def key(name):
        letters = "".join(c for c in name if c.isalpha())
        digits = "".join(c for c in name if c.isdigit())
        column = 0
        for c in letters:
            column = column * 52 + (ord(c) - ord("A") if c.isupper() else 26 + ord(c) - ord("a")) + 1
        return int(digits or 0), column
    return sorted(names, key=key)


def redline_count(doc):
    count = 0
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        enum.nextElement()
        count += 1
    return count


def headers(doc):
    found = []
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for index in range(styles.getCount()):
        style = styles.getByIndex(index)
        if not style.isInUse():
            continue
        for kind in ("Header", "Footer"):
            if not style.getPropertyValue(f"{kind}IsOn"):
                continue
            seen = []
            for variant in ("", "First", "Left", "Right"):
                try:
                    text = style.getPropertyValue(f"{kind}Text{variant}")
                except Exception:
                    continue
                if text is None or any(text == s for s in seen):
                    continue
                seen.append(text)
                found.append(texts(text))
    return found


def annotations(doc):
    """The document's comments as LibreOffice reads them: text, author and date (ISO, whole seconds)."""
    found = []
    enum = doc.getTextFields().createEnumeration()
    while enum.hasMoreElements():
        field = enum.nextElement()
        if not field.supportsService("com.sun.star.text.textfield.Annotation"):
            continue
        moment = field.getPropertyValue("DateTimeValue")
        found.append({
            "text": field.getPropertyValue("Content"),
            "author": field.getPropertyValue("Author"),
            "date": f"{moment.Year:04d}-{moment.Month:02d}-{moment.Day:02d}T{moment.Hours:02d}:{moment.Minutes:02d}:{moment.Seconds:02d}",
        })
    return found


def notes(collection):
    return [texts(collection.getByIndex(i)) for i in range(collection.getCount())]


def load_hidden(office, path):
    """The document at `path`, opened without a window; None if LibreOffice cannot load it."""
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    return office.desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))


def store(doc, path, filter_name):
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(path)), (prop("FilterName", filter_name),))


def run_job(office, job):
    doc = load_hidden(office, job["path"])
    if doc is None:
        return {"error": "LibreOffice could not load the document"}
    try:
        before = redline_count(doc)
        action = job.get("action", "none")
        if job.get("replace"):
            old, new = job["replace"]
            search = doc.createSearchDescriptor()
            search.SearchString = old
            search.SearchCaseSensitive = True
            found = doc.findFirst(search)
            if found is None:
                return {"error": f"not found in the document: {old!r}"}
            found.setString(new)
        if action in ("accept", "reject"):
            command = ".uno:AcceptAllTrackedChanges" if action == "accept" else ".uno:RejectAllTrackedChanges"
            frame = doc.getCurrentController().getFrame()
            office.dispatcher.executeDispatch(frame, command, "", 0, ())
        result = {
            "body": texts(doc.getText()),
            "emphasis": texts(doc.getText(), emphasis),
            "headers": headers(doc),
            "footnotes": notes(doc.getFootnotes()),
            "endnotes": notes(doc.getEndnotes()),
            "redlines": before,
            "redlines_after": redline_count(doc),
            "comments": annotations(doc),
            "error": None,
        }
        if job.get("save"):
            store(doc, job["save"], "MS Word 2007 XML")
        return result
    finally:
        doc.close(True)


def failure(exc):
    return {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}


def serve(handle):
    """A UNO script's wiring: REQUEST.json (argv[1]) → handle(office, request) → RESULT.json (argv[2]),
    with one soffice for the whole request."""
    request_path, result_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as source:
        request = json.load(source)
    office = Office()
    try:
        result = handle(office, request)
    finally:
        office.close()
    with open(result_path, "w", encoding="utf-8") as target:
        json.dump(result, target, ensure_ascii=False)


def run_jobs(office, request):
    results = []
    for job in request["jobs"]:
        try:
            results.append(run_job(office, job))
        except Exception as exc:  # one bad document does not end the batch
            results.append(failure(exc))
    return results


def main():
    serve(run_jobs)


if __name__ == "__main__":
    main()
