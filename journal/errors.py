"""Domain exceptions. Each carries a message fit to show a person as-is.

The UI (pages/, app.py) and the CLI are the only places that turn these into output;
the domain never prints or calls Streamlit.
"""

from __future__ import annotations


class JournalError(Exception):
    """Base for every error Steady explains to a person; `str(err)` is the friendly message."""


class DatabaseUnavailable(JournalError):
    """The database file cannot be opened (locked, foreign, unwritable)."""


class StorageFault(DatabaseUnavailable):
    """Reading or writing the journal file failed (damaged, disk full, read-only, locked)."""


class SchemaTooNew(JournalError):
    """The file was written by a newer Steady than this one."""


class ProfileError(JournalError):
    """Sign-in or profile creation problem."""


class SignInFailed(ProfileError):
    """Wrong name or passphrase; deliberately does not say which."""


class ValidationError(JournalError):
    """Input the person can fix (too long, too many triggers, empty...)."""


class NotFound(JournalError):
    """A row that does not exist or does not belong to the signed-in profile."""


class CryptoError(JournalError):
    """Encrypted text could not be opened (wrong key, damaged data)."""


class ImportFormatError(JournalError):
    """An import file that cannot be read in the chosen or detected format."""


class SharingError(JournalError):
    """Invitation, link or share problems."""


class SignInBusy(SignInFailed):
    """Too many passphrase checks are running right now; nothing was counted against anyone."""
