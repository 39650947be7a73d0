"""Sharing: invitations, partners, composing only what was picked, sealing, mirrors, revoke,
unlink, and isolation of everything A did not share from B (linked) and C (not linked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import altair as alt
import duckdb
import pandas as pd
import pytest

from journal import entries, profiles
from journal.charts import shared as shared_charts
from journal.db import connect, utcnow
from journal.entries import TriggerItem, WinItem
from journal.errors import JournalError, NotFound, SharingError
from journal.sharing import choices, insights, mirrors, model, partners, rituals
from tests.conftest import PASS, make_entry

# Unique markers: the *_SHARED ones A chooses to share with B; every other one stays private.
NEED = "NEEDSHARED_k2v9"
HOPE = "HOPEPRIVATE_p4x7"
BODY = "BODYPRIVATE_m3q8 we didn't talk after dinner. EXCERPTSHARED_r5t1 I went quiet."
EXCERPT = "EXCERPTSHARED_r5t1 I went quiet."
RESPONSE = "RESPPRIVATE_w6y2"
TNOTE = "TNOTEPRIVATE_h8j3"
WIN = "WINPRIVATE_c1b4"
OTHER_ENTRY = "ENTRYPRIVATE_u3k0"
NOTE = "NOTESHARED_e2n8"
PACKET_ONLY = "PACKETONLY_d9f6"
REVOKED = "REVOKEDSHARED_s7g5"
MIRROR = "MIRRORFROMBEN_t4z2"
CLARIFY = "CLARIFYFROMANA_v8x1"

SHARED = (NEED, "EXCERPTSHARED_r5t1", NOTE)
PRIVATE = ("HOPEPRIVATE_p4x7", "BODYPRIVATE_m3q8", "RESPPRIVATE_w6y2", "TNOTEPRIVATE_h8j3",
           "WINPRIVATE_c1b4", "ENTRYPRIVATE_u3k0", PACKET_ONLY, REVOKED)
CONTROL = "CTRLPLAIN_q9w3"  # part of C's profile name: stored as plaintext on purpose


@dataclass
class Trio:
    """A and B linked, C alone; A has shared one insight with B, revoked another, kept one."""

    a: profiles.Account
    b: profiles.Account
    c: profiles.Account
    entry_id: int
    shared_id: int
    revoked_id: int
    packet_id: int


def seed_trio(con: duckdb.DuckDBPyConnection) -> Trio:
    """The scenario every isolation test starts from."""
    a = profiles.create_profile(con, "Ana", PASS)
    b = profiles.create_profile(con, "Ben", PASS)
    c = profiles.create_profile(con, f"Cleo {CONTROL}", PASS)
    code = partners.create_invitation(con, a).code
    partners.accept_invitation(con, b, code)
    entry_id = entries.save_entry(con, a, make_entry(
        body=BODY, prompt_response=RESPONSE, need=NEED, hope=HOPE, mood=2,
        emotions=["lonely"], triggers=[TriggerItem("late_reply", "withdrew", TNOTE)],
        wins=[WinItem("repair", WIN)]))
    entries.save_entry(con, a, make_entry(body=OTHER_ENTRY,
                                          when_local=datetime(2026, 11, 18, 8, 0)))
    entry = entries.get_entry(con, a, entry_id)
    shared = insights.from_entry(entry, model.EntryPick(need=True, excerpt=EXCERPT), note=NOTE)
    shared_id = insights.share(con, a, shared, b.id)
    gone = insights.from_entry(entry, model.EntryPick(excerpt=REVOKED))
    revoked_id = insights.share(con, a, gone, b.id)
    insights.revoke(con, a, revoked_id)
    kept = insights.from_entry(entry, model.EntryPick(excerpt=PACKET_ONLY))
    packet_id = insights.share(con, a, kept, None)
    entries.save_entry(con, b, make_entry(body="Ben's own entry"))
    entries.save_entry(con, c, make_entry(body="Cleo's own entry"))
    return Trio(a, b, c, entry_id, shared_id, revoked_id, packet_id)


@pytest.fixture
def trio(con) -> Trio:
    return seed_trio(con)


def everything_visible_to(con: duckdb.DuckDBPyConnection, acc: profiles.Account) -> str:
    """Every query and export a profile can run, rendered to one string."""
    from journal.sharing import packet
    from journal.transfer import exporters, exporting

    out: list[object] = [
        partners.partners(con, acc), partners.open_invitations(con, acc),
        insights.my_insights(con, acc), insights.received(con, acc),
        entries.list_entries(con, acc, page_size=500), entries.used_words(con, acc),
        entries.load_draft(con, acc),
    ]
    for p in partners.partners(con, acc):
        out += [rituals.get_agreement(con, acc, p.id)]
    out.append(mirrors.listening_practice(con, acc))
    for summary in entries.list_entries(con, acc, page_size=500).items:
        out.append(entries.get_entry(con, acc, summary.id))
    for fmt in exporters.EXPORTERS:
        out.append(exporting.export_file(con, acc, fmt).data.decode("utf-8", "replace"))
    mine = [packet.PacketItem(i.content, i.created_utc) for i in insights.my_insights(con, acc)]
    out.append(packet.packet_html(mine, from_name=acc.name, made_on=utcnow().date()))
    out.append(packet.packet_markdown(mine, from_name=acc.name, made_on=utcnow().date()))
    return "\n".join(repr(x) if not isinstance(x, str) else x for x in out)


def db_bytes(con: duckdb.DuckDBPyConnection, path: Path) -> bytes:
    con.execute("CHECKPOINT")
    data = path.read_bytes()
    wal = path.with_name(path.name + ".wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


# ---------------------------------------------------------------- invitations and partners


def test_invitation_links_both_and_is_single_use(con, account, other):
    inv = partners.create_invitation(con, account)
    assert len(partners.normalise_code(inv.code)) == partners.CODE_CHARS
    assert partners.open_invitations(con, account)[0].code == inv.code
    partner = partners.accept_invitation(con, other, f"  {inv.code.lower().replace('-', ' ')} ")
    assert partner.id == account.id and partner.name == "Ana"
    assert [p.name for p in partners.partners(con, account)] == ["Ben"]
    assert [p.name for p in partners.partners(con, other)] == ["Ana"]
    assert partners.open_invitations(con, account) == []
    third = profiles.create_profile(con, "Cleo", PASS)
    with pytest.raises(SharingError, match="doesn't work"):
        partners.accept_invitation(con, third, inv.code)


def test_invitation_expires_and_refuses_own_code_and_repeat_links(con, account, other):
    inv = partners.create_invitation(con, account)
    with pytest.raises(SharingError, match="your own code"):
        partners.accept_invitation(con, account, inv.code)
    with pytest.raises(SharingError, match="doesn't work"):
        partners.accept_invitation(con, other, inv.code, now=utcnow() + timedelta(days=7, hours=1))
    partners.accept_invitation(con, other, inv.code)
    again = partners.create_invitation(con, account)
    with pytest.raises(SharingError, match="already linked"):
        partners.accept_invitation(con, other, again.code)


def test_cancelled_code_and_guessing_are_refused(con, account, other):
    inv = partners.create_invitation(con, account)
    partners.cancel_invitation(con, account, inv.id)
    with pytest.raises(SharingError, match="doesn't work"):
        partners.accept_invitation(con, other, inv.code)
    for _ in range(partners.FAILED_CODES_ALLOWED - 1):
        with pytest.raises(SharingError):
            partners.accept_invitation(con, other, "AAAA-BBBB-CCCC")
    fresh = partners.create_invitation(con, account)
    with pytest.raises(SharingError, match="wait"):
        partners.accept_invitation(con, other, fresh.code)
    later = utcnow() + partners.FAILED_CODES_WINDOW + timedelta(minutes=1)
    assert partners.accept_invitation(con, other, fresh.code, now=later).id == account.id


def test_code_is_stored_only_hashed_and_sealed(con, db_file, account):
    inv = partners.create_invitation(con, account)
    raw = db_bytes(con, db_file)
    assert partners.normalise_code(inv.code).encode() not in raw
    assert inv.code.encode() not in raw


def test_several_partners_each_pair_separate(con, account, other):
    cleo = profiles.create_profile(con, "Cleo", PASS)
    partners.accept_invitation(con, other, partners.create_invitation(con, account).code)
    partners.accept_invitation(con, cleo, partners.create_invitation(con, account).code)
    assert [p.name for p in partners.partners(con, account)] == ["Ben", "Cleo"]
    eid = entries.save_entry(con, account, make_entry(need="for Ben only"))
    entry = entries.get_entry(con, account, eid)
    insights.share(con, account, insights.from_entry(entry, model.EntryPick(need=True)), other.id)
    assert insights.received(con, cleo) == []
    assert [r.content.parts[0].text for r in insights.received(con, other)] == ["for Ben only"]


# ---------------------------------------------------------------- composing


def test_only_picked_parts_are_in_the_insight(trio, con):
    entry = entries.get_entry(con, trio.a, trio.entry_id)
    content = insights.from_entry(entry, model.EntryPick(need=True, triggers=(0,)))
    payload = content.to_json()
    assert NEED in payload and "Late reply → Withdrew" in payload
    for private in (HOPE, "BODYPRIVATE", RESPONSE, TNOTE, WIN):
        assert private not in payload
    assert [p.label for p in content.parts] == [model.LABEL_NEED, model.LABEL_TRIGGER]


def test_edited_excerpt_is_shared_and_the_entry_is_unchanged(trio, con):
    entry = entries.get_entry(con, trio.a, trio.entry_id)
    content = insights.from_entry(entry, model.EntryPick(excerpt="  just this  "))
    assert content.parts == (model.Part(model.LABEL_EXCERPT, "just this"),)
    assert entries.get_entry(con, trio.a, trio.entry_id).body == BODY


def test_nothing_picked_is_refused(trio, con):
    entry = entries.get_entry(con, trio.a, trio.entry_id)
    with pytest.raises(SharingError, match="at least one part"):
        insights.from_entry(entry, model.EntryPick(excerpt="   "), note="only a note")


def test_wins_mood_and_review_parts(trio, con):
    entry = entries.get_entry(con, trio.a, trio.entry_id)
    content = insights.from_entry(entry, model.EntryPick(mood=True, wins=(0,)))
    assert [p.text for p in content.parts] == [
        "Mood 2 of 5 (Low). In words: lonely", f"Apologised and repaired: {WIN}"]

    @dataclass
    class Review:
        week_start: datetime
        week_end: datetime
        worked: str
        didnt: str
        adjust: str

    review = Review(datetime(2026, 11, 16), datetime(2026, 11, 22), "talks", "PRIVATE_DIDNT", "x")
    shared = insights.from_review(review, worked=True, didnt=False, adjust=True)
    assert "PRIVATE_DIDNT" not in shared.to_json()
    assert [p.label for p in shared.parts] == [model.LABEL_WORKED, model.LABEL_ADJUST]


def test_sharing_needs_a_link(trio, con):
    entry = entries.get_entry(con, trio.a, trio.entry_id)
    content = insights.from_entry(entry, model.EntryPick(need=True))
    with pytest.raises(SharingError, match="not linked"):
        insights.share(con, trio.a, content, trio.c.id)
    with pytest.raises(SharingError, match="not linked"):
        insights.share(con, trio.a, content, trio.a.id)


# ---------------------------------------------------------------- chart snapshots


def test_chart_snapshot_keeps_only_drawn_columns_inline():
    frame = pd.DataFrame({"week": ["a", "b"], "mood": [2.5, 3.1],
                          "diary": ["SECRETCOLUMN_1", "SECRETCOLUMN_2"]})
    chart = alt.Chart(frame).mark_bar().encode(x="week:N", y="mood:Q", href="diary:N")
    spec = shared_charts.snapshot(chart)
    text = repr(spec)
    assert "SECRETCOLUMN" not in text and "href" not in text
    (rows,) = spec["datasets"].values()
    assert rows == [{"week": "a", "mood": 2.5}, {"week": "b", "mood": 3.1}]


def test_chart_snapshot_refuses_outside_data_and_images():
    with pytest.raises(SharingError, match="outside data"):
        shared_charts.snapshot({"data": {"url": "https://example.com/x.csv"}, "mark": "bar"})
    with pytest.raises(SharingError, match="images"):
        shared_charts.snapshot({"data": {"values": [{"u": "x"}]}, "mark": "image",
                                "encoding": {"url": {"field": "u"}}})


def test_chart_snapshot_puts_inline_rows_in_a_named_dataset():
    rows = [{"week": "a", "mood": 2.5, "diary": "SECRETCOLUMN_3"}]
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(x="week:N", y="mood:Q")
    spec = shared_charts.snapshot(chart)
    (name,) = spec["datasets"]
    assert spec["data"] == {"name": name}
    assert spec["datasets"][name] == [{"week": "a", "mood": 2.5}]


def test_chart_insight_shares_the_snapshot(trio, con):
    frame = pd.DataFrame({"month": ["Oct", "Nov"], "share": [0.5, 0.75]})
    chart = alt.Chart(frame).mark_line().encode(x="month:N", y="share:Q")
    insights.share(con, trio.a, insights.from_chart("My mood by month", chart), trio.b.id)
    got = insights.received(con, trio.b)[0].content
    assert got.kind == "chart" and got.title == "My mood by month"
    assert list(got.chart["datasets"].values())[0][1] == {"month": "Nov", "share": 0.75}


# ---------------------------------------------------------------- seen, mirrored, revoked


def test_partner_sees_exactly_what_was_shared_newest_first(trio, con):
    got = insights.received(con, trio.b)
    assert [g.id for g in got] == [trio.shared_id]
    content = got[0].content
    assert [p.text for p in content.parts] == [NEED, EXCERPT]
    assert content.note == NOTE and got[0].sharer_name == "Ana"
    assert insights.received(con, trio.c) == [] and insights.received(con, trio.a) == []
    entry = entries.get_entry(con, trio.a, trio.entry_id)
    later = insights.share(con, trio.a, insights.from_entry(entry, model.EntryPick(hope=True)),
                           trio.b.id, now=utcnow() + timedelta(minutes=5))
    assert [g.id for g in insights.received(con, trio.b)] == [later, trio.shared_id]


def test_shared_text_is_never_plaintext_in_the_file(trio, con, db_file):
    mirror = mirrors.send_mirror(con, trio.b, trio.shared_id, MIRROR, "it makes sense")
    mirrors.mark_mirror(con, trio.a, mirror, model.NOT_QUITE, CLARIFY)
    raw = db_bytes(con, db_file)
    assert CONTROL.encode() in raw  # the scan does find plaintext when there is some
    for marker in (*SHARED, *PRIVATE, MIRROR, CLARIFY):
        assert marker.encode() not in raw, marker


def test_mirror_verdict_and_clarification_round_trip(trio, con):
    first = mirrors.send_mirror(con, trio.b, trio.shared_id, MIRROR, "you were tired")
    with pytest.raises(SharingError, match="still with them"):
        mirrors.send_mirror(con, trio.b, trio.shared_id, "again")
    (mine,) = [i for i in insights.my_insights(con, trio.a) if i.id == trio.shared_id]
    assert mine.mirrors[0].hear == MIRROR and mine.mirrors[0].pending
    with pytest.raises(NotFound):
        mirrors.mark_mirror(con, trio.b, first, model.GOT_IT)
    mirrors.mark_mirror(con, trio.a, first, model.NOT_QUITE, CLARIFY)
    with pytest.raises(SharingError, match="already answered"):
        mirrors.mark_mirror(con, trio.a, first, model.GOT_IT)
    got = insights.received(con, trio.b)[0]
    assert got.mirrors[0].clarification == CLARIFY and got.can_mirror
    second = mirrors.send_mirror(con, trio.b, trio.shared_id, "you needed me to stay")
    mirrors.mark_mirror(con, trio.a, second, model.GOT_IT)
    got = insights.received(con, trio.b)[0]
    assert [m.verdict for m in got.mirrors] == [model.NOT_QUITE, model.GOT_IT]
    assert got.understood and not got.can_mirror
    # My listening: only Ben's own mirrors (two sent, one a second try); Ana's chart is empty.
    months = mirrors.listening_practice(con, trio.b)
    assert [(m.sent, m.tried_again) for m in months] == [(2, 1)]
    assert mirrors.listening_practice(con, trio.a) == []
    assert shared_charts.listening_chart(months).to_dict()["mark"]["type"] == "bar"


def test_strangers_cannot_mirror_or_read(trio, con):
    with pytest.raises(NotFound):
        mirrors.send_mirror(con, trio.c, trio.shared_id, "let me in")
    with pytest.raises(NotFound):
        mirrors.send_mirror(con, trio.b, trio.revoked_id, "still there?")
    assert mirrors.listening_practice(con, trio.c) == []
    with pytest.raises(NotFound):
        insights.revoke(con, trio.b, trio.shared_id)


def test_revoke_removes_the_partner_copy_at_once(trio, con):
    mirrors.send_mirror(con, trio.b, trio.shared_id, MIRROR)
    insights.revoke(con, trio.a, trio.shared_id)
    assert insights.received(con, trio.b) == []
    left = con.execute(
        "SELECT count(*) FROM insight_deliveries WHERE insight_id = ?", [trio.shared_id]
    ).fetchone()
    assert left == (0,)
    assert con.execute("SELECT for_listener FROM mirrors WHERE insight_id = ?",
                       [trio.shared_id]).fetchall() == [(None,)]
    view = everything_visible_to(con, trio.b)
    for marker in (*SHARED, *PRIVATE, MIRROR):
        assert marker not in view, marker
    (mine,) = [i for i in insights.my_insights(con, trio.a) if i.id == trio.shared_id]
    assert not mine.active and mine.revoked_utc is not None


def test_forget_deletes_own_copy(trio, con):
    insights.forget(con, trio.a, trio.packet_id)
    assert trio.packet_id not in [i.id for i in insights.my_insights(con, trio.a)]


def test_unlink_leaves_nothing_for_either(trio, con):
    mirror = mirrors.send_mirror(con, trio.b, trio.shared_id, MIRROR)
    mirrors.mark_mirror(con, trio.a, mirror, model.GOT_IT)
    rituals.propose(con, trio.a, trio.b.id, rituals.RitualPlan(weekly_on=True))
    partners.unlink(con, trio.b, trio.a.id)
    assert partners.partners(con, trio.a) == [] and partners.partners(con, trio.b) == []
    assert insights.received(con, trio.b) == []
    for table in ("insight_deliveries", "mirrors", "rituals"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table  # noqa: S608
    assert all(not i.active for i in insights.my_insights(con, trio.a))
    view = everything_visible_to(con, trio.b)
    for marker in (*SHARED, *PRIVATE, MIRROR, "Ana"):
        assert marker not in view, marker
    with pytest.raises(SharingError):
        insights.share(con, trio.a, insights.my_insights(con, trio.a)[0].content, trio.b.id)


# ---------------------------------------------------------------- isolation of every query


def test_every_query_and_export_of_b_and_c_holds_only_what_was_shared(trio, con):
    seen_by_b = everything_visible_to(con, trio.b)
    seen_by_c = everything_visible_to(con, trio.c)
    for marker in SHARED:
        assert marker in seen_by_b, marker  # B does see what A chose to share...
        assert marker not in seen_by_c, marker  # ...and C sees none of it
    for marker in PRIVATE:
        assert marker not in seen_by_b, marker
        assert marker not in seen_by_c, marker
    assert "Ben's own entry" in seen_by_b and "Cleo's own entry" not in seen_by_b


def test_b_and_c_exports_and_packets_never_hold_a_shared_text(trio, con):
    """Exports and packets are the profile's *own* material: even what A shared stays out."""
    from journal.sharing import packet
    from journal.transfer import exporters, exporting

    for acc in (trio.b, trio.c):
        for fmt in exporters.EXPORTERS:
            data = exporting.export_file(con, acc, fmt).data.decode("utf-8", "replace")
            for marker in (*SHARED, *PRIVATE):
                assert marker not in data, (acc.name, fmt, marker)
        items = [packet.PacketItem(i.content, i.created_utc)
                 for i in insights.my_insights(con, acc)]
        for doc in (packet.packet_html(items, from_name=acc.name, made_on=utcnow().date()),
                    packet.packet_markdown(items, from_name=acc.name, made_on=utcnow().date())):
            for marker in (*SHARED, *PRIVATE):
                assert marker not in doc


def test_sealed_copies_open_only_for_their_owner(trio, con):
    token = con.execute("SELECT payload FROM insight_deliveries WHERE insight_id = ?",
                        [trio.shared_id]).fetchone()[0]
    assert token.startswith("x1:")
    with pytest.raises(JournalError):
        trio.c.keys.open_from_partner(token)
    with pytest.raises(JournalError):
        trio.a.keys.open_from_partner(token)
    own = con.execute("SELECT payload FROM insights WHERE id = ?", [trio.shared_id]).fetchone()[0]
    assert own.startswith("s1:")
    with pytest.raises(JournalError):
        trio.b.keys.open(own, aad=f"insight:{trio.shared_id}")


def test_file_reopens_and_migration_is_recorded(db_file):
    first = connect(db_file)
    seed_trio(first)
    first.close()
    again = connect(db_file)
    names = [r[0] for r in again.execute("SELECT name FROM schema_migrations").fetchall()]
    assert "0003_sharing" in names
    assert again.execute("SELECT count(*) FROM insights").fetchone() == (3,)
    again.close()


# ---------------------------------------------------------------- reviews, milestones, Trends


def test_reviews_milestones_and_trends_charts_share_as_snapshots(con, account, other):
    from journal import demo

    demo.generate(con, account, years=1, seed=3)
    partners.accept_invitation(con, other, partners.create_invitation(con, account).code)
    today = utcnow().date()
    assert choices.available_sources(con, account) == ["entry", "review", "milestone", "chart"]
    assert choices.available_sources(con, other) == ["entry"]
    bodies = [e.body for e in (entries.get_entry(con, account, s.id) for s in
              entries.list_entries(con, account, page_size=200).items) if len(e.body) > 20]
    assert bodies

    review_id = choices.review_choices(con, account)[0][0]
    review = choices.review_insight(con, account, review_id, worked=True, didnt=False,
                                    adjust=False)
    assert [p.label for p in review.parts] == [model.LABEL_WORKED]

    milestone_id = choices.milestone_choices(con, account)[0][0]
    milestone = choices.milestone_insight(con, account, milestone_id, summary=True, chart=True,
                                          today=today)
    assert milestone.chart is not None and milestone.title.startswith("A milestone: ")

    keys = dict(choices.chart_choices(con, account, "3m", today))
    assert "mood" in keys
    chart = choices.chart_insight(con, account, "3m", "mood", note="look", today=today)
    assert chart.kind == "chart" and chart.title.startswith(keys["mood"])
    assert chart.parts[0].label == model.LABEL_READING

    for content in (milestone, chart):
        spec = repr(content.chart)
        assert "'url'" not in spec and content.chart.get("datasets")  # data inline, no fetch
        for body in bodies:
            assert body not in spec  # aggregated numbers and labels, never entry text
        insights.share(con, account, content, other.id)
    insights.share(con, account, review, other.id)
    got = insights.received(con, other)
    assert [g.content.kind for g in got] == ["review", "chart", "milestone"]
    assert got[1].content.chart == chart.chart
    with pytest.raises(SharingError):
        choices.chart_insight(con, account, "3m", "no-such-chart", today=today)
