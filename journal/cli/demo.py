"""`python -m journal demo`: fill a profile with realistic demo data."""

from __future__ import annotations

import argparse

from journal import demo
from journal.cli.common import Command, open_profile


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file (created if missing)")
    p.add_argument("--profile", required=True)
    p.add_argument("--passphrase", required=True)
    p.add_argument("--years", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--daily", action="store_true", help="exactly one entry every day")


def _demo(args: argparse.Namespace) -> int:
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


COMMANDS = (Command("demo", "fill a profile with realistic demo data", _demo_args, _demo),)
