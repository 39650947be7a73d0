"""JSON exports in bounded memory: a short look at the head, then the lists item by item.

Why not `json.loads`: a 50 MB file of `{},` becomes gigabytes of Python objects. Here the
document is never built whole: `head()` reads the top-level keys and the first few entries and
stops, which is all detection needs; `Items` then streams one list (`entries`, `milestones`, …)
with ijson's C parser, one small item at a time. Nesting deeper than any export is refused
before ijson sees it (its prefixes grow with depth). A document that simply stops (a download
that didn't finish) is told apart from one that is broken, so the readable part can be offered.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ijson
import numpy as np

from journal.errors import ImportFormatError

from .base import Failure, memoized, try_decode

MAX_DEPTH = 64  # a journal export nests 4 or 5 levels; far deeper is not a journal
HEAD_ENTRIES = 20  # entries looked at to tell the formats apart
_HEAD_EVENTS = 200_000  # a head larger than this is not a small header
_CHUNK = 8 * 1024 * 1024
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BUF = 256 * 1024
_SMALL_KEYS = ("steady_export",)  # top-level values kept whole (each a small object)

TOO_DEEP = "it is nested too deeply to be a journal export"
NOT_JSON = "it is not valid JSON"


def utf8(data: bytes) -> bytes | Failure:
    """The JSON as UTF-8 bytes: UTF-16 (with its BOM) is re-encoded, a UTF-8 BOM dropped."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        def convert() -> bytes | Failure:
            text = try_decode(data)
            return text if isinstance(text, Failure) else text.encode("utf-8", "surrogatepass")
        return memoized(data, "utf8", convert)
    return data


def _stream(raw: bytes) -> io.BytesIO:
    stream = io.BytesIO(raw)  # shares the bytes; nothing is copied
    if raw.startswith(codecs.BOM_UTF8):
        stream.seek(len(codecs.BOM_UTF8))
    return stream


def too_deep(raw: bytes) -> bool:
    """True when brackets (outside strings) nest deeper than MAX_DEPTH. C-speed, chunked."""
    def compute() -> bool:
        stripped = _STRING.sub(b'""', raw)
        depth = 0
        for start in range(0, len(stripped), _CHUNK):
            part = np.frombuffer(stripped, np.uint8, min(_CHUNK, len(stripped) - start), start)
            delta = ((part == 0x5B) | (part == 0x7B)).astype(np.int32)
            delta -= ((part == 0x5D) | (part == 0x7D))
            running = np.cumsum(delta, dtype=np.int64) + depth
            if running.size and int(running.max()) > MAX_DEPTH:
                return True
            depth = int(running[-1]) if running.size else depth
        return False
    return memoized(raw, "deep", compute)


def _is_eof(exc: Exception) -> bool:
    return "premature EOF" in str(exc) or "Incomplete" in type(exc).__name__ and not str(exc)


def _parseable(data: bytes) -> bytes | str:
    """The UTF-8 bytes to parse, or why there are none (not text, nested too deeply)."""
    raw = utf8(data)
    if isinstance(raw, Failure):
        return raw.reason
    return TOO_DEEP if too_deep(raw) else raw


def _broken(exc: Exception) -> str | None:
    """What a parse error means: None for a document cut off at its end, else NOT_JSON."""
    return None if isinstance(exc, ijson.JSONError) and _is_eof(exc) else NOT_JSON


@dataclass
class JsonHead:
    """What the start of a JSON document says: enough to tell which app wrote it."""

    is_object: bool = False
    kinds: dict[str, str] = field(default_factory=dict)  # top-level key -> event kind
    small: dict[str, Any] = field(default_factory=dict)  # _SMALL_KEYS values
    sample: list[Any] = field(default_factory=list)  # the first HEAD_ENTRIES entries
    failure: str | None = None
    truncated: bool = False

    @property
    def has_entries(self) -> bool:
        return self.kinds.get("entries") == "start_array"


def head(data: bytes) -> JsonHead:
    """The head of the document (memoized per bytes object); never raises."""
    return memoized(data, "head", lambda: _read_head(data))


def _read_head(data: bytes) -> JsonHead:
    out = JsonHead()
    raw = _parseable(data)
    if isinstance(raw, str):
        out.failure = raw
        return out
    try:
        _walk_head(raw, out)
    except (ijson.JSONError, ValueError, UnicodeDecodeError) as exc:
        out.failure = _broken(exc)
        out.truncated = out.failure is None
    return out


def _walk_head(raw: bytes, out: JsonHead) -> None:
    """Top-level keys and the first entries; stops as soon as that much is known."""
    key = ""
    builder: ijson.ObjectBuilder | None = None
    for events, (prefix, event, value) in enumerate(
            ijson.parse(_stream(raw), buf_size=_BUF, use_float=True)):
        if prefix == "":
            if event != "start_map" and not out.is_object:
                return  # a top-level list or value: not an export with keys
            out.is_object = True
            key = value if event == "map_key" else key
            continue
        if prefix == key and key not in out.kinds:
            out.kinds[key] = event
        if key in _SMALL_KEYS and events < _HEAD_EVENTS:
            builder = builder or ijson.ObjectBuilder()
            builder.event(event, value)
            if prefix == key and event in ("end_map", "end_array"):
                out.small[key], builder = builder.value, None
        elif key == "entries" and prefix.startswith("entries.item"):
            if len(out.sample) >= HEAD_ENTRIES:
                return
            if builder is None and prefix == "entries.item" and event not in (
                    "start_map", "start_array"):
                out.sample.append(value)  # a bare value where an entry should be
                continue
            builder = builder or ijson.ObjectBuilder()
            builder.event(event, value)
            if prefix == "entries.item" and event in ("end_map", "end_array"):
                out.sample.append(builder.value)
                builder = None


class Items:
    """One top-level list of the document, item by item; afterwards says how it ended."""

    def __init__(self, data: bytes, key: str) -> None:
        self._data = data
        self._key = key
        self.count = 0
        self.truncated = False
        self.failure: str | None = None

    def __iter__(self) -> Iterator[Any]:
        raw = _parseable(self._data)
        if isinstance(raw, str):
            self.failure = raw
            return
        try:
            for item in ijson.items(_stream(raw), f"{self._key}.item", buf_size=_BUF,
                                    use_float=True):
                self.count += 1
                yield item
        except (ijson.JSONError, ValueError, UnicodeDecodeError) as exc:
            self.failure = _broken(exc)
            self.truncated = self.failure is None


def cut_off_message(items: Items, what: str = "entries") -> str:
    """The sentence for a document that stops part-way."""
    return (f"The file ends in the middle (after {items.count:,} complete {what}): it looks cut "
            "off, perhaps by a download or copy that didn't finish. Only the part before the "
            "cut can be imported.")


def readable_head(data: bytes, label: str) -> JsonHead:
    """The head of the document; ImportFormatError naming the format if it can't be read."""
    found = head(data)
    if found.failure:
        raise ImportFormatError(f"{label}: {found.failure}.")
    return found


def list_ending(items: Items, label: str, what: str = "entries") -> str | None:
    """After reading a list: ImportFormatError if it broke off, the cut-off sentence if cut."""
    if items.failure:
        raise ImportFormatError(f"{label}: {items.failure}.")
    return cut_off_message(items, what) if items.truncated else None


def is_dayone_head(found: JsonHead) -> bool:
    """Day One marks itself with `metadata` and entries carrying `creationDate`/`uuid`."""
    if not found.has_entries:
        return False
    return found.kinds.get("metadata") == "start_map" or any(
        isinstance(e, dict) and ("creationDate" in e or "uuid" in e) for e in found.sample)
