"""Data: bring a journal in from another app, take yours out, back up, change the passphrase."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from journal.db import db_path
from journal.transfer import backup, exporting, importing, mapping, profile_backup
from journal.transfer import batches as transfer_batches
from journal.transfer import choices as transfer_choices
from pages import _keys as K
from pages._lock import rekey
from pages._removal import OLD_KEYS, removal_notice, remove
from pages._shared import act, cursor, load, plain, require_account, say, show_flash, timezone

account = require_account()
con = cursor()
ss = st.session_state
MOODS = transfer_choices.mood_options()          # 1..5 and None ("No mood")
NO_MOOD = 0                             # widget value for "No mood" (None means "not chosen")


def _tag(text: str) -> str:
    """A short stable widget-key suffix for a label from the file."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _upload_key() -> str:
    return f"{K.D_UPLOAD}_{ss.get(K.D_UPLOAD_GEN, 0)}"


def _choices(moods: list[importing.MoodChoice], labels: list[importing.LabelChoice],
             fmt: str | None, file_tag: str) -> importing.ImportChoices:
    """The person's mapping choices, as the widgets hold them."""
    choices = importing.ImportChoices(fmt=fmt, tz_name=timezone())
    for mood in moods:
        value = ss.get(K.D_MOOD_PREFIX + file_tag + _tag(mood.label))
        if value is not None:
            choices.moods[mood.label] = None if value == NO_MOOD else int(value)
    triggers = ss.get(K.D_TRIGGERS + file_tag)
    wins = ss.get(K.D_WINS + file_tag)
    if triggers is None and wins is None:
        return choices            # widgets not shown yet: remembered roles apply
    for item in labels:
        choices.roles[item.label] = mapping.ROLE_TEXT
    for label in wins or []:   # a win needs the practice the person picked; else it stays words
        practice = ss.get(K.D_WIN_PRACTICE_PREFIX + file_tag + _tag(label))
        if practice:
            choices.roles[label] = mapping.WIN_PREFIX + practice
    for label in triggers or []:
        choices.roles[label] = mapping.ROLE_TRIGGER     # marked as both: a trigger
    return choices


def _do_import(data: bytes, name: str, choices: importing.ImportChoices) -> None:
    result = act(lambda: importing.run_import(cursor(), account, data, name, choices),
                 success=lambda r: r.message() + " You'll find them in History.")
    if result is None:
        return
    ss[K.D_UPLOAD_GEN] = ss.get(K.D_UPLOAD_GEN, 0) + 1   # clears the uploader
    ss.pop(K.D_FORMAT, None)
    importing.forget_parsed()


def _undo(batch_id: int) -> None:
    remove(lambda: transfer_batches.undo_import(cursor(), account, batch_id),
           success=lambda removed: f"Removed {removed:,} imported entries.")
    ss[K.D_CONFIRM_UNDO] = None


def _backup_now() -> None:
    folder = backup.default_folder(db_path())
    info = act(lambda: profile_backup.backup_profile(cursor(), account.id, folder),
               success=lambda i: f"Backup saved: {i.path} ({i.size / 1e6:.1f} MB, "
                                 f"{i.entries:,} of your entries).")
    if info is not None:
        ss[K.D_BACKUP] = str(info.path)


def _change_passphrase() -> None:
    changed = remove(lambda: transfer_choices.change_passphrase(
        cursor(), account, ss.get(K.D_PASS_OLD, ""), ss.get(K.D_PASS_NEW, ""),
        ss.get(K.D_PASS_NEW2, "")),
        success="Your passphrase is changed and your journal is locked with new keys. Use the "
                "new passphrase next time you sign in.", kind=OLD_KEYS)
    if changed is None:
        return
    rekey(changed)
    for key in (K.D_PASS_OLD, K.D_PASS_NEW, K.D_PASS_NEW2):
        ss[key] = ""


def _export_button(fmt: str, label: str, *, key: str, primary: bool = False) -> None:
    """A download button that builds the export only when clicked (big journals stay fast)."""
    source = con  # the callable runs on another thread: it opens its own cursor from this one
    st.download_button(
        f"Download {label}", data=lambda: exporting.export_file(source.cursor(), account, fmt).data,
        file_name=exporting.export_name(account, fmt), key=key, icon=":material/download:",
        type="primary" if primary else "secondary", on_click="ignore",
    )


def _import_section() -> None:
    st.write(
        "Bring in entries from Daylio (CSV), Day One (JSON or the export .zip), jrnl (JSON or "
        "its text file) or a Steady JSON export. You'll see a preview first; nothing is saved "
        "until you press Import, and importing the same file again adds nothing."
    )
    upload = st.file_uploader("Journal file to import", key=_upload_key())
    if upload is None:
        return
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    file_tag = digest[:8]
    labels = transfer_choices.import_labels()
    known = ss.get(K.D_DETECTED)
    if not known or known[0] != digest:     # sniffed once per file, not on every rerun
        known = (digest, transfer_choices.detect_format(data, upload.name))
        ss[K.D_DETECTED] = known
    detected = known[1]
    st.selectbox(
        "Format", [None, *labels], key=K.D_FORMAT,
        format_func=lambda f: labels[f] if f else (
            f"Detected: {labels[detected]}" if detected else "Not recognised: choose one"),
    )
    fmt = ss.get(K.D_FORMAT)
    date_format = None
    if (fmt or detected) in (None, "jrnl_text"):
        date_format = st.text_input(
            "Date format of the entries (jrnl's timeformat)", key=K.D_DATE_FORMAT,
            placeholder="found by itself, e.g. %Y-%m-%d %H:%M or %d.%m.%Y %H:%M",
            help="Only needed if your jrnl config sets another timeformat and the preview "
                 "reads the dates wrongly.").strip() or None
    # The parse is kept per file content (journal.transfer.planning), so reruns only re-plan.
    found = load(lambda: importing.file_choices(con, account, data, upload.name, fmt,
                                                date_format), stop=False)
    if found is None:
        return
    moods, acts = found
    choices = _choices(moods, acts, fmt, file_tag)
    choices.date_format = date_format
    choices.accept_truncated = bool(ss.get(K.D_ACCEPT_CUT + file_tag))
    preview = load(lambda: importing.preview_import(con, account, data, upload.name, choices),
                   stop=False)
    if preview is None:
        return
    _mapping_widgets(moods, acts, file_tag)
    st.subheader("Preview", anchor=False)
    say("info", preview.summary())
    if preview.sample:
        st.caption("The first new entries, as they will be saved")
        st.dataframe(preview.sample_table(), hide_index=True, width="stretch")
    if preview.problems:
        with st.expander(f"Problems in the file ({len(preview.problems):,})"):
            for problem in preview.problems_shown:
                st.text(str(problem))
            if preview.problems_hidden:
                st.caption(f"…and {preview.problems_hidden:,} more.")
    if preview.unmapped_moods:
        st.warning("Choose a Steady mood (or “No mood”) for each of your own mood names above, "
                   "then you can import.")
    if preview.truncated:
        st.warning(preview.truncated, icon=":material/content_cut:")
        st.checkbox(f"Yes, import the {preview.new:,} entries that could be read",
                    key=K.D_ACCEPT_CUT + file_tag)
    st.button(
        f"Import {preview.new:,} entries" if preview.new else "Nothing new to import",
        type="primary", key="data_import_btn",
        disabled=not preview.ready or bool(preview.truncated and not choices.accept_truncated),
        on_click=_do_import, args=(data, upload.name, choices),
    )


def _mapping_widgets(moods: list[importing.MoodChoice], acts: list[importing.LabelChoice],
                     file_tag: str) -> None:
    """Moods Steady can't map by itself, and which activities were triggers or wins.

    Defaults come from what was remembered before this import, so they stay put while the
    person chooses.
    """
    if moods:
        st.subheader("Moods", anchor=False)
    auto = transfer_choices.auto_mapped(moods)
    if auto:
        st.caption("Mapped automatically: " + plain(auto))
    options = [1, 2, 3, 4, 5, NO_MOOD]
    for mood in moods:     # every label can be changed, Daylio's own words included
        current = None if not mood.mapped else (NO_MOOD if mood.mood is None else mood.mood)
        st.selectbox(
            f"Your mood “{plain(mood.label)}” ({mood.count:,}×) means",
            options, index=options.index(current) if current is not None else None,
            key=K.D_MOOD_PREFIX + file_tag + _tag(mood.label),
            placeholder="Choose a Steady mood",
            format_func=lambda m: MOODS[None] if m == NO_MOOD else MOODS[m],
        )
    if not acts:
        return
    st.subheader("Activities and tags", anchor=False)
    st.caption("Mark which were triggers and which were wins (a practice you kept). The rest "
               "stay as words in the entry.")
    names = [item.label for item in acts]
    st.multiselect("Triggers", names, key=K.D_TRIGGERS + file_tag,
                   default=[i.label for i in acts if i.role == mapping.ROLE_TRIGGER])
    st.multiselect("Wins", names, key=K.D_WINS + file_tag,
                   default=[i.label for i in acts if i.practice])
    both = set(ss.get(K.D_TRIGGERS + file_tag) or []) & set(ss.get(K.D_WINS + file_tag) or [])
    if both:
        st.caption("Marked as both, so kept as a trigger: " + plain(", ".join(sorted(both))))
    practices = transfer_choices.practices()
    practice_keys = list(practices)
    for item in acts:
        if item.label not in (ss.get(K.D_WINS + file_tag) or []):
            continue
        known = item.practice if item.practice in practices else None
        st.selectbox(
            f"Practice for “{plain(item.label)}”", practice_keys,
            index=practice_keys.index(known) if known else None,
            key=K.D_WIN_PRACTICE_PREFIX + file_tag + _tag(item.label),
            format_func=lambda key: practices[key], placeholder="Choose the practice it shows",
        )
        if not ss.get(K.D_WIN_PRACTICE_PREFIX + file_tag + _tag(item.label)) and not known:
            st.caption("Until you choose a practice, it stays as words in the entry.")


def _past_imports() -> None:
    batches = transfer_batches.list_batches(con, account)
    if not batches:
        return
    with st.expander(f"Past imports ({len(batches)})"):
        for batch in batches:
            left, right = st.columns([3, 1])
            left.text(f"{batch.imported_utc:%Y-%m-%d %H:%M} UTC · {batch.format_label} · "
                      f"{batch.remaining:,} of {batch.added:,} entries still here"
                      + (f" · {batch.extras:,} milestones/reviews" if batch.extras else ""))
            if ss.get(K.D_CONFIRM_UNDO) == batch.id:
                right.button("Yes, remove them", key=f"data_undo_yes_{batch.id}", type="primary",
                             on_click=_undo, args=(batch.id,))
            elif batch.remaining or batch.extras:
                right.button("Undo", key=f"data_undo_{batch.id}",
                             on_click=lambda b=batch.id: ss.update({K.D_CONFIRM_UNDO: b}))


def _export_section(count: int) -> None:
    if not count:
        st.info("There's nothing to export yet. Once you write or import entries, you can take "
                "them out here at any time.")
        return
    st.write(f"Take all {count:,} of your entries with you. Exports are plain, readable files: "
             "keep them somewhere private.")
    for fmt, label in transfer_choices.export_labels().items():
        _export_button(fmt, label, key=f"data_export_{fmt}", primary=fmt == "json")
    st.caption("The Steady JSON file can be imported back into Steady with nothing lost. "
               "CSV opens in a spreadsheet; Markdown gives one readable file per month.")


def _backup_section() -> None:
    folder = backup.default_folder(db_path())
    st.write(
        "A backup is a copy of your own part of this device's journal file, still encrypted: "
        "your profile and everything it owns, nothing of anyone else's. It opens with the "
        "passphrase you have when you make it, and it is saved next to the journal. "
        "To keep your entries in a readable form elsewhere, use Export."
    )
    st.button("Back up now", key="data_backup_btn", on_click=_backup_now)
    existing = profile_backup.profile_backups(folder, account.id)
    if existing:
        st.caption(f"Backups in {plain(str(folder))}")
        for path in existing[:5]:
            st.text(f"{path.name} · {path.stat().st_size / 1e6:.1f} MB")
    latest = ss.get(K.D_BACKUP) or (str(existing[0]) if existing else "<backup file>")
    st.caption("To restore, stop Steady, then run (it replaces only your own part of the "
               "journal; other profiles stay as they are):")
    st.code(f"python -m journal restore --db {db_path()} --from {Path(latest)}", language="bash",
            wrap_lines=True)
    st.caption("With Steady stopped, `python -m journal backup --db … --to …` copies the whole "
               "file, every profile in it: make one only with everyone's consent.")


def _passphrase_section() -> None:
    st.warning(
        "Your passphrase is the only key to your entries' text. If you forget it, nobody can "
        "get the text back: not Steady, not a backup. Keep a current export somewhere safe.",
        icon=":material/key:",
    )
    if transfer_choices.entry_count(con, account):
        _export_button("json", "a Steady JSON export", key="data_export_json_safety")
    with st.form("data_passphrase", clear_on_submit=False):
        st.text_input("Current passphrase", type="password", key=K.D_PASS_OLD)
        st.text_input("New passphrase", type="password", key=K.D_PASS_NEW)
        st.text_input("New passphrase again", type="password", key=K.D_PASS_NEW2)
        st.form_submit_button("Change passphrase", on_click=_change_passphrase)
    st.caption("Changing it gives your journal new keys and re-encrypts everything with them, "
               "so the old passphrase opens nothing written from now on. Backups made before "
               "still open with the old passphrase: you can delete them here afterwards.")


st.title("Data")
show_flash()
removal_notice(account)
total = transfer_choices.entry_count(con, account)
imports, exports, backups, passphrase = st.tabs(["Import", "Export", "Backup", "Passphrase"])
with imports:
    _import_section()
    _past_imports()
with exports:
    _export_section(total)
with backups:
    _backup_section()
with passphrase:
    _passphrase_section()
