"""Every st.session_state key the UI uses, in one place.

Why: a typo in a key silently loses state (and a draft); constants make that a NameError.
This module holds plain strings only, so tests and benchmarks can import it without Streamlit.
"""

ACCOUNT = "account"                # journal.profiles.Account of the signed-in profile
FLASH = "flash"                    # one-shot message shown after a rerun: (kind, text)

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

# History page
H_TEXT = "history_text"
H_DATES = "history_dates"
H_MOOD = "history_mood"
H_TRIGGER = "history_trigger"
H_EMOTION = "history_emotion"
H_KIND = "history_kind"
H_PAGE = "history_page"
H_OPEN = "history_open"            # id of the entry being read
H_EDIT = "history_edit"            # True while editing the open entry
H_CONFIRM_DELETE = "history_confirm_delete"
E_PREFIX = "edit_"                 # widget keys of the edit form

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
S_NOTE = "share_note"
S_PENDING = "share_pending"            # (recipient, InsightContent) awaiting "Yes, share it"
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

# Data page
D_UPLOAD = "data_upload"            # st.file_uploader of the import file
D_FORMAT = "data_format"            # chosen import format (None = detected)
D_MOOD_PREFIX = "data_mood_"        # + index of a custom mood label: chosen 1..5 or None
D_TRIGGERS = "data_triggers"        # activities/tags marked as triggers
D_WINS = "data_wins"                # activities/tags marked as wins
D_WIN_PRACTICE_PREFIX = "data_win_practice_"   # + index of a win label: practice key
D_UPLOAD_GEN = "data_upload_gen"    # bumped after an import to clear the uploader
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

# Weekly review page
R_WORKED = "review_worked"
R_DIDNT = "review_didnt"
R_ADJUST = "review_adjust"
R_LOADED = "review_loaded"                  # week start whose saved answers are in the form

# Trends page
T_RANGE = "trends_range"           # key of journal.analytics.RANGES
T_CUSTOM = "trends_custom"         # (start, end) dates of the custom range
T_YEAR = "trends_year"             # year shown in the heatmap
