"""`python -m journal profile create | list`: profiles from the command line.

Why here: a journal can be set up without the browser (a server, a script), and `list` says
which names a file holds before an import or export. Creating never leaves an empty file behind
when it fails (journal.cli.common.open_profile); listing never creates a file at all.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from journal import profiles
from journal.cli.common import Command, open_profile
from journal.db import connect
from journal.errors import ProfileError


def _new_passphrase(args: argparse.Namespace) -> str:
    """--passphrase, else STEADY_PASSPHRASE, else typed twice at a hidden prompt."""
    if args.passphrase:
        return args.passphrase
    if os.environ.get("STEADY_PASSPHRASE"):
        return os.environ["STEADY_PASSPHRASE"]
    if not sys.stdin.isatty():
        raise ProfileError(
            "Give the passphrase with --passphrase or the STEADY_PASSPHRASE variable.")
    first = getpass.getpass(f"New passphrase for {args.name}: ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise ProfileError("The two passphrases differ; nothing was created.")
    return first


def _args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True)
    create = sub.add_parser("create", help="create a profile (the file too, if missing)")
    create.add_argument("--db", required=True, help="journal file")
    create.add_argument("--name", required=True, help="profile name")
    create.add_argument("--passphrase", help="or set STEADY_PASSPHRASE, or type it when asked")
    listing = sub.add_parser("list", help="the profiles in a journal file")
    listing.add_argument("--db", required=True, help="journal file")


def _create(args: argparse.Namespace) -> int:
    secret = _new_passphrase(args)
    if len(secret) < profiles.MIN_PASSPHRASE:   # before any file is made
        raise ProfileError(f"Please use a passphrase of at least {profiles.MIN_PASSPHRASE} "
                           "characters. A few words you'll remember work well.")
    con = connect(args.db)
    try:
        taken = profiles.exists(con, args.name)
    finally:
        con.close()
    if taken:
        raise ProfileError(f"A profile named '{args.name}' already exists in {args.db}.")
    con, account = open_profile(args.db, args.name, secret, create=True)
    con.close()
    print(f"Created the profile '{account.name}' in {args.db}. Keep the passphrase safe: "
          "it is the only key to this profile's text.")
    return 0


def _list(args: argparse.Namespace) -> int:
    con = connect(args.db, must_exist=True)
    try:
        found = profiles.list_profiles(con)
    finally:
        con.close()
    if not found:
        print(f"No profiles in {args.db} yet.")
    for name, created, count in found:
        print(f"{name}\t{count:,} entries\tcreated {created:%Y-%m-%d}")
    return 0


def _run(args: argparse.Namespace) -> int:
    return _create(args) if args.action == "create" else _list(args)


COMMANDS = (Command("profile", "create a profile, or list the profiles in a file", _args, _run),)
