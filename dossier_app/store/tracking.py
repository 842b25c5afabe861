"""Deadlines inside the dossier: created from events, added by hand, marked done.

The dates come from the pure engine in ``dossier_app.deadlines``; this module
stores them as 'termijn' entries and lists what is open, overdue first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dossier_app.deadlines import compute
from dossier_app.errors import UsageError
from dossier_app.store import search
from dossier_app.store.models import Agreement, Case, Deadline, Document, Entry, database

# Which recorded documents start which legal term:
# (doc_kind, direction) -> (rule id, which date starts it).
DOCUMENT_TRIGGERS = {
    ("beschikking", "ontvangen"): ("bezwaartermijn", "bekendmaking"),
    ("beslissing-op-bezwaar", "ontvangen"): ("beroepstermijn", "bekendmaking"),
    ("schriftelijke-aanwijzing", "ontvangen"): ("aanwijzing-vervallenverklaring", "bekendmaking"),
    ("aanvraag", "verzonden"): ("beslistermijn-aanvraag", "ontvangst"),
    ("ingebrekestelling", "verzonden"): ("ingebrekestelling", "ontvangst"),
    ("avg-verzoek", "verzonden"): ("avg-reactietermijn", "ontvangst"),
    ("klacht", "verzonden"): ("klacht-afhandeling", "ontvangst"),
}

RECEIPT_RULE = "ontvangstbevestiging"
RECEIPT_WAIT_DAYS = 14


@dataclass(frozen=True)
class DeadlineItem:
    id: int
    source: str           # 'termijn' | 'afspraak'
    title: str
    due_date: dt.date
    overdue: bool
    days_left: int
    rule: str
    basis: str
    explanation: str
    next_step: str
    case_id: int | None

    def as_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "title": self.title,
                "due_date": self.due_date.isoformat(), "status": "verlopen" if self.overdue else "open",
                "days_left": self.days_left, "rule": self.rule, "basis": self.basis,
                "explanation": self.explanation, "next_step": self.next_step, "case_id": self.case_id}


def add_computed(rule_id: str, start: dt.date, *, title: str | None = None, case_id: int | None = None,
                 source_entry_id: int | None = None, **options) -> int:
    result = compute(rule_id, start, **options)
    with database.atomic():
        entry = Entry.create(kind="termijn", occurred_on=result.deadline,
                             title=title or result.title, body=result.description, case=case_id)
        Deadline.create(entry=entry, rule_id=rule_id, start_date=start, due_date=result.deadline,
                        basis=result.basis, explanation=result.explanation, next_step=result.next_step,
                        source_entry=source_entry_id)
        search.reindex_entry(entry)
    return entry.id


def add_manual(title: str, due_date: dt.date, *, explanation: str = "", next_step: str = "",
               case_id: int | None = None, source_entry_id: int | None = None, rule_id: str = "") -> int:
    if not title.strip():
        raise UsageError("Geef de termijn een omschrijving.")
    with database.atomic():
        entry = Entry.create(kind="termijn", occurred_on=due_date, title=title.strip(), case=case_id)
        Deadline.create(entry=entry, rule_id=rule_id, due_date=due_date, explanation=explanation,
                        next_step=next_step, source_entry=source_entry_id)
        search.reindex_entry(entry)
    return entry.id


def expect_receipt(sent_on: dt.date, what: str, *, case_id=None, source_entry_id=None) -> int:
    due = sent_on + dt.timedelta(days=RECEIPT_WAIT_DAYS)
    return add_manual(
        f"Ontvangstbevestiging verwachten: {what}", due, rule_id=RECEIPT_RULE, case_id=case_id,
        source_entry_id=source_entry_id,
        explanation=f"Verstuurd op {sent_on.isoformat()}; een ontvangstbevestiging mag u binnen ongeveer twee weken verwachten.",
        next_step="Nog geen bevestiging? Bel of mail en vraag schriftelijk naar de datum van ontvangst.")


def on_document(entry_id: int) -> list[int]:
    """Create the deadlines a newly recorded document starts; returns their ids."""
    document = Document.get_or_none(Document.entry == entry_id)
    if document is None:
        return []
    entry = document.entry
    trigger = DOCUMENT_TRIGGERS.get((document.doc_kind, document.direction))
    if trigger is None:
        return []
    rule_id, date_kind = trigger
    label = entry.title + (f" (kenmerk {document.kenmerk})" if document.kenmerk else "")
    created = []
    if date_kind == "bekendmaking":
        start = document.decision_date or entry.occurred_on
    else:
        start = document.received_on
        if start is None:
            created.append(expect_receipt(entry.occurred_on, label, case_id=entry.case_id,
                                          source_entry_id=entry.id))
            return created
    from dossier_app.deadlines import RULES

    created.append(add_computed(rule_id, start, title=f"{RULES[rule_id].title}: {label}",
                                case_id=entry.case_id, source_entry_id=entry.id))
    return created


def confirm_receipt(document_entry_id: int, received_on: dt.date) -> list[int]:
    """The organisation confirmed receipt: start the term that runs from receipt."""
    with database.atomic():
        Document.update(received_on=received_on).where(Document.entry == document_entry_id).execute()
        (Deadline.update(status="gedaan", done_on=received_on)
         .where((Deadline.source_entry == document_entry_id) & (Deadline.rule_id == RECEIPT_RULE)).execute())
        return on_document(document_entry_id)


def forget_open_deadlines_of(source_entry_id: int) -> None:
    """Remove the open, computed deadlines an event created (before computing them again)."""
    rows = [row.entry_id for row in Deadline.select(Deadline.entry).where(
        (Deadline.source_entry == source_entry_id) & (Deadline.status == "open"))]
    for entry_id in rows:
        Entry.delete().where(Entry.id == entry_id).execute()
        search.forget("entry", entry_id)


def mark_done(entry_id: int, on: dt.date | None = None) -> None:
    updated = Deadline.update(status="gedaan", done_on=on or dt.date.today()).where(
        Deadline.entry == entry_id).execute()
    if not updated:
        raise UsageError(f"Er is geen termijn met nummer {entry_id}.")


def mark_agreement_done(agreement_id: int, done: bool = True) -> None:
    if not Agreement.update(done=done).where(Agreement.id == agreement_id).execute():
        raise UsageError(f"Er is geen afspraak met nummer {agreement_id}.")


def open_items(today: dt.date | None = None) -> list[DeadlineItem]:
    """Open deadlines and dated agreements: overdue first, then soonest first."""
    today = today or dt.date.today()
    items = []
    query = (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
             .where(Deadline.status == "open"))
    for row in query:
        items.append(DeadlineItem(row.entry.id, "termijn", row.entry.title, row.due_date,
                                  row.due_date < today, (row.due_date - today).days, row.rule_id,
                                  row.basis, row.explanation, row.next_step, row.entry.case_id))
    agreements = (Agreement.select(Agreement, Entry).join(Entry, on=(Agreement.entry == Entry.id))
                  .where((Agreement.done == False) & Agreement.due_date.is_null(False)))  # noqa: E712
    for row in agreements:
        items.append(DeadlineItem(row.id, "afspraak", f"Afspraak: {row.who} — {row.what}", row.due_date,
                                  row.due_date < today, (row.due_date - today).days, "afspraak", "",
                                  f"Afgesproken in het gesprek '{row.entry.title}' van {row.entry.occurred_on.isoformat()}.",
                                  "Is het gedaan? Vink het af; zo niet, vraag er schriftelijk naar.",
                                  row.entry.case_id))
    items.sort(key=lambda item: (not item.overdue, item.due_date, item.id))
    return items


def case_title(case_id: int | None) -> str:
    if case_id is None:
        return ""
    case = Case.get_or_none(Case.id == case_id)
    return case.title if case else ""
