"""Removal that removes: what rewriting the journal file costs, next to a plain CHECKPOINT.

`python -m benchmarks.compaction [--years 10] [--profiles 2] [--repeats 5]` builds a journal with
daily demo entries for each profile, then times, in the same run and on the same file:
- baseline: delete one entry + `CHECKPOINT` (what a removal cost before, leaving its bytes);
- delete one entry + rewrite the file (journal.compaction.SharedConnection.compact);
- a passphrase change (new keys, everything re-sealed) + rewrite.
It prints medians, min and max, and the file size before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("STEADY_FAST_KDF", "1")   # argon2 is not what is measured here

from journal import demo, entries, profiles  # noqa: E402
from journal.compaction import SharedConnection  # noqa: E402
from journal.db import connect  # noqa: E402

PASS = "correct horse battery staple 9"


def _median(times: list[float]) -> str:
    return (f"{statistics.median(times) * 1000:>10.0f} {min(times) * 1000:>9.0f} "
            f"{max(times) * 1000:>9.0f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--years", type=int, default=10)
    p.add_argument("--profiles", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="steady-compaction-"))
    shared = SharedConnection(folder / "journal.duckdb", connect)
    con = shared.cursor()
    accounts = []
    for i in range(args.profiles):
        account = profiles.create_profile(con, f"Person {i}", PASS)
        demo.generate(con, account, years=args.years, seed=i, daily=True)
        accounts.append(account)
    con.execute("CHECKPOINT")
    size = shared.path.stat().st_size
    rows: dict[str, list[float]] = {
        "delete an entry + CHECKPOINT (baseline)": [], "delete an entry + rewrite the file": [],
        "passphrase change (re-seal all) + rewrite": []}
    for n in range(args.repeats):
        victim = con.execute("SELECT max(id) FROM entries WHERE profile_id = ?",
                             [accounts[0].id]).fetchone()[0]
        started = time.perf_counter()
        entries.delete_entry(con, accounts[0], victim)
        con.execute("CHECKPOINT")
        rows["delete an entry + CHECKPOINT (baseline)"].append(time.perf_counter() - started)
        victim = con.execute("SELECT max(id) FROM entries WHERE profile_id = ?",
                             [accounts[0].id]).fetchone()[0]
        started = time.perf_counter()
        entries.delete_entry(con, accounts[0], victim)
        shared.compact()
        rows["delete an entry + rewrite the file"].append(time.perf_counter() - started)
        old, new = (PASS, PASS + "!") if n % 2 == 0 else (PASS + "!", PASS)
        started = time.perf_counter()
        accounts[0] = profiles.change_passphrase(con, accounts[0], old, new)
        shared.compact()
        rows["passphrase change (re-seal all) + rewrite"].append(time.perf_counter() - started)
    count = con.execute("SELECT count(*) FROM entries").fetchone()[0]
    print(f"Steady compaction bench · {args.profiles} profile(s) × {args.years} years daily · "
          f"{count:,} entries · {os.cpu_count()} CPU(s)")
    print(f"file: {size / 1e6:.1f} MB before, {shared.path.stat().st_size / 1e6:.1f} MB after")
    print(f"{'measurement':<46} {'median ms':>10} {'min':>9} {'max':>9}  vs baseline")
    base = statistics.median(rows["delete an entry + CHECKPOINT (baseline)"])
    for label, times in rows.items():
        print(f"{label:<46} {_median(times)}  {statistics.median(times) / base:>6.1f}×")
    shared.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
