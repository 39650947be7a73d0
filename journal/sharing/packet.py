"""Share packet: chosen insights as one self-contained HTML file, or as Markdown.

Why: a partner who doesn't use Steady should still be able to read what was chosen for them.
The HTML file has no scripts and loads nothing (charts are inline SVG drawn by vl-convert, and a
Content-Security-Policy forbids everything else); every person-written string is escaped, so
words that look like tags or links stay words. Only the insights passed in are in the packet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from journal.charts.shared import safe_spec
from journal.sharing.model import InsightContent

VEGA_LITE_VERSION = "6.4"
CHART_WIDTH = 560
_ACTIVE_SVG = re.compile(
    r"<\s*(script|foreignObject|a\b|iframe)|<[^>]*\son[a-z]+\s*=|javascript:", re.I
)


@dataclass(frozen=True)
class PacketItem:
    """One insight and when it was shared."""

    content: InsightContent
    shared_on: date | datetime


def chart_svg(spec: dict) -> str | None:
    """The chart as inline SVG, or None if it can't be drawn (the packet says so instead)."""
    import vl_convert

    spec = safe_spec(spec)
    composite = any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat"))
    if not composite and spec.get("width") in (None, "container"):
        spec["width"] = CHART_WIDTH  # in the app charts stretch; on paper they need a size
    try:
        svg = vl_convert.vegalite_to_svg(
            spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[]
        )
    except Exception:  # noqa: BLE001 - any drawing failure becomes a sentence in the packet
        return None
    # Belt and braces: the spec is already stripped of links, but an SVG must never act.
    if _ACTIVE_SVG.search(svg):
        return None
    return svg


_STYLE = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2a2e;
background:#f6f8f7;margin:0;padding:2rem 1rem}
main{max-width:46rem;margin:0 auto}
header h1{font-size:1.6rem;margin:0 0 .25rem}
header p{color:#56666b;margin:.2rem 0}
article{background:#fff;border:1px solid #d8e2df;border-radius:10px;padding:1.2rem 1.4rem;
margin:1.2rem 0}
article h2{font-size:1.2rem;margin:0 0 .2rem}
.when{color:#56666b;font-size:.9rem;margin:0 0 .8rem}
h3{font-size:.85rem;text-transform:uppercase;letter-spacing:.04em;color:#3d6b5f;margin:1rem 0 .2rem}
.text{white-space:pre-wrap;margin:0;overflow-wrap:anywhere}
figure{margin:1rem 0 0;overflow-x:auto}
figure svg{max-width:100%;height:auto}
.note{border-left:3px solid #9cc3b7;padding-left:.8rem}
footer{color:#56666b;font-size:.85rem;margin-top:2rem}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _when(value: date | datetime) -> str:
    return f"{value:%A %d %B %Y}"


def packet_html(items: Sequence[PacketItem], *, from_name: str, made_on: date) -> str:
    """A single HTML document: no scripts, no external resources, every user string escaped."""
    blocks = []
    for item in items:
        c = item.content
        inner = [f"<h2>{_esc(c.title)}</h2>",
                 f'<p class="when">Chosen on {_when(item.shared_on)}</p>']
        for part in c.parts:
            inner.append(f"<h3>{_esc(part.label)}</h3>")
            inner.append(f'<p class="text">{_esc(part.text)}</p>')
        if c.chart is not None:
            svg = chart_svg(c.chart)
            inner.append(
                f'<figure role="img" aria-label="{_esc(c.title)}">{svg}</figure>' if svg else
                "<p><em>This chart couldn't be drawn here.</em></p>"
            )
        if c.note:
            inner.append("<h3>A note</h3>")
            inner.append(f'<p class="text note">{_esc(c.note)}</p>')
        blocks.append("<article>\n" + "\n".join(inner) + "\n</article>")
    count = len(items)
    return "\n".join([
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Shared by {_esc(from_name)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body><main>",
        "<header>",
        f"<h1>Shared by {_esc(from_name)}</h1>",
        f"<p>{count} insight{'s' if count != 1 else ''}, chosen from a private journal, "
        f"put together on {_when(made_on)}.</p>",
        "<p>A good way to read them: take your time, then say back what you heard before "
        "you answer.</p>",
        "</header>",
        *blocks,
        "<footer>Made with Steady. Only these insights were chosen for sharing; "
        "the rest of the journal stays private.</footer>",
        "</main></body>",
        "</html>",
        "",
    ])


# Everything that can start Markdown syntax, a link, an autolink, raw HTML or an entity.
_MD_ESCAPE = set("\\`*_{}[]()<>#+-.!|~:/@&=^$")


def md_escape(text: str) -> str:
    """Backslash-escape Markdown's punctuation (CommonMark treats an escaped mark as literal).

    Why so many: links, images, autolinks, raw HTML, emphasis and lists all start with
    punctuation, and bare URLs are broken up at ``:`` and ``.`` so no renderer links them.
    Leading spaces are dropped so indentation can't turn a line into a code block.
    """
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        lines.append("".join("\\" + ch if ch in _MD_ESCAPE else ch for ch in line.lstrip()))
    # Two trailing spaces keep the writer's line breaks inside one paragraph.
    return "  \n".join(lines)


def packet_markdown(items: Sequence[PacketItem], *, from_name: str, made_on: date) -> str:
    """The same packet as Markdown; person-written text is escaped so it stays inert."""
    count = len(items)
    out = [
        f"# Shared by {md_escape(from_name)}",
        "",
        f"{count} insight{'s' if count != 1 else ''}, chosen from a private journal, put "
        f"together on {_when(made_on)}\\. Take your time, then say back what you heard before "
        "you answer\\.",
    ]
    for item in items:
        c = item.content
        out += ["", f"## {md_escape(c.title)}", "", f"*Chosen on {_when(item.shared_on)}*"]
        for part in c.parts:
            out += ["", f"**{md_escape(part.label)}**", "", md_escape(part.text)]
        if c.chart is not None:
            out += ["", "*A chart was shared here; open the HTML version of this packet to "
                    "see it\\.*"]
        if c.note:
            out += ["", "**A note**", "", md_escape(c.note)]
    out += ["", "---", "", "*Made with Steady\\. Only these insights were chosen for sharing; "
            "the rest of the journal stays private\\.*", ""]
    return "\n".join(out)
