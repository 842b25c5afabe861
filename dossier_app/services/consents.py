"""The consent register (toestemmingen): to whom, for what, given on, confirmed in writing, withdrawn.

A family can withdraw a consent at any time, by mouth or by e-mail (seed 004);
the register keeps when and how, and the written confirmation as an encrypted
attachment. The letter ``intrekking-toestemming`` is made from one row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dossier_app.errors import UsageError
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import attachments as files
from dossier_app.store.models import Consent as ConsentRow
from dossier_app.store.models import Contact, database
from dossier_app.store.vocabulary import WITHDRAWAL_METHODS


@dataclass(frozen=True)
class Consent:
    id: int
    recipient: str
    purpose: str
    given_on: dt.date | None = None
    contact_id: int | None = None
    confirmation_id: int | None = None
    confirmation_name: str = ""
    withdrawn_on: dt.date | None = None
    withdrawn_how: str = ""
    notes: str = ""

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def status(self) -> str:
        if self.withdrawn_on is None:
            return "geldt"
        how = WITHDRAWAL_METHODS.get(self.withdrawn_how, "").lower()
        return f"ingetrokken op {self.withdrawn_on:%d-%m-%Y}" + (f" ({how})" if how else "")


def _from_row(row: ConsentRow) -> Consent:
    return Consent(row.id, row.recipient, row.purpose, row.given_on, row.contact_id, row.confirmation_id,
                   row.confirmation.filename if row.confirmation is not None else "", row.withdrawn_on,
                   row.withdrawn_how, row.notes)


def _recipient(recipient: str, contact_id: int | None) -> str:
    if contact_id is not None:
        contact = Contact.get_or_none(Contact.id == contact_id)
        if contact is None:
            raise UsageError(f"Er is geen contact met nummer {contact_id}.")
        recipient = recipient.strip() or contact.name
    if not recipient.strip():
        raise UsageError("Vul in aan wie u toestemming gaf.")
    return recipient.strip()


def _row(consent_id: int) -> ConsentRow:
    row = ConsentRow.get_or_none(ConsentRow.id == consent_id)
    if row is None:
        raise UsageError(f"Er is geen toestemming met nummer {consent_id}.")
    return row


@needs_open
def consents(session: DossierSession) -> list[Consent]:
    """Every consent, the ones that still hold first, newest first."""
    rows = ConsentRow.select().order_by(ConsentRow.withdrawn_on.is_null(False), ConsentRow.given_on.desc(),
                                        ConsentRow.id.desc())
    return [_from_row(row) for row in rows]


@needs_open
def consent(session: DossierSession, consent_id: int) -> Consent:
    return _from_row(_row(consent_id))


@needs_open
def add_consent(session: DossierSession, recipient: str, purpose: str, *, given_on: dt.date | None = None,
                contact_id: int | None = None, notes: str = "") -> int:
    if not purpose.strip():
        raise UsageError("Vul in waarvoor u toestemming gaf.")
    with database.atomic():
        row = ConsentRow.create(recipient=_recipient(recipient, contact_id), contact=contact_id,
                                purpose=purpose.strip(), given_on=given_on, notes=notes)
    return int(row.id)


@needs_open
def update_consent(session: DossierSession, consent_id: int, *, recipient: str, purpose: str,
                   given_on: dt.date | None, contact_id: int | None, notes: str,
                   withdrawn_on: dt.date | None = None, withdrawn_how: str = "") -> None:
    _row(consent_id)
    if not purpose.strip():
        raise UsageError("Vul in waarvoor u toestemming gaf.")
    _check_withdrawal(withdrawn_on, withdrawn_how, given_on)
    with database.atomic():
        (ConsentRow.update(recipient=_recipient(recipient, contact_id), contact=contact_id, purpose=purpose.strip(),
                           given_on=given_on, notes=notes, withdrawn_on=withdrawn_on,
                           withdrawn_how=withdrawn_how if withdrawn_on else "")
         .where(ConsentRow.id == consent_id).execute())


def _check_withdrawal(withdrawn_on: dt.date | None, how: str, given_on: dt.date | None) -> None:
    if how and how not in WITHDRAWAL_METHODS:
        raise UsageError(f"Kies hoe u de toestemming introk: {', '.join(WITHDRAWAL_METHODS)}.")
    if withdrawn_on and given_on and withdrawn_on < given_on:
        raise UsageError("De datum van intrekken ligt vóór de datum waarop u toestemming gaf.")


@needs_open
def withdraw(session: DossierSession, consent_id: int, on: dt.date, how: str = "") -> None:
    """Record that the consent was withdrawn on ``on`` (by mouth, e-mail or letter)."""
    row = _row(consent_id)
    if row.withdrawn_on is not None:
        raise UsageError(f"Deze toestemming is al ingetrokken op {row.withdrawn_on:%d-%m-%Y}.")
    _check_withdrawal(on, how, row.given_on)
    with database.atomic():
        ConsentRow.update(withdrawn_on=on, withdrawn_how=how).where(ConsentRow.id == consent_id).execute()


@needs_open
def attach_confirmation(session: DossierSession, consent_id: int, source: Path) -> int:
    """Keep the written confirmation (a letter, an e-mail) encrypted in the dossier; returns the attachment id."""
    _row(consent_id)
    attachment_id = files.add_file(store_handle(session), None, Path(source))
    with database.atomic():
        ConsentRow.update(confirmation=attachment_id).where(ConsentRow.id == consent_id).execute()
    return attachment_id


@needs_open
def delete_consent(session: DossierSession, consent_id: int) -> None:
    row = _row(consent_id)
    attachment_id = row.confirmation_id
    with database.atomic():
        row.delete_instance()
    if attachment_id is not None:
        files.delete(store_handle(session), attachment_id)
