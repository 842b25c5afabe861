"""The dossier's fixed choices with their Dutch labels, for forms and tables."""

from dossier_app.store.vocabulary import (  # noqa: F401 - re-exported for ui/ and cli/
    CASE_STATUSES, CONTACT_ROLES, DOCUMENT_KINDS, ENTRY_KINDS, GEZAG_CHOICES, PERSON_ROLES, REPORT_STATUSES,
    SEND_METHODS, WITHDRAWAL_METHODS, YES_NO_UNKNOWN,
)

__all__ = ["CASE_STATUSES", "CONTACT_ROLES", "DOCUMENT_KINDS", "ENTRY_KINDS", "GEZAG_CHOICES", "PERSON_ROLES",
           "REPORT_STATUSES", "SEND_METHODS", "WITHDRAWAL_METHODS", "YES_NO_UNKNOWN"]
