"""Share packet: only the chosen insights, self-contained HTML with SVG charts, inert text."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from journal.charts import shared as shared_charts
from journal.sharing import model, packet

HOSTILE = ('<script>alert(1)</script> <b>bold</b> <img src=x onerror="alert(2)"> '
           "[click](http://example.com) ![i](http://example.com/i.png) www.example.org *em*")
MADE = date(2026, 11, 21)
WHEN = datetime(2026, 11, 20, 21, 30)


def chart_spec(labels: list[str] | None = None) -> dict:
    frame = pd.DataFrame({"week": labels or ["w1", "w2", "w3"], "mood": [2.5, 3.0, 3.5]})
    return shared_charts.snapshot(alt.Chart(frame).mark_bar().encode(x="week:N", y="mood:Q"))


def hostile_item() -> packet.PacketItem:
    content = model.InsightContent(
        "entry", f"Title {HOSTILE}", (model.Part("Label <i>x</i>", HOSTILE),), note=HOSTILE)
    return packet.PacketItem(content, WHEN)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def parse(doc: str) -> _Tags:
    parser = _Tags()
    parser.feed(doc)
    return parser


def test_html_escapes_every_user_string():
    doc = packet.packet_html([hostile_item()], from_name="Ana <u>", made_on=MADE)
    assert "<script" not in doc.lower() and "<b>" not in doc and "<img" not in doc
    assert "<u>" not in doc and "<i>x" not in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert "[click](http://example.com)" in doc  # shown as words; HTML doesn't make it a link
    tags = parse(doc)
    assert "a" not in tags.tags and "script" not in tags.tags and "img" not in tags.tags
    assert not [name for name, _ in tags.attrs if name.startswith("on")]


def test_html_is_self_contained_with_the_chart_as_svg():
    content = model.InsightContent("chart", "Mood by week", (), chart=chart_spec())
    doc = packet.packet_html([packet.PacketItem(content, WHEN)], from_name="Ana", made_on=MADE)
    tags = parse(doc)
    assert "svg" in tags.tags and "script" not in tags.tags
    assert not {"link", "iframe", "object", "embed", "img", "a"} & set(tags.tags)
    assert not [v for k, v in tags.attrs if k in ("src", "href", "xlink:href")]
    assert "Content-Security-Policy" in doc and "default-src 'none'" in doc
    # The only URLs are XML namespace names inside the SVG; nothing is fetched.
    urls = set(re.findall(r"https?://[^\s\"'<>]+", doc))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert "url(" not in doc and "@import" not in doc


def test_chart_labels_are_escaped_inside_the_svg():
    spec = chart_spec(["<script>alert(3)</script>", "ok", "fine"])
    svg = packet.chart_svg(spec)
    assert svg is not None and svg.startswith("<svg")
    assert "<script" not in svg and "&lt;script&gt;" in svg


def test_a_chart_that_cannot_be_drawn_becomes_a_sentence():
    content = model.InsightContent("chart", "Broken", (), chart={"mark": "nonsense"})
    doc = packet.packet_html([packet.PacketItem(content, WHEN)], from_name="Ana", made_on=MADE)
    assert "<svg" not in doc and "couldn't be drawn" in doc


def test_only_the_selected_insights_are_in_the_packet():
    chosen = packet.PacketItem(model.InsightContent(
        "entry", "Chosen", (model.Part("Hope", "CHOSEN_x1"),)), WHEN)
    left_out = packet.PacketItem(model.InsightContent(
        "entry", "Left out", (model.Part("Hope", "LEFTOUT_y2"),)), WHEN)
    for render in (packet.packet_html, packet.packet_markdown):
        doc = render([chosen], from_name="Ana", made_on=MADE)
        assert "CHOSEN" in doc and "LEFTOUT" not in doc
        assert "LEFTOUT" in render([chosen, left_out], from_name="Ana", made_on=MADE)


def test_markdown_escapes_links_html_and_emphasis():
    doc = packet.packet_markdown([hostile_item()], from_name="Ana [x](y)", made_on=MADE)
    assert "[click](http://example.com)" not in doc
    assert r"\[click\]\(http\:\/\/example\.com\)" in doc
    assert r"\!\[i\]" in doc
    assert "<script>" not in doc and r"\<script\>" in doc
    assert r"\*em\*" in doc and r"www\.example\.org" in doc
    assert "# Shared by Ana \\[x\\]\\(y\\)" in doc
    # No unescaped Markdown link or raw tag survives anywhere in the document.
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", doc)
    assert not re.search(r"(?<!\\)<[a-zA-Z/!]", doc)


@pytest.mark.parametrize("text", ["# heading", "1. list", "    code", "> quote", "- item",
                                  "a\nb", "===", "<http://x.y>", "a@b.example"])
def test_md_escape_keeps_words_and_breaks_structure(text):
    out = packet.md_escape(text)
    assert re.sub(r"\\(.)", r"\1", out).replace("  \n", "\n") == "\n".join(
        line.lstrip() for line in text.split("\n"))
    assert not out.startswith((" ", "#", "1.", ">", "-", "="))
    assert not re.search(r"(?<!\\)[<@\[]", out)


def test_markdown_mentions_the_chart_instead_of_embedding_it():
    content = model.InsightContent("chart", "Mood by week", (), chart=chart_spec())
    doc = packet.packet_markdown([packet.PacketItem(content, WHEN)], from_name="Ana",
                                 made_on=MADE)
    assert "HTML version" in doc and "<svg" not in doc and "data:" not in doc


def test_the_packet_format_loads_only_the_sharing_model():
    """The packet is a format: it reads insights, it doesn't pull in storage, crypto or pages."""
    code = ("import sys, journal.sharing.packet; "
            "print(sorted(m for m in sys.modules if m.startswith('journal')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1]).stdout
    loaded = set(ast.literal_eval(out))
    assert "journal.sharing.model" in loaded
    assert not loaded & {"journal.sharing.insights", "journal.sharing.partners",
                         "journal.crypto", "journal.db", "journal.profiles"}
