"""Deadlines inside the dossier: created from events, added by hand, marked done.

The dates come from the pure engine in ``dossier_app.deadlines``; this module
stores them as 'termijn' entries and lists what is open, overdue first.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dossier_app.deadlines import RULES, compute
from dossier_app.deadlines.calendar import next_working_day
from dossier_app.dutch import long_date
from dossier_app.errors import UsageError
from dossier_app.store import search
from dossier_app.store.models import Agreement, Traject, Deadline, Document, Entry, database

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

# A sent document that answers an open term of the same traject: that term is done, and the
# next one starts from the same event (Awb 7:10: the beslistermijn op bezwaar runs from the end
# of the bezwaartermijn, whether or not receipt is confirmed). (doc_kind, direction) -> (closes, starts).
DOCUMENT_ANSWERS = {
    ("bezwaarschrift", "verzonden"): ("bezwaartermijn", "beslistermijn-bezwaar"),
}

# A received document that is the answer an open term waits for: that term is done on the
# document's date. (doc_kind, direction) -> the rule id it closes in the same traject.
DOCUMENT_CLOSES = {
    ("beslissing-op-bezwaar", "ontvangen"): "beslistermijn-bezwaar",   # Awb 7:10: the decision has come
    ("avg-antwoord", "ontvangen"): "avg-reactietermijn",               # AVG art. 12 lid 3: the answer has come
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


# The facts that change a running term, as stored in deadline.options (JSON).
DATE_OPTIONS = ("postponement_notice", "extension_notice")
ADJUSTABLE = ("postponement_weeks", "postponement_notice", "consent_weeks", "committee", "extension",
              "extension_notice", "suspensions")
NOTE_KEY = "note"   # a sentence shown before the explanation (e.g. an assumed day of receipt)


def _encode(options: dict) -> str:
    data = {}
    for key, value in options.items():
        if value in (None, 0, False, (), []):
            continue
        if key == "suspensions":
            value = [[a.isoformat(), b.isoformat()] for a, b in value]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[key] = value
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _decode(text: str) -> dict:
    data = json.loads(text or "{}")
    options = {}
    for key, value in data.items():
        if key == "suspensions":
            value = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in value]
        elif key in DATE_OPTIONS:
            value = dt.date.fromisoformat(value)
        options[key] = value
    return options


def _compute_with(rule_id: str, start: dt.date, options: dict):
    engine_options = {key: value for key, value in options.items() if key in ADJUSTABLE}
    result = compute(rule_id, start, **engine_options)
    explanation = result.explanation
    if options.get(NOTE_KEY):
        explanation = f"{options[NOTE_KEY]} {explanation}"
    return result, explanation


def _case_defaults(rule_id: str, case_id: int | None, options: dict) -> dict:
    """A traject whose bezwaar goes to an adviescommissie gives the beslistermijn op bezwaar its longer term."""
    if (case_id is not None and "committee" not in options and RULES[rule_id].term_committee is not None
            and rule_id == "beslistermijn-bezwaar"):
        case = Traject.get_or_none(Traject.id == case_id)
        if case is not None and case.objection_committee:
            return dict(options, committee=True)
    return options


def add_computed(rule_id: str, start: dt.date, *, title: str | None = None, case_id: int | None = None,
                 source_entry_id: int | None = None, note: str = "", **options) -> int:
    """Compute a legal term and keep it, with the facts that shaped it (see ``adjust``)."""
    options = _case_defaults(rule_id, case_id, options)
    if note:
        options[NOTE_KEY] = note
    result, explanation = _compute_with(rule_id, start, options)
    with database.atomic():
        entry = Entry.create(kind="termijn", occurred_on=result.deadline,
                             title=title or result.title, body=result.description, case=case_id)
        Deadline.create(entry=entry, rule_id=rule_id, start_date=start, due_date=result.deadline,
                        basis=result.basis, explanation=explanation, next_step=result.next_step,
                        source_entry=source_entry_id, options=_encode(options))
        search.reindex_entry(entry)
    return entry.id


def deadline_options(entry_id: int) -> dict:
    return _decode(_deadline(entry_id).options)


def _deadline(entry_id: int) -> Deadline:
    row = Deadline.get_or_none(Deadline.entry == entry_id)
    if row is None:
        raise UsageError(f"Er is geen termijn met nummer {entry_id}.")
    return row


def adjust(entry_id: int, *, postponement_weeks: int | None = None, postponement_notice: dt.date | None = None,
           consent_weeks: int | None = None, suspension: tuple | None = None, committee: bool | None = None,
           extension: bool | None = None, extension_notice: dt.date | None = None) -> dt.date:
    """Record a fact that changes a computed term and compute it again; returns the new last day.

    postponement_weeks/postponement_notice: the organisation's notice of verdaging
    and its date; consent_weeks: further postponement you agreed to (Awb 7:10 lid 4);
    suspension: one (from, to) period in which the term stood still; committee:
    the bezwaar goes to an adviescommissie; extension/extension_notice: the AVG
    extension and the date it was announced. The explanation shows every step.
    """
    row = _deadline(entry_id)
    if not row.rule_id or row.rule_id not in RULES or row.start_date is None:
        raise UsageError("Deze termijn is met de hand gezet; pas de datum zelf aan of voeg een berekende termijn toe.")
    options = _decode(row.options)
    for key, value in (("postponement_weeks", postponement_weeks), ("postponement_notice", postponement_notice),
                       ("consent_weeks", consent_weeks), ("committee", committee), ("extension", extension),
                       ("extension_notice", extension_notice)):
        if value is not None:
            options[key] = value
    if suspension is not None:
        options["suspensions"] = sorted(set(options.get("suspensions", [])) | {tuple(suspension)})
    result, explanation = _compute_with(row.rule_id, row.start_date, options)
    with database.atomic():
        Deadline.update(due_date=result.deadline, explanation=explanation, basis=result.basis,
                        options=_encode(options)).where(Deadline.entry == entry_id).execute()
        Entry.update(occurred_on=result.deadline).where(Entry.id == entry_id).execute()
        search.reindex_entry(Entry.get_by_id(entry_id))
    return result.deadline


def recompute(entry_id: int) -> dt.date:
    """Compute a stored term again from its rule, start and facts (an imported term without a last day)."""
    row = _deadline(entry_id)
    if row.rule_id not in RULES or row.start_date is None:
        raise UsageError("Deze termijn heeft geen regel en begindatum om uit te rekenen.")
    result, explanation = _compute_with(row.rule_id, row.start_date, _decode(row.options))
    with database.atomic():
        Deadline.update(due_date=result.deadline, explanation=explanation, basis=result.basis,
                        next_step=row.next_step or result.next_step).where(Deadline.entry == entry_id).execute()
        Entry.update(occurred_on=result.deadline).where(Entry.id == entry_id).execute()
    return result.deadline


def set_objection_committee(case_id: int, value: bool = True) -> list[int]:
    """The bezwaar in this traject goes (or not) to an adviescommissie: recompute its open beslistermijn."""
    if not Traject.update(objection_committee=value).where(Traject.id == case_id).execute():
        raise UsageError(f"Er is geen traject met nummer {case_id}.")
    changed = []
    for row in (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
                .where((Entry.case == case_id) & (Deadline.rule_id == "beslistermijn-bezwaar")
                       & (Deadline.status == "open"))):
        adjust(row.entry_id, committee=value)
        changed.append(row.entry_id)
    return changed


def committee_for_deadline(entry_id: int) -> None:
    """A beslistermijn op bezwaar goes to an adviescommissie: keep that on its traject."""
    row = Deadline.get_or_none(Deadline.entry == entry_id)
    if row is not None and row.rule_id == "beslistermijn-bezwaar" and row.entry.case_id:
        set_objection_committee(row.entry.case_id)


def set_repair_term(entry_id: int, asked_on: dt.date, until: dt.date, *, supplied_on: dt.date | None = None) -> None:
    """The gemeente set the hersteltermijn for the gronden of a pro-forma bezwaar (Awb 6:6).

    The hersteltermijn gets the date the gemeente set; the beslistermijn op bezwaar
    of the same bezwaar stands still from the request until the gronden were sent
    (supplied_on) or the hersteltermijn ended (Awb 7:10 lid 2).
    """
    row = _deadline(entry_id)
    if row.rule_id != "hersteltermijn":
        raise UsageError("Dit is geen hersteltermijn voor de gronden van een bezwaar.")
    if until < asked_on or (supplied_on is not None and supplied_on < asked_on):
        raise UsageError("De hersteltermijn eindigt na de dag waarop de gemeente erom vroeg.")
    end = min(until, supplied_on) if supplied_on else until
    explanation = (f"De gemeente vroeg op {long_date(asked_on)} om de gronden van uw bezwaar, uiterlijk op "
                   f"{long_date(until)}. Die termijn stelt de gemeente zelf: de wet (Awb 6:6) zegt alleen dat u "
                   "de kans krijgt uw bezwaar aan te vullen, niet hoe lang. Vanaf de dag na het verzoek tot de dag "
                   "waarop u de gronden stuurt, staat de beslistermijn op bezwaar stil (Awb 7:10 lid 2).")
    with database.atomic():
        Deadline.update(due_date=until, explanation=explanation,
                        status="gedaan" if supplied_on else "open", done_on=supplied_on).where(
            Deadline.entry == entry_id).execute()
        Entry.update(occurred_on=until).where(Entry.id == entry_id).execute()
        search.reindex_entry(Entry.get_by_id(entry_id))
        for other in Deadline.select().where((Deadline.source_entry == row.source_entry_id)
                                             & (Deadline.rule_id == "beslistermijn-bezwaar")
                                             & (Deadline.status == "open")):
            options = _decode(other.options)
            options["suspensions"] = [pair for pair in options.get("suspensions", []) if pair[0] != asked_on]
            Deadline.update(options=_encode(options)).where(Deadline.entry == other.entry_id).execute()
            adjust(other.entry_id, suspension=(asked_on, end))


@lru_cache(maxsize=1)
def _assumed_receipt_table() -> dict:
    text = resources.files("dossier_app.deadlines").joinpath("ontvangst.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def assumed_receipt(sent_on: dt.date, method: str) -> tuple[dt.date, str]:
    """The day a letter is assumed to have arrived until receipt is confirmed, and why."""
    row = _assumed_receipt_table().get(method, _assumed_receipt_table()["post"])
    day, _ = next_working_day(sent_on + dt.timedelta(days=row["dagen"]))
    note = (f"Nog niet bevestigd: de app gaat ervan uit dat de brief op {long_date(day)} is ontvangen "
            f"({row['uitleg']}). Zodra de ontvangst is bevestigd, rekent de app de termijn opnieuw uit.")
    return day, note


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
        explanation=(f"Verstuurd op {long_date(sent_on)}; een ontvangstbevestiging mag u binnen ongeveer "
                     "twee weken verwachten."),
        next_step="Nog geen bevestiging? Bel of mail en vraag schriftelijk naar de datum van ontvangst.")


def on_document(entry_id: int) -> list[int]:
    """Create the deadlines a newly recorded document starts; returns their ids."""
    document = Document.get_or_none(Document.entry == entry_id)
    if document is None:
        return []
    entry = document.entry
    answered = DOCUMENT_ANSWERS.get((document.doc_kind, document.direction))
    if answered is not None:
        return _answer_open_term(entry, document, *answered)
    closes = DOCUMENT_CLOSES.get((document.doc_kind, document.direction))
    if closes is not None:
        close_open(closes, case_id=entry.case_id, start=None, on=entry.occurred_on)
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
    created.append(add_computed(rule_id, start, title=f"{RULES[rule_id].title}: {label}",
                                case_id=entry.case_id, source_entry_id=entry.id))
    return created


def _answer_open_term(entry, document, closes: str, starts: str) -> list[int]:
    """A bezwaarschrift recorded by hand: the traject's open bezwaartermijn is done, and the
    beslistermijn op bezwaar starts from the same besluit (as when the app's own letter is sent)."""
    term = (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
            .where((Deadline.rule_id == closes) & (Deadline.status == "open")
                   & ((Entry.case == entry.case_id) if entry.case_id is not None else Entry.case.is_null()))
            .order_by(Deadline.due_date.desc()).first())
    if term is None or term.start_date is None:
        return []
    close_open(closes, case_id=entry.case_id, start=term.start_date, on=entry.occurred_on)
    if _decided_on_objection(entry.case_id):
        return []          # the beslissing op bezwaar is in the dossier already: nothing to wait for
    label = entry.title + (f" (kenmerk {document.kenmerk})" if document.kenmerk else "")
    return [add_computed(starts, term.start_date, title=f"{RULES[starts].title}: {label}", case_id=entry.case_id,
                         source_entry_id=entry.id)]


def _decided_on_objection(case_id) -> bool:
    query = (Document.select().join(Entry, on=(Document.entry == Entry.id))
             .where(Document.doc_kind == "beslissing-op-bezwaar"))
    query = query.where(Entry.case == case_id) if case_id is not None else query.where(Entry.case.is_null())
    return query.exists()


def close_open(rule_id: str, *, case_id: int | None, start: dt.date | None, on: dt.date) -> int:
    """Mark the open deadlines of ``rule_id`` in a traject (with this start date) as done."""
    condition = (Deadline.rule_id == rule_id) & (Deadline.status == "open")
    if start is not None:
        condition &= Deadline.start_date == start
    ids = [row.entry_id for row in Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
           .where(condition & ((Entry.case == case_id) if case_id is not None else Entry.case.is_null()))]
    if ids:
        Deadline.update(status="gedaan", done_on=on).where(Deadline.entry.in_(ids)).execute()
    return len(ids)


def confirm_receipt(document_entry_id: int, received_on: dt.date) -> list[int]:
    """The organisation confirmed receipt: start the term that runs from receipt."""
    with database.atomic():
        Document.update(received_on=received_on).where(Document.entry == document_entry_id).execute()
        (Deadline.update(status="gedaan", done_on=received_on)
         .where((Deadline.source_entry == document_entry_id) & (Deadline.rule_id == RECEIPT_RULE)).execute())
        return on_document(document_entry_id)


def forget_open_deadlines_of(source_entry_id: int, rule_id: str | None = None) -> None:
    """Remove the open, computed deadlines an event created (before computing them again)."""
    condition = (Deadline.source_entry == source_entry_id) & (Deadline.status == "open")
    if rule_id is not None:
        condition &= Deadline.rule_id == rule_id
    rows = [row.entry_id for row in Deadline.select(Deadline.entry).where(condition)]
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
                                  f"Afgesproken in het gesprek '{row.entry.title}' van "
                                  f"{long_date(row.entry.occurred_on)}.",
                                  "Is het gedaan? Vink het af; zo niet, vraag er schriftelijk naar.",
                                  row.entry.case_id))
    items.sort(key=lambda item: (not item.overdue, item.due_date, item.id))
    return items


def case_title(case_id: int | None) -> str:
    if case_id is None:
        return ""
    case = Traject.get_or_none(Traject.id == case_id)
    return case.title if case else ""
