"""Shared fixtures: a fresh temp-file DB, a signed-in profile, and AppTest helpers."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import pytest

# Cheap key derivation in tests (creating many profiles); production uses full argon2id costs.
os.environ.setdefault("STEADY_FAST_KDF", "1")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from journal import entries, profiles  # noqa: E402
from journal.db import connect  # noqa: E402

PASS = "correct horse battery"


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """Path of a not-yet-created journal file in a temp folder."""
    return tmp_path / "journal.duckdb"


@pytest.fixture
def con(db_file: Path):
    """A fresh, migrated journal on a temp file."""
    connection = connect(db_file)
    yield connection
    connection.close()


@pytest.fixture
def account(con) -> profiles.Account:
    """A signed-in profile named Ana."""
    return profiles.create_profile(con, "Ana", PASS)


@pytest.fixture
def other(con) -> profiles.Account:
    """A second, unrelated profile."""
    return profiles.create_profile(con, "Ben", PASS + "!")


def make_entry(**kw) -> entries.EntryInput:
    """An EntryInput with sensible defaults for tests."""
    kw.setdefault("when_local", datetime(2026, 11, 20, 21, 30))
    kw.setdefault("body", "We didn't talk after dinner.")
    kw.setdefault("mood", 3)
    kw.setdefault("energy", 2)
    return entries.EntryInput(**kw)


@pytest.fixture
def app_db(monkeypatch: pytest.MonkeyPatch, db_file: Path) -> Path:
    """Point the app at a temp journal via JOURNAL_DB."""
    monkeypatch.setenv("JOURNAL_DB", str(db_file))
    return db_file


pytest_plugins = ["tests.browser"]


APPTEST_TIMEOUT = 30


def run_page(page: str, account=None, **state):
    """Run one page file with AppTest as `account` (None = signed out), state set first."""
    from streamlit.testing.v1 import AppTest

    from pages import _keys as K

    at = AppTest.from_file(str(ROOT / page), default_timeout=APPTEST_TIMEOUT)
    if account is not None:
        at.session_state[K.ACCOUNT] = account
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def page_texts(at) -> str:
    """All text-like elements an AppTest run drew, joined (for "is it shown?" checks)."""
    parts = [e.value for e in at.text] + [e.value for e in at.markdown]
    for group in (at.caption, at.info, at.warning, at.success, at.error, at.subheader):
        parts += [e.value for e in group]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def ana(app_db) -> profiles.Account:
    """Ana, created in the app's temp journal (closed again, so the app can open it)."""
    con = connect(app_db)
    account = profiles.create_profile(con, "Ana", PASS)
    con.close()
    return account
