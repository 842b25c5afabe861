"""Legal deadlines: compute one, list what is open, add, tick off, export as a calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier_app.deadlines import RULES, DeadlineResult, advice, compute  # noqa: F401 - DeadlineResult: result type
from dossier_app.deadlines.consequences import Term
from dossier_app.errors import UsageError
from dossier_app.services import outputs
from dossier_app.services.handle import kept_by_content, kept_while_unchanged
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import dossier_deadlines, entries
from dossier_app.store.dossier_deadlines import DeadlineItem  # noqa: F401 - the layer's result type
from dossier_app.values import quick_init


@dataclass(frozen=True)
class TermFacts:
    """What changes a legal term: verdaging (with the date of the notice), further postponement
    agreed to (Awb 7:10 lid 4), periods in which it stood still, an advisory committee, the AVG
    extension (with the date of its notice)."""

    postponement_weeks: int = 0
    postponement_notice: dt.date | None = None
    consent_weeks: int = 0
    committee: bool = False
    extension: bool = False
    extension_notice: dt.date | None = None
    suspensions: tuple[tuple[dt.date, dt.date], ...] = ()

    def options(self) -> dict[str, Any]:
        """Only the facts that were given, as the engine's options."""
        values = {"postponement_weeks": self.postponement_weeks, "postponement_notice": self.postponement_notice,
                  "consent_weeks": self.consent_weeks, "committee": self.committee, "extension": self.extension,
                  "extension_notice": self.extension_notice, "suspensions": [tuple(p) for p in self.suspensions]}
        return {key: value for key, value in values.items() if value}


NO_FACTS = TermFacts()


@dataclass(frozen=True)
class RuleChoice:
    id: str
    title: str
    basis: str
    start_label: str


def rules() -> list[RuleChoice]:
    """The legal rules a deadline can be computed with, for a chooser."""
    return [RuleChoice(rule.id, rule.title, rule.basis, rule.start_label) for rule in RULES.values()]


def rule_ids() -> list[str]:
    return list(RULES)


def compute_deadline(rule_id: str, start: dt.date, *, facts: TermFacts = NO_FACTS,
                     on: dt.date | None = None) -> DeadlineResult:
    """Pure computation (no dossier needed), with the explanation of every step."""
    return compute(rule_id, start, on=on, **facts.options())


@quick_init
@dataclass(frozen=True)
class TrajectState:
    """A traject as every reader shows it: its status, what the consequence model lately closed in it (and
    why: the dwangsom owed, the appeal for not deciding in time that ended), and — when no term is open —
    its next step."""

    id: int
    title: str
    status: str
    notices: tuple[str, ...] = ()
    next_step: str = ""
    letter_kind: str = ""


@dataclass(frozen=True)
class CaseState:
    """Open terms and afspraken (each with the next step its traject's history gives) plus the trajecten:
    the one state that the Overzicht, the gespreksvoorbereiding, Mijn gezinnen and the .ics read."""

    items: tuple[DeadlineItem, ...]
    trajecten: tuple[TrajectState, ...]

    def traject(self, traject_id: int | None) -> TrajectState | None:
        return next((traject for traject in self.trajecten if traject.id == traject_id), None)


@needs_open
def case_state(session: DossierSession, today: dt.date | None = None, *,
               traject_id: int | None = None, with_agreements: bool = True) -> CaseState:
    """The dossier's state (or one traject's, filtered in SQL) as of ``today``. Without ``with_agreements``
    its items are the open terms alone (a reader that pages the afspraken reads them itself).

    Worked out once per state of the dossier: while nothing is committed to it (by this program or any other
    connection, ``handle.kept_while_unchanged``) the same day's state is not computed again — the Overzicht
    shown again, its "meer…", the gespreksvoorbereiding and the .ics after it read what was made."""
    today = today or dt.date.today()
    worked = kept_by_content(session, PER_TRAJECT)
    return kept_while_unchanged(session, ("case_state", today, traject_id, with_agreements),
                                lambda: _case_state(today, traject_id, with_agreements, worked))


PER_TRAJECT = "case_state per traject"     # the name of what ``case_state`` keeps per traject (kept_by_content)


@dataclass(frozen=True)
class _Advised:
    """What the consequence model says of one traject (or of the terms without one): worked out from its rows."""

    notices: tuple[str, ...]
    step: advice.Advice | None
    items: tuple[DeadlineItem, ...]        # its open terms as items


def _case_state(today: dt.date, traject_id: int | None, with_agreements: bool,
                worked: dict[Any, Any] | None = None) -> CaseState:
    """``case_state`` worked out from the bound dossier. ``worked``: per traject what it gave last time, with the
    rows it was made from (``handle.kept_by_content``); a traject whose rows, status and day are the same is not
    worked out again (a commit that changed one traject, or none of the terms — a note — leaves the others)."""
    # The terms of the dossier (or traject) and its open ones as items, in one read.
    # (Of the closed terms only what the advice reads: the meldingen's and those a next step looks back at.)
    closed_since, closed_rules = advice.closed_terms_needed(today)
    rows = dossier_deadlines.state_rows(traject_id)
    cases = entries.traject_states(traject_id)
    status: dict[int | None, str] = {case_id: case_status for case_id, _title, case_status in cases}
    advised: dict[int | None, _Advised] = {}
    made_from: dict[int | None, tuple[Any, ...]] = {}
    if worked is not None:          # what is kept of each traject, when its rows, status and day are the same
        rows_of: dict[int | None, list[dossier_deadlines.StateRow]] = {}
        for row in rows:
            rows_of.setdefault(row[dossier_deadlines.STATE_ROW_TRAJECT], []).append(row)
        for case in rows_of.keys() | status.keys():
            made_from[case] = (today, case in status, status.get(case), rows_of.get(case, []))
            kept = worked.get(case)
            if kept is not None and kept[0] == made_from[case]:
                advised[case] = kept[1]
        if advised:
            rows = [row for case in made_from if case not in advised for row in rows_of.get(case, [])]
    # The terms of the trajecten to work out, made in one go (each term once, however many trajecten changed).
    terms, open_terms = dossier_deadlines.state_terms_of(rows, today, closed_since=closed_since,
                                                         closed_rules=closed_rules)
    open_of: dict[int | None, list[dossier_deadlines.OpenTerm]] = {}
    for open_term in open_terms:
        open_of.setdefault(open_term[1], []).append(open_term)
    for case in terms.keys() | status.keys() | made_from.keys():
        if case in advised:
            continue
        advised[case] = _advise(case, terms.get(case, []), open_of.get(case, []), status, today)
        if worked is not None:
            worked[case] = (made_from[case], advised[case])
    trajecten = []
    for case_id, title, case_status in cases:
        step = advised[case_id].step
        trajecten.append(TrajectState(case_id, title, case_status, advised[case_id].notices,
                                      step.text if step else "", step.letter_kind if step else ""))
    items = [item for found in advised.values() for item in found.items]
    if with_agreements:
        items += dossier_deadlines.open_agreement_items(today, traject_id)
    # Overdue first, then the soonest (over the terms and the afspraken together).
    items.sort(key=lambda item: (not item.overdue, item.due_date, item.id))
    return CaseState(tuple(items), tuple(trajecten))


def _advise(case: int | None, terms: list[Term], open_terms: list[dossier_deadlines.OpenTerm],
            status: dict[int | None, str], today: dt.date) -> _Advised:
    """One traject's notices, its own step (when it has a status) and its open terms as items."""
    notices = tuple(notice.text for notice in advice.notices(terms, today))
    step = advice.traject_step(status[case], terms) if case in status else None
    items = []
    for row in open_terms:
        next_step = advice.next_step(row[0], terms, status.get(case), today)
        items.append(dossier_deadlines.open_term_item(row, today, next_step.text or row[4], next_step.letter,
                                                      notices))
    return _Advised(notices, step, tuple(items))


@needs_open
def open_items(session: DossierSession, today: dt.date | None = None) -> list[DeadlineItem]:
    """Open deadlines and dated afspraken: overdue first, then the soonest (each with the next step its
    traject's history gives, see ``case_state``)."""
    return list(case_state(session, today).items)


@needs_open
def add_deadline(session: DossierSession, title: str, date: dt.date, *, rule_id: str = "",
                 traject_id: int | None = None, facts: TermFacts = NO_FACTS) -> int:
    """A deadline on ``date`` set by hand, or computed by ``rule_id`` from the event on ``date``
    (with the facts that change the term, which are kept and shown in the explanation)."""
    if rule_id:
        return dossier_deadlines.add_computed(rule_id, date, title=title or None, case_id=traject_id, **facts.options())
    if facts.options():
        raise UsageError("Verdaging, opschorting en dergelijke horen bij een berekende termijn (kies een regel).")
    return dossier_deadlines.add_manual(title, date, case_id=traject_id)


@needs_open
def adjust_deadline(session: DossierSession, deadline_id: int, facts: TermFacts) -> dt.date:
    """Record facts that change a stored, computed term and compute it again; returns the new last day.

    An advisory committee on a beslistermijn op bezwaar is kept on its traject, so later terms use it too."""
    if facts.committee:
        dossier_deadlines.committee_for_deadline(deadline_id)
    dues = [dossier_deadlines.adjust(
        deadline_id, postponement_weeks=facts.postponement_weeks or None,
        postponement_notice=facts.postponement_notice, consent_weeks=facts.consent_weeks or None,
        suspension=pair, committee=True if facts.committee else None,
        extension=True if facts.extension else None, extension_notice=facts.extension_notice)
        for pair in facts.suspensions or [None]]       # one adjustment per suspension (at least one call)
    return dues[-1]


@needs_open
def set_repair_term(session: DossierSession, deadline_id: int, asked_on: dt.date, until: dt.date, *,
                    supplied_on: dt.date | None = None) -> None:
    """The hersteltermijn for the gronden of a pro-forma bezwaar (Awb 6:6); the beslistermijn
    op bezwaar stands still meanwhile (Awb 7:10 lid 2). ``deadline_id`` is the hersteltermijn or the term it
    suspends (then its bezwaar's hersteltermijn is used, or made)."""
    repair_id = dossier_deadlines.repair_term_for(deadline_id, asked_on)
    dossier_deadlines.set_repair_term(repair_id, asked_on, until, supplied_on=supplied_on)


def has_repair_term(rule_id: str) -> bool:
    """Whether a term of this rule stands still while the family repairs its bezwaar (the dialog's box)."""
    return bool(RULES[rule_id].repair_rule) if rule_id in RULES else False


@needs_open
def mark_done(session: DossierSession, item_id: int, *, is_agreement: bool = False) -> None:
    """Tick off a deadline, or an afspraak from a gesprek."""
    if is_agreement:
        dossier_deadlines.mark_agreement_done(item_id)
    else:
        dossier_deadlines.mark_done(item_id)


@needs_open
def withdraw(session: DossierSession, traject_id: int, what: str, on: dt.date) -> list[str]:
    """The family withdrew its aanvraag or bezwaar ('aanvraag' | 'bezwaar'): the terms that waited
    for it end (through the consequence model). Returns what changed, in plain words."""
    return dossier_deadlines.withdraw(traject_id, what, on)


@needs_open
def export_calendar(session: DossierSession, target: Path, *, today: dt.date | None = None,
                    overwrite: bool = False) -> int:
    """Write the open deadlines as an .ics file; returns how many.

    Never over a dossier or backup (OutputNotAllowed); over another existing
    file only with ``overwrite=True`` (OutputExists otherwise: ask first)."""
    target = outputs.check_output(target, overwrite=overwrite)
    items = case_state(session, today).items
    from dossier_app import calendar_export  # icalendar loads only when a calendar is written

    calendar_export.write_ics(items, Path(target))
    return len(items)
