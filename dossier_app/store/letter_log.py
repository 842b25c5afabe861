"""The letter log: every generated letter, and what happened to it.

Keeps the kind, template version, final text, the .docx (as an encrypted
attachment) with its SHA-256, the enclosures; later the date and way it was
sent and the confirmed receipt, which starts the letter's legal deadline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from dossier_app.deadlines import RULES
from dossier_app.errors import AttachmentDamaged, UsageError
from dossier_app.store import attachments, search, dossier_deadlines
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import Traject, Deadline, Entry, Letter, database
from dossier_app.store.vocabulary import SEND_METHODS


def record(dossier: Dossier, rendered, docx_bytes: bytes, *, on: dt.date | None = None) -> int:
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
    return entry.id


def _letter(entry_id: int) -> Letter:
    letter = Letter.get_or_none(Letter.entry == entry_id)
    if letter is None:
        raise UsageError(f"Er is geen brief met nummer {entry_id}.")
    return letter


def _start_deadline(letter: Letter, kind, *, received_on: dt.date | None = None,
                    sent_on: dt.date | None = None, method: str = "") -> list[int]:
    """Start (or compute again) the legal term the letter starts.

    A term from the besluit (the beslistermijn op bezwaar) starts when the
    letter is sent, whether or not receipt is ever confirmed. A term from
    receipt starts at sending from an assumed day of receipt, and is computed
    again once receipt is confirmed.
    """
    rule = letter.deadline_rule
    if not rule:
        return []
    title = f"{RULES[rule].title}: {letter.subject}"
    existing = Deadline.get_or_none((Deadline.source_entry == letter.entry_id) & (Deadline.rule_id == rule))
    if letter.deadline_start:
        if existing is not None:
            return []
        return [dossier_deadlines.add_computed(rule, letter.deadline_start, title=title, case_id=letter.entry.case_id,
                                      source_entry_id=letter.entry_id)]
    keep = dossier_deadlines.deadline_options(existing.entry_id) if existing is not None else {}
    keep = {key: value for key, value in keep.items() if key in dossier_deadlines.ADJUSTABLE}
    if received_on is not None:
        dossier_deadlines.forget_open_deadlines_of(letter.entry_id, rule)
        return [dossier_deadlines.add_computed(rule, received_on, title=title, case_id=letter.entry.case_id,
                                      source_entry_id=letter.entry_id, **keep)]
    if existing is not None:
        return []
    start, note = dossier_deadlines.assumed_receipt(sent_on, method)
    return [dossier_deadlines.add_computed(rule, start, title=title, case_id=letter.entry.case_id,
                                  source_entry_id=letter.entry_id, note=note)]


def mark_sent(entry_id: int, sent_on: dt.date, method: str, tracking_number: str = "") -> int:
    """Record how and when a letter was sent; returns the 'expect a receipt' to-do.

    Sending also starts the letter's legal term (see ``_start_deadline``), ends
    the term the letter answers (a bezwaar ends the bezwaartermijn) and starts
    the family's own next term (the hersteltermijn after a pro-forma bezwaar).
    """
    if method not in SEND_METHODS:
        raise UsageError(f"Onbekende verzendwijze '{method}'. Kies uit: {', '.join(SEND_METHODS)}.")
    if method == "aangetekend" and not tracking_number.strip():
        raise UsageError("Vul bij een aangetekende brief het verzendnummer (track & trace) in.")
    letter = _letter(entry_id)
    from dossier_app.letters.catalogue import get_kind

    kind = get_kind(letter.kind)
    with database.atomic():
        Letter.update(sent_on=sent_on, send_method=method, tracking_number=tracking_number.strip()).where(
            Letter.entry == entry_id).execute()
        if kind.status_after_sending and letter.entry.case_id:
            Traject.update(status=kind.status_after_sending).where(Traject.id == letter.entry.case_id).execute()
        todo = dossier_deadlines.expect_receipt(sent_on, letter.subject or kind.title, case_id=letter.entry.case_id,
                                       source_entry_id=entry_id)
        letter = _letter(entry_id)
        _start_deadline(letter, kind, sent_on=sent_on, method=method)
        if kind.closes_rule:
            dossier_deadlines.close_open(kind.closes_rule, case_id=letter.entry.case_id, start=letter.deadline_start,
                                on=sent_on)
        if kind.also_rule and not Deadline.get_or_none((Deadline.source_entry == entry_id)
                                                       & (Deadline.rule_id == kind.also_rule)):
            dossier_deadlines.add_computed(kind.also_rule, sent_on, title=f"Belangrijk: {RULES[kind.also_rule].title}",
                                  case_id=letter.entry.case_id, source_entry_id=entry_id)
    return todo


def confirm_receipt(entry_id: int, received_on: dt.date) -> list[int]:
    """The addressee confirmed receipt: start the letter's legal deadline."""
    letter = _letter(entry_id)
    if letter.sent_on is None:
        raise UsageError("Leg eerst vast wanneer en hoe de brief is verstuurd.")
    if received_on < letter.sent_on:
        raise UsageError("De ontvangstdatum ligt vóór de verzenddatum.")
    created = []
    with database.atomic():
        Letter.update(receipt_confirmed_on=received_on).where(Letter.entry == entry_id).execute()
        (Deadline.update(status="gedaan", done_on=received_on)
         .where((Deadline.source_entry == entry_id) & (Deadline.rule_id == dossier_deadlines.RECEIPT_RULE)).execute())
        from dossier_app.letters.catalogue import get_kind

        created += _start_deadline(letter, get_kind(letter.kind), received_on=received_on)
    return created


def letters() -> list[dict]:
    rows = (Letter.select(Letter, Entry).join(Entry, on=(Letter.entry == Entry.id))
            .order_by(Entry.occurred_on.desc(), Entry.id.desc()))
    return [{
        "id": row.entry.id, "kind": row.kind, "subject": row.subject, "date": row.entry.occurred_on.isoformat(),
        "template_version": row.template_version, "case_id": row.entry.case_id,
        "enclosures": json.loads(row.enclosures), "docx_sha256": row.docx_sha256,
        "sent_on": row.sent_on.isoformat() if row.sent_on else None, "send_method": row.send_method,
        "tracking_number": row.tracking_number,
        "receipt_confirmed_on": row.receipt_confirmed_on.isoformat() if row.receipt_confirmed_on else None,
    } for row in rows]


def final_text(entry_id: int) -> str:
    return _letter(entry_id).final_text


def docx_bytes(dossier: Dossier, entry_id: int) -> bytes:
    letter = _letter(entry_id)
    data = attachments.read_bytes(dossier, letter.docx_attachment_id)
    if hashlib.sha256(data).hexdigest() != letter.docx_sha256:
        raise AttachmentDamaged("De opgeslagen brief klopt niet meer met zijn controlegetal.")
    return data


