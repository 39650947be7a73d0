"""The one page table: (file, title, icon) in menu order, used by app.py and the benchmarks.

Why one table: titles and order are a contract (DESIGN.md), and the benchmarks time exactly the
pages people can open. Adding a page is adding one row here (plus its file and its AppTest).
"""

from __future__ import annotations

from typing import NamedTuple


class PageSpec(NamedTuple):
    """One row of the navigation: the page file (relative to the project root), title, icon."""

    path: str
    title: str
    icon: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/write.py", "Write", ":material/edit_note:"),
    PageSpec("pages/history.py", "History", ":material/history:"),
    PageSpec("pages/trends.py", "Trends", ":material/monitoring:"),
    PageSpec("pages/milestones.py", "Milestones", ":material/flag:"),
    PageSpec("pages/weekly_review.py", "Weekly review", ":material/event_repeat:"),
    PageSpec("pages/repair.py", "Repair", ":material/healing:"),
    PageSpec("pages/agreements.py", "Agreements", ":material/handshake:"),
    PageSpec("pages/check_in.py", "Check-in", ":material/forum:"),
    PageSpec("pages/share.py", "Share", ":material/diversity_1:"),
    PageSpec("pages/shared_with_me.py", "Shared with me", ":material/mail:"),
    PageSpec("pages/data.py", "Data", ":material/folder_managed:"),
)
