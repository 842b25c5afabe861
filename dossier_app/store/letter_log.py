"""The letter log: every generated letter, and what happened to it.

Keeps the kind, template version, final text, the .docx (as an encrypted
attachment) with its SHA-256, the enclosures; later the date and way it was
sent and the confirmed receipt, which starts the letter's legal deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from dossier_app.deadlines import consequences as model
from dossier_app.errors import AttachmentDamaged, UsageError
from dossier_app.store import attachments, search, dossier_deadlines
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import Deadline, Entry, Letter, database
from dossier_app.store.vocabulary import SEND_METHODS


def record(dossier: Dossier, rendered: Any, docx_bytes: bytes, *, on: dt.date | None = None) -> int:
    """Store a generated letter; returns the 'brief' entry id."""
    on = on or dt.date.today()
    with database.atomic():
        entry = Entry.create(kind="brief", occurred_on=on, title=f"{rendered.kind.title}: {rendered.subject}",
                             body=rendered.text, case=rendered.case_id)
        attachment_id = attachments.add_bytes(
            dossier, entry.id, docx_bytes, f"{rendered.kind.id}-{on.isoformat()}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        Letter.create(entry=entry, kind=rendered.kind.id, template_version=rendered.template_version,
                      final_text=rendered.text, recipient=rendered.recipient_id,
                      enclosures=json.dumps(rendered.enclosures, ensure_ascii=False),
                      docx_attachment=attachment_id, docx_sha256=hashlib.sha256(docx_bytes).hexdigest(),
                      deadline_rule=rendered.kind.deadline_rule, deadline_start=rendered.deadline_start,
                      subject=rendered.subject)
        search.reindex_entry(entry)
    return int(entry.id)


def _letter(entry_id: int) -> Letter:
    letter = Letter.get_or_none(Letter.entry == entry_id)
    if letter is None:
        raise UsageError(f"Er is geen brief met nummer {entry_id}.")
    return letter


def _sent_event(letter: Letter, consequence: model.Consequence | None, **changes: Any) -> model.Event:
    if letter.sent_on is None:
        raise UsageError("Leg eerst vast wanneer en hoe de brief is verstuurd.")
    return model.Event(model.SENT, letter.sent_on, letter.kind, label=letter.subject or letter.entry.title,
                       source_id=letter.entry_id, decision_date=letter.deadline_start,
                       method=letter.send_method, letter=consequence, **changes)


def mark_sent(entry_id: int, sent_on: dt.date, method: str, tracking_number: str = "", *,
              consequence: model.Consequence | None = None) -> int:
    """Record how and when a letter was sent and apply what that does to its traject; returns the
    'expect a receipt' to-do.

    What sending does (the term the letter starts, the term it ends, the family's own next term)
    is decided by the consequence model, from the letter kind's [termijn] (``consequence``, made by
    the service layer from the catalogue) and gevolgen.toml. Sending twice changes nothing twice.
    """
    if method not in SEND_METHODS:
        raise UsageError(f"Onbekende verzendwijze '{method}'. Kies uit: {', '.join(SEND_METHODS)}.")
    if method == "aangetekend" and not tracking_number.strip():
        raise UsageError("Vul bij een aangetekende brief het verzendnummer (track & trace) in.")
    _letter(entry_id)
    with database.atomic():
        Letter.update(sent_on=sent_on, send_method=method, tracking_number=tracking_number.strip()).where(
            Letter.entry == entry_id).execute()
        letter = _letter(entry_id)
        dossier_deadlines.apply_event(_sent_event(letter, consequence), case_id=letter.entry.case_id)
        todo = (Deadline.select(Deadline.entry).where((Deadline.source_entry == entry_id)
                                                      & (Deadline.rule_id == dossier_deadlines.RECEIPT_RULE))
                .order_by(Deadline.entry.desc()).first())
    return todo.entry_id if todo is not None else 0


def confirm_receipt(entry_id: int, received_on: dt.date, *, consequence: model.Consequence | None = None
                    ) -> list[int]:
    """The addressee confirmed receipt: the letter's term runs from the real day of receipt."""
    letter = _letter(entry_id)
    if letter.sent_on is None:
        raise UsageError("Leg eerst vast wanneer en hoe de brief is verstuurd.")
    if received_on < letter.sent_on:
        raise UsageError("De ontvangstdatum ligt vóór de verzenddatum.")
    with database.atomic():
        Letter.update(receipt_confirmed_on=received_on).where(Letter.entry == entry_id).execute()
        event = model.Event(model.RECEIPT, received_on, letter.kind, label=letter.subject or letter.entry.title,
                            source_id=entry_id, received_on=received_on, letter=consequence)
        outcome, started = dossier_deadlines.apply_event(event, case_id=letter.entry.case_id)
    restarted = [change.term_id for change in outcome.changes
                 if change.action == model.RESTART and change.term_id is not None]
    return started + restarted


# The letter log as plain rows (a model select's query cost more than its few rows; the Overzicht reads it).
_LETTERS_SQL = ("SELECT e.id, l.kind, l.subject, e.occurred_on, l.template_version, e.case_id, l.enclosures, "
                "l.docx_sha256, l.sent_on, l.send_method, l.tracking_number, l.receipt_confirmed_on "
                "FROM letter AS l CROSS JOIN entry AS e ON e.id = l.entry_id")


def _iso_day(value: Any) -> str | None:
    """A stored date as its ISO day ('2026-11-22'; a date and time: its day), None when empty."""
    return str(value)[:10] if value else None


# A letter sent waits for a receipt until one is confirmed, or until the consequence model closed its receipt to-do
# (an answer, such as a decision, shows it arrived; or the family closed the to-do by hand).
AWAITING_RECEIPT_SQL = (" WHERE l.sent_on IS NOT NULL AND l.receipt_confirmed_on IS NULL AND NOT EXISTS ("
                        "SELECT 1 FROM deadline AS r WHERE r.source_entry_id = l.entry_id AND r.rule_id = ? "
                        "AND r.status != 'open')")


def letters(*, awaiting_receipt: bool = False) -> list[dict[str, Any]]:
    """Every letter, newest first (``awaiting_receipt``: only those sent that still wait for a receipt)."""
    where, params = (AWAITING_RECEIPT_SQL, [model.RECEIPT_RULE]) if awaiting_receipt else ("", [])
    rows = database.execute_sql(_LETTERS_SQL + where + " ORDER BY e.occurred_on DESC, e.id DESC", params).fetchall()
    return [{
        "id": entry_id, "kind": kind, "subject": subject, "date": _iso_day(occurred_on),
        "template_version": template_version, "case_id": case_id, "enclosures": json.loads(enclosures),
        "docx_sha256": docx_sha256, "sent_on": _iso_day(sent_on), "send_method": send_method,
        "tracking_number": tracking_number, "receipt_confirmed_on": _iso_day(receipt_confirmed_on),
    } for (entry_id, kind, subject, occurred_on, template_version, case_id, enclosures, docx_sha256, sent_on,
           send_method, tracking_number, receipt_confirmed_on) in rows]


def kind_of(entry_id: int) -> str:
    return _letter(entry_id).kind


def final_text(entry_id: int) -> str:
    return _letter(entry_id).final_text


def docx_bytes(dossier: Dossier, entry_id: int) -> bytes:
    letter = _letter(entry_id)
    if letter.docx_attachment_id is None:
        raise AttachmentDamaged("Het Word-bestand van deze brief ontbreekt in het dossier.")
    data = attachments.read_bytes(dossier, letter.docx_attachment_id)
    if hashlib.sha256(data).hexdigest() != letter.docx_sha256:
        raise AttachmentDamaged("De opgeslagen brief klopt niet meer met zijn controlegetal.")
    return data


