"""What the commands share: the command record, signing in, and the passphrase rules."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journal import profiles
from journal.db import connect
from journal.errors import JournalError, ProfileError


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, help line, argument setup and handler (returns an exit code)."""

    name: str
    help: str
    add_args: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def open_profile(db: str, name: str, passphrase: str, create: bool = False):
    """Connect and sign in (creating the profile if asked and missing).

    Signing in never creates a journal file: without `create` a missing file is refused, and a
    file this call created is removed again when creating the profile fails.
    """
    path = Path(db)
    new_file = not path.exists()
    con = connect(path, must_exist=not create)
    try:
        create = create and not profiles.exists(con, name)
        return con, profiles.open_session(con, name, passphrase, create=create)
    except JournalError:
        con.close()
        if new_file:
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise


def passphrase(args: argparse.Namespace) -> str:
    """--passphrase, else STEADY_PASSPHRASE, else a hidden prompt (never echoed)."""
    if getattr(args, "passphrase", None):
        return args.passphrase
    if os.environ.get("STEADY_PASSPHRASE"):
        return os.environ["STEADY_PASSPHRASE"]
    if sys.stdin.isatty():
        name = getattr(args, "profile", None) or getattr(args, "name", "")
        return getpass.getpass(f"Passphrase for {name}: ")
    raise ProfileError("Give the passphrase with --passphrase or the STEADY_PASSPHRASE variable.")


def profile_args(p: argparse.ArgumentParser) -> None:
    """--db, --profile and --passphrase, for commands that sign in."""
    p.add_argument("--db", required=True, help="journal file")
    p.add_argument("--profile", required=True, help="profile name")
    p.add_argument("--passphrase", help="or set STEADY_PASSPHRASE, or type it when asked")
