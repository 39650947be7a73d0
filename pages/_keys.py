"""Every st.session_state key the UI uses, in one place.

Why: a typo in a key silently loses state (and a draft); constants make that a NameError.
This module holds plain strings (and gen_key), so tests and benchmarks can import it without
Streamlit.
"""

ACCOUNT = "account"                # journal.profiles.Account of the signed-in profile
FLASH = "flash"                    # one-shot message shown after a rerun: (kind, text)
LAST_FLASH = "last_flash"          # (slot, kind, text) of the last message, for a double click

# Sign-in form
SIGNIN_NAME = "signin_name"
SIGNIN_PASS = "signin_pass"

# Write page
W_PROMPT = "write_prompt"          # journal.prompts.Suggestion on screen
W_PROMPT_EXCLUDE = "write_prompt_exclude"
W_PROMPT_RECORDED = "write_prompt_recorded"   # prompt id already recorded as shown
W_CATEGORY = "write_category"
W_KIND = "write_kind"
W_RESPONSE = "write_response"
W_BODY = "write_body"
W_NEED = "write_need"
W_HOPE = "write_hope"
W_MOOD = "write_mood"
W_ENERGY = "write_energy"
W_EMOTIONS_PREFIX = "write_emotions_"   # + quadrant key
W_EMOTIONS_CUSTOM = "write_emotions_custom"
W_TRIGGERS = "write_triggers"
W_TRIGGER_RESPONSE_PREFIX = "write_trigger_response_"   # + trigger
W_WINS = "write_wins"
W_WIN_TEXT_PREFIX = "write_win_text_"   # + practice
W_DATE = "write_date"
W_TIME = "write_time"
W_WHEN_SET = "write_when_set"       # True once the person changed date or time (backdating)
W_DRAFT_LOADED = "write_draft_loaded"   # profile id whose draft has been put into the widgets
W_ERROR = "write_error"
W_GEN = "write_gen"                 # form generation: every widget key ends in "@<gen>" (gen_key)
W_TOKEN = "write_token"             # random token of the draft: one draft, at most one entry
W_MIRROR = "write_mirror"           # the draft mirror component (+ "@<gen>")
W_TYPED = "write_typed"             # {"gen", "texts"}: the mirror's latest report


def gen_key(base: str, gen: int) -> str:
    """A Write widget's key in form generation `gen`.

    Why: after Save or Discard the page draws a new generation of widgets, so the browser shows
    an empty form (assigning values to existing widgets left the old text on screen).
    """
    return f"{base}@{gen}"


# History page
H_TEXT = "history_text"            # filter widget keys: + "_" + generation (see H_GEN)
H_DATES = "history_dates"
H_MOOD = "history_mood"
H_TRIGGER = "history_trigger"
H_EMOTION = "history_emotion"
H_KIND = "history_kind"
H_PAGE = "history_page"            # page of the list shown (plain state; its widget is rotated)
H_FILTER = "history_filter"        # the filters applied to the list: {field: value}
H_GEN = "history_gen"              # generation of the filter/edit widgets' keys (bumped to reset)
H_OPEN = "history_open"            # id of the entry being read
H_EDIT = "history_edit"            # True while editing the open entry
H_CONFIRM_DELETE = "history_confirm_delete"
E_PREFIX = "edit_"                 # widget keys of the edit form: + generation + "_" + field

# Share page
S_TAB = "share_tab"                    # label of the open tab
S_UNLINK = "share_unlink"              # partner id whose unlinking awaits confirmation
S_CODE = "share_code"                  # invitation code typed by the person joining
S_TO = "share_to"                      # recipient: partner id, or None for the packet only
S_SOURCE = "share_source"              # "entry" | "review" | "milestone" | "chart"
S_ENTRY = "share_entry"                # entry id the insight is composed from
S_NEED = "share_need"
S_HOPE = "share_hope"
S_MOOD = "share_mood"
S_TRIGGERS = "share_triggers"          # indexes into the entry's triggers
S_WINS = "share_wins"                  # indexes into the entry's wins
S_EXCERPT_ON = "share_excerpt_on"
S_EXCERPT_PREFIX = "share_excerpt_"    # + entry id: the edited excerpt
S_REVIEW = "share_review"
S_REVIEW_PARTS = "share_review_parts"  # chosen answers: "worked" | "didnt" | "adjust"
S_MILESTONE = "share_milestone"
S_MILESTONE_CHART = "share_milestone_chart"
S_MILESTONE_SUMMARY = "share_milestone_summary"
S_CHART = "share_chart"                # key of the Trends figure to snapshot
S_CHART_RANGE = "share_chart_range"    # Trends range the figure is drawn for
S_CHART_MORE = "share_chart_more"      # the extra step: trigger and impact charts offered too
S_NOTE = "share_note"
S_PENDING = "share_pending"            # (recipient, InsightContent) awaiting "Yes, share it"
S_GEN = "share_gen"                    # compose generation: ticks' keys get "_" + it once > 0
S_SHARED = "share_shared"              # message of the last share, said again on a double click
S_CLARIFY_PREFIX = "share_clarify_"    # + mirror id
S_VERDICT_PREFIX = "share_verdict_"    # + mirror id + "_" + verdict (button keys)
S_REVOKE_PREFIX = "share_revoke_"      # + insight id (button keys)
S_FORGET_PREFIX = "share_forget_"      # + insight id (button keys)
S_PACKET = "share_packet"              # insight ids chosen for the share packet
S_RIT_PARTNER = "share_ritual_partner"
S_RIT_PREFIX = "share_ritual_"         # + partner id + "_" + field: the ritual form

# Shared with me page
SW_FROM = "swm_from"                   # partner id to show, or None for everyone
SW_HEAR_PREFIX = "swm_hear_"           # + insight id: "What I hear is…"
SW_SENSE_PREFIX = "swm_sense_"         # + insight id: what makes sense about it
SW_GEN = "swm_gen"                     # mirror form generation (+ "_" + it on the keys above)

# Data page
D_UPLOAD = "data_upload"            # st.file_uploader of the import file
D_FORMAT = "data_format"            # chosen import format (None = detected)
D_MOOD_PREFIX = "data_mood_"        # + index of a custom mood label: chosen 1..5 or None
D_TRIGGERS = "data_triggers"        # activities/tags marked as triggers
D_WINS = "data_wins"                # activities/tags marked as wins
D_WIN_PRACTICE_PREFIX = "data_win_practice_"   # + index of a win label: practice key
D_UPLOAD_GEN = "data_upload_gen"    # bumped after an import to clear the uploader
D_ACCEPT_CUT = "data_accept_cut_"   # + file hash: yes, import the readable part of a cut file
D_DATE_FORMAT = "data_date_format"  # jrnl text: the date format of its headers ("" = found)
D_DETECTED = "data_detected"        # (file hash, detected format) so reruns don't sniff again
D_BACKUP = "data_backup"            # path of the backup just made
D_CONFIRM_UNDO = "data_confirm_undo"   # id of the import whose undo awaits confirmation
D_PASS_OLD = "data_pass_old"
D_PASS_NEW = "data_pass_new"
D_PASS_NEW2 = "data_pass_new2"

# Milestones page
M_SELECTED = "milestones_selected"          # id of the milestone whose progress is shown
M_ADDING = "milestones_adding"              # True while the new-milestone form is open
M_TEMPLATE = "milestones_template"          # key of journal.milestones.TEMPLATES, or "custom"
M_TITLE = "milestones_title"
M_MEASURE = "milestones_measure"
M_PRACTICE = "milestones_practice"
M_TARGET_PREFIX = "milestones_target_"      # + measure key (each measure has its own range)
M_START = "milestones_start"
M_TARGET_DATE = "milestones_target_date"
M_CADENCE = "milestones_cadence"
M_ACTION = "milestones_action"              # which tool is open for the shown milestone
M_REVIEW_WORKED = "milestones_review_worked"
M_REVIEW_DIDNT = "milestones_review_didnt"
M_REVIEW_ADJUST = "milestones_review_adjust"
M_NEW_TARGET = "milestones_new_target"
M_NEW_DATE = "milestones_new_date"
M_REASON = "milestones_reason"
M_GEN = "milestones_gen"                    # form generation: a second click is a no-op

# Weekly review page
R_WORKED = "review_worked"
R_DIDNT = "review_didnt"
R_ADJUST = "review_adjust"
R_LOADED = "review_loaded"                  # week start whose saved answers are in the form

# Trends page
T_RANGE = "trends_range"           # key of journal.analytics.RANGES
T_CUSTOM = "trends_custom"         # (start, end) dates of the custom range
T_YEAR = "trends_year"             # year shown in the heatmap

# Lock and resume (pages/_lock.py)
SESSION_TOKEN = "session_token"    # random token of this session in the server's SessionStore
COOKIE_CLEAR = "session_cookie_clear"   # True once: tell the browser to drop its session cookie
IDLE_TICK = "session_idle_tick"    # True once: the browser's idle timer asked for a check
SESSION_RUNS = "session_runs"      # full runs so far; restarts the browser's idle timer

# Removal that removes (pages/_removal.py)
REMOVED = "removed_notice"         # set after a removal: offer to delete older backups

# ---- Repair, Agreements and Check-in (issue 11)
# Repair page
RP_FROM = "repair_from"                 # entry id of the hard moment, or None (from scratch)
RP_IMPACT = "repair_impact"
RP_CHANGE = "repair_change"
RP_FOLLOW = "repair_follow_up"
RP_OUTCOME_PREFIX = "repair_outcome_"   # + repair id
RP_WAY_PREFIX = "repair_way_"           # + repair id
RP_NOTE_PREFIX = "repair_note_"         # + repair id: note with the shared statement

# Pause (Repair and Write)
PZ_TO = "pause_to"
PZ_AT = "pause_at"
PZ_NOTE = "pause_note"
PZ_WAY_PREFIX = "pause_way_"            # + pause id

# Agreements page
AG_TO = "agreement_to"
AG_TEXT = "agreement_text"
AG_AREA = "agreement_area"
AG_STANCE = "agreement_stance"
AG_REVISIT = "agreement_revisit"
AG_EDIT_PREFIX = "agreement_edit_"      # + field + "_" + agreement id
PR_TEXT = "promise_text"
PR_TICK_PREFIX = "promise_tick_"        # + promise id

# Check-in page
CI_STATE = "checkin_state"              # journal.checkin.CheckIn while a conversation runs
CI_TO = "checkin_to"
CI_MINUTES = "checkin_minutes"
CI_NEED = "checkin_need"
CI_HOPE = "checkin_hope"
CI_HEARD = "checkin_heard"
CI_MINE = "checkin_mine"
CI_THEIRS = "checkin_theirs"
