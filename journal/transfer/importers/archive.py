"""Reading members of a ZIP export safely: sizes, count and compression checked before reading.

Why: a 20 KB ZIP can unpack to gigabytes (a "zip bomb"). The central directory says how big
each member is and how well it compressed, so a bomb is refused before a byte is inflated; the
read itself is capped too, because those numbers can lie.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from .base import Failure, memoized

MAX_MEMBERS = 20_000  # a Day One export with photos has hundreds; far more is not an export
MAX_INFLATED = 200 * 1024 * 1024  # what is read out of one archive, in all (the upload limit)
MAX_RATIO = 100  # real JSON compresses 5-15 times; 1,000 times is a run of the same bytes
RATIO_FROM = 1024 * 1024  # small members may compress very well; only big ones are judged
_READ = 1024 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
              NotImplementedError, ValueError, KeyError, IndexError)

Member = tuple[str, bytes]


def is_zip(data: bytes) -> bool:
    """Zip files start with a local header (or, when empty, the end-of-directory record)."""
    return data[:4] in _ZIP_MAGIC


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB"


def _refuse(infos: list[zipfile.ZipInfo], total: int) -> Failure | None:
    """Why these members must not be unpacked, judged from the directory alone."""
    if total > MAX_MEMBERS:
        return Failure(f"the ZIP holds {total:,} files, far more than a journal export "
                       f"(Steady reads at most {MAX_MEMBERS:,})")
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED:
        return Failure(f"its journal files would unpack to {_size(inflated)}, more than the "
                       f"{_size(MAX_INFLATED)} Steady reads from one archive")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            return Failure(
                f"“{info.filename}” would grow from {_size(info.compress_size)} to "
                f"{_size(info.file_size)} when unpacked ({ratio:,.0f} times). Real journals "
                "never compress like that, so Steady did not unpack it (it may be a ZIP bomb)")
    return None


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes | Failure:
    """One member, read in pieces and stopped the moment it passes what it said or the budget."""
    limit = min(info.file_size, budget)
    parts: list[bytes] = []
    got = 0
    with archive.open(info) as member:
        while chunk := member.read(_READ):
            got += len(chunk)
            if got > limit or got > max(info.compress_size, 1) * MAX_RATIO + RATIO_FROM:
                return Failure(f"“{info.filename}” unpacks to more than its archive says; "
                               "Steady stopped reading it (the ZIP may be damaged or a ZIP bomb)")
            parts.append(chunk)
    return b"".join(parts)


def members(data: bytes, suffix: str) -> list[Member] | Failure:
    """The bytes of the members named `*suffix` (memoized per archive), or why not."""
    def wanted(name: str) -> bool:
        return name.lower().endswith(suffix)

    def compute() -> list[Member] | Failure:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                every = archive.infolist()
                infos = sorted((i for i in every if not i.is_dir() and wanted(i.filename)
                                and not _resource_fork(i.filename)), key=lambda i: i.filename)
                refused = _refuse(infos, len(every))
                if refused is not None:
                    return refused
                out: list[Member] = []
                budget = MAX_INFLATED
                for info in infos:
                    raw = _read(archive, info, budget)
                    if isinstance(raw, Failure):
                        return raw
                    budget -= len(raw)
                    out.append((info.filename, raw))
                return out
        except ZIP_ERRORS as exc:
            return Failure(f"the ZIP file is damaged or incomplete ({exc or type(exc).__name__})")
    return memoized(data, "zip" + suffix, compute)


def _resource_fork(name: str) -> bool:
    """macOS resource forks (`__MACOSX/`, `._name`) are not journals."""
    return name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1].startswith("._")
