"""SIGKILL while saving: every confirmed entry survives and the file opens, 20 times over.

The child (`python -m benchmarks.data child`) prints an entry's id only after its save has
committed; the parent kills it at a random moment (sometimes during start-up or WAL replay,
mostly mid-stream), then reopens the file and checks every id confirmed so far, with its text.
`python -m benchmarks.data` runs the same loop 100 times.
"""

from __future__ import annotations

import random
import signal

import pytest

from benchmarks import data as bench_data

KILLS = 20

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def test_sigkill_while_saving_loses_no_confirmed_entry(tmp_path):
    db = tmp_path / "crash.duckdb"
    rng = random.Random(20)
    expected: dict[int, str] = {}
    rounds = []
    for n in range(1, KILLS + 1):
        result = bench_data.crash_round(db, n, rng, expected)
        rounds.append(result)
        assert result.opened, f"round {n}: the file did not open: {result.error}"
        assert not result.missing, f"round {n}: confirmed entries lost: {result.missing[:10]}"
        assert not result.wrong_text, f"round {n}: entries changed: {result.wrong_text[:10]}"
    assert len(expected) == sum(r.confirmed for r in rounds) > 50
    assert sum(1 for r in rounds if r.confirmed) >= KILLS // 2   # most kills hit mid-stream


def test_the_checker_notices_a_lost_entry(tmp_path):
    """Guard against a vacuous pass: an id that was 'confirmed' but isn't there is reported."""
    expected = {987654: "never written"}
    result = bench_data.crash_round(tmp_path / "c.duckdb", 1, random.Random(1), expected)
    assert result.opened and result.missing == [987654]


def test_sigkill_during_an_import_leaves_all_or_nothing(tmp_path):
    """An import killed half-way leaves none of its rows; one reported done keeps all."""
    db = tmp_path / "imports.duckdb"
    rng = random.Random(7)
    outcomes = []
    for n in range(1, 7):
        found, confirmed = bench_data.import_crash_round(db, 3_000, n, rng)
        assert found in (0, 3_000), f"round {n}: a killed import left {found} of 3,000 rows"
        assert found >= confirmed, f"round {n}: a confirmed import lost rows"
        outcomes.append(found)
    assert outcomes  # both outcomes usually occur; either is correct
