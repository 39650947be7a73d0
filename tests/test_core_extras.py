"""Prompt choice from real entries, crisis language, demo data shape, CLI, and doc/registry sync."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from journal import demo, entries, prompts, safety, suggestions
from journal.entries import TriggerItem, WinItem
from tests.conftest import ROOT, make_entry

TODAY = date(2026, 11, 21)


def test_recent_activity_counts_only_the_last_seven_days(con, account, other):
    for days_ago, resp in ((0, "withdrew"), (3, "withdrew"), (6, "pursued"), (7, "withdrew")):
        entries.save_entry(con, account, make_entry(
            when_local=datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()),
            mood=2, triggers=[TriggerItem("silence", resp)], kind="repair" if days_ago else
            "reflection", wins=[WinItem("repair")] if days_ago == 3 else []))
    entries.save_entry(con, other, make_entry(when_local=datetime(2026, 11, 20, 9),
                                             triggers=[TriggerItem("silence", "withdrew")]))
    act = suggestions.recent_activity(con, account, TODAY)
    assert (act.entries_7d, act.triggers_7d, act.withdrew_7d, act.pursued_7d) == (3, 3, 2, 1)
    assert (act.low_mood_days_7d, act.wins_7d, act.repairs_7d, act.checkins_7d) == (3, 1, 2, 0)
    assert act.days_since_last_entry == 0
    assert act.lean == "avoidant"   # 3 withdrew vs 1 pursued over 90 days


def test_withdrawing_this_week_suggests_cycle_or_repair_with_reason(con, account):
    for d in range(3):
        entries.save_entry(con, account, make_entry(
            when_local=datetime(2026, 11, 19 + d, 21), triggers=[TriggerItem("silence",
                                                                             "withdrew")]))
    suggestion = suggestions.next_prompt(con, account, TODAY)
    assert suggestion.prompt.category in ("repair", "cycle")
    assert "went quiet after a trigger 3 times" in suggestion.reason


def test_no_prompt_repeats_within_fourteen_days(con, account):
    seen = [suggestions.next_prompt(con, account, TODAY).prompt.id for _ in range(30)]
    assert len(set(seen)) == 30
    assert suggestions.recently_shown(con, account) == frozenset(seen)
    con.execute("UPDATE prompts_shown SET shown_utc = shown_utc - INTERVAL 15 DAY")
    assert suggestions.recently_shown(con, account) == frozenset()


def test_first_prompt_for_a_new_person_welcomes(con, account):
    suggestion = suggestions.next_prompt(con, account, TODAY)
    assert suggestion.reason and suggestion.prompt.id in {p.id for p in prompts.load_library()[1]}


@pytest.mark.parametrize(("text", "expected"), [
    ("Some nights I think about suicide.", True),
    ("I don't want to be alive anymore", True),
    ("I’ve been hurting myself again", True),
    ("Everyone would be better off without me", True),
    ("I want to die of embarrassment, he saw my typo", True),   # errs on the side of care
    ("We killed it at the quiz night!", False),
    ("This deadline is killing me", False),
    ("I felt cut off when he left the room", False),
])
def test_crisis_language(text, expected):
    assert safety.mentions_crisis(text) is expected


def test_demo_is_deterministic_and_realistic(con, account, other):
    a = demo.generate(con, account, years=3, seed=11, end=TODAY)
    b = demo.generate(con, other, years=3, seed=11, end=TODAY)
    assert (a.entries, a.triggers, a.wins) == (b.entries, b.triggers, b.wins)
    assert a.last_day == TODAY and a.first_day == TODAY - timedelta(days=round(3 * 365.25) - 1)

    def one(sql: str):
        return con.execute(sql, [account.id]).fetchone()

    # Wins become more frequent; responses shift from withdrawing to reaching out calmly.
    first, last = one(
        "SELECT count(*) FILTER (WHERE local_date < DATE '2024-11-21'), "
        "count(*) FILTER (WHERE local_date >= DATE '2025-11-21') FROM wins WHERE profile_id = ?")
    assert last > 2 * first
    share_withdrew = con.execute(
        "SELECT local_date >= DATE '2025-11-21', avg((response = 'withdrew')::INT) "
        "FROM entry_triggers WHERE profile_id = ? GROUP BY 1 ORDER BY 1", [account.id]).fetchall()
    assert share_withdrew[0][1] > 2 * share_withdrew[1][1]
    # Triggers lower mood on their days.
    with_t, without_t = one(
        "SELECT avg(mood) FILTER (WHERE EXISTS (SELECT 1 FROM entry_triggers t "
        "WHERE t.entry_id = e.id)), avg(mood) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "
        "entry_triggers t WHERE t.entry_id = e.id)) FROM entries e WHERE profile_id = ?")
    assert with_t < without_t - 0.4
    # Weekly rhythm: weekends better than Mondays.
    monday, saturday = one(
        "SELECT avg(mood) FILTER (WHERE dayofweek(local_date) = 1), "
        "avg(mood) FILTER (WHERE dayofweek(local_date) = 6) FROM entries WHERE profile_id = ?")
    assert saturday > monday
    # The text is readable by its owner.
    first_id = con.execute("SELECT min(id) FROM entries WHERE profile_id = ?",
                           [account.id]).fetchone()[0]
    assert entries.get_entry(con, account, first_id).body


def test_demo_daily_has_exactly_one_entry_per_day(con, account):
    summary = demo.generate(con, account, years=1, daily=True, end=TODAY)
    days = con.execute("SELECT count(DISTINCT local_date), count(*) FROM entries "
                       "WHERE source = 'demo'").fetchone()
    assert days[0] == days[1] == summary.entries == 365


def test_cli_demo_creates_profile_and_rejects_wrong_passphrase(tmp_path):
    db = tmp_path / "cli.duckdb"
    env = {**os.environ, "STEADY_FAST_KDF": "1"}
    cmd = [sys.executable, "-m", "journal", "demo", "--db", str(db), "--profile", "Dee",
           "--years", "0.1"]
    ok = subprocess.run([*cmd, "--passphrase", "long passphrase"], capture_output=True,
                        text=True, env=env, cwd=ROOT)
    assert ok.returncode == 0 and "Added" in ok.stdout
    bad = subprocess.run([*cmd, "--passphrase", "another passphrase"], capture_output=True,
                         text=True, env=env, cwd=ROOT)
    assert bad.returncode == 2 and "don't match" in bad.stderr and "Traceback" not in bad.stderr


def test_every_page_has_an_apptest_and_a_readme_row():
    """Registries and docs stay in step: each page in the navigation is tested and documented."""
    from pages._navigation import PAGES

    tests_text = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    readme = (ROOT / "README.md").read_text()
    for path, title, _icon in PAGES:
        assert (ROOT / path).exists(), f"{path} is in the navigation but missing"
        assert path in tests_text, f"{path} has no AppTest"
        assert f"**{title}**" in readme, f"README does not describe the {title} page"


def test_no_sql_or_arithmetic_helpers_in_pages():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b")
    for page in (ROOT / "pages").glob("*.py"):
        assert not sql.search(page.read_text()), f"SQL in {page.name}"
    for module in (ROOT / "journal").rglob("*.py"):
        assert not re.search(r"^\s*(import streamlit|from streamlit)", module.read_text(),
                             re.MULTILINE), f"{module} imports streamlit"


def test_every_import_and_export_format_is_in_the_readme():
    """The registries and the README's format table stay in step."""
    from journal.transfer import exporters, importers

    readme = (ROOT / "README.md").read_text()
    for name, importer in importers.IMPORTERS.items():
        assert f"| import | {importer.label} (`{name}`)" in readme, name
    export_rows = [line for line in readme.splitlines() if line.startswith("| export |")]
    for name in exporters.EXPORTERS:
        assert any(f"(`{name}`)" in row for row in export_rows), name
