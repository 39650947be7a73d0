"""Own your data: importing, past imports (batches), exporting, backups.

    importing  preview_import / run_import: the use cases (with mapping, records, planning,
               writing: choices, records -> entries, dedupe, the all-or-nothing write)
    batches    list_batches / undo_import
    exporting  export_file: gathers entries, milestones and weekly reviews for `exporters`
    backup     copy or restore the whole journal file
    choices    pass-throughs the Data page shows (labels, detection, mood and practice options)
    importers/ file formats, parse only;  exporters/ file formats, render only

Nothing here prints or imports the command line; `journal.cli` calls into these modules.
"""
