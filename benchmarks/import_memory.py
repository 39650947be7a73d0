"""Peak memory of importing hostile and large files (issue 9), each in a child process.

Each case is written to a file, then a fresh `python -m benchmarks.import_memory FILE` child
previews it the way the Data page does (detect, parse, map, plan against an empty profile) and
prints its own peak RSS. The baseline child reads the same file and imports Steady but parses
nothing, so "over baseline" is what the import itself costs. Target: every peak under 1 GB.
"""

from __future__ import annotations

import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

MB = 1024 * 1024
LIMIT_MB = 1024


def _zip(name: str, chunks, level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf, \
            zf.open(name, "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk)
    return out.getvalue()


def _words(rng: random.Random, n: int) -> str:
    vocab = ["we", "talked", "after", "dinner", "and", "I", "listened", "first", "then",
             "said", "what", "I", "needed", "calm", "walk", "felt", "better", "tired", "work"]
    return " ".join(rng.choice(vocab) for _ in range(n))


def _until(size: int, make_row) -> list[str]:
    rows, total, i = [], 0, 0
    while total < size:
        row = make_row(i)
        rows.append(row)
        total += len(row.encode()) + 2
        i += 1
    return rows


def cases(size: int, only: str = "") -> Iterator[tuple[str, bytes, str]]:
    """(name, bytes, file name), made one at a time so the parent stays small.

    `only` keeps the cases whose name contains it (e.g. "50 MB"), for a partial run.
    """
    for name, make in _makers(size).items():
        if only and only not in name:
            continue
        data, filename = make()
        yield name, data, filename


def _makers(size: int) -> dict[str, Callable[[], tuple[bytes, str]]]:
    """name -> a maker of (bytes, file name). `size` is the target of the large valid files."""
    rng = random.Random(7)
    start = 1_600_000_000

    def stamp(i: int) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start - i * 3600))

    def bomb(megabytes: int, filename: str) -> tuple[bytes, str]:
        return _zip("Journal.json", [b'{"entries": [', *([b"{}," * (MB // 3)] * megabytes),
                                     b"{}]}"]), filename

    def daylio() -> tuple[bytes, str]:
        rows = _until(size, lambda i: (
            f"{stamp(i)[:10]},June 22,Monday,21:41,"
            f"{rng.choice(['rad', 'good', 'meh', 'bad', 'awful'])},walk | work,"
            f"\"{_words(rng, 40)}\""))
        return ("full_date,date,weekday,time,mood,activities,note\n" + "\n".join(rows)
                + "\n").encode(), "daylio.csv"

    def dayone() -> bytes:
        rows = _until(size, lambda i: json.dumps({
            "uuid": f"{i:032X}", "creationDate": stamp(i), "timeZone": "Europe/Berlin",
            "text": "# Title\n" + _words(rng, 40), "tags": ["walk"], "starred": False}))
        return ('{"metadata": {"version": "1.0"}, "entries": [' + ",".join(rows)
                + "]}").encode()

    def jrnl_json() -> tuple[bytes, str]:
        rows = _until(size, lambda i: json.dumps({
            "title": "A day.", "body": _words(rng, 40), "date": stamp(i)[:10],
            "time": stamp(i)[11:16], "tags": ["@work"], "starred": False}))
        return ('{"tags": {"@work": 1}, "entries": [' + ",".join(rows)
                + "]}").encode(), "jrnl.json"

    def jrnl_text() -> tuple[bytes, str]:
        rows = _until(size, lambda i: f"[{stamp(i)[:10]} {stamp(i)[11:16]}] A day. "
                                      f"{_words(rng, 40)}\n")
        return "\n".join(reversed(rows)).encode(), "journal.txt"

    def steady() -> tuple[bytes, str]:
        rows = _until(size, lambda i: json.dumps({
            "when_local": stamp(i)[:19], "utc_offset_min": 60, "kind": "reflection",
            "body": _words(rng, 40), "mood": 3, "emotions": [], "triggers": [], "wins": []}))
        return ('{"steady_export": {"version": 1}, "entries": [' + ",".join(rows)
                + "]}").encode(), "steady.json"

    return {
        "Day One zip bomb: 20 MB of {},": lambda: bomb(20, "bomb.zip"),
        "Day One zip bomb: 255 MB of {},": lambda: bomb(255, "bomb255.zip"),
        "50 MB JSON of junk ({},)": lambda: (
            b'{"metadata": {}, "entries": [' + b"{}," * (size // 3) + b"{}]}", "junk.json"),
        "50 MB JSON of junk (nested [)": lambda: (b"[" * size, "deep.json"),
        "50 MB Daylio CSV": daylio,
        "50 MB Day One JSON": lambda: (dayone(), "Journal.json"),
        "50 MB Day One JSON, zipped": lambda: (_zip("Journal.json", [dayone()], 6),
                                               "export.zip"),
        "50 MB jrnl JSON": jrnl_json,
        "50 MB jrnl text": jrnl_text,
        "50 MB Steady JSON": steady,
    }


def _peak_mb() -> float:
    """This process's own peak RSS. VmHWM, because ru_maxrss survives exec on Linux and would
    report the parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(path: str, baseline: bool) -> None:
    """In the child: preview the file as the Data page would; print outcome and peak RSS."""
    from journal import profiles
    from journal.db import connect
    from journal.errors import ImportFormatError, ValidationError
    from journal.transfer import importing

    data = Path(path).read_bytes()
    outcome = "baseline"
    if not baseline:
        folder = tempfile.mkdtemp()
        con = connect(Path(folder) / "j.duckdb")
        account = profiles.create_profile(con, "Bench", "correct horse battery")
        try:
            preview = importing.preview_import(con, account, data, Path(path).name)
            outcome = f"{preview.rows:,} entries read, {preview.new:,} new"
        except (ImportFormatError, ValidationError) as exc:
            outcome = "refused: " + str(exc)[:70]
    peak = _peak_mb()
    sys.stdout.write(json.dumps({"peak_mb": peak, "outcome": outcome}) + "\n")


def _run(path: Path, baseline: bool) -> tuple[float, float, str]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.import_memory", str(path),
         *(["--baseline"] if baseline else [])], capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if done.returncode:
        return float("nan"), took, "CRASHED: " + done.stderr.strip().splitlines()[-1][:60]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return got["peak_mb"], took, got["outcome"]


def memory_table(folder: Path, size: int = 50 * MB, only: str = "") -> bool:
    """Print the table; True when every case peaked under LIMIT_MB."""
    print(f"{'import case (preview: detect, parse, plan)':<36} {'file':>8} {'peak RSS':>9} "
          f"{'baseline':>9} {'time':>7}  outcome")
    print("-" * 110)
    ok = True
    for name, data, filename in cases(size, only):
        path = folder / filename
        path.write_bytes(data)
        size_mb = len(data) / MB
        del data
        base, _t, _o = _run(path, True)
        peak, took, outcome = _run(path, False)
        ok = ok and peak < LIMIT_MB
        print(f"{name:<36} {size_mb:>6.1f}MB {peak:>7.0f}MB {base:>7.0f}MB "
              f"{took:>6.1f}s  {outcome}")
        path.unlink()
    print("-" * 110)
    print(f"every peak under {LIMIT_MB} MB: {'yes' if ok else 'NO'}")
    return ok


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] not in ("--table",):
        _child(sys.argv[1], "--baseline" in sys.argv)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
            sys.exit(0 if memory_table(Path(tmp), only=only) else 1)
