"""The one page table (pages/_navigation.py): titles and order are a contract; it is complete."""

from __future__ import annotations

from pages._navigation import PAGES
from tests.conftest import ROOT

# DESIGN.md's order.
CONTRACT = ["Write", "History", "Trends", "Milestones", "Weekly review", "Repair", "Agreements",
            "Check-in", "Share", "Shared with me", "Data"]


def test_titles_and_order_are_the_contract():
    assert [page.title for page in PAGES] == CONTRACT


def test_every_page_file_is_in_the_table_once():
    files = sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")
                   if not p.name.startswith("_"))
    listed = [page.path for page in PAGES]
    assert sorted(listed) == files
    assert len(set(listed)) == len(listed)
    assert all(page.icon.startswith(":material/") for page in PAGES)


def test_app_and_benchmark_use_the_table():
    """No second list of pages: app.py and the page benchmark read pages/_navigation.py."""
    from benchmarks import pages as bench

    assert "from pages._navigation import PAGES" in (ROOT / "app.py").read_text()
    assert bench.app_pages() == [(page.path, page.title) for page in PAGES]
