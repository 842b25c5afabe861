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


class DossierLocked(DossierError):
    """An operation needs an unlocked dossier."""
