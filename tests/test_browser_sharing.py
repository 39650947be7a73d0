"""Browser: two people on one Steady link, share, mirror back, answer, revoke; the share packet
opens in Chromium with its chart.

Screenshots go to a temp folder; set STEADY_SCREENSHOTS=docs/screenshots to refresh the ones in
the README (share.png, shared-with-me.png, share-packet.png).
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser import assert_no_exception, shots, sign_up, wait_idle

pytestmark = pytest.mark.browser

NEED = "I needed us to talk after dinner, not scroll"
PRIVATE = "PRIVATE body nobody else should read"
HEARD = "What I hear is that the silence after dinner felt lonely"


def person(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 1100},
                                  timezone_id="Europe/Berlin", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def go(page, title: str) -> None:
    """Open a page from the sidebar; exact names, since "Share" is a prefix of "Shared with me"."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible()
    wait_idle(page)


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_link_share_mirror_answer_revoke(browser, server, tmp_path):
    ctx_a, ana = person(browser)
    ctx_b, ben = person(browser)
    try:
        sign_up(ana, server, "Ana")
        sign_up(ben, server, "Ben")

        # Ana invites; Ben enters the code; both see the link.
        go(ana, "Share")
        tab(ana, "Partners")
        ana.get_by_role("button", name="Create an invitation code").click()
        code_box = ana.get_by_test_id("stCode").first
        expect(code_box).to_be_visible()
        code = code_box.inner_text().strip()
        assert len(code) == 14
        go(ben, "Share")
        tab(ben, "Partners")
        ben.get_by_label("Invitation code").fill(code)
        ben.get_by_role("button", name="Link with this code").click()
        expect(ben.get_by_text("You and Ana are linked")).to_be_visible()
        assert_no_exception(ben)

        # Ana writes an entry; only its unmet need is shared, after preview and confirmation.
        go(ana, "Write")
        ana.get_by_label("Anything else on your mind").fill(PRIVATE)
        ana.get_by_text("A need and a hope (for a conversation)").click()
        ana.get_by_label("One need that went unmet").fill(NEED)
        wait_idle(ana)
        ana.get_by_role("button", name="Save entry").click()
        expect(ana.get_by_text("Saved. Entry #1 is in your History.")).to_be_visible()
        go(ana, "Share")
        tab(ana, "Partners")
        expect(ana.get_by_text("Ben", exact=True)).to_be_visible()
        tab(ana, "Compose")
        ana.get_by_text(f"The unmet need: {NEED}").click()
        wait_idle(ana)
        expect(ana.get_by_text("Preview: exactly what Ben will see")).to_be_visible()
        expect(ana.get_by_test_id("stText").filter(has_text=NEED).first).to_be_visible()
        ana.get_by_role("button", name="Share with Ben…").click()
        expect(ana.get_by_text("Share this with Ben now?")).to_be_visible()
        ana.set_viewport_size({"width": 1200, "height": 1500})  # the whole compose step
        ana.screenshot(path=str(shots(tmp_path) / "share.png"))
        ana.set_viewport_size({"width": 1200, "height": 1100})
        ana.get_by_role("button", name="Yes, share it").click()
        expect(ana.get_by_text("Shared with Ben. You can take it back")).to_be_visible()
        assert_no_exception(ana)

        # Ben sees exactly that, never the rest of the entry, and mirrors back.
        go(ben, "Shared with me")
        expect(ben.get_by_text(NEED)).to_be_visible()
        expect(ben.get_by_text(PRIVATE)).to_have_count(0)
        ben.get_by_label("What I hear is…").fill(HEARD)
        ben.get_by_label("What makes sense to me about it (optional)").fill(
            "Evenings are when we reconnect")
        ben.get_by_role("button", name="Send my mirror").click()
        expect(ben.get_by_text("Sent. Ana will tell you whether you got it.")).to_be_visible()
        assert_no_exception(ben)

        # Ana answers "You got it".
        go(ana, "Write")
        go(ana, "Share")
        tab(ana, "Shared by you")
        expect(ana.get_by_text(HEARD)).to_be_visible()
        ana.get_by_role("button", name="You got it").click()
        expect(ana.get_by_text("Thanks. Your answer is on its way.")).to_be_visible()
        tab(ana, "Shared by you")
        expect(ana.get_by_text("You said: “You got it.”")).to_be_visible()

        go(ben, "Write")
        go(ben, "Shared with me")
        expect(ben.get_by_text("Ana said: “You got it.”")).to_be_visible()
        expect(ben.get_by_role("button", name="Send my mirror")).to_have_count(0)
        expect(ben.get_by_text("My listening practice")).to_be_visible()
        expect(ben.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        wait_idle(ben)
        ben.wait_for_timeout(800)  # let the chart finish drawing for the screenshot
        ben.screenshot(path=str(shots(tmp_path) / "shared-with-me.png"), full_page=True)
        assert_no_exception(ben)

        # The packet Ana downloads holds the insight, as inert text.
        tab(ana, "Share packet")
        ana.get_by_label("Insights in the packet").click()
        ana.get_by_role("option").first.click()
        ana.keyboard.press("Escape")
        wait_idle(ana)
        with ana.expect_download() as info:
            ana.get_by_role("button", name="Download as a web page (.html)").click()
        packet = tmp_path / "packet.html"
        info.value.save_as(packet)
        doc = packet.read_text()
        assert NEED in doc and PRIVATE not in doc and "<script" not in doc

        # Ana takes it back: gone from Ben's page at once.
        tab(ana, "Shared by you")
        ana.get_by_role("button", name="Take it back").click()
        expect(ana.get_by_text("Taken back. Ben can no longer see it.")).to_be_visible()
        go(ben, "Write")
        go(ben, "Shared with me")
        expect(ben.get_by_text("Ana hasn't shared anything with you yet.")).to_be_visible()
        expect(ben.get_by_text(NEED)).to_have_count(0)
        expect(ben.get_by_text(HEARD)).to_have_count(0)
        assert_no_exception(ben)
        assert_no_exception(ana)
    finally:
        ctx_a.close()
        ctx_b.close()


def test_share_packet_opens_in_chromium_with_its_chart(browser, tmp_path):
    """A packet with a milestone's chart and a Trends chart, drawn as inline SVG, no scripts."""
    from journal import demo, entries, profiles
    from journal.db import connect
    from journal.sharing import choices, insights, model, packet

    con = connect(tmp_path / "journal.duckdb")
    ana = profiles.create_profile(con, "Ana", "correct horse battery")
    demo.generate(con, ana, years=1, seed=3)
    today = date.today()
    entry = next(e for e in (entries.get_entry(con, ana, s.id) for s in
                             entries.list_entries(con, ana, page_size=200).items)
                 if e.triggers and e.wins)
    items = [
        insights.from_entry(entry, model.EntryPick(need=True, hope=True, mood=True,
                                                   triggers=(0,), wins=(0,)),
                            note="<script>alert(1)</script> [click](http://example.com)"),
        choices.chart_insight(con, ana, "3m", "mood", today=today,
                              note="The dip at the end is the move; it's passing."),
        choices.milestone_insight(con, ana, choices.milestone_choices(con, ana)[0][0],
                                  summary=True, chart=True, today=today),
    ]
    con.close()
    doc = packet.packet_html([packet.PacketItem(c, today) for c in items], from_name="Ana",
                             made_on=today)
    path = tmp_path / "steady-share-packet.html"
    path.write_text(doc, encoding="utf-8")

    context = browser.new_context(viewport={"width": 1000, "height": 1400},
                                  java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    expect(page.get_by_role("heading", name="Shared by Ana")).to_be_visible()
    svg = page.locator("figure svg")
    expect(svg).to_have_count(2)
    expect(svg.first).to_be_visible()
    assert svg.first.bounding_box()["width"] > 300
    expect(page.get_by_text("<script>alert(1)</script> [click](http://example.com)")).to_be_visible()
    assert page.locator("script").count() == 0 and page.locator("a").count() == 0
    assert requests == [path.as_uri()]  # nothing else was fetched
    page.screenshot(path=str(shots(tmp_path) / "share-packet.png"))
    context.close()
