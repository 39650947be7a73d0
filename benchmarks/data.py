"""`python -m benchmarks.data`: import speed and the SIGKILL crash loop, as one table.

Why a script and not only tests: the test suite runs a short crash loop (20 kills) and a small
import; this runs the full-size figures quoted in the README (a 10,000-row Daylio file, 100
kills) with baselines measured in the same run, so numbers from different machines compare.

The crash child (`python -m benchmarks.data child …`) is also used by tests/test_crash.py:
it saves entries one by one and prints `<id> <n>` only after each save has committed, so every
printed id is an entry whose save was confirmed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.import_memory import memory_table
from journal import entries, profiles
from journal.db import connect
from journal.errors import JournalError
from journal.transfer import importers, importing, mapping, planning

ROOT = Path(__file__).resolve().parents[1]
CRASH_PROFILE = "Crash"
CRASH_PASSPHRASE = "crash test passphrase"
_DEFAULT_MOODS = ["rad", "good", "meh", "bad", "awful"]
_CUSTOM_MOODS = ["ruhig 😌", "Очень хорошо", "tense"]
_ACTIVITIES = ["family", "walk", "work", "reading", "date night", "argument", "friends",
               "sport", "cooking", "therapy", "late reply", "movie"]
_NOTES = [
    "We talked after dinner | no phones. He said \"thanks for listening\" 😊",
    "Quiet evening, both tired.",
    "אני מרגיש חרדה כי אני מפחד להיות לבד",
    "Went for a walk together.\nFelt closer afterwards.",
    "",
    "Noticed I went quiet again; named it later.",
]


# ---------------------------------------------------------------- import timing


def daylio_csv(rows: int, seed: int = 11) -> bytes:
    """A Daylio export (title variant) with custom moods, activities, quotes, emoji, RTL."""
    rng = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["full_date", "date", "weekday", "time", "mood", "activities",
                     "note_title", "note"])
    moment = datetime(2025, 12, 31, 21, 0)
    for i in range(rows):
        moment -= timedelta(minutes=rng.randint(200, 1500))
        hour = moment.hour % 12 or 12
        clock = (f"{hour}:{moment.minute:02d} {'PM' if moment.hour >= 12 else 'AM'}"
                 if i % 3 else f"{moment:%H:%M}")
        mood = rng.choice(_CUSTOM_MOODS) if rng.random() < 0.1 else rng.choice(_DEFAULT_MOODS)
        acts = " | ".join(rng.sample(_ACTIVITIES, rng.randint(0, 3)))
        writer.writerow([f"{moment:%Y-%m-%d}", f"{moment:%B %-d}", f"{moment:%A}", clock, mood,
                         acts, "Evening" if rng.random() < 0.2 else "", rng.choice(_NOTES)])
    return out.getvalue().encode("utf-8")


def _fresh_account(folder: Path, name: str):
    path = folder / f"{name}.duckdb"
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = connect(path)
    return con, profiles.create_profile(con, "Bench", "bench passphrase")


def _time_runs(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def import_timings(
    folder: Path, rows: int, repeats: int, seed: int
) -> list[tuple[str, list[float], str]]:
    """(label, seconds per run, note) for the import and its baselines, same file, same run."""
    data = daylio_csv(rows, seed)
    choices = mapping.ImportChoices(
        moods={"ruhig 😌": 4, "Очень хорошо": 5, "tense": 2},
        roles={"argument": mapping.ROLE_TRIGGER, "late reply": mapping.ROLE_TRIGGER,
               "therapy": mapping.WIN_PREFIX + "asked_for_support"},
    )
    results: list[tuple[str, list[float], str]] = []
    results.append(("baseline: csv.reader over the file", _time_runs(
        lambda: sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))), repeats),
        "machine speed reference"))
    results.append(("parse only (importers.parse)", _time_runs(
        lambda: importers.parse(data, "daylio.csv"), repeats), "no database"))

    def timed_import(twice: bool) -> float:
        """Seconds for run_import alone (a fresh journal and profile are made beforehand)."""
        con, account = _fresh_account(folder, "import")
        try:
            if twice:
                importing.run_import(con, account, data, "daylio.csv", choices)
            planning.forget_parsed()         # every timed run parses the file afresh
            start = time.perf_counter()
            result = importing.run_import(con, account, data, "daylio.csv", choices)
            took = time.perf_counter() - start
            assert result.added == (0 if twice else rows), result
            return took
        finally:
            con.close()

    results.append((f"import {rows:,} rows (parse+map+seal+write, 1 txn)",
                    [timed_import(False) for _ in range(repeats)], "target ≤ 2 s"))
    results.append(("same file again (all duplicates)",
                    [timed_import(True) for _ in range(max(1, repeats // 2))], "adds nothing"))

    naive_rows = min(rows, 1_000)
    parsed = importers.parse(data, "daylio.csv")

    def naive() -> None:
        con, account = _fresh_account(folder, "naive")
        try:
            for item in parsed.entries[:naive_rows]:
                entries.save_entry(con, account, entries.EntryInput(
                    when_local=item.local_dt, kind="check_in", body=item.body or "-", mood=3,
                    source="daylio", source_id=item.source_id), clear_draft=False)
        finally:
            con.close()

    per_run = _time_runs(naive, 1)
    results.append((f"baseline: save_entry per row ({naive_rows:,} rows, ×{rows / naive_rows:g})",
                    [t * rows / naive_rows for t in per_run], "naive path, extrapolated"))
    return results


# ---------------------------------------------------------------- crash loop


@dataclass
class CrashRound:
    """One child run killed with SIGKILL, and what was found afterwards."""

    kill_after: float
    confirmed: int
    missing: list[int]
    wrong_text: list[int]
    opened: bool
    reopen_seconds: float
    error: str = ""


@dataclass
class CrashReport:
    """All rounds of a crash loop."""

    rounds: list[CrashRound] = field(default_factory=list)

    @property
    def confirmed(self) -> int:
        return sum(r.confirmed for r in self.rounds)

    @property
    def lost(self) -> int:
        return sum(len(r.missing) + len(r.wrong_text) for r in self.rounds)

    @property
    def opened(self) -> int:
        return sum(r.opened for r in self.rounds)


def _child_body(round_no: int, n: int) -> str:
    return f"crash round {round_no} entry {n} 🌙 مرحبا"


def child(db: str, round_no: int) -> None:
    """Save entries forever, printing `<id> <n>` after each committed save (killed by parent)."""
    con = connect(db)
    if profiles.exists(con, CRASH_PROFILE):
        account = profiles.sign_in(con, CRASH_PROFILE, CRASH_PASSPHRASE)
    else:
        account = profiles.create_profile(con, CRASH_PROFILE, CRASH_PASSPHRASE)
    n = 0
    start = datetime(2026, 1, 1, 8, 0)
    while True:
        n += 1
        entry_id = entries.save_entry(con, account, entries.EntryInput(
            when_local=start + timedelta(minutes=n), body=_child_body(round_no, n),
            mood=n % 5 + 1, triggers=[entries.TriggerItem("late_reply", "paused")],
            wins=[entries.WinItem("check_in", f"win {n}")],
        ), clear_draft=False)
        sys.stdout.write(f"{entry_id} {n}\n")
        sys.stdout.flush()


def import_child(db: str, rows: int, round_no: int) -> None:
    """Import a generated Daylio file into a new profile; print `done <n>` once committed."""
    con = connect(db)
    account = profiles.create_profile(con, f"Import {round_no}", CRASH_PASSPHRASE)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    result = importing.run_import(con, account, daylio_csv(rows, round_no), "d.csv",
                                  mapping.ImportChoices(moods=dict.fromkeys(_CUSTOM_MOODS, 3)))
    sys.stdout.write(f"done {result.added}\n")
    sys.stdout.flush()
    con.close()


def _spawn(db: Path, round_no: int, *extra: str, mode: str = "child") -> subprocess.Popen[str]:
    env = {**os.environ, "STEADY_FAST_KDF": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.data", mode, str(db), *extra, str(round_no)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def import_crash_round(db: Path, rows: int, round_no: int, rng: random.Random) -> tuple[int, int]:
    """SIGKILL an import at a random moment; return (entries found, entries confirmed).

    All-or-nothing means the profile then holds either every row or none, and every row if
    the child had reported the import done.
    """
    proc = _spawn(db, round_no, str(rows), mode="import-child")
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    time.sleep(rng.uniform(0.0, 1.2) if ready == "ready\n" else 0)
    proc.kill()
    out, _err = proc.communicate()
    confirmed = rows if "done" in out else 0
    con = connect(db)
    try:
        name = f"Import {round_no}"
        if not profiles.exists(con, name):
            return 0, confirmed
        account = profiles.sign_in(con, name, CRASH_PASSPHRASE)
        row = con.execute("SELECT count(*) FROM entries WHERE profile_id = ?",
                          [account.id]).fetchone()
        return int(row[0]) if row else 0, confirmed
    finally:
        con.close()


def _kill_while_writing(proc: subprocess.Popen[str], rng: random.Random
                       ) -> tuple[float, list[str], str]:
    """SIGKILL the writer at a random moment: (seconds after spawn, lines it printed, stderr)."""
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started = time.monotonic()
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.0, 0.5))      # anywhere: start-up, opening, WAL replay, writing
    else:
        first.wait(timeout=20)                 # mid-stream: while entries are being saved
        time.sleep(rng.uniform(0.0, 0.3))
    kill_after = time.monotonic() - started
    proc.kill()
    proc.wait()
    reader.join(timeout=10)
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.stdout:
        proc.stdout.close()
    return kill_after, lines, stderr


def crash_round(db: Path, round_no: int, rng: random.Random,
                expected: dict[int, str]) -> CrashRound:
    """Start a writer, SIGKILL it at a random moment, then check every confirmed entry.

    `expected` (id -> text) accumulates across rounds, so a later round also proves that no
    earlier confirmed entry went missing.
    """
    kill_after, lines, stderr = _kill_while_writing(_spawn(db, round_no), rng)
    confirmed = 0
    for line in lines:
        if not line.endswith("\n"):
            continue                          # cut mid-line: that save was not reported
        entry_id, n = (int(x) for x in line.split())
        expected[entry_id] = _child_body(round_no, n)
        confirmed += 1
    t0 = time.monotonic()
    try:
        con = connect(db)
    except JournalError as err:
        return CrashRound(kill_after, confirmed, sorted(expected), [], False, 0.0,
                          f"{err} {stderr[-300:]}")
    try:
        present: dict[int, str] = {}
        if profiles.exists(con, CRASH_PROFILE):
            account = profiles.sign_in(con, CRASH_PROFILE, CRASH_PASSPHRASE)
            present = {e.id: e.body for e in entries.load_for_export(con, account)}
        reopen = time.monotonic() - t0
    finally:
        con.close()
    missing = sorted(i for i in expected if i not in present)
    wrong = sorted(i for i in expected if i in present and present[i] != expected[i])
    return CrashRound(kill_after, confirmed, missing, wrong, True, reopen)


def crash_loop(db: Path, kills: int, seed: int = 5) -> CrashReport:
    """`kills` rounds on the same journal file."""
    rng = random.Random(seed)
    expected: dict[int, str] = {}
    report = CrashReport()
    for round_no in range(1, kills + 1):
        report.rounds.append(crash_round(db, round_no, rng, expected))
    return report


# ---------------------------------------------------------------- the table


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.data",
                                description="time imports and run the SIGKILL crash loops")
    p.add_argument("--kills", type=int, default=100, help="SIGKILL rounds in the crash loop")
    p.add_argument("--import-kills", type=int, default=20, help="SIGKILLs during imports")
    p.add_argument("--rows", type=int, default=10_000, help="rows in the Daylio import file")
    p.add_argument("--repeats", type=int, default=5, help="timed runs per import measurement")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--keep", help="folder to keep the bench files in (default: a temp folder)")
    p.add_argument("--memory-only", action="store_true",
                   help="only the peak-memory table of hostile and 50 MB imports")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run everything and print one table; exit 1 if an entry was lost or a file didn't open."""
    args = parse_args(argv)
    os.environ.setdefault("STEADY_FAST_KDF", "1")   # profile creation is not what is measured
    with tempfile.TemporaryDirectory(prefix="steady-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"Steady data bench · Python {sys.version.split()[0]} · {os.cpu_count()} CPU(s)")
        memory_ok = memory_table(folder)    # peak RSS per hostile / large import (issue 9)
        print()
        if args.memory_only:
            return 0 if memory_ok else 1
        print(f"{'measurement':<58} {'median':>9} {'min':>9} {'max':>9}  note")
        print("-" * 100)
        for label, times, note in import_timings(folder, args.rows, args.repeats, args.seed):
            print(f"{label:<58} {_fmt(statistics.median(times)):>9} {_fmt(min(times)):>9} "
                  f"{_fmt(max(times)):>9}  {note} (n={len(times)})")
        start = time.monotonic()
        report = crash_loop(folder / "crash.duckdb", args.kills, args.seed)
        took = time.monotonic() - start
        per_round = [r.confirmed for r in report.rounds]
        reopen = [r.reopen_seconds for r in report.rounds if r.opened]
        delays = [r.kill_after for r in report.rounds]
        print(f"{'crash loop: reopen + read back every confirmed entry':<58} "
              f"{_fmt(statistics.median(reopen)) if reopen else '-':>9} "
              f"{_fmt(min(reopen)) if reopen else '-':>9} {_fmt(max(reopen)) if reopen else '-':>9}"
              f"  {report.opened}/{len(report.rounds)} opened")
        print(f"{'crash loop: kill moment after spawn':<58} {_fmt(statistics.median(delays)):>9} "
              f"{_fmt(min(delays)):>9} {_fmt(max(delays)):>9}  random")
        print(f"{'crash loop: confirmed saves per round':<58} {statistics.median(per_round):>9.0f} "
              f"{min(per_round):>9} {max(per_round):>9}  total {report.confirmed:,}")
        print("-" * 100)
        print(f"SIGKILL rounds: {len(report.rounds)} · confirmed entries: {report.confirmed:,} · "
              f"lost or changed: {report.lost} · file opened: {report.opened}/"
              f"{len(report.rounds)} · loop took {took:.0f} s")
        errors = [r.error for r in report.rounds if r.error]
        for err in errors[:5]:
            print(f"  error: {err}")
        rng = random.Random(args.seed)
        imports = [import_crash_round(folder / "import-crash.duckdb", 3_000, n, rng)
                   for n in range(1, args.import_kills + 1)]
        partial = sum(1 for found, _ in imports if found not in (0, 3_000))
        lost = sum(1 for found, confirmed in imports if found < confirmed)
        print(f"SIGKILL during a 3,000-row import: {len(imports)} rounds · kept whole: "
              f"{sum(1 for f, _ in imports if f == 3_000)} · left nothing: "
              f"{sum(1 for f, _ in imports if f == 0)} · partial: {partial} · confirmed but "
              f"lost: {lost}")
        ok = report.lost == 0 and report.opened == len(report.rounds) and not partial and not lost
        return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "child":
        child(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "import-child":
        import_child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(main())
