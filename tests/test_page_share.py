"""AppTest of the Share page: link, compose with preview and confirm, mirrors, revoke, packet,
rituals; shared text is always inert."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from journal import entries
from journal.db import connect
from journal.sharing import insights, mirrors, model, partners, rituals
from pages import _keys as K
from tests.conftest import ROOT, make_entry
from tests.test_sharing import NEED, NOTE, PACKET_ONLY, Trio, seed_trio

TIMEOUT = 30
HOSTILE = ("<script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(2)> "
           "[click](http://example.com)")


SHARE = "pages/share.py"
SHARED_WITH_ME = "pages/shared_with_me.py"


def run_page(page: str, account, **state) -> AppTest:
    """Run one page (a path like "pages/share.py") as `account`, with session state set first."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT)
    at.session_state[K.ACCOUNT] = account
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def page_text(at: AppTest) -> str:
    """Every element and container the page drew, as one string (Markdown escapes removed)."""
    chunks = []
    for root in (at.main, at.sidebar):
        for node in root:
            proto = getattr(node, "proto", None)
            if proto is not None:
                chunks.append(str(proto))
    return "\n".join(chunks).replace("\\", "")


def assert_inert(at: AppTest) -> None:
    """No HTML rendering anywhere; Markdown bodies carry no live link or tag."""
    assert not at.get("html")
    for node in at.markdown:
        assert not node.proto.allow_html, node.value
        assert "](http" not in node.value and "<script" not in node.value
    for node in at.caption:
        assert not node.proto.allow_html


@pytest.fixture
def world(app_db: Path) -> Trio:
    con = connect(app_db)
    trio = seed_trio(con)
    con.close()
    return trio


def db(app_db: Path) -> duckdb.DuckDBPyConnection:
    return connect(app_db)


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


# ---------------------------------------------------------------- pages render


def test_share_page_for_each_profile(world):
    for acc in (world.a, world.b, world.c):
        at = run_page(SHARE, acc)
        assert not at.exception, acc.name
        assert [t.value for t in at.title] == ["Share"]
        assert {t.label for t in at.tabs} == {"Compose", "Shared by you", "Partners",
                                              "Rituals", "Share packet"}
    at = run_page(SHARE, world.a, **{K.S_TAB: "Shared by you"})
    text = page_text(at)
    assert NEED in text and NOTE in text and PACKET_ONLY in text  # A sees their own list
    assert "Shared with Ben" in text and "Kept for the share packet" in text


def test_signed_out_stops_politely(app_db):
    for page in (SHARE, SHARED_WITH_ME):
        at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
        assert not at.exception
        assert [w.label for w in at.text_input] == ["Name", "Passphrase"]  # the sign-in form
        assert not at.title or at.title[0].value not in ("Share", "Shared with me")


# ---------------------------------------------------------------- partners


def test_invite_and_join_from_the_page(app_db):
    con = db(app_db)
    from journal import profiles

    ana = profiles.create_profile(con, "Ana", "correct horse battery")
    ben = profiles.create_profile(con, "Ben", "correct horse battery")
    at = run_page(SHARE, ana)
    assert at.session_state[K.S_TAB] == "Partners"  # not linked yet: linking comes first
    at.button(key="share_invite").click().run()
    (code,) = [c.value for c in at.code]
    assert "Your code is" in at.success[0].value
    joiner = run_page(SHARE, ben)
    joiner.text_input(key=K.S_CODE).input(code.lower())
    joiner = click(joiner, "Link with this code")
    assert not joiner.exception
    assert "You and Ana are linked" in joiner.success[0].value
    assert [p.name for p in partners.partners(con, ana)] == ["Ben"]


def test_unlink_asks_first(world, app_db):
    at = run_page(SHARE, world.b, **{K.S_TAB: "Partners"})
    at.button(key=f"{K.S_UNLINK}_{world.a.id}").click().run()
    assert "Unlink from Ana?" in page_text(at)
    assert partners.partners(db(app_db), world.b)  # nothing happened yet
    at.button(key=f"{K.S_UNLINK}_yes_{world.a.id}").click().run()
    assert not at.exception
    assert partners.partners(db(app_db), world.b) == []
    assert NEED not in page_text(run_page(SHARED_WITH_ME, world.b))


# ---------------------------------------------------------------- compose, preview, confirm


def test_preview_shows_only_picks_and_nothing_is_shared_until_confirmed(world, app_db):
    con = db(app_db)
    before = len(insights.received(con, world.b))
    at = run_page(SHARE, world.a)
    assert at.selectbox(key=K.S_TO).value == world.b.id
    at.checkbox(key=K.S_HOPE).check().run()
    preview = page_text(at)
    assert "HOPEPRIVATE_p4x7" in preview and "Preview: exactly what Ben will see" in preview
    at.button(key="share_confirm").click().run()
    assert "Share this with Ben now?" in page_text(at)
    assert len(insights.received(con, world.b)) == before  # still nothing shared
    at.button(key="share_yes").click().run()
    assert not at.exception
    assert "Shared with Ben" in at.success[0].value
    got = insights.received(con, world.b)
    assert len(got) == before + 1
    assert [p.text for p in got[0].content.parts] == ["HOPEPRIVATE_p4x7"]


def test_after_sharing_the_ticks_and_the_note_reset(world, app_db):
    con = db(app_db)
    before = len(insights.received(con, world.b))
    at = run_page(SHARE, world.a)
    at.checkbox(key=K.S_HOPE).check().run()
    at.text_area(key=K.S_NOTE).input("NOTE_once").run()
    at.button(key="share_confirm").click().run()
    at.button(key="share_yes").click().run()
    # A new compose generation: every tick and the note are drawn afresh, nothing pending.
    assert at.session_state[K.S_GEN] == 1
    assert not at.checkbox(key=K.S_HOPE + "_1").value
    assert at.text_area(key=K.S_NOTE + "_1").value == ""
    assert not [b for b in at.button if b.key in ("share_yes", "share_confirm")]
    assert "Pick at least one part" in page_text(at)
    assert len(insights.received(con, world.b)) == before + 1


def test_share_with_says_plainly_when_there_is_no_partner(app_db):
    con = db(app_db)
    from journal import profiles

    ana = profiles.create_profile(con, "Ana", "correct horse battery")
    entries.save_entry(con, ana, make_entry(need="NEED_alone"))
    at = run_page(SHARE, ana, **{K.S_TAB: "Compose"})
    assert not at.exception
    assert not [s for s in at.selectbox if s.label == "Share with"]
    assert "not linked with a partner yet" in page_text(at)
    assert "Choose an option" not in page_text(at)
    at.checkbox(key=K.S_NEED).check().run()
    assert at.button(key="share_confirm").label == "Keep for the share packet"


def test_changing_a_pick_after_share_asks_again(world, app_db):
    at = run_page(SHARE, world.a)
    at.checkbox(key=K.S_HOPE).check().run()
    at.button(key="share_confirm").click().run()
    at.checkbox(key=K.S_MOOD).check().run()  # changed after "Share…": the confirm step resets
    assert not [b for b in at.button if b.key == "share_yes"]
    assert at.button(key="share_confirm")


def test_edited_excerpt_is_what_goes(world, app_db):
    at = run_page(SHARE, world.a)
    at.checkbox(key=K.S_EXCERPT_ON).check().run()
    box = at.text_area(key=K.S_EXCERPT_PREFIX + str(world.entry_id))
    assert box.value.startswith("BODYPRIVATE_m3q8")  # starts from the entry's text...
    box.input("only this sentence").run()  # ...and is edited down before sharing
    at.button(key="share_confirm").click().run()
    at.button(key="share_yes").click().run()
    got = insights.received(db(app_db), world.b)[0]
    assert [p.text for p in got.content.parts] == ["only this sentence"]


def test_packet_only_insight_reaches_nobody(world, app_db):
    at = run_page(SHARE, world.a)
    at.selectbox(key=K.S_TO).select_index(1).run()  # "Someone outside Steady"
    assert at.selectbox(key=K.S_TO).value == "packet"
    at.checkbox(key=K.S_HOPE).check().run()
    at.button(key="share_confirm").click().run()
    at.button(key="share_yes").click().run()
    assert "Kept for your share packet" in at.success[0].value
    con = db(app_db)
    assert "HOPEPRIVATE_p4x7" not in repr(insights.received(con, world.b))
    assert "HOPEPRIVATE_p4x7" in repr(insights.my_insights(con, world.a))


def test_nothing_picked_shows_a_hint_not_a_button(app_db):
    con = db(app_db)
    from journal import profiles

    ana = profiles.create_profile(con, "Ana", "correct horse battery")
    entries.save_entry(con, ana, make_entry(need="n"))
    at = run_page(SHARE, ana, **{K.S_TAB: "Compose"})
    assert not at.exception
    assert "Pick at least one part" in page_text(at)
    assert not [b for b in at.button if b.key == "share_confirm"]


# ---------------------------------------------------------------- mirrors, revoke


def test_answer_a_mirror_then_revoke(world, app_db):
    con = db(app_db)
    mirrors.send_mirror(con, world.b, world.shared_id, "MIRRORTEXT_q1")
    at = run_page(SHARE, world.a, **{K.S_TAB: "Shared by you"})
    assert "MIRRORTEXT_q1" in page_text(at)
    (mine,) = [i for i in insights.my_insights(con, world.a) if i.id == world.shared_id]
    (mirror,) = mine.mirrors
    at.text_area(key=K.S_CLARIFY_PREFIX + str(mirror.id)).input("CLARIFIED_q2").run()
    at.button(key=f"{K.S_VERDICT_PREFIX}{mirror.id}_got_it").click().run()
    assert not at.exception
    seen = insights.received(con, world.b)[0].mirrors[0]
    assert seen.verdict == model.GOT_IT and seen.clarification == "CLARIFIED_q2"
    at.button(key=K.S_REVOKE_PREFIX + str(world.shared_id)).click().run()
    assert "Taken back. Ben can no longer see it." in at.success[0].value
    assert insights.received(con, world.b) == []
    assert "Taken back from Ben" in page_text(at)


# ---------------------------------------------------------------- inert text


def test_hostile_text_is_shown_as_text(world, app_db):
    con = db(app_db)
    eid = entries.save_entry(con, world.a, make_entry(body=HOSTILE, need=HOSTILE))
    entry = entries.get_entry(con, world.a, eid)
    content = insights.from_entry(entry, model.EntryPick(need=True, excerpt=HOSTILE),
                                  note=HOSTILE)
    insights.share(con, world.a, content, world.b.id)
    for page, acc in ((SHARE, world.a), (SHARED_WITH_ME, world.b)):
        if page == SHARE:  # the compose preview, too, shows the words inert
            compose = run_page(page, acc, **{K.S_ENTRY: eid, K.S_NEED: True, K.S_TAB: "Compose"})
            assert not compose.exception
            assert_inert(compose)
            assert HOSTILE in [t.value for t in compose.text]
        state = {K.S_TAB: "Shared by you"} if page == SHARE else {}
        at = run_page(page, acc, **state)
        assert not at.exception
        assert_inert(at)
        shown = [t.value for t in at.text]
        assert shown.count(HOSTILE) >= 3, page  # need, excerpt and note, each verbatim text


# ---------------------------------------------------------------- packet and rituals


def test_packet_offers_downloads_of_only_what_was_picked(world):
    at = run_page(SHARE, world.a, **{K.S_TAB: "Share packet"})
    assert not at.get("download_button")
    at.multiselect(key=K.S_PACKET).set_value([world.packet_id]).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download as a web page (.html)", "Download as Markdown (.md)"]
    options = at.multiselect(key=K.S_PACKET).options
    assert len(options) == 2  # the shared one and the packet-only one; revoked is left out


def test_rituals_proposed_agreed_and_downloadable(world, app_db):
    at = run_page(SHARE, world.a, **{K.S_TAB: "Rituals"})
    click(at, "Propose to Ben")  # nothing is pre-ticked, so there is nothing to propose yet
    assert not at.exception and not at.success
    at.checkbox(key=f"{K.S_RIT_PREFIX}{world.b.id}_new_weekly_on").check()
    click(at, "Propose to Ben")
    assert not at.exception and "Proposed." in at.success[0].value
    ben = run_page(SHARE, world.b, **{K.S_TAB: "Rituals"})
    assert "Ana proposed these rituals" in page_text(ben)
    assert not ben.get("download_button")
    ben.button(key=f"{K.S_RIT_PREFIX}{world.a.id}_agree").click().run()
    assert not ben.exception
    assert rituals.get_agreement(db(app_db), world.b, world.a.id).agreed
    labels = [b.proto.label for b in ben.get("download_button")]
    assert "Add to my calendar (.ics)" in labels


def test_compose_from_a_trends_chart_and_a_review(app_db):
    from journal import demo, profiles

    con = db(app_db)
    ana = profiles.create_profile(con, "Ana", "correct horse battery")
    ben = profiles.create_profile(con, "Ben", "correct horse battery")
    demo.generate(con, ana, years=1, seed=3)
    partners.accept_invitation(con, ben, partners.create_invitation(con, ana).code)
    at = run_page(SHARE, ana)
    assert at.radio(key=K.S_SOURCE).options == [
        model.KINDS[k] for k in ("entry", "review", "milestone", "chart")]
    at.radio(key=K.S_SOURCE).set_value("chart").run()
    assert not at.exception
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")  # the preview draws it
    at.button(key="share_confirm").click().run()
    at.button(key="share_yes").click().run()
    assert not at.exception
    got = insights.received(con, ben)[0].content
    assert got.kind == "chart" and got.chart is not None
    at.radio(key=K.S_SOURCE).set_value("review").run()
    at.pills(key=K.S_REVIEW_PARTS + "_1").set_value(["adjust"]).run()  # a new compose
    preview = [c.value for c in at.caption]  # part labels in the preview are captions
    assert model.LABEL_ADJUST in preview and model.LABEL_WORKED not in preview
