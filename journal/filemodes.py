"""Owner-only files: every file Steady creates is 0600 and every folder it makes is 0700.

Why: the journal, its WAL, backups, exports and the TLS key sit on a machine shared with the
very person the journal is about. Other accounts on that machine must not read them.

DuckDB creates the WAL (and temp files) itself, long after the database was opened, so a chmod
after creation can't cover them: `private_umask()` sets the process umask to 077 once, and
`tighten()` fixes files that already existed (a journal made by an older Steady).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_umask() -> None:
    """From now on this process creates files 0600 and folders 0700 (process-wide, on purpose)."""
    os.umask(0o077)


def tighten(path: Path | str, mode: int = PRIVATE_FILE) -> None:
    """Make an existing file or folder owner-only; missing paths and others' files are left."""
    target = Path(path)
    try:
        if target.exists() and target.stat().st_uid == os.getuid():
            os.chmod(target, mode)
    except OSError:
        pass  # best effort: a read-only mount still opens; the README says where files live


def make_dir(folder: Path | str) -> Path:
    """Create `folder` (and missing parents) owner-only; an existing folder is left as it is."""
    folder = Path(folder)
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        tighten(created, PRIVATE_DIR)
    return folder


def write_private(target: Path | str, data: bytes) -> Path:
    """Write bytes to a new 0600 file atomically (staging file, then rename)."""
    target = Path(target)
    make_dir(target.parent)
    staging = target.with_name(target.name + ".partial")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(staging, PRIVATE_FILE)
    os.replace(staging, target)
    return target
