"""What an event does to the case: the one consequence model (pure: no Qt, no database).

``consequences(event, terms)`` takes an event (a document received or sent, a
letter sent, a receipt confirmed, a fact about a term, a withdrawal, a term
done by hand) and the terms of its traject (open and done), and returns the
changes it brings — close, start, restart, adjust, expect a receipt — and the
messages for the family (the dwangsom owed, with the calculation). Which event
does what is data: ``gevolgen.toml`` beside ``rules.toml``, each row with the
article it rests on. The store only applies the changes
(``store/dossier_deadlines.apply``); the import preview describes the same
list before it is applied.

Applying is idempotent by construction: a term that is already closed is not
closed again, and a rule that already has a term from the same start in the
traject is not started again; a traject never gets two open terms of one rule
(a second start restarts the open one).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any
import dataclasses

from dossier_app.deadlines.calendar import next_working_day
from dossier_app.deadlines.engine import RULES, compute, dwangsom_amount
from dossier_app.dutch import euro, long_date
from dossier_app.errors import UsageError
from dossier_app.values import quick_init

# Facts of a term as sorted (key, value) items (as dossier_deadlines.adjust stores them).
RECEIPT_RULE = "ontvangstbevestiging"   # the to-do 'expect a receipt' (no legal term)
RECEIPT_WAIT_DAYS = 14
NOTE_KEY = "note"

Facts = tuple[tuple[str, Any], ...]     # sorted (key, value) items: the facts that shape a term

# Event kinds.
RECEIVED = "ontvangen"          # a document received or imported
SENT = "verzonden"              # a document or letter sent
RECEIPT = "ontvangst-bevestigd"  # the addressee confirmed receipt of what was sent
FACTS = "termijnfeit"           # verdaging, opschorting, commissie, verlenging of one term
WITHDRAWN = "ingetrokken"       # an aanvraag or bezwaar withdrawn
DONE = "afgevinkt"              # a term ticked off by hand
MANUAL_REASON = "met de hand afgevinkt"

# Change actions.
CLOSE, START, RESTART, ADJUST, EXPECT = "sluit", "start", "herstart", "pas-aan", "verwacht-ontvangst"
STATUS = "status"               # the traject's status moves (gevolgen.toml [[traject]])


@dataclass(frozen=True)
class Consequence:
    """One row of gevolgen.toml."""

    event: str
    doc_kind: str
    answers: str = ""
    closes: tuple[str, ...] = ()
    otherwise_closes: tuple[str, ...] = ()
    reason: str = ""
    starts: str = ""
    start_from: str = ""            # 'bekendmaking' | 'ontvangst' | 'besluit' | 'verzending'
    adjusts: tuple[str, ...] = ()
    confirms_receipt: bool = False
    dwangsom: bool = False
    also_receipt: bool = False      # the 'expect a receipt' of the letters whose terms it closes ends too
    basis: str = ""
    also: str = ""                  # a letter's own second term (the hersteltermijn after a pro-forma bezwaar)


@lru_cache(maxsize=1)
def raw_table() -> dict[str, Any]:
    """gevolgen.toml as read (its other tables are read by advice.py)."""
    text = resources.files(__package__).joinpath("gevolgen.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_table = raw_table


@lru_cache(maxsize=1)
def table() -> tuple[Consequence, ...]:
    return tuple(Consequence(
        event=row["bij"], doc_kind=row["soort"], answers=row.get("antwoord_op", ""),
        closes=tuple(row.get("sluit", ())), otherwise_closes=tuple(row.get("anders_sluit", ())),
        reason=row.get("reden", ""), starts=row.get("start", ""), start_from=row.get("vanaf", ""),
        adjusts=tuple(row.get("past_aan", ())), confirms_receipt=bool(row.get("bevestigt_ontvangst", False)),
        dwangsom=bool(row.get("dwangsom", False)), also_receipt=bool(row.get("ontvangst_ook", False)),
        basis=row["grondslag"])
        for row in _table()["gevolg"])


@dataclass(frozen=True)
class StatusStep:
    """One row of gevolgen.toml [[traject]]: how an event moves the traject's status."""

    event: str
    doc_kinds: tuple[str, ...]
    status: str
    basis: str
    after: tuple[str, ...] = ()     # only from these statuses ('' = from any other)


@lru_cache(maxsize=1)
def status_table() -> tuple[StatusStep, ...]:
    return tuple(StatusStep(row["bij"], tuple(row["soort"]), row["status"], row["grondslag"], tuple(row.get("van", ())))
                 for row in _table().get("traject", ()))


def status_after(event: Event, status: str) -> StatusStep | None:
    """The status step an event makes from ``status`` (None: the status stays)."""
    for row in status_table():
        if (row.event == event.kind and event.doc_kind in row.doc_kinds and row.status != status
                and (not row.after or status in row.after)):
            return row
    return None


def dwangsom_texts() -> dict[str, Any]:
    return dict(_table()["dwangsom"])


def started_by(event: str, doc_kind: str) -> str:
    """The term an event of this kind starts ('' when none): e.g. what a received schriftelijke aanwijzing starts."""
    return next((row.starts for row in table() if row.event == event and row.doc_kind == doc_kind and row.starts), "")


def closed_by(event: str, doc_kind: str) -> tuple[str, ...]:
    """The terms an event of this kind ends: e.g. the beslistermijnen an ingebrekestelling is about."""
    return next((row.closes for row in table() if row.event == event and row.doc_kind == doc_kind and row.closes), ())


def rule_ids() -> set[str]:
    """Every term id the table names (for the architecture test)."""
    ids = {RECEIPT_RULE}
    for row in table():
        ids.update(row.closes + row.otherwise_closes + row.adjusts)
        if row.starts:
            ids.add(row.starts)
    return ids


def letter_consequence(*, starts: str = "", start_from: str = "", closes: str = "", also: str = "") -> Consequence:
    """A letter kind's own [termijn] (templates/letters/<id>.toml) as a row of the same shape."""
    return Consequence(event=SENT, doc_kind="", closes=(closes,) if closes else (), starts=starts,
                       start_from={"besluit": "besluit"}.get(start_from, "ontvangst") if starts else "",
                       reason=f"{_rule_title(closes).lower()} beantwoord met deze brief" if closes else "",
                       basis="de termijn van de brief (templates/letters)", also=also)


# -- the inputs ---------------------------------------------------------------------------------
@quick_init
@dataclass(frozen=True)
class Term:
    """A term kept in the dossier, as the model sees it."""

    id: int
    rule: str
    due: dt.date
    start: dt.date | None = None
    open: bool = True
    source_id: int | None = None
    source_kind: str = ""           # the doc kind (or letter kind) of the event that started it
    title: str = ""
    assumed_receipt: bool = False   # counted from an assumed day of receipt
    options: Facts = ()             # the facts that shaped it (sorted items)
    done_on: dt.date | None = None
    closed_reason: str = ""         # a closed term: why it closed (the words of the change that closed it)
    closing_note: str = ""          # a closed term: what its closing means (the dwangsom owed)


@quick_init
@dataclass(frozen=True)
class Event:
    kind: str                       # RECEIVED | SENT | RECEIPT | FACTS | WITHDRAWN | DONE
    on: dt.date                     # the date of the document / sending / receipt / fact
    doc_kind: str = ""              # the document kind (or, for a withdrawal: 'aanvraag' | 'bezwaar')
    answers: str = ""               # what it answers ('klacht', …), when known
    label: str = ""                 # names the new terms ("Beslistermijn aanvraag: <label>")
    source_id: int | None = None    # the entry the event is (the document, the letter)
    decision_date: dt.date | None = None
    received_on: dt.date | None = None   # a sent document: confirmed day of receipt
    method: str = ""                # a letter's way of sending ('' for a document typed in)
    postponement_weeks: int | None = None
    term_id: int | None = None      # FACTS / DONE: the term
    facts: Facts = ()               # FACTS: sorted (key, value) items as for dossier_deadlines.adjust
    letter: Consequence | None = None    # SENT: the letter kind's own [termijn]


@quick_init
@dataclass(frozen=True)
class Change:
    action: str                     # CLOSE | START | RESTART | ADJUST | EXPECT
    rule: str = ""
    term_id: int | None = None
    start: dt.date | None = None
    on: dt.date | None = None       # CLOSE: done on; EXPECT: sent on
    reason: str = ""
    title: str = ""
    due: dt.date | None = None      # the last day that results (START, RESTART, ADJUST, EXPECT)
    note: str = ""
    facts: Facts = ()               # ADJUST: (key, value) items; START/RESTART: kept facts
    source_id: int | None = None
    basis: str = ""
    confirms: bool = False          # CLOSE of an 'expect a receipt': the receipt is confirmed on ``on``

    def describe(self) -> str:
        """The change in the words the import review and the CLI show."""
        if self.action == CLOSE:
            return f"Sluit: {self.title or _rule_title(self.rule)} ({self.reason})."
        if self.action in (START, RESTART):
            verb = "Start" if self.action == START else "Opnieuw berekend"
            return f"{verb}: {_rule_title(self.rule).lower()}, laatste dag {_day(self.due)}."
        if self.action == STATUS:
            return f"Status van het traject: {self.title} ({self.basis})."
        if self.action == ADJUST:
            return (f"Pas aan: {self.title or _rule_title(self.rule)} ({self.reason}), "
                    f"laatste dag {_day(self.due)}.")
        return f"Verwacht: ontvangstbevestiging van {self.title} (binnen ongeveer twee weken)."


@dataclass(frozen=True)
class Outcome:
    changes: tuple[Change, ...] = ()
    messages: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        return [change.describe() for change in self.changes] + list(self.messages)


def rule_title(rule: str) -> str:
    """What a term (or the 'expect a receipt' to-do) is called."""
    return _rule_title(rule)


def _rule_title(rule: str) -> str:
    if rule == RECEIPT_RULE:
        return "Ontvangstbevestiging verwachten"
    return RULES[rule].title if rule in RULES else rule



def _day(day: dt.date | None) -> str:
    """A resulting last day (every START, RESTART and ADJUST has one)."""
    return long_date(day) if day is not None else "onbekend"


# -- the model ----------------------------------------------------------------------------------


@cache
def closable_rules(event: str, doc_kind: str) -> frozenset[str]:
    """The rules whose open terms an event of this kind (a row of gevolgen.toml: a document received or sent,
    a withdrawal; whatever it answers) can close or adjust: a traject without an open term of one of these
    rules gets no CLOSE and no ADJUST from it, so matching a letter to trajecten need not ask ``consequences``."""
    rules: set[str] = set()
    for row in table():
        if row.event == event and row.doc_kind == doc_kind:
            rules.update(row.closes, row.otherwise_closes, row.adjusts)
            if row.confirms_receipt or row.also_receipt:
                rules.add(RECEIPT_RULE)
    return frozenset(rules)


def _open(terms: Iterable[Term], rule: str) -> list[Term]:
    return sorted((term for term in terms if term.open and term.rule == rule), key=lambda term: (term.due, term.id))


def assumed_receipt(sent_on: dt.date, method: str) -> tuple[dt.date, str]:
    """The day a letter is assumed to have arrived until receipt is confirmed, and why (ontvangst.toml)."""
    rows = _receipt_table()
    row = rows.get(method, rows["post"])
    day, _ = next_working_day(sent_on + dt.timedelta(days=row["dagen"]))
    note = (f"Nog niet bevestigd: de app gaat ervan uit dat de brief op {long_date(day)} is ontvangen "
            f"({row['uitleg']}). Zodra de ontvangst is bevestigd, rekent de app de termijn opnieuw uit.")
    return day, note


@lru_cache(maxsize=1)
def _receipt_table() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("ontvangst.toml").read_text(encoding="utf-8"))


def consequences(event: Event, terms: Iterable[Term], status: str | None = None) -> Outcome:
    """The changes and messages an event brings to a traject whose terms are ``terms`` (and whose
    status is ``status``; None: no traject, the status is not looked at)."""
    terms = tuple(terms)
    if event.kind == DONE:
        return _done(event, terms)
    if event.kind == FACTS:
        return _facts(event, terms)
    if event.kind == RECEIPT:
        return _receipt(event, terms, event.received_on or event.on)
    builder = _built(event, terms)
    if event.kind == SENT and event.method:
        builder.expect_receipt()      # a letter sent: its receipt is expected, whatever it starts
    step = status_after(event, status) if status is not None else None
    if step is not None:
        builder.changes.append(Change(STATUS, title=step.status, on=event.on, reason=f"was: {status}",
                                      basis=step.basis, source_id=event.source_id))
    return builder.outcome()


def answered_changes(event: Event, terms: Iterable[Term]) -> tuple[Change, ...]:
    """What a document received or sent answers in a traject: the CLOSE and ADJUST changes ``consequences``
    gives for it, in the same order, of the same terms, with the same reasons — without what is only said
    about them (the dwangsom owed in a closing note, the messages) and without what it starts. Matching one
    letter to every traject asks this of each; the review shows ``consequences`` of the one chosen."""
    terms = tuple(terms)
    if event.kind in (DONE, FACTS, RECEIPT):
        return tuple(change for change in consequences(event, terms).changes if change.action in (CLOSE, ADJUST))
    return tuple(change for change in _built(event, terms, answers_only=True).changes
                 if change.action in (CLOSE, ADJUST))


def _built(event: Event, terms: tuple[Term, ...], *, answers_only: bool = False) -> _Builder:
    """The rows of gevolgen.toml for a document received or sent (and a letter's own row) applied."""
    rows = list(_rows(event.kind, event.doc_kind, event.answers))
    if event.letter is not None:
        rows.append(event.letter)
    builder = _Builder(event, terms, answers_only=answers_only)
    for row in rows:
        builder.apply_row(row)
    return builder


@cache
def _rows(event: str, doc_kind: str, answers: str) -> tuple[Consequence, ...]:
    """The rows of gevolgen.toml for an event of this kind (answering ``answers``), in the table's order."""
    return tuple(row for row in table() if row.event == event and row.doc_kind == doc_kind
                 and (not row.answers or row.answers == answers))


class _Builder:
    """The changes and messages of one event, row by row. ``answers_only``: only what it closes and adjusts
    (``answered_changes``): no closing note or message about the dwangsom, nothing started."""

    def __init__(self, event: Event, terms: tuple[Term, ...], *, answers_only: bool = False):
        self.event, self.terms = event, terms
        self.answers_only = answers_only
        self.changes: list[Change] = []
        self.messages: list[str] = []
        self.closed: dict[int, Term] = {}

    def outcome(self) -> Outcome:
        return Outcome(tuple(self.changes), tuple(self.messages))

    def close(self, term: Term, reason: str, on: dt.date, basis: str = "", confirms: bool = False,
              note: str = "") -> None:
        if term.id in self.closed:
            return
        self.closed[term.id] = term
        self.changes.append(Change(CLOSE, term.rule, term.id, on=on, reason=reason, title=term.title, basis=basis,
                                   confirms=confirms, note=note))

    def apply_row(self, row: Consequence) -> None:
        event = self.event
        if row.confirms_receipt:
            waiting = _open(self.terms, RECEIPT_RULE)
            if waiting:
                outcome = _receipt(dataclass_replace(event, source_id=waiting[0].source_id,
                                                     doc_kind=waiting[0].source_kind), self.terms,
                                   event.received_on or event.on)
                self.changes += outcome.changes
                self.messages += outcome.messages
            else:
                self.messages.append("Er wacht in dit traject geen verstuurde brief op een ontvangstbevestiging.")
            return
        day = event.decision_date or event.on
        # A document cannot answer what started after it (a decision of March does not end a November term).
        closing = [term for rule in row.closes for term in _open(self.terms, rule)
                   if term.start is None or term.start <= day]
        answered_before = any(not term.open and term.rule in row.closes and term.done_on == day
                              for term in self.terms)       # this same decision was applied before
        if not closing and not answered_before:
            closing = [term for rule in row.otherwise_closes for term in _open(self.terms, rule)
                       if term.start is None or term.start <= day]
        for term in closing:
            if row.dwangsom and term.rule == "ingebrekestelling" and not self.answers_only:
                lines = dwangsom_messages(term, day)
                self.close(term, row.reason, day, row.basis, note=" ".join(lines))
                self.messages += lines
            else:
                self.close(term, row.reason, day, row.basis)
        if row.also_receipt:
            answered = {term.source_id for term in closing if term.source_id is not None}
            for term in self.terms:
                if term.open and term.rule == RECEIPT_RULE and term.source_id in answered:
                    self.close(term, f"{row.reason}: dat antwoord laat zien dat de brief is aangekomen", day,
                               row.basis)
        if row.adjusts:
            self._adjust(row)
        if self.answers_only:
            return
        if row.starts:
            self._start(row, closing)
        if row.also:
            self._also(row.also)

    def _start(self, row: Consequence, closing: list[Term]) -> None:
        event = self.event
        rule = row.starts
        if row.start_from == "bekendmaking":
            start, note = event.decision_date or event.on, ""
        elif row.start_from == "besluit":
            decided = event.decision_date or next((term.start for term in closing if term.start), None)
            if decided is None:
                return
            start, note = decided, ""
        else:   # 'ontvangst': from receipt; until then expect one (and, for a letter, assume a day)
            if event.received_on is not None:
                start, note = event.received_on, ""
            else:
                self.expect_receipt()
                if not event.method:
                    return
                start, note = assumed_receipt(event.on, event.method)
        self._start_term(rule, start, note, row.basis)

    def expect_receipt(self) -> None:
        event = self.event
        if any(term.rule == RECEIPT_RULE and term.source_id == event.source_id and event.source_id is not None
               for term in self.terms) or any(change.action == EXPECT for change in self.changes):
            return
        self.changes.append(Change(EXPECT, RECEIPT_RULE, on=event.on, title=event.label,
                                   due=event.on + dt.timedelta(days=RECEIPT_WAIT_DAYS), source_id=event.source_id))

    def _start_term(self, rule: str, start: dt.date, note: str, basis: str, keep: Facts = ()) -> None:
        event = self.event
        if any(change.action in (START, RESTART) and change.rule == rule for change in self.changes):
            return
        if any(term.rule == rule and term.start == start for term in self.terms):
            return      # started before from the same day: nothing to do twice
        running = [term for term in _open(self.terms, rule) if term.id not in self.closed]
        if running:
            term = running[0]
            facts = keep or term.options
            self.changes.append(Change(RESTART, rule, term.id, start=start, title=term.title,
                                       due=due_date(rule, start, facts), note=note, facts=facts,
                                       source_id=event.source_id, basis=basis,
                                       reason="opnieuw berekend"))
            return
        self.changes.append(Change(START, rule, start=start, title=f"{_rule_title(rule)}: {event.label}",
                                   due=due_date(rule, start, keep), note=note, facts=keep,
                                   source_id=event.source_id, basis=basis))

    def _also(self, rule: str) -> None:
        """A letter's 'ook': the family's own term that sending starts (the hersteltermijn)."""
        event = self.event
        if any(term.rule == rule and term.source_id == event.source_id for term in self.terms):
            return
        if _open(self.terms, rule):
            return
        self.changes.append(Change(START, rule, start=event.on, title=f"Belangrijk: {_rule_title(rule)}",
                                   due=due_date(rule, event.on), source_id=event.source_id))

    def _adjust(self, row: Consequence) -> None:
        event = self.event
        candidates = [term for rule in row.adjusts for term in _open(self.terms, rule)]   # in the table's order
        if not candidates:
            self.messages.append("Er loopt in dit traject geen termijn die verdaagd kan worden.")
            return
        term = candidates[0]
        facts: Facts
        if RULES[term.rule].extension:
            facts = (("extension", True), ("extension_notice", event.on))
            reason = f"verlengd, brief van {long_date(event.on)}"
        elif event.postponement_weeks:
            facts = (("postponement_notice", event.on), ("postponement_weeks", event.postponement_weeks))
            reason = f"verdaagd met {event.postponement_weeks} weken, brief van {long_date(event.on)}"
        else:
            self.messages.append(f"Vul in met hoeveel weken '{term.title}' is verdaagd; dan wordt de termijn "
                                 "aangepast.")
            return
        merged = _merge(term.options, facts)
        if merged == term.options:
            return
        if term.start is None:        # a term typed in by hand without its first day cannot be counted again
            self.messages.append(f"'{term.title}' blijft zoals hij was: de begindatum van de termijn ontbreekt.")
            return
        try:
            new_due = due_date(term.rule, term.start, merged)
        except UsageError as exc:     # e.g. a verdaging sent after the term ended does not count
            self.messages.append(f"'{term.title}' blijft zoals hij was: {exc}")
            return
        self.changes.append(Change(ADJUST, term.rule, term.id, start=term.start, reason=reason, title=term.title,
                                   due=new_due, facts=facts, basis=row.basis))


def dataclass_replace(event: Event, **changes: Any) -> Event:
    return dataclasses.replace(event, **changes)


def _merge(options: Facts, facts: Facts) -> Facts:
    merged: dict[str, Any] = dict(options)
    for key, value in facts:
        if key == "suspensions":
            merged[key] = tuple(sorted(set(merged.get(key, ())) | set(value)))
        else:
            merged[key] = value
    return tuple(sorted(merged.items()))


ENGINE_OPTIONS = ("postponement_weeks", "postponement_notice", "consent_weeks", "committee", "extension",
                  "extension_notice", "suspensions")


def due_date(rule: str, start: dt.date, facts: Facts = ()) -> dt.date:
    """The last day of a term from its start and facts (the engine does the counting)."""
    try:
        return _due_date(rule, start, facts)
    except TypeError:        # facts that cannot be a cache key (a list inside): counted each time
        return _due_date.__wrapped__(rule, start, facts)


# The same rule from the same day with the same facts ends on the same day: matching one received letter
# against fifty trajecten asks for the bezwaartermijn from its date fifty times (the rules and the feestdagen
# are fixed tables, read once).
@lru_cache(maxsize=4096)
def _due_date(rule: str, start: dt.date, facts: Facts = ()) -> dt.date:
    if rule == RECEIPT_RULE:
        return start + dt.timedelta(days=RECEIPT_WAIT_DAYS)
    options: dict[str, Any] = {key: (list(value) if key == "suspensions" else value) for key, value in facts
                               if key in ENGINE_OPTIONS}
    return compute(rule, start, **options).deadline


def _receipt(event: Event, terms: tuple[Term, ...], received_on: dt.date) -> Outcome:
    """Receipt of what was sent is confirmed: the 'expect a receipt' ends and the term from receipt
    starts (or is counted again from the real day instead of the assumed one)."""
    builder = _Builder(dataclass_replace(event, received_on=received_on, method=""), terms)
    for term in terms:
        if term.open and term.rule == RECEIPT_RULE and term.source_id == event.source_id:
            builder.close(term, f"ontvangst bevestigd op {long_date(received_on)}", received_on, confirms=True)
    restarted = False
    for term in terms:
        if term.open and term.source_id == event.source_id and term.rule != RECEIPT_RULE and term.assumed_receipt:
            restarted = True
            if term.start != received_on or term.assumed_receipt:     # also drops the 'assumed' note
                facts = tuple((key, value) for key, value in term.options if key in ENGINE_OPTIONS)
                builder.changes.append(Change(RESTART, term.rule, term.id, start=received_on, title=term.title,
                                              due=due_date(term.rule, received_on, facts), facts=facts,
                                              source_id=event.source_id, reason="ontvangst bevestigd"))
    if not restarted:
        rows = [row for row in table() if row.event == SENT and row.doc_kind == event.doc_kind and row.starts
                and row.start_from == "ontvangst"]
        if event.letter is not None and event.letter.starts and event.letter.start_from == "ontvangst":
            rows.append(event.letter)
        for row in rows:
            builder._start_term(row.starts, received_on, "", row.basis)
    return builder.outcome()


def _done(event: Event, terms: tuple[Term, ...]) -> Outcome:
    term = next((term for term in terms if term.id == event.term_id), None)
    if term is None or not term.open:
        return Outcome()
    return Outcome((Change(CLOSE, term.rule, term.id, on=event.on, reason=MANUAL_REASON,
                           title=term.title),))


def _facts(event: Event, terms: tuple[Term, ...]) -> Outcome:
    term = next((term for term in terms if term.id == event.term_id), None)
    if term is None or not term.open or term.start is None or term.rule not in RULES:
        return Outcome()
    merged = _merge(term.options, event.facts)
    if merged == term.options:
        return Outcome()
    words = {"postponement_weeks": "verdaagd", "consent_weeks": "uitgesteld met uw instemming",
             "suspensions": "opgeschort", "committee": "adviescommissie", "extension": "verlengd"}
    reason = ", ".join(dict.fromkeys(words[key] for key, _ in event.facts if key in words)) or "aangepast"
    return Outcome((Change(ADJUST, term.rule, term.id, start=term.start, reason=reason, title=term.title,
                           due=due_date(term.rule, term.start, merged), facts=event.facts),))


# -- the dwangsom (Awb 4:17) --------------------------------------------------------------------
def dwangsom_owed(last_day_to_decide: dt.date, decided_on: dt.date) -> tuple[float, int]:
    """The dwangsom owed when the gemeente decides on ``decided_on`` and its two weeks after the
    ingebrekestelling ended on ``last_day_to_decide``: every day from the day after, up to and NOT
    including the day of the decision (on that day it is no longer in default), at most 42 days."""
    return dwangsom_amount(last_day_to_decide, decided_on - dt.timedelta(days=1))


def dwangsom_messages(term: Term, decided_on: dt.date) -> list[str]:
    """What the family reads when a decision ends an ingebrekestelling."""
    texts = dwangsom_texts()
    owed, days = dwangsom_owed(term.due, decided_on)
    first = term.due + dt.timedelta(days=1)
    if days == 0:
        lines = [f"Het besluit kwam binnen de twee weken na de ingebrekestelling (die liepen tot en met "
                 f"{long_date(term.due)}): de gemeente is geen dwangsom verschuldigd (Awb 4:17 lid 3)."]
    else:
        bands = RULES["ingebrekestelling"].dwangsom
        parts = []
        for band_first, band_last, amount in bands:
            count = max(0, min(days, band_last) - band_first + 1)
            if count:
                parts.append(f"{count} × {euro(amount)}")
        last = first + dt.timedelta(days=days - 1)
        lines = [f"De gemeente is u een dwangsom verschuldigd over de dagen vanaf {long_date(first)} tot en met "
                 f"{long_date(last)} ({days} {'dag' if days == 1 else 'dagen'}): {euro(owed)} "
                 f"({' + '.join(parts)}; Awb 4:17 lid 2, hoogstens 42 dagen)."]
        lines.append(texts["uitleg_dag_besluit"])
        lines.append(texts["vaststelling"])
    if term.assumed_receipt:
        lines.append("Let op: de ontvangst van de ingebrekestelling is nog niet bevestigd; het bedrag is gerekend "
                     "vanaf de aangenomen dag van ontvangst.")
    lines.append(texts["geen_beroep_meer"])
    return lines
