"""Every st.session_state key the UI uses, in one place.

Why: a typo in a key silently loses state (and a draft); constants make that a NameError.
This module holds plain strings only, so the domain and tests can import it without Streamlit.
"""

ACCOUNT = "account"                # journal.profiles.Account of the signed-in profile
FLASH = "flash"                    # one-shot message shown after a rerun: (kind, text)

# Sign-in form
SIGNIN_NAME = "signin_name"
SIGNIN_PASS = "signin_pass"

# Write page
W_PROMPT = "write_prompt"          # journal.prompts.Suggestion on screen
W_PROMPT_EXCLUDE = "write_prompt_exclude"
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
