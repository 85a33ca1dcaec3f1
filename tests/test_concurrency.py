"""Two commands on one output folder at the same time: real processes started together, round after round.
One waits for the other or is refused with who holds the folder; never a version number twice, a manifest
half-written or a temporary file left; the lock of a process killed with SIGKILL is taken over."""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import cli
from .conftest import ROOT

SLUG = "delft-west"
LOCKED = "schrijft al in deze map; probeer het opnieuw als die klaar is"
ROUNDS = 4


def started(*args: str, wait: str) -> subprocess.Popen[str]:
    """`afspraken ARGS` started, not waited for; `wait`: the seconds it waits for a folder that is held."""
    return subprocess.Popen(cli.command(*args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "250", "AFSPRAKEN_LOCK_WAIT": wait})


def finish_together(processes: list[subprocess.Popen[str]], out: Path) -> list[tuple[int, str]]:
    """Wait for all, reading the manifest meanwhile as often as it can: it must parse every single time."""
    manifest = out / SLUG / "manifest.json"
    while any(p.poll() is None for p in processes):
        try:
            text = manifest.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = "{}"
        json.loads(text)  # a manifest is replaced whole, never seen half-written
        time.sleep(0.005)  # not to take a core from the two commands
    return [(p.returncode, p.communicate(timeout=60)[1]) for p in processes]


def assert_each_ran_or_was_refused(finished: list[tuple[int, str]], *commands: str) -> None:
    assert any(status == 0 for status, _ in finished), finished  # one of them always gets the folder
    for (status, err), command in zip(finished, commands):
        assert "Traceback" not in err, err
        if status != 0:
            assert status == 1 and LOCKED in err, err
            # the other command is named, with when it started (Amsterdam time as a person reads it); unnamed
            # only when it let go in the instant between this one's last try and its reading of the holder file
            others = [c for c in commands if c != command] or [command]
            named = any(f"'afspraken {c}' (sinds " in err for c in others)
            assert named or "een andere afspraken-opdracht " + LOCKED in err, err
            assert not named or re.search(r"\(sinds \d{1,2} \w+ \d{4} \d{2}:\d{2}\)", err), err
            assert str(ROOT) not in err


def versions(out: Path) -> list[dict]:
    return json.loads((out / SLUG / "manifest.json").read_text(encoding="utf-8"))["versies"]


def assert_complete(out: Path, expected: int) -> None:
    """Versions 1..expected, each number once, every version file listed and every listed file there."""
    listed = versions(out)
    assert [v["versie"] for v in listed] == list(range(1, expected + 1))
    on_disk = {p.name for p in (out / SLUG).glob(f"{SLUG}-v*.docx") if "wijzigingen" not in p.name}
    assert on_disk == {v["bestand"] for v in listed}
    for version in listed:
        for name in version["bestanden"]:
            assert (out / SLUG / name).is_file(), name
    assert not list(out.rglob(".*.tmp")), list(out.rglob(".*.tmp"))
    assert not (out / ".afspraken.lock.json").exists()  # each holder removed its name when it let go


def change_text(data: Path, round_number: int) -> None:
    """A word of the gebied's text changed: its next generate makes exactly one new version."""
    path = data / "gebieden" / f"{SLUG}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"sociale huurwoningen( \(ronde \d+\))?\.", f"sociale huurwoningen (ronde {round_number}).", text, count=1)
    path.write_text(text, encoding="utf-8")


def test_two_generates_at_once_round_after_round(data_copy, tmp_path):
    out = tmp_path / "out"
    for number in range(1, ROUNDS + 1):
        change_text(data_copy, number)
        wait = "60" if number % 2 else "0"  # the second one waits for the first, or is refused at once
        both = [started(*cli.generate_args(data_copy, out, SLUG), wait=wait) for _ in range(2)]
        assert_each_ran_or_was_refused(finish_together(both, out), "generate", "generate")
        assert_complete(out, number)  # the changed word made one version, whichever run stored it


def test_generate_and_mark_at_once(data_copy, tmp_path):
    out = tmp_path / "out"
    assert cli.generate(data_copy, out, SLUG).returncode == 0
    marked = 0
    for number in range(2, ROUNDS):
        change_text(data_copy, number)
        wait = "60" if number % 2 else "0"
        pair = [started(*cli.generate_args(data_copy, out, SLUG), wait=wait),
                started("mark", SLUG, str(number - 1), "verzonden", "--out", str(out), wait=wait)]
        finished = finish_together(pair, out)
        assert_each_ran_or_was_refused(finished, "generate", "mark")
        if finished[0][0] != 0:  # refused: the version of this round is made now, alone
            assert cli.generate(data_copy, out, SLUG).returncode == 0
        assert_complete(out, number)
        marked += finished[1][0] == 0
        states = {v["versie"]: [s["staat"] for s in v.get("staten", [])] for v in versions(out)}
        # a mark that ran is in the manifest, whatever generate wrote after it
        assert finished[1][0] != 0 or states[number - 1] == ["verzonden"], states
    assert sum(1 for v in versions(out) if v.get("staten")) == marked


HOLDER = """
import sys, time
from pathlib import Path
from generator.store.write import exclusive
with exclusive(Path(sys.argv[1]), "generate"):
    print("vast", flush=True)
    time.sleep(600)
"""


def test_the_lock_of_a_killed_holder_is_taken_over(data_copy, tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "vast"
        refused = started(*cli.generate_args(data_copy, out, SLUG), wait="0")
        status, err = refused.wait(timeout=120), refused.communicate()[1]
        assert status == 1 and "'afspraken generate' (sinds " in err and LOCKED in err, err
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)
        holder.stdout.close()
    assert (out / ".afspraken.lock.json").exists()  # what the dead holder wrote is still there ...
    # ... but its process is gone: someone else holding the folder now (without its name written yet) is not it
    with open(out / ".afspraken.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        blocked = started(*cli.generate_args(data_copy, out, SLUG), wait="0")
        status, err = blocked.wait(timeout=120), blocked.communicate()[1]
    assert status == 1 and "een andere afspraken-opdracht " + LOCKED in err and "'afspraken" not in err, err
    taken = started(*cli.generate_args(data_copy, out, SLUG), wait="0")  # the dead holder's lock held nothing
    status, err = taken.wait(timeout=120), taken.communicate()[1]
    assert status == 0, err
    assert_complete(out, 1)


def test_import_budget_and_generate_at_once(data_copy, tmp_path):
    from .budget_helpers import cell_of, edit, export

    import openpyxl

    out = tmp_path / "out"
    assert cli.generate(data_copy, out, SLUG).returncode == 0
    for number in range(2, 4):
        exported = export(data_copy, tmp_path)
        cell = cell_of(openpyxl.load_workbook(exported), "Capaciteit", SLUG, 1, "Incl. btw")
        amount = 1500000 - 1000 * number  # the first activity's 1.500.000, a little less every round
        book = edit(exported, [("Capaciteit", cell, amount)], tmp_path / f"begroting-{number}.xlsx")
        pair = [started("import-budget", str(book), "--data", str(data_copy), "--out", str(out), wait="60"),
                started(*cli.generate_args(data_copy, out, SLUG), wait="60")]
        assert_each_ran_or_was_refused(finish_together(pair, out), "import-budget", "generate")
        # generate ran before the import (nothing new yet) or after it: alone now, it makes this round's version
        assert cli.generate(data_copy, out, SLUG).returncode == 0
        assert_complete(out, number)
        latest = versions(out)[-1]["invoer"]["gebied"]["capaciteit"]["activiteiten"][0]
        assert latest["bedrag_incl_btw"] == amount


ROLE_HOLDER = """
import pathlib, sys, time
from generator.errors import OutputError
from generator.store.write import exclusive
folder, role = pathlib.Path(sys.argv[1]), sys.argv[2]
signal_file = folder.parent / f"{role}-holds"
try:
    with exclusive(folder, role):
        signal_file.write_text("1")
        if role == "refused":
            time.sleep(1.5)
            raise RuntimeError("refused after taking the lock")  # as a template error does
        time.sleep(float(sys.argv[3]) if len(sys.argv) > 3 else 0)
    print("held")
except OutputError as exc:
    print("not held:", exc)
except RuntimeError:
    print("refused")
"""


def role_holder(folder: Path, role: str, *extra: str, wait: str = "10") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", ROLE_HOLDER, str(folder), role, *extra], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "AFSPRAKEN_LOCK_WAIT": wait})


def wait_for(path: Path, process: subprocess.Popen[str]) -> None:
    while not path.exists():
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)


def test_a_command_waiting_for_a_folder_its_holder_removes_holds_the_folder_made_again(tmp_path):
    """The first command made the folder and is refused (it removes the folder again); the one that waited makes
    it again and holds it for real: a third is refused while it does."""
    folder = tmp_path / "out"
    first = role_holder(folder, "refused")
    wait_for(tmp_path / "refused-holds", first)
    second = role_holder(folder, "second", "4")
    assert first.communicate(timeout=60)[0].strip() == "refused"
    wait_for(tmp_path / "second-holds", second)
    third = role_holder(folder, "third", wait="0")
    said, err = third.communicate(timeout=60)
    assert said.startswith("not held:") and LOCKED in said, (said, err)
    assert second.communicate(timeout=60)[0].strip() == "held"
    assert folder.is_dir()
