"""Command line: `python -m journal <command>`.

Why: some jobs (demo data, imports, exports, backups) belong outside the browser. Like the
app, the CLI shows one clear sentence for every JournalError and never a traceback; this package
is the single place where domain errors become process output and exit codes, and the only
place in `journal/` that prints. The domain never imports it.

    demo      fill a profile with demo data            (journal.cli.demo)
    import, export, backup, restore                    (journal.cli.transfer)
    profile create | list                              (journal.cli.profile)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import duckdb

from journal.cli import demo, profile, transfer
from journal.cli.common import Command
from journal.db import describe
from journal.errors import JournalError

COMMANDS: dict[str, Command] = {
    c.name: c for c in (*demo.COMMANDS, *profile.COMMANDS, *transfer.COMMANDS)
}


def parser() -> argparse.ArgumentParser:
    """Every command with its arguments, in name order."""
    out = argparse.ArgumentParser(prog="python -m journal", description="Steady journal tools")
    sub = out.add_subparsers(dest="command", required=True)
    for name, cmd in sorted(COMMANDS.items()):
        cmd.add_args(sub.add_parser(name, help=cmd.help))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run one command, turn JournalError into a message and exit code 2."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except JournalError as err:
        print(f"steady: {err}", file=sys.stderr)
        return 2
    except (duckdb.Error, OSError) as err:   # the journal file: damaged, full, read-only...
        print(f"steady: {describe(err, getattr(args, 'db', None))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("steady: stopped.", file=sys.stderr)
        return 130
