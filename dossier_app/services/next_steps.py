"""What to do now: open deadlines matched to the letter that answers them, per traject.

The situations are data: each letter kind's ``[[aanleiding]]`` entries (in
templates/letters/<id>.toml) name a deadline rule and its state ('verlopen'
or 'loopt') and the button label. This module only matches them to the open
deadlines of the dossier and says how urgent each one is.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier_app.dutch import weekday_date
from dossier_app.letters.catalogue import kind_title, letters_dir, summaries
from dossier_app.services import deadlines, timeline
from dossier_app.services.letter_records import letter_records
from dossier_app.services.handle import kept_by_content
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import open_items
from dossier_app.store.dossier_deadlines import RECEIPT_RULE
from dossier_app.store.dossier_deadlines import DeadlineItem
from dossier_app.values import quick_init

# Traffic light: overdue is red; a last day within SOON_DAYS is orange; the rest green.
RED, ORANGE, GREEN = "rood", "oranje", "groen"
SOON_DAYS = 7
RECENT_ENTRIES = 5
FIRST_PER_GROUP = 5        # the Overzicht shows this many steps a group, then "meer…"
STEPS_KEPT = "overview steps"   # the name of the steps the Overzicht keeps per traject (handle.kept_by_content)
AGREEMENTS = "afspraken"   # the group key of the afspraken from gesprekken (a traject's key is its id)
# Kinds of entries that are things that happened (not computed deadlines, which carry a future date).
_RECENT_KINDS = ("gesprek", "document", "opname", "notitie", "brief")
FIRST_STEPS = (
    ("Vul bij Gezin uw eigen naam en adres in, en die van uw kind.",
     "Die gegevens komen in elke brief als afzender en onderwerp."),
    ("Leg een traject aan: waar gaat het om (bijvoorbeeld 'Aanvraag jeugdhulp').",
     "Alles wat u daarna vastlegt, kunt u aan dat traject koppelen."),
    ("Leg bij Tijdlijn vast wat er al gebeurde: gesprekken, brieven en besluiten.",
     "Van een besluit of een verstuurde aanvraag rekent de app de termijnen voor u uit."),
)


@quick_init
@dataclass(frozen=True)
class NextStep:
    """One open deadline and the letter that is the next step (``kind_id`` '' when there is none)."""

    deadline_id: int
    traject_id: int | None
    title: str
    rule: str
    due_date: dt.date
    days_left: int
    state: str            # 'verlopen' | 'loopt'
    colour: str           # RED | ORANGE | GREEN
    kind_id: str
    label: str            # the button text, or the situation when there is no letter for it
    advice: str           # what to do, from the deadline's rule
    is_agreement: bool = False

    @property
    def has_letter(self) -> bool:
        return bool(self.kind_id)


@quick_init
@dataclass(frozen=True)
class TrajectSteps:
    """A traject's first steps (soonest first); ``total`` counts all its open steps."""

    traject_id: int | None
    title: str
    status: str
    steps: tuple[NextStep, ...]
    total: int = 0                    # all its open steps (``steps`` holds the first few)
    notices: tuple[str, ...] = ()     # what the consequence model lately closed here, and why (the dwangsom owed)
    advice: str = ""                  # the next step of a traject without open terms (a traject in voorbereiding)
    letter_kind: str = ""             # the letter for that step
    letter_label: str = ""            # its button text

    @property
    def more(self) -> int:
        return max(0, self.total - len(self.steps))


@dataclass(frozen=True)
class Overview:
    trajecten: tuple[TrajectSteps, ...]
    agreements: tuple[NextStep, ...]          # the first open afspraken from gesprekken (who does what by when)
    awaiting_receipt: tuple[Any, ...]         # LetterRecord: sent, no receipt confirmed yet
    recent: tuple[Any, ...]                   # TimelineItem: the last few things that happened
    first_steps: tuple[tuple[str, str], ...] = field(default=())   # for an empty dossier
    agreements_total: int = 0                 # all open dated afspraken
    open_count: int = 0                       # every open term and afspraak
    overdue_count: int = 0

    @property
    def is_empty(self) -> bool:
        return bool(self.first_steps)


def letter_titles() -> dict[str, str]:
    """Letter kind id -> its title (for the letters awaiting a receipt), from the catalogue alone."""
    return {kind.id: kind.title for kind in summaries().values()}


def colour_for(overdue: bool, days_left: int) -> str:
    if overdue:
        return RED
    return ORANGE if days_left <= SOON_DAYS else GREEN


def _triggers() -> dict[tuple[str, str], tuple[str, str]]:
    """(rule, state) -> (letter kind id, label template); the first kind in catalogue order wins. Read-only: made
    once per letters folder (the catalogue is read once per folder too), not on every Overzicht."""
    return _triggers_of(str(letters_dir()))


@functools.lru_cache(maxsize=8)
def _triggers_of(folder: str) -> dict[tuple[str, str], tuple[str, str]]:
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for kind in summaries(Path(folder).parent).values():
        for trigger in kind.triggers:
            found.setdefault((trigger.rule, trigger.state), (kind.id, trigger.label))
    return found


def _fallback_label(item: DeadlineItem) -> str:
    if item.rule == RECEIPT_RULE:
        return "Nog geen ontvangstbevestiging — vraag erom"
    return str(item.title)


def step_for(item: DeadlineItem, triggers: dict[tuple[str, str], tuple[str, str]] | None = None) -> NextStep:
    triggers = _triggers() if triggers is None else triggers
    state = "verlopen" if item.overdue else "loopt"
    # No letter while one is already under way (the traject's history says so: item.letter).
    kind_id, label = triggers.get((item.rule, state), ("", "")) if item.letter else ("", "")
    if label:
        if "{datum}" in label:
            label = label.replace("{datum}", weekday_date(item.due_date, with_year=False))
    else:
        label = _fallback_label(item)
    return NextStep(item.id, item.case_id, item.title, item.rule, item.due_date, item.days_left, state,
                    colour_for(item.overdue, item.days_left), kind_id, label, item.next_step,
                    is_agreement=item.source == "afspraak")


@needs_open
def next_steps(session: DossierSession, today: dt.date | None = None,
               state: deadlines.CaseState | None = None) -> list[NextStep]:
    """Every open deadline and afspraak as a step: overdue first, then the soonest."""
    triggers = _triggers()
    state = state or deadlines.case_state(session, today)
    return [step_for(item, triggers) for item in state.items]


@needs_open
def overview(session: DossierSession, today: dt.date | None = None,
             first: int = FIRST_PER_GROUP) -> Overview:
    """Per traject its first ``first`` steps and how many there are, the first afspraken, letters awaiting a
    receipt and the last entries."""
    today = today or dt.date.today()
    # The terms' state comes from the consequence model (one place decides what an event did to a traject);
    # the page shows the first ``first`` steps of each group. The afspraken (thousands in a long dossier) are
    # read a page at a time, and counted, in SQL.
    state = deadlines.case_state(session, today, with_agreements=False)
    triggers = _triggers()
    trajecten = state.trajecten
    per_traject: dict[int | None, list[DeadlineItem]] = {}      # the open terms of each traject, in order
    for item in state.items:
        if item.source != "afspraak":
            per_traject.setdefault(item.case_id, []).append(item)

    # Only the shown ones made into steps; a traject whose shown items are those of the last time (the case state
    # keeps a traject's items while its terms are unchanged) keeps its steps.
    made = kept_by_content(session, STEPS_KEPT)
    made = {} if made is None else made

    def first_steps(group: int | None, items: list[DeadlineItem]) -> tuple[NextStep, ...]:
        shown = (triggers, tuple(items[:first]))
        kept = made.get(group)
        if kept is not None and kept[0] == shown:
            return kept[1]          # type: ignore[no-any-return]
        steps = tuple(step_for(item, triggers) for item in shown[1])
        made[group] = (shown, steps)
        return steps

    grouped = []
    for traject in trajecten:
        mine = per_traject.get(traject.id, [])
        label = f"Maak de brief: {kind_title(traject.letter_kind)}" if traject.letter_kind else ""
        grouped.append(TrajectSteps(traject.id, traject.title, traject.status, first_steps(traject.id, mine), len(mine),
                                    traject.notices, traject.next_step, traject.letter_kind, label))
    loose = per_traject.get(None, [])
    if loose:
        grouped.append(TrajectSteps(None, "Zonder traject", "", first_steps(None, loose), len(loose)))
    # Trajecten with something to do first (overdue, then soonest), the quiet ones after.
    grouped.sort(key=lambda group: (not group.steps, group.steps[0].due_date if group.steps else dt.date.max))
    agreements = tuple(step_for(item, triggers) for item in open_items.agreements(today, limit=first))
    open_count, overdue_count, agreements_total = open_items.counts_and_agreements(today)
    waiting = tuple(record for record in letter_records(session, awaiting_receipt=True)
                    if record.sent_on and not record.receipt_confirmed_on)
    recent = tuple(timeline.timeline(session, kinds=_RECENT_KINDS, until=today, limit=RECENT_ENTRIES))
    empty = not trajecten and not open_count and not recent
    return Overview(tuple(grouped), agreements, waiting, recent, FIRST_STEPS if empty else (),
                    agreements_total if agreements else 0, open_count, overdue_count)


@needs_open
def more_steps(session: DossierSession, group: int | str | None, offset: int, limit: int,
               today: dt.date | None = None) -> tuple[NextStep, ...]:
    """The next page of one group's steps: a traject id, None (no traject) or ``AGREEMENTS``."""
    if group == AGREEMENTS:
        triggers = _triggers()
        return tuple(step_for(item, triggers)
                     for item in open_items.agreements(today or dt.date.today(), offset=offset, limit=limit))
    traject = group if isinstance(group, int) else None                  # None: the terms without a traject
    state = deadlines.case_state(session, today, traject_id=traject, with_agreements=False)
    steps = [step for step in next_steps(session, today, state) if step.traject_id == group]
    return tuple(steps[offset:offset + limit])
