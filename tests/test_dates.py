"""One date format across the app, following the browser's locale (journal.timeutil)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from journal import timeutil

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2027, 3, 3)


@pytest.mark.parametrize(("locale", "long", "short", "picker"), [
    ("en-US", "March 3, 2027", "Mar 3, 2027", "MM/DD/YYYY"),
    ("en-GB", "3 March 2027", "3 Mar 2027", "DD/MM/YYYY"),
    ("de-DE", "3. März 2027", "03.03.2027", "DD.MM.YYYY"),
    ("sv-SE", "3 mars 2027", "3 mars 2027", "YYYY-MM-DD"),
    ("ja-JP", "2027年3月3日", "2027/03/03", "YYYY/MM/DD"),
])
def test_dates_follow_the_browser_locale(locale, long, short, picker):
    assert timeutil.long_date(DAY, locale) == long
    assert timeutil.short_date(DAY, locale) == short
    assert timeutil.input_format(locale) == picker


@pytest.mark.parametrize("locale", [None, "", "xx-YY", "not a locale", "en_GB"])
def test_unknown_or_missing_locale_reads_as_before(locale):
    assert timeutil.long_date(DAY, locale) == "3 March 2027"
    assert timeutil.short_date(DAY, locale) == "3 Mar 2027"
    assert timeutil.input_format(locale) == "DD/MM/YYYY"


def test_every_date_picker_uses_the_one_locale_format():
    # No page hard-codes a picker format: each passes date_format() (the browser's locale).
    pickers = 0
    for page in sorted((ROOT / "pages").glob("*.py")):
        text = page.read_text()
        for call in re.finditer(r"date_input\((?:[^()]|\([^()]*\))*\)", text):
            pickers += 1
            assert "format=date_format()" in call.group(0), (page.name, call.group(0))
    assert pickers >= 6
