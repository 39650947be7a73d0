"""Command line: `python -m journal <command>`.

Why: some jobs (demo data, benchmarks, imports, backups) belong outside the browser. Like the
app, the CLI shows one clear sentence for every JournalError and never a traceback; this module
is the single place where domain errors become process output and exit codes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import profiles
from .db import connect
from .errors import JournalError

Handler = Callable[[argparse.Namespace], int]
# name -> (add_arguments, handler); later capabilities register their commands here.
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Handler, str]] = {}


def command(name: str, help_text: str):
    """Register a subcommand: decorate `handler(args) -> exit code`, with an `add_args` attr."""

    def wrap(handler: Handler) -> Handler:
        COMMANDS[name] = (getattr(handler, "add_args", lambda p: None), handler, help_text)
        return handler

    return wrap


def open_profile(db: str, name: str, passphrase: str, create: bool = False):
    """Connect and sign in (creating the profile if asked and missing)."""
    con = connect(db)
    try:
        if create and not profiles.exists(con, name):
            return con, profiles.create_profile(con, name, passphrase)
        return con, profiles.sign_in(con, name, passphrase)
    except JournalError:
        con.close()
        raise


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file (created if missing)")
    p.add_argument("--profile", required=True)
    p.add_argument("--passphrase", required=True)
    p.add_argument("--years", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--daily", action="store_true", help="exactly one entry every day")


def _demo(args: argparse.Namespace) -> int:
    from . import demo

    con, account = open_profile(args.db, args.profile, args.passphrase, create=True)
    try:
        summary = demo.generate(con, account, years=args.years, seed=args.seed, daily=args.daily)
    finally:
        con.close()
    print(
        f"Added {summary.entries:,} entries ({summary.triggers:,} triggers, {summary.wins:,} "
        f"wins) from {summary.first_day} to {summary.last_day} for '{account.name}' in {args.db}."
    )
    return 0


_demo.add_args = _demo_args  # type: ignore[attr-defined]
command("demo", "fill a profile with realistic demo data")(_demo)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run one command, turn JournalError into a message and exit code 2."""
    # Importing these registers their commands (kept optional so each capability owns its own).
    for module in ("bench", "dataops"):
        try:
            __import__(f"journal.{module}")
        except ModuleNotFoundError as err:
            if err.name != f"journal.{module}":
                raise
    parser = argparse.ArgumentParser(prog="python -m journal", description="Steady journal tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_args, _handler, help_text) in sorted(COMMANDS.items()):
        add_args(sub.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][1](args)
    except JournalError as err:
        print(f"steady: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("steady: stopped.", file=sys.stderr)
        return 130
