"""Legal deadlines: compute one, list what is open, add, tick off, export as a calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dossier_app import calendar_export
from dossier_app.deadlines import RULES, DeadlineResult, compute  # noqa: F401 - DeadlineResult: result type
from dossier_app.services import outputs
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import tracking
from dossier_app.store.tracking import DeadlineItem  # noqa: F401 - the layer's result type


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


def compute_deadline(rule_id: str, start: dt.date, *, postponement_weeks: int = 0, committee: bool = False,
                     extension: bool = False, suspensions: list[tuple[dt.date, dt.date]] = (),
                     on: dt.date | None = None) -> DeadlineResult:
    """Pure computation (no dossier needed), with the explanation of every step."""
    return compute(rule_id, start, postponement_weeks=postponement_weeks, committee=committee,
                   extension=extension, suspensions=list(suspensions), on=on)


@needs_open
def open_items(session: DossierSession, today: dt.date | None = None) -> list[DeadlineItem]:
    """Open deadlines and dated afspraken: overdue first, then the soonest."""
    return tracking.open_items(today)


@needs_open
def add_deadline(session: DossierSession, title: str, date: dt.date, *, rule_id: str = "",
                 traject_id: int | None = None) -> int:
    """A deadline on ``date`` set by hand, or computed by ``rule_id`` from the event on ``date``."""
    if rule_id:
        return tracking.add_computed(rule_id, date, title=title or None, case_id=traject_id)
    return tracking.add_manual(title, date, case_id=traject_id)


@needs_open
def mark_done(session: DossierSession, item_id: int, *, is_agreement: bool = False) -> None:
    """Tick off a deadline, or an afspraak from a gesprek."""
    if is_agreement:
        tracking.mark_agreement_done(item_id)
    else:
        tracking.mark_done(item_id)


@needs_open
def export_calendar(session: DossierSession, target: Path, *, today: dt.date | None = None,
                    overwrite: bool = False) -> int:
    """Write the open deadlines as an .ics file; returns how many.

    Never over a dossier or backup (OutputNotAllowed); over another existing
    file only with ``overwrite=True`` (OutputExists otherwise: ask first)."""
    target = outputs.check_output(target, overwrite=overwrite)
    items = tracking.open_items(today)
    calendar_export.write_ics(items, Path(target))
    return len(items)
