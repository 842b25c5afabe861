"""Errors the core raises: each carries a short Dutch message and a CLI exit code.

Messages never contain passphrases, keys or dossier content, so they may be
shown to the user and written to logs as they are.
"""


class DossierError(Exception):
    """Base class: ``str(error)`` is one clear Dutch line for the user."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DossierError):
    """Wrong arguments or missing input (exit code 2)."""

    exit_code = 2


class MissingContact(UsageError):
    """A letter needs a person or organisation the dossier does not have yet.

    ``what`` says which: 'gemeente' (an organisation to write to), 'ouder' (the
    sender) or 'kind'; the app then offers to add it right away."""

    def __init__(self, message: str, what: str):
        super().__init__(message)
        self.what = what


class DossierNotFound(UsageError):
    pass


class DossierExists(UsageError):
    pass


class WrongPassphrase(DossierError):
    """The dossier could not be unlocked with the given passphrase (exit code 3)."""

    exit_code = 3


class DamagedDossier(DossierError):
    """The file is damaged or is not a dossier at all (exit code 4)."""

    exit_code = 4


class AttachmentDamaged(DamagedDossier):
    """An encrypted attachment failed authentication: tampered or truncated."""


class DossierWriteError(DossierError):
    """The dossier could not be written (disk full, read-only); nothing was saved."""

    exit_code = 4


class KeychainUnavailable(DossierError):
    """The OS keychain cannot be used; the caller falls back to asking."""

    exit_code = 2   # missing on this computer, like missing input: never the unexplained 1


class DossierLocked(DossierError):
    """An operation needs an unlocked dossier."""


class ReadOnlyDossier(DossierWriteError):
    """A write was refused because the dossier was opened read-only."""


class DossierChangedOutside(DossierWriteError):
    """The file was replaced or changed by another program while open: nothing more is written."""


class DossierOpenElsewhere(DossierError):
    """A change that replaces the whole file (a new passphrase) while another program or window still
    has the dossier open, also read-only (exit code 6): it would keep reading (or write) the old file."""

    exit_code = 6

    def __init__(self, file_name: str) -> None:
        super().__init__(f"Het wachtwoord is niet gewijzigd: {file_name} is nog geopend in een ander venster of "
                         "programma (ook alleen-lezen telt mee); sluit het daar en probeer het opnieuw.")


class DossierInUse(DossierError):
    """Another process (maybe on another computer) has the dossier open for writing (exit code 5).

    ``host``/``user``/``since`` name who and since when; ``stale_possible`` is
    True when the lock was written on another computer and may be left over
    from a crash there: the user may then choose to take it over.
    """

    exit_code = 5

    def __init__(self, file_name: str, owner: object = None, *, stale_possible: bool = False) -> None:
        self.host = getattr(owner, "host", "") or "een andere computer"
        self.user = getattr(owner, "user", "") or ""
        self.since = getattr(owner, "since", "") or ""
        self.stale_possible = stale_possible
        when = f" sinds {self.since.replace('T', ' ')}" if self.since else ""
        message = (f"{file_name} is al geopend op {self.host}{when}. "
                   "U kunt het alleen-lezen openen, of het daar eerst sluiten.")
        if stale_possible:
            message += (" Is die computer vastgelopen of uitgezet zonder het dossier te sluiten, "
                        "dan kunt u het overnemen.")
        super().__init__(message)

    def with_hint(self, hint: str) -> "DossierInUse":
        """The same error with a sentence added (the CLI names its option)."""
        self.message += hint
        return self


class OutputNotAllowed(UsageError):
    """An output would overwrite a dossier, a backup or an attachment folder: always refused."""


class OutputExists(UsageError):
    """An output file exists already; the app asks before overwriting, the CLI refuses."""


class BadArchive(DossierError):
    """An open-export archive that cannot be read into a dossier (exit code 4); the message names the field."""

    exit_code = 4
