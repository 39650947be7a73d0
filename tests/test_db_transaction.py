"""db.transaction(): nesting (outermost block owns BEGIN/COMMIT/ROLLBACK) and honest errors."""

from __future__ import annotations

import duckdb
import pytest

from journal import db


@pytest.fixture
def mem():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)")
    yield con
    con.close()


def _ids(con) -> list[int]:
    return [r[0] for r in con.execute("SELECT id FROM t ORDER BY id").fetchall()]


def test_nested_blocks_commit_once_at_the_outer_end(mem):
    with db.transaction(mem):
        mem.execute("INSERT INTO t VALUES (1, 'outer')")
        with db.transaction(mem) as inner:
            assert inner is mem
            inner.execute("INSERT INTO t VALUES (2, 'inner')")
        with db.transaction(mem):
            mem.execute("INSERT INTO t VALUES (3, 'inner again')")
        # Still one open transaction: nothing is visible to another cursor before the end.
        assert _ids(mem.cursor()) == []
    assert _ids(mem) == [1, 2, 3]
    with db.transaction(mem):  # depth is back to zero: a fresh outer block works
        mem.execute("INSERT INTO t VALUES (4, 'later')")
    assert _ids(mem) == [1, 2, 3, 4]


def test_an_error_in_an_inner_block_rolls_back_the_whole_outer_block(mem):
    with pytest.raises(ValueError, match="inner failed"):
        with db.transaction(mem):
            mem.execute("INSERT INTO t VALUES (1, 'outer')")
            with db.transaction(mem):
                mem.execute("INSERT INTO t VALUES (2, 'inner')")
                raise ValueError("inner failed")
    assert _ids(mem) == []
    with db.transaction(mem):
        mem.execute("INSERT INTO t VALUES (5, 'after')")
    assert _ids(mem) == [5]


def test_cursors_keep_their_own_depth(mem):
    other = mem.cursor()
    with db.transaction(mem):
        mem.execute("INSERT INTO t VALUES (1, 'a')")
        with db.transaction(other):  # its own transaction, begun and committed by itself
            other.execute("INSERT INTO t VALUES (2, 'b')")
        assert _ids(other) == [2]  # committed, while the outer one on `mem` is still open
    assert _ids(mem) == [1, 2]


def test_a_failed_commit_reports_the_commit_error_not_a_rollback_error(mem):
    first, second = mem.cursor(), mem.cursor()
    with pytest.raises(duckdb.TransactionException) as caught:
        with db.transaction(second):
            second.execute("INSERT INTO t VALUES (7, 'second')")
            with db.transaction(first):
                first.execute("INSERT INTO t VALUES (7, 'first')")
    message = str(caught.value)
    assert "commit" in message.lower() and "no transaction is active" not in message
    assert [r[1] for r in mem.execute("SELECT * FROM t").fetchall()] == ["first"]
    with db.transaction(second):  # nothing left open or counted
        second.execute("INSERT INTO t VALUES (8, 'again')")
    assert _ids(mem) == [7, 8]


class _FailingRollback:
    """A connection stand-in whose ROLLBACK fails, to check the original error survives."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def execute(self, sql: str):
        self.statements.append(sql)
        if sql == "ROLLBACK":
            raise duckdb.ConnectionException("connection already closed")
        return self


def test_a_failing_rollback_never_replaces_the_original_error():
    con = _FailingRollback()
    with pytest.raises(ValueError, match="the real problem") as caught:
        with db.transaction(con):  # type: ignore[arg-type]
            raise ValueError("the real problem")
    assert con.statements == ["BEGIN TRANSACTION", "ROLLBACK"]
    assert any("rollback also failed" in note for note in caught.value.__notes__)


def test_a_failed_commit_is_not_followed_by_a_rollback():
    class FailingCommit(_FailingRollback):
        def execute(self, sql: str):
            self.statements.append(sql)
            if sql == "COMMIT":
                raise duckdb.TransactionException("Failed to commit: disk full")
            return self

    con = FailingCommit()
    with pytest.raises(duckdb.TransactionException, match="disk full"):
        with db.transaction(con):  # type: ignore[arg-type]
            pass
    assert con.statements == ["BEGIN TRANSACTION", "COMMIT"]
