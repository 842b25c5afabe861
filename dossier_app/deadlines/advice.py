"""What the family reads about a traject, from what already happened in it (pure: no Qt, no database).

``next_step(term, terms, status, today)`` is the next step shown for an open term: the first row of
gevolgen.toml ``[[volgende_stap]]`` that fits the traject's history (no "stuur een ingebrekestelling"
while one is under way; after a decision "bezwaar maken kan tot …"); an empty text keeps the term's own
volgende_stap (rules.toml).
``traject_step(status, terms)`` is the step for a traject without open terms (a traject in
"voorbereiding"). ``notices(terms, today)`` are the closings the consequence model made lately, with
their reason and message (the dwangsom owed), shown for the period in ``[meldingen]``.
Every screen, the gespreksvoorbereiding, Mijn gezinnen and the .ics read these through one service
function (services/deadlines.case_state); none keeps its own list of rule names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from dossier_app.deadlines.consequences import MANUAL_REASON, Term, dwangsom_owed, raw_table
from dossier_app.deadlines.engine import RULES
from dossier_app.dutch import euro, long_date
from dossier_app.values import quick_init


@quick_init
@dataclass(frozen=True)
class Advice:
    text: str
    letter: bool = True         # False: no letter is offered for this term (one is already under way)
    letter_kind: str = ""       # the letter offered for a traject without open terms
    basis: str = ""


NO_ADVICE = Advice("")      # nothing in the history changes a term's step (frozen: one for all)


@quick_init
@dataclass(frozen=True)
class Notice:
    """A closing the consequence model made, as the family reads it."""

    term_id: int
    on: dt.date
    text: str


@dataclass(frozen=True)
class _Step:
    text: str
    basis: str
    rule: str = ""
    state: str = ""             # '' | 'loopt' | 'verlopen'
    after: str = ""             # a rule whose term started since this one
    status: str = ""
    letter: bool = True
    letter_kind: str = ""


@lru_cache(maxsize=1)
def _steps() -> tuple[_Step, ...]:
    return tuple(_Step(row["tekst"], row["grondslag"], row.get("regel", ""), row.get("toestand", ""),
                       row.get("na", ""), row.get("status", ""), not row.get("geen_brief", False),
                       row.get("brief", "")) for row in raw_table().get("volgende_stap", ()))


@lru_cache(maxsize=1)
def reminders() -> tuple[tuple[str, str], ...]:
    """(rule, what was asked for) of the terms a herinnering chases, most important first ([[herinnering]])."""
    return tuple((row["regel"], row["gevraagd"]) for row in raw_table().get("herinnering", ()))


@lru_cache(maxsize=1)
def notice_days() -> int:
    return int(raw_table()["meldingen"]["dagen"])


@lru_cache(maxsize=1)
def history_rules() -> frozenset[str]:
    """The rules of the terms a next step looks back at (``na``: a term started since), closed ones too."""
    return frozenset(step.after for step in _steps() if step.after)


def closed_terms_needed(today: dt.date) -> tuple[dt.date, frozenset[str]]:
    """What the advice reads of a traject's closed terms: those closed since the returned day (the meldingen) and
    those of the returned rules (``history_rules``); ``notices``, ``next_step`` and ``traject_step`` give the same
    with only these as with every term."""
    return today - dt.timedelta(days=notice_days()), history_rules()


def _since(term: Term, terms: Iterable[Term], rule: str) -> Term | None:
    """The newest term of ``rule`` that started on or after ``term`` started."""
    later = [other for other in terms if other.rule == rule and other.id != term.id and other.start is not None
             and (term.start is None or other.start >= term.start)]
    return max(later, key=lambda other: (other.start, other.id)) if later else None


@lru_cache(maxsize=1)
def _term_steps() -> dict[str, tuple[_Step, ...]]:
    """The steps of the terms per rule, in the table's order (a traject's step, with a status, is never a term's):
    the state of a dossier looks up every open term's step, and the table is the same for all."""
    found: dict[str, list[_Step]] = {}
    for step in _steps():
        if not step.status:
            found.setdefault(step.rule, []).append(step)
    return {rule: tuple(steps) for rule, steps in found.items()}


def next_step(term: Term, terms: Iterable[Term], status: str | None, today: dt.date) -> Advice:
    """The next step for the open ``term`` of a traject whose terms are ``terms``."""
    steps = _term_steps().get(term.rule, ())        # a term set by hand has no rule: none fits
    if not steps:
        return NO_ADVICE
    terms = tuple(terms)
    state = "verlopen" if term.due < today else "loopt"
    for step in steps:
        if step.state and step.state != state:
            continue
        other = _since(term, terms, step.after) if step.after else None
        if step.after and other is None:
            continue
        text = step.text.replace("{laatste_dag}", long_date(term.due))
        if "{dwangsom_tot_nu}" in text:
            owed, days = dwangsom_owed(term.due, today)     # every day up to yesterday (today it may decide)
            text = text.replace("{dwangsom_tot_nu}", f"{euro(owed)} over {days} {'dag' if days == 1 else 'dagen'}")
        if other is not None:
            text = text.replace("{na_laatste_dag}", long_date(other.due))
        return Advice(text, step.letter, basis=step.basis)
    return NO_ADVICE        # nothing in the history changes it: the term's own volgende_stap (rules.toml)


def traject_step(status: str, terms: Iterable[Term]) -> Advice | None:
    """The next step for a traject that has no open term (None: nothing to say)."""
    if any(term.open for term in terms):
        return None
    step = next((step for step in _steps() if step.status and step.status == status), None)
    return None if step is None else Advice(step.text, letter_kind=step.letter_kind, basis=step.basis)


def notices(terms: Iterable[Term], today: dt.date) -> list[Notice]:
    """The legal terms the consequence model closed in the last ``[meldingen] dagen`` days, newest first, each
    with why it closed and what that means (a term ticked off by hand, or a to-do, is no news)."""
    first = today - dt.timedelta(days=notice_days())
    found = []
    for term in terms:
        if (term.open or term.done_on is None or term.rule not in RULES or not term.closed_reason
                or term.closed_reason == MANUAL_REASON):
            continue
        if not first <= term.done_on <= today:
            continue
        text = f"{term.title}: gesloten op {long_date(term.done_on)} ({term.closed_reason})."
        if term.closing_note:
            text = f"{text} {term.closing_note}"
        found.append(Notice(term.id, term.done_on, text))
    found.sort(key=lambda notice: (notice.on, notice.term_id), reverse=True)
    return found
