"""AppTest of "Shared with me", and isolation across *every* page: B (linked to A) sees only what
A shared, C (not linked) sees nothing of A's; after revoke and after unlink, B sees nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from journal.db import connect
from journal.sharing import insights, mirrors, model, partners
from pages import _keys as K
from tests.conftest import ROOT
from tests.test_page_share import SHARED_WITH_ME, assert_inert, page_text, run_page
from tests.test_sharing import NEED, NOTE, PRIVATE, SHARED, Trio, seed_trio

PAGES = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")
               if not p.name.startswith("_"))


@pytest.fixture
def world(app_db: Path) -> Trio:
    con = connect(app_db)
    trio = seed_trio(con)
    con.close()
    return trio


def all_pages_text(account) -> str:
    """Everything every page draws for this profile on first load."""
    texts = []
    for page in PAGES:
        at = run_page(page, account)
        assert at.title, f"{page} did not render for {account.name}"  # else the check is empty
        texts.append(page_text(at))
        # Pages with tabs draw only the open one: visit every tab too.
        for label in [t.label for t in at.tabs] if page == "pages/share.py" else []:
            texts.append(page_text(run_page(page, account, **{K.S_TAB: label})))
    return "\n".join(texts)


def test_every_page_is_covered():
    assert {"pages/share.py", SHARED_WITH_ME, "pages/write.py", "pages/history.py"} <= set(PAGES)


def test_b_sees_what_a_shared_and_mirrors_back(world, app_db):
    at = run_page(SHARED_WITH_ME, world.b)
    assert not at.exception
    text = page_text(at)
    assert NEED in text and "EXCERPTSHARED_r5t1" in text and NOTE in text
    assert "Shared by Ana" in text
    assert_inert(at)
    # Inside a form, values travel with the submit click (as in a browser).
    at.text_area(key=K.SW_HEAR_PREFIX + str(world.shared_id)).input("HEARD_m1")
    at.text_area(key=K.SW_SENSE_PREFIX + str(world.shared_id)).input("SENSE_m2")
    next(b for b in at.button if b.label == "Send my mirror").click().run()
    assert not at.exception
    assert "Sent. Ana will tell you whether you got it." in at.success[0].value
    assert "Your mirror is with Ana" in page_text(at)
    con = connect(app_db)
    (mine,) = [i for i in insights.my_insights(con, world.a) if i.id == world.shared_id]
    assert (mine.mirrors[0].hear, mine.mirrors[0].sense) == ("HEARD_m1", "SENSE_m2")


def test_verdicts_show_and_the_chart_appears(world, app_db):
    con = connect(app_db)
    first = mirrors.send_mirror(con, world.b, world.shared_id, "first try")
    mirrors.mark_mirror(con, world.a, first, model.NOT_QUITE, "CLARIFY_k1")
    at = run_page(SHARED_WITH_ME, world.b)
    text = page_text(at)
    assert "Ana said: “Not quite.”" in text and "CLARIFY_k1" in text
    assert [b.label for b in at.button] == ["Try again"]  # another go after "not quite"
    second = mirrors.send_mirror(con, world.b, world.shared_id, "second try")
    mirrors.mark_mirror(con, world.a, second, model.GOT_IT)
    at = run_page(SHARED_WITH_ME, world.b)
    assert not at.exception
    text = page_text(at)
    assert text.count("Ana said: “You got it.”") == 1 and not at.button  # understood: done
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert "My listening practice" in text and "hear each other" not in text
    assert "you sent 2 mirrors and tried again after “not quite” once" in text


def _charts(at) -> list[str]:
    """Every chart the page drew: its spec and its data (Arrow bytes included), as text."""
    return [json.dumps(json.loads(c.proto.spec)) + str(c.proto) for c in
            [*at.get("arrow_vega_lite_chart"), *at.get("vega_lite_chart")]]


def test_no_chart_or_reading_compares_one_partner_with_the_other(world, app_db):
    con = connect(app_db)
    mine = mirrors.send_mirror(con, world.b, world.shared_id, "what I heard")
    mirrors.mark_mirror(con, world.a, mine, model.NOT_QUITE)
    insights.share(con, world.b, insights.from_milestone("A milestone of mine", chart=None,
                                                         summary="x"), world.a.id)
    (back,) = [i for i in insights.received(con, world.a)]
    mirrors.send_mirror(con, world.a, back.id, "heard it")
    con.close()
    for who, other in ((world.b, world.a), (world.a, world.b)):
        for page in PAGES:
            at = run_page(page, who)
            for dumped in _charts(at):
                # No series, colour or row keyed by a person: neither name is in any chart.
                assert who.name not in dumped and other.name not in dumped, page
            for line in page_text(at).splitlines():
                assert not (who.name in line and other.name in line), (page, line)


def test_c_sees_nobody(world):
    at = run_page(SHARED_WITH_ME, world.c)
    assert not at.exception
    assert "Nobody shares with you yet" in at.info[0].value


def test_every_page_of_b_and_c_holds_only_what_a_shared(world):
    seen_by_b = all_pages_text(world.b)
    seen_by_c = all_pages_text(world.c)
    for marker in SHARED:
        assert marker in seen_by_b, marker  # B's Shared with me shows A's chosen words
        assert marker not in seen_by_c, marker
    for marker in PRIVATE:
        assert marker not in seen_by_b, marker
        assert marker not in seen_by_c, marker


def test_after_revoke_b_sees_nothing_of_it(world, app_db):
    con = connect(app_db)
    mirrors.send_mirror(con, world.b, world.shared_id, "MIRROR_r1")
    insights.revoke(con, world.a, world.shared_id)
    con.close()
    seen_by_b = all_pages_text(world.b)
    for marker in (*SHARED, *PRIVATE, "MIRROR_r1"):
        assert marker not in seen_by_b, marker
    assert "Ana hasn't shared anything with you yet." in seen_by_b


def test_after_unlink_b_sees_nothing(world, app_db):
    con = connect(app_db)
    partners.unlink(con, world.a, world.b.id)
    con.close()
    seen_by_b = all_pages_text(world.b)
    for marker in (*SHARED, *PRIVATE):
        assert marker not in seen_by_b, marker
    at = run_page(SHARED_WITH_ME, world.b)
    assert "Nobody shares with you yet" in at.info[0].value


def test_signed_out_shows_the_sign_in_form(app_db):
    at = AppTest.from_file(str(ROOT / SHARED_WITH_ME), default_timeout=30).run()
    assert not at.exception
    assert [w.label for w in at.text_input] == ["Name", "Passphrase"]
