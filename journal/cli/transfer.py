"""`python -m journal import | export | backup | restore`: own your data from the command line.

Every sentence these commands show is printed here; the work is done by `journal.transfer`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journal import filemodes, vocab
from journal.cli.common import Command, open_profile, passphrase, profile_args
from journal.errors import ImportFormatError, ValidationError
from journal.transfer import backup, exporters, importers, profile_backup
from journal.transfer.exporting import export_file, unreadable_note
from journal.transfer.importing import (
    PROBLEMS_SHOWN,
    ImportChoices,
    ImportPreview,
    preview_import,
    run_import,
)
from journal.transfer.mapping import ROLE_TRIGGER, WIN_PREFIX


def parse_mood_flags(values: list[str]) -> dict[str, int | None]:
    """`LABEL=N` (1-5) or `LABEL=none` from --mood flags."""
    moods: dict[str, int | None] = {}
    for value in values:
        label, sep, mood = value.rpartition("=")
        if not sep or not label:
            raise ValidationError(f"--mood “{value}” should look like “Очень хорошо=5”.")
        if mood.strip().lower() in ("none", "no", "-"):
            moods[label] = None
        elif mood.strip() in {"1", "2", "3", "4", "5"}:
            moods[label] = int(mood)
        else:
            raise ValidationError(f"--mood “{value}”: the mood should be 1 to 5, or none.")
    return moods


def parse_role_flags(triggers: list[str], wins: list[str]) -> dict[str, str]:
    """--trigger LABEL and --win LABEL[=PRACTICE] into roles."""
    roles = {label: ROLE_TRIGGER for label in triggers}
    for value in wins:
        label, sep, practice = value.partition("=")
        roles[label] = WIN_PREFIX + (practice.strip() if sep and practice.strip() else label)
    return roles


def _import_args(p: argparse.ArgumentParser) -> None:
    profile_args(p)
    p.add_argument("file", help="Daylio CSV, Day One JSON/zip, jrnl JSON/text, Steady JSON")
    p.add_argument("--format", dest="fmt", help="override detection: " + ", ".join(
        importers.IMPORTERS))
    p.add_argument("--mood", action="append", default=[], metavar="LABEL=N",
                   help="map a custom mood to 1-5 (or none); remembered for next time")
    p.add_argument("--trigger", action="append", default=[], metavar="LABEL",
                   help="store this activity/tag as a trigger")
    p.add_argument("--win", action="append", default=[], metavar="LABEL[=PRACTICE]",
                   help="store this activity/tag as a win (practice: " + ", ".join(
                       vocab.PRACTICES) + ")")
    p.add_argument("--tz", help="IANA time zone for files without one (default: this computer's)")
    p.add_argument("--dry-run", action="store_true", help="show the preview, write nothing")
    p.add_argument("--date-format", help="jrnl text: the timeformat of its entry headers, "
                   "e.g. '%%d.%%m.%%Y %%H:%%M' (default: found from the file)")
    p.add_argument("--accept-truncated", action="store_true",
                   help="import the readable part of a file that looks cut off")


def _print_preview(preview: ImportPreview) -> None:
    """The preview as lines: summary, each mood label's mapping, the first problems."""
    print(preview.summary())
    for mood in preview.moods:
        target = "unmapped" if not mood.mapped else (
            "no mood" if mood.mood is None else f"{mood.mood} ({mood.how})")
        print(f"  mood “{mood.label}” ×{mood.count} → {target}")
    for problem in preview.problems[:PROBLEMS_SHOWN]:
        print(f"  problem: {problem}")
    if len(preview.problems) > PROBLEMS_SHOWN:
        print(f"  … and {len(preview.problems) - PROBLEMS_SHOWN} more problems")


def _import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ImportFormatError(f"Steady can't read {path} ({err.strerror}).") from err
    choices = ImportChoices(fmt=args.fmt, moods=parse_mood_flags(args.mood),
                            roles=parse_role_flags(args.trigger, args.win), tz_name=args.tz,
                            date_format=args.date_format,
                            accept_truncated=args.accept_truncated)
    con, account = open_profile(args.db, args.profile, passphrase(args))
    try:
        preview = preview_import(con, account, data, path.name, choices)
        _print_preview(preview)
        if preview.unmapped_moods:
            flags = " ".join(f'--mood "{m}=N"' for m in preview.unmapped_moods)
            print(f"steady: choose a mood (1-5 or none) for each unmapped label, e.g. {flags}",
                  file=sys.stderr)
            return 2
        if args.dry_run:
            print("Dry run: nothing was written.")
            return 0
        if preview.truncated and not args.accept_truncated:
            print("steady: this file looks cut off; nothing was imported. Export it again, or "
                  "add --accept-truncated to import the part before the cut.", file=sys.stderr)
            return 3
        result = run_import(con, account, data, path.name, choices)
    finally:
        con.close()
    print(result.message())
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    profile_args(p)
    p.add_argument("--format", dest="fmt", required=True, choices=list(exporters.EXPORTERS))
    p.add_argument("--out", required=True, help="file to write, or a folder to write into")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def _export(args: argparse.Namespace) -> int:
    con, account = open_profile(args.db, args.profile, passphrase(args))
    try:
        done = export_file(con, account, args.fmt)
    finally:
        con.close()
    out = Path(args.out)
    target = out / done.file_name if out.is_dir() else out
    if target.exists() and not args.force:
        raise ValidationError(f"{target} already exists; add --force to replace it.")
    filemodes.write_private(target, done.data)
    print(f"Exported {done.entries:,} entries of '{account.name}' to {target}. "
          "This file is not encrypted: keep it somewhere private.")
    note = unreadable_note(done)
    if note:
        print(f"steady: {note}", file=sys.stderr)
    return 0


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file (the app must be stopped)")
    p.add_argument("--to", required=True, help="folder for the backup")


def _backup(args: argparse.Namespace) -> int:
    info = backup.backup_file(args.db, args.to)
    print(f"Backed up {info.profiles} profile(s), {info.entries:,} entries to {info.path} "
          f"({info.size / 1e6:.1f} MB). Restore with: python -m journal restore --db {args.db} "
          f"--from {info.path}")
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="journal file to replace (the app must be stopped)")
    p.add_argument("--from", dest="source", required=True, help="backup file")


def _restore(args: argparse.Namespace) -> int:
    done = profile_backup.restore_any(args.source, args.db)  # one profile's: only its rows
    print(f"Restored {done.restored.entries:,} entries ({done.restored.profiles} profile(s)) "
          f"from {done.restored.path} into {args.db}.")
    if done.kept_previous:
        print(f"The journal it replaced is kept at {done.kept_previous}.")
    return 0


COMMANDS = (
    Command("import", "import a Daylio/Day One/jrnl/Steady export (preview first)",
            _import_args, _import),
    Command("export", "export a profile as JSON, CSV or Markdown", _export_args, _export),
    Command("backup", "copy the journal (app stopped; else the Data page)", _backup_args,
            _backup),
    Command("restore", "replace the journal with a backup (app stopped)", _restore_args,
            _restore),
)
