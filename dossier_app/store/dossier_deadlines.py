"""Deadlines inside the dossier: created from events, added by hand, marked done.

The dates come from the pure engine in ``dossier_app.deadlines``; this module
stores them as 'termijn' entries and lists what is open, overdue first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from dossier_app.deadlines import RULES, compute
from dossier_app.deadlines.engine import DeadlineResult
from dossier_app.deadlines import consequences as model
from dossier_app.dutch import long_date
from dossier_app.errors import UsageError
from dossier_app.store import search
from dossier_app.store.models import Agreement, Traject, Deadline, Document, Entry, Letter, database
from dossier_app.values import quick_init

# What an event does to the terms of a traject is decided in one place, the consequence model
# (deadlines/consequences.py with gevolgen.toml); this module only applies its changes.
RECEIPT_RULE = model.RECEIPT_RULE
RECEIPT_WAIT_DAYS = model.RECEIPT_WAIT_DAYS
CLOSED_REASON_KEY = "gesloten"   # why a term ended, in the words the family reads (deadline.options)
CLOSING_NOTE_KEY = "gevolg"      # what its ending means (the dwangsom owed), in the words the family reads


@quick_init
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
    letter: bool = True                 # a letter may be offered for it (False: one is already under way)
    notices: tuple[str, ...] = ()       # what the consequence model lately closed in its traject, and why

    def advised(self, next_step: str, letter: bool, notices: tuple[str, ...]) -> DeadlineItem:
        """This item with the next step its traject's history gives (what ``dataclasses.replace`` would make,
        without its cost per field: the state of every family in Mijn gezinnen makes one per open term)."""
        return DeadlineItem(self.id, self.source, self.title, self.due_date, self.overdue, self.days_left, self.rule,
                            self.basis, self.explanation, next_step, self.case_id, letter, notices)

    @property
    def adjustable(self) -> bool:
        """A computed legal term (facts such as a verdaging can change it), not a to-do or afspraak."""
        return self.source == "termijn" and self.rule in RULES

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "title": self.title,
                "due_date": self.due_date.isoformat(), "status": "verlopen" if self.overdue else "open",
                "days_left": self.days_left, "rule": self.rule, "basis": self.basis,
                "explanation": self.explanation, "next_step": self.next_step, "case_id": self.case_id,
                "notices": list(self.notices)}


# The facts that change a running term, as stored in deadline.options (JSON).
DATE_OPTIONS = ("postponement_notice", "extension_notice")
ADJUSTABLE = ("postponement_weeks", "postponement_notice", "consent_weeks", "committee", "extension",
              "extension_notice", "suspensions")
NOTE_KEY = "note"   # a sentence shown before the explanation (e.g. an assumed day of receipt)


def _encode(options: dict[str, Any]) -> str:
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


def _decode(text: str) -> dict[str, Any]:
    if not text or text == "{}":        # most terms: nothing changed them (no JSON to parse)
        return {}
    data = json.loads(text)
    options = {}
    for key, value in data.items():
        if key == "suspensions":
            value = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in value]
        elif key in DATE_OPTIONS:
            value = dt.date.fromisoformat(value)
        options[key] = value
    return options


def _compute_with(rule_id: str, start: dt.date, options: dict[str, Any]) -> tuple[DeadlineResult, str]:
    engine_options = {key: value for key, value in options.items() if key in ADJUSTABLE}
    result = compute(rule_id, start, **engine_options)
    explanation = result.explanation
    if options.get(NOTE_KEY):
        explanation = f"{options[NOTE_KEY]} {explanation}"
    return result, explanation


def _case_defaults(rule_id: str, case_id: int | None, options: dict[str, Any]) -> dict[str, Any]:
    """A traject whose bezwaar goes to an adviescommissie gives the beslistermijn op bezwaar its longer term
    (rules.toml: commissie_van_traject)."""
    if (case_id is not None and "committee" not in options and RULES[rule_id].term_committee is not None
            and RULES[rule_id].traject_committee):
        case = Traject.get_or_none(Traject.id == case_id)
        if case is not None and case.objection_committee:
            return dict(options, committee=True)
    return options


def add_computed(rule_id: str, start: dt.date, *, title: str | None = None, case_id: int | None = None,
                 source_entry_id: int | None = None, note: str = "", **options: Any) -> int:
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
    return int(entry.id)


def deadline_options(entry_id: int) -> dict[str, Any]:
    return _decode(_deadline(entry_id).options)


def _deadline(entry_id: int) -> Deadline:
    row = Deadline.get_or_none(Deadline.entry == entry_id)
    if row is None:
        raise UsageError(f"Er is geen termijn met nummer {entry_id}.")
    return row


def adjust(entry_id: int, *, postponement_weeks: int | None = None, postponement_notice: dt.date | None = None,
           consent_weeks: int | None = None, suspension: tuple[dt.date, dt.date] | None = None,
           committee: bool | None = None,
           extension: bool | None = None, extension_notice: dt.date | None = None) -> dt.date:
    """Record a fact that changes a computed term and compute it again; returns the new last day.

    postponement_weeks/postponement_notice: the organisation's notice of verdaging
    and its date; consent_weeks: further postponement you agreed to (Awb 7:10 lid 4);
    suspension: one (from, to) period in which the term stood still; committee:
    the bezwaar goes to an adviescommissie; extension/extension_notice: the AVG
    extension and the date it was announced. The explanation shows every step.
    The change goes through the consequence model like every other.
    """
    row = _deadline(entry_id)
    if not row.rule_id or row.rule_id not in RULES or row.start_date is None:
        raise UsageError("Deze termijn is met de hand gezet; pas de datum zelf aan of voeg een berekende termijn toe.")
    facts: list[tuple[str, Any]] = [(key, value) for key, value in (
        ("postponement_weeks", postponement_weeks), ("postponement_notice", postponement_notice),
        ("consent_weeks", consent_weeks), ("committee", committee), ("extension", extension),
        ("extension_notice", extension_notice)) if value is not None]
    if suspension is not None:
        facts.append(("suspensions", (tuple(suspension),)))
    event = model.Event(model.FACTS, dt.date.today(), term_id=entry_id, facts=tuple(facts))
    apply_event(event, case_id=row.entry.case_id)
    return _deadline(entry_id).due_date


def _compute_again(entry_id: int) -> dt.date:
    """Compute a stored term again from its rule, start and facts, and keep the result."""
    row = _deadline(entry_id)
    options = _decode(row.options)
    if row.start_date is None:      # a term set by hand has no first day to count from (callers check the rule)
        raise UsageError("Deze termijn heeft geen begindatum om uit te rekenen.")
    result, explanation = _compute_with(row.rule_id, row.start_date, options)
    with database.atomic():
        Deadline.update(due_date=result.deadline, explanation=explanation, basis=result.basis).where(
            Deadline.entry == entry_id).execute()
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


def _rules_where(test: Callable[[Any], bool]) -> list[str]:
    return [rule.id for rule in RULES.values() if test(rule)]


def set_objection_committee(case_id: int, value: bool = True) -> list[int]:
    """The bezwaar in this traject goes (or not) to an adviescommissie: recompute its open beslistermijn."""
    if not Traject.update(objection_committee=value).where(Traject.id == case_id).execute():
        raise UsageError(f"Er is geen traject met nummer {case_id}.")
    changed = []
    for row in (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
                .where((Entry.case == case_id) & Deadline.rule_id.in_(_rules_where(lambda rule: rule.traject_committee))
                       & (Deadline.status == "open"))):
        adjust(row.entry_id, committee=value)
        changed.append(row.entry_id)
    return changed


def committee_for_deadline(entry_id: int) -> None:
    """A beslistermijn op bezwaar goes to an adviescommissie: keep that on its traject."""
    row = Deadline.get_or_none(Deadline.entry == entry_id)
    if row is not None and row.rule_id in RULES and RULES[row.rule_id].traject_committee and row.entry.case_id:
        set_objection_committee(row.entry.case_id)


def repair_term_for(entry_id: int, asked_on: dt.date) -> int:
    """The hersteltermijn that belongs to a term: the term itself when it is one, else the newest hersteltermijn
    of the same bezwaar (made from ``asked_on`` when there is none yet). rules.toml: hersteltermijn."""
    row = _deadline(entry_id)
    repair_rule = RULES[row.rule_id].repair_rule if row.rule_id in RULES else ""
    if not repair_rule:
        return entry_id
    found = (Deadline.select().where((Deadline.rule_id == repair_rule) & (Deadline.source_entry == row.source_entry_id))
             .order_by(Deadline.entry.desc()).first()) if row.source_entry_id is not None else None
    if found is not None:
        return int(found.entry_id)
    return add_computed(repair_rule, asked_on, case_id=row.entry.case_id, source_entry_id=row.source_entry_id)


def set_repair_term(entry_id: int, asked_on: dt.date, until: dt.date, *, supplied_on: dt.date | None = None) -> None:
    """The gemeente set the hersteltermijn for the gronden of a pro-forma bezwaar (Awb 6:6).

    The hersteltermijn gets the date the gemeente set; the beslistermijn op bezwaar
    of the same bezwaar stands still from the request until the gronden were sent
    (supplied_on) or the hersteltermijn ended (Awb 7:10 lid 2).
    """
    row = _deadline(entry_id)
    suspended = _rules_where(lambda rule: rule.repair_rule == row.rule_id)    # rules.toml: hersteltermijn
    if not suspended:
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
                                             & Deadline.rule_id.in_(suspended)
                                             & (Deadline.status == "open")):
            options = _decode(other.options)
            options["suspensions"] = [pair for pair in options.get("suspensions", []) if pair[0] != asked_on]
            Deadline.update(options=_encode(options)).where(Deadline.entry == other.entry_id).execute()
            adjust(other.entry_id, suspension=(asked_on, end))


def assumed_receipt(sent_on: dt.date, method: str) -> tuple[dt.date, str]:
    """The day a letter is assumed to have arrived until receipt is confirmed, and why."""
    return model.assumed_receipt(sent_on, method)


def add_manual(title: str, due_date: dt.date, *, explanation: str = "", next_step: str = "",
               case_id: int | None = None, source_entry_id: int | None = None, rule_id: str = "") -> int:
    if not title.strip():
        raise UsageError("Geef de termijn een omschrijving.")
    with database.atomic():
        entry = Entry.create(kind="termijn", occurred_on=due_date, title=title.strip(), case=case_id)
        Deadline.create(entry=entry, rule_id=rule_id, due_date=due_date, explanation=explanation,
                        next_step=next_step, source_entry=source_entry_id)
        search.reindex_entry(entry)
    return int(entry.id)


def expect_receipt(sent_on: dt.date, what: str, *, case_id: int | None = None,
                   source_entry_id: int | None = None) -> int:
    due = sent_on + dt.timedelta(days=RECEIPT_WAIT_DAYS)
    return add_manual(
        f"Ontvangstbevestiging verwachten: {what}", due, rule_id=RECEIPT_RULE, case_id=case_id,
        source_entry_id=source_entry_id,
        explanation=(f"Verstuurd op {long_date(sent_on)}; een ontvangstbevestiging mag u binnen ongeveer "
                     "twee weken verwachten."),
        next_step="Nog geen bevestiging? Bel of mail en vraag schriftelijk naar de datum van ontvangst.")


# -- applying the consequence model ---------------------------------------------------------------
def _in_traject(case_id: int | None) -> Any:      # a peewee expression
    return (Entry.case == case_id) if case_id is not None else Entry.case.is_null()


def _engine_facts(options: dict[str, Any]) -> model.Facts:
    return tuple(sorted((key, tuple(tuple(pair) for pair in value) if key == "suspensions" else value)
                        for key, value in options.items() if key in ADJUSTABLE))


def traject_terms(case_id: int | None) -> list[model.Term]:
    """Every term of a traject (open and done), as the consequence model sees them."""
    return _terms(case_id).get(case_id, [])


def terms_per_traject() -> dict[int | None, list[model.Term]]:
    """Every term of every traject at once (one read of the terms, for matching a letter to a traject)."""
    return _terms(None, every_traject=True)


def terms_by_traject(case_id: int | None = None) -> dict[int | None, list[model.Term]]:
    """Every term of the dossier (or only of traject ``case_id``), per traject, in one query."""
    return _terms(case_id, every_traject=case_id is None)


# Plain rows, not model objects: every reader of the state (the Overzicht, Mijn gezinnen for ten families, the
# .ics) reads every term, and a model object per row cost more than the query. Only the entry's id, title and
# traject: never its body (long texts cost a read each).
_TERMS_SQL = ("SELECT d.entry_id, d.rule_id, d.due_date, d.start_date, d.status, d.source_entry_id, e.title, "
              "e.case_id, d.options, d.done_on FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id")
_SOURCES = "(SELECT source_entry_id FROM deadline WHERE source_entry_id IS NOT NULL)"
_SOURCE_KINDS_SQL = (f"SELECT entry_id, doc_kind FROM document WHERE entry_id IN {_SOURCES}",
                     f"SELECT entry_id, kind FROM letter WHERE entry_id IN {_SOURCES}")


def _date(value: Any) -> dt.date | None:
    """A stored date as peewee's DateField reads it ('2026-11-22', or a date and time: its day)."""
    return None if value is None else stored_date(value)


def _terms(case_id: int | None, *, every_traject: bool = False) -> dict[int | None, list[model.Term]]:
    """The terms of traject ``case_id`` (None: those without a traject), or of every traject."""
    sql, params = _TERMS_SQL, []
    if not every_traject:
        sql += " WHERE e.case_id IS NULL" if case_id is None else " WHERE e.case_id = ?"
        params = [] if case_id is None else [case_id]
    rows = database.execute_sql(sql + " ORDER BY d.due_date, e.id", params).fetchall()
    kinds: dict[int | None, str] = {}
    if any(row[5] is not None for row in rows):
        for sql in _SOURCE_KINDS_SQL:       # the kind of the document (or letter) that started a term
            kinds.update(database.execute_sql(sql).fetchall())
    terms: dict[int | None, list[model.Term]] = {}
    for entry_id, rule_id, due, start, status, source_id, title, traject, stored, done_on in rows:
        options = _decode(stored)
        terms.setdefault(traject, []).append(model.Term(
            id=entry_id, rule=rule_id, due=dt.date.fromisoformat(str(due)[:10]), start=_date(start),
            open=status == "open", source_id=source_id, source_kind=kinds.get(source_id, ""), title=title,
            assumed_receipt=bool(options.get(NOTE_KEY)), options=_engine_facts(options), done_on=_date(done_on),
            closed_reason=options.get(CLOSED_REASON_KEY, ""), closing_note=options.get(CLOSING_NOTE_KEY, "")))
    return terms


# The terms with what an open one shows in the lists (its basis, explanation and own next step) in one read.
# (The texts only of the open ones, which the lists show; the order is the lists', made in Python.)
_STATE_SQL = ("SELECT d.entry_id, d.rule_id, d.due_date, d.start_date, d.status, e.title, e.case_id, d.options, "
              "d.done_on, CASE WHEN d.status = 'open' THEN d.basis END, "
              "CASE WHEN d.status = 'open' THEN d.explanation END, CASE WHEN d.status = 'open' THEN d.next_step END "
              "FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id")

OpenTerm = tuple[model.Term, int | None, str, str, str]     # an open term, its traject, basis, explanation, next step


def state_terms(case_id: int | None, today: dt.date, *, closed_since: dt.date | None = None,
                closed_rules: frozenset[str] = frozenset()) -> tuple[dict[int | None, list[model.Term]],
                                                                      list[OpenTerm]]:
    """The terms of the dossier (``case_id`` None) or of one traject, per traject, as the consequence model sees
    them but without their source kind (the advice reads none), and the open ones with what the lists show of them
    (``open_term_item`` makes the item), overdue first, then the soonest: one query for what ``terms_by_traject``
    and ``open_items`` read apart (the Overzicht and the gespreksvoorbereiding read both each time). A traject's
    terms are in no particular order (the advice reads them as a set).

    With ``closed_since`` a closed term is only kept when it closed on or after that day or its rule is one of
    ``closed_rules`` (what a reader of the advice needs of the closed ones: the meldingen, and the terms started
    since another); the others are not made into terms at all."""
    terms, open_terms = state_terms_of(state_rows(case_id), today, closed_since=closed_since,
                                       closed_rules=closed_rules)
    open_terms.sort(key=lambda row: (row[0].due >= today, row[0].due, row[0].id))
    return terms, open_terms


StateRow = tuple[Any, ...]
STATE_ROW_TRAJECT = 6       # the traject id's place in a row of ``state_rows``


def state_rows(case_id: int | None) -> list[StateRow]:
    """The rows ``state_terms`` makes its terms of (of the dossier, or of traject ``case_id``), as read: plain
    values, which a reader can keep and compare to tell whether a traject's terms changed."""
    sql, params = _STATE_SQL, [] if case_id is None else [case_id]
    if case_id is not None:
        sql += " WHERE e.case_id = ?"
    return list(database.execute_sql(sql, params).fetchall())


def state_terms_of(rows: list[StateRow], today: dt.date, *, closed_since: dt.date | None = None,
                   closed_rules: frozenset[str] = frozenset()) -> tuple[dict[int | None, list[model.Term]],
                                                                         list[OpenTerm]]:
    """``state_terms`` of rows read by ``state_rows`` (all of them, or some trajecten's), the open terms in the
    order of the rows (the caller orders them)."""
    first = None if closed_since is None else closed_since.isoformat()
    terms: dict[int | None, list[model.Term]] = {}
    open_terms: list[OpenTerm] = []
    for (entry_id, rule_id, due, start, status, title, traject, stored, done_on, basis, explanation,
         next_step) in rows:
        if (first is not None and status != "open" and rule_id not in closed_rules
                and (done_on is None or str(done_on)[:10] < first)):
            continue
        options = _decode(stored)
        is_open = status == "open"
        term = model.Term(entry_id, rule_id, dt.date.fromisoformat(str(due)[:10]), _date(start), is_open, None, "",
                          title, bool(options.get(NOTE_KEY)), _engine_facts(options) if options else (),
                          _date(done_on), options.get(CLOSED_REASON_KEY, ""), options.get(CLOSING_NOTE_KEY, ""))
        terms.setdefault(traject, []).append(term)
        if is_open:
            open_terms.append((term, traject, basis, explanation, next_step))
    return terms, open_terms


def open_term_item(row: OpenTerm, today: dt.date, next_step: str, letter: bool = True,
                   notices: tuple[str, ...] = ()) -> DeadlineItem:
    """An open term of ``state_terms`` as an item of the lists, with the next step its traject's history gives."""
    term, traject, basis, explanation, _own_step = row
    return DeadlineItem(term.id, "termijn", term.title, term.due, term.due < today, (term.due - today).days,
                        term.rule, basis, explanation, next_step, traject, letter, notices)


def open_agreement_items(today: dt.date, case_id: int | None = None) -> list[DeadlineItem]:
    """The open dated afspraken (of one traject) as items of the lists, in no particular order."""
    return _open_agreement_items(today, case_id)


def traject_status(case_id: int | None) -> str | None:
    case = Traject.get_or_none(Traject.id == case_id) if case_id is not None else None
    return case.status if case is not None else None


def preview(event: model.Event, case_id: int | None) -> model.Outcome:
    """What ``apply_event`` would change, without changing anything (the import review shows it)."""
    return model.consequences(event, traject_terms(case_id), traject_status(case_id))


def apply_event(event: model.Event, *, case_id: int | None,
                skip: frozenset[int] = frozenset()) -> tuple[model.Outcome, list[int]]:
    """Ask the consequence model what the event changes in its traject and apply that, in one
    transaction; returns the outcome and the ids of the terms started. ``skip``: the indexes of
    changes the user unticked in the review."""
    with database.atomic():
        outcome = preview(event, case_id)
        return outcome, apply(outcome, case_id=case_id, skip=skip)


_T = TypeVar("_T")


def _given(value: _T | None) -> _T:
    """A field of a change that the consequence model always fills for its kind of change (the day a term
    starts, the term it adjusts): its absence is a bug in the model, never the user's input."""
    if value is None:
        raise ValueError("the consequence model left out a field this kind of change needs")
    return value


def apply(outcome: model.Outcome, *, case_id: int | None, skip: frozenset[int] = frozenset()) -> list[int]:
    """Apply a list of changes (idempotently: what is already so is left alone). Returns started ids."""
    started = []
    with database.atomic():
        for number, change in enumerate(outcome.changes):
            if number in skip:
                continue
            if change.action == model.CLOSE:
                _close(change)
            elif change.action == model.START:
                if _open_of(change.rule, case_id, change.start) is None:
                    started.append(add_computed(change.rule, _given(change.start), title=change.title, case_id=case_id,
                                                source_entry_id=change.source_id, note=change.note,
                                                **dict(change.facts)))
            elif change.action == model.EXPECT:
                if not Deadline.select().where((Deadline.source_entry == change.source_id)
                                               & (Deadline.rule_id == RECEIPT_RULE)).exists():
                    started.append(expect_receipt(_given(change.on), change.title, case_id=case_id,
                                                  source_entry_id=change.source_id))
            elif change.action == model.STATUS:
                if case_id is not None:
                    Traject.update(status=change.title).where(Traject.id == case_id).execute()
            elif change.action == model.RESTART:
                row = _deadline(_given(change.term_id))
                options = {key: value for key, value in _decode(row.options).items() if key in ADJUSTABLE}
                options.update({key: (list(value) if key == "suspensions" else value) for key, value in change.facts})
                if change.note:
                    options[NOTE_KEY] = change.note
                Deadline.update(start_date=change.start, options=_encode(options)).where(
                    Deadline.entry == change.term_id).execute()
                _compute_again(_given(change.term_id))
            elif change.action == model.ADJUST:
                row = _deadline(_given(change.term_id))
                options = _decode(row.options)
                for key, value in change.facts:
                    if key == "suspensions":
                        options[key] = sorted(set(options.get(key, [])) | {tuple(pair) for pair in value})
                    else:
                        options[key] = value
                Deadline.update(options=_encode(options)).where(Deadline.entry == change.term_id).execute()
                _compute_again(_given(change.term_id))
    return started


def _open_of(rule_id: str, case_id: int | None, start: dt.date | None) -> Deadline | None:
    condition = (Deadline.rule_id == rule_id) & (Deadline.status == "open") & _in_traject(case_id)
    if start is not None:
        condition &= Deadline.start_date == start
    found: Deadline | None = (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
                              .where(condition).first())
    return found


def _close(change: model.Change) -> None:
    row = Deadline.get_or_none(Deadline.entry == change.term_id)
    if row is None or row.status != "open":
        return
    options = _decode(row.options)
    options[CLOSED_REASON_KEY] = change.reason
    if change.note:
        options[CLOSING_NOTE_KEY] = change.note
    # What the closing means stays readable with the term (e.g. the dwangsom owed, Awb 4:17).
    explanation = f"{row.explanation}\n\n{change.note}" if change.note else row.explanation
    Deadline.update(status="gedaan", done_on=change.on, options=_encode(options), explanation=explanation).where(
        Deadline.entry == change.term_id).execute()
    if change.confirms and row.source_entry_id is not None:
        _record_receipt(row.source_entry_id, _given(change.on))


def _record_receipt(source_entry_id: int, on: dt.date) -> None:
    """Receipt confirmed: keep the day on the letter or document that was sent (once)."""
    (Letter.update(receipt_confirmed_on=on)
     .where((Letter.entry == source_entry_id) & Letter.receipt_confirmed_on.is_null()).execute())
    (Document.update(received_on=on)
     .where((Document.entry == source_entry_id) & Document.received_on.is_null()).execute())


def closed_reason(entry_id: int) -> str:
    return str(_decode(_deadline(entry_id).options).get(CLOSED_REASON_KEY, ""))


def close_open(rule_id: str, *, case_id: int | None, start: dt.date | None, on: dt.date,
               reason: str = "met de hand afgesloten") -> int:
    """Close the open terms of ``rule_id`` in a traject (with this start date), as a list of changes."""
    terms = [term for term in traject_terms(case_id)
             if term.open and term.rule == rule_id and (start is None or term.start == start)]
    apply(model.Outcome(tuple(model.Change(model.CLOSE, term.rule, term.id, on=on, reason=reason, title=term.title)
                              for term in terms)), case_id=case_id)
    return len(terms)


def withdraw(case_id: int, what: str, on: dt.date) -> list[str]:
    """The family withdrew its aanvraag or bezwaar in this traject: the terms waiting for it end.
    Returns what changed, in plain words."""
    if Traject.get_or_none(Traject.id == case_id) is None:
        raise UsageError(f"Er is geen traject met nummer {case_id}.")
    if not any(row.event == model.WITHDRAWN and row.doc_kind == what for row in model.table()):
        kinds = sorted(row.doc_kind for row in model.table() if row.event == model.WITHDRAWN)
        raise UsageError(f"Intrekken kan voor: {', '.join(kinds)}.")
    outcome, _ = apply_event(model.Event(model.WITHDRAWN, on, what), case_id=case_id)
    return outcome.describe()


def document_event(entry_id: int, *, answers: str = "", receipt_date: dt.date | None = None) -> model.Event | None:
    """A recorded document as an event for the consequence model."""
    document = Document.get_or_none(Document.entry == entry_id)
    if document is None:
        return None
    entry = document.entry
    label = entry.title + (f" (kenmerk {document.kenmerk})" if document.kenmerk else "")
    if document.direction == "verzonden":
        return model.Event(model.SENT, entry.occurred_on, document.doc_kind, answers=answers, label=label,
                           source_id=entry.id, received_on=document.received_on)
    return model.Event(model.RECEIVED, entry.occurred_on, document.doc_kind, answers=answers, label=label,
                       source_id=entry.id, decision_date=document.decision_date, received_on=receipt_date)


def on_document(entry_id: int, *, answers: str = "", receipt_date: dt.date | None = None,
                skip: frozenset[int] = frozenset()) -> list[int]:
    """Apply what a newly recorded document does to its traject; returns the ids of terms started."""
    event = document_event(entry_id, answers=answers, receipt_date=receipt_date)
    if event is None:
        return []
    return apply_event(event, case_id=Entry.get_by_id(entry_id).case_id, skip=skip)[1]


def confirm_receipt(document_entry_id: int, received_on: dt.date) -> list[int]:
    """The organisation confirmed receipt of a document the family sent: start the term from receipt."""
    document = Document.get_or_none(Document.entry == document_entry_id)
    if document is None:
        raise UsageError(f"Er is geen document met nummer {document_entry_id}.")
    with database.atomic():
        Document.update(received_on=received_on).where(Document.entry == document_entry_id).execute()
        event = model.Event(model.RECEIPT, received_on, document.doc_kind, source_id=document_entry_id,
                            received_on=received_on, label=document.entry.title)
        return apply_event(event, case_id=document.entry.case_id)[1]

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
    """A term ticked off by hand (through the consequence model, like every other change)."""
    row = Deadline.get_or_none(Deadline.entry == entry_id)
    if row is None:
        raise UsageError(f"Er is geen termijn met nummer {entry_id}.")
    apply_event(model.Event(model.DONE, on or dt.date.today(), term_id=entry_id), case_id=row.entry.case_id)


def mark_agreement_done(agreement_id: int, done: bool = True) -> None:
    if not Agreement.update(done=done).where(Agreement.id == agreement_id).execute():
        raise UsageError(f"Er is geen afspraak met nummer {agreement_id}.")


def deadline_item(row: Any, today: dt.date) -> DeadlineItem:
    """An open term (a Deadline row selected with its Entry) as an item of the lists."""
    return DeadlineItem(row.entry.id, "termijn", row.entry.title, row.due_date, row.due_date < today,
                        (row.due_date - today).days, row.rule_id, row.basis, row.explanation, row.next_step,
                        row.entry.case_id)


# The open terms as plain rows (the same fields ``deadline_item`` reads from the models).
_OPEN_TERMS_SQL = ("SELECT e.id, e.title, d.due_date, d.rule_id, d.basis, d.explanation, d.next_step, e.case_id "
                   "FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id WHERE d.status = 'open'")


def _term_item(row: tuple[Any, ...], today: dt.date) -> DeadlineItem:
    entry_id, title, due, rule_id, basis, explanation, next_step, case_id = row
    due_date = dt.date.fromisoformat(str(due)[:10])     # NOT NULL in the schema
    return DeadlineItem(entry_id, "termijn", title, due_date, due_date < today, (due_date - today).days, rule_id,
                        basis, explanation, next_step, case_id)


def agreement_item(row: Any, today: dt.date) -> DeadlineItem:
    """A dated afspraak (an Agreement row selected with its Entry, the gesprek) as an item of the lists."""
    return agreement_from_row(row.id, row.who, row.what, row.due_date, row.entry.title, row.entry.occurred_on,
                      row.entry.case_id, today)


AGREEMENT_NEXT_STEP = "Is het gedaan? Vink het af; zo niet, vraag er schriftelijk naar."


def agreement_title(who: str, what: str) -> str:
    return f"Afspraak: {who} — {what}"


def agreement_explanation(conversation: str, held_on: dt.date) -> str:
    return f"Afgesproken in het gesprek '{conversation}' van {long_date(held_on)}."


def agreement_from_row(agreement_id: int, who: str, what: str, due_date: dt.date, conversation: str,
                       held_on: dt.date, case_id: int | None, today: dt.date) -> DeadlineItem:
    """A dated afspraak read as a plain row (its gesprek's title and day) as an item of the lists."""
    return DeadlineItem(agreement_id, "afspraak", agreement_title(who, what), due_date, due_date < today,
                        (due_date - today).days, "afspraak", "", agreement_explanation(conversation, held_on),
                        AGREEMENT_NEXT_STEP, case_id)


AgreementRow = tuple[int, str, str, dt.date | None, str, dt.date, int | None]


def open_agreement_rows(case_id: int | None = None, *, dated_only: bool = True) -> list[AgreementRow]:
    """The open afspraken (of one traject; with ``dated_only`` only those with a date) as plain rows
    (id, who, what, due date or None, the gesprek's title and day, traject id): a long dossier has thousands,
    and a model object per row costs more than the rest of the state together."""
    days: dict[Any, dt.date | None] = {None: None}     # a long dossier has thousands, on a few hundred days
    rows = []
    for agreement_id, who, what, due, title, held_on, traject in open_agreement_rows_as_read(case_id,
                                                                                            dated_only=dated_only):
        if due not in days:
            days[due] = _date(due)
        if held_on not in days:
            days[held_on] = _date(held_on)
        rows.append((agreement_id, who, what, days[due], title, days[held_on], traject))
    return rows  # type: ignore[return-value]  # held_on is NOT NULL in the schema


def open_agreement_rows_as_read(case_id: int | None = None, *, dated_only: bool = True) -> list[tuple[Any, ...]]:
    """``open_agreement_rows`` before its days are parsed (the due date and the gesprek's day as stored, a text
    or None): for a reader that turns each distinct day into more than a date (Mijn gezinnen: also how many days
    are left), once."""
    sql = ("SELECT a.id, a.who, a.what, a.due_date, e.title, e.occurred_on, e.case_id FROM agreement AS a "
           "JOIN entry AS e ON e.id = a.entry_id WHERE a.done = 0")
    params: list[Any] = []
    if dated_only:
        sql += " AND a.due_date IS NOT NULL"
    if case_id is not None:
        sql += " AND e.case_id = ?"
        params.append(case_id)
    return list(database.execute_sql(sql, params).fetchall())


def stored_date(value: Any) -> dt.date:
    """A date of a NOT NULL column as the store keeps it (text, or a date and time: its day), as a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _open_agreement_items(today: dt.date, case_id: int | None) -> list[DeadlineItem]:
    """The open dated afspraken (of one traject) as items (the same items as ``agreement_item`` gives)."""
    return [agreement_from_row(agreement_id, who, what, due, title, held_on, traject, today)
            for agreement_id, who, what, due, title, held_on, traject in open_agreement_rows(case_id)
            if due is not None]


def open_items(today: dt.date | None = None, *, case_id: int | None = None,
               with_agreements: bool = True) -> list[DeadlineItem]:
    """Open deadlines and dated agreements (of one traject when ``case_id`` is given; the terms alone without
    ``with_agreements``): overdue first, then soonest first."""
    today = today or dt.date.today()
    sql, params = _OPEN_TERMS_SQL, []
    if case_id is not None:
        sql += " AND e.case_id = ?"
        params.append(case_id)
    items = [_term_item(row, today) for row in database.execute_sql(sql, params).fetchall()]
    if with_agreements:
        items += _open_agreement_items(today, case_id)
    items.sort(key=lambda item: (not item.overdue, item.due_date, item.id))
    return items


def case_title(case_id: int | None) -> str:
    if case_id is None:
        return ""
    case = Traject.get_or_none(Traject.id == case_id)
    return case.title if case else ""
