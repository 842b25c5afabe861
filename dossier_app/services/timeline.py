"""Timeline entries: gesprekken, documenten, opnames and notities; and drafts of forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import drafts, entries
from dossier_app.store.entries import EntryDetails, TimelineItem  # noqa: F401 - the layer's result types


@dataclass(frozen=True)
class AgreementInput:
    """An afspraak typed in a gesprek: who does what, by when (id when it exists)."""

    who: str
    what: str
    due_date: dt.date | None = None
    done: bool = False
    id: int | None = None


# -- reading ----------------------------------------------------------------------------
@needs_open
def timeline(session: DossierSession, *, kind: str | None = None, traject_id: int | None = None,
             kinds: Sequence[str] = (), until: dt.date | None = None, limit: int | None = None,
             after: TimelineItem | None = None) -> list[TimelineItem]:
    """Newest first (of one kind or of ``kinds``, of one traject, on or before ``until`` when given); with
    ``limit``, one page: the entries that follow ``after`` (keyset paging)."""
    return entries.timeline(kind=kind, case_id=traject_id, kinds=kinds, until=until, limit=limit, after=after)


@needs_open
def count_entries(session: DossierSession, kind: str | None = None, traject_id: int | None = None) -> int:
    return entries.count_entries(kind, traject_id)


@needs_open
def entry(session: DossierSession, entry_id: int) -> EntryDetails:
    return entries.entry_details(entry_id)


# -- adding -----------------------------------------------------------------------------
@needs_open
def add_note(session: DossierSession, text: str, *, occurred_on: dt.date | None = None,
             traject_id: int | None = None, title: str = "") -> int:
    return entries.add_note(text, occurred_on=occurred_on, case_id=traject_id, title=title)


@needs_open
def add_conversation(session: DossierSession, *, occurred_on: dt.date, title: str, body: str = "",
                     location: str = "", topic: str = "", participants: Sequence[str] = (),
                     agreements: Sequence[AgreementInput] = (), report_status: str = "niet toegezegd",
                     traject_id: int | None = None) -> int:
    return entries.add_conversation(
        occurred_on=occurred_on, title=title, body=body, location=location, topic=topic,
        participants=list(participants), report_status=report_status, case_id=traject_id,
        agreements=[(item.who, item.what, item.due_date) for item in agreements])


@needs_open
def add_document(session: DossierSession, *, occurred_on: dt.date, title: str, doc_kind: str, body: str = "",
                 direction: str = "ontvangen", sender: str = "", kenmerk: str = "",
                 decision_date: dt.date | None = None, received_on: dt.date | None = None,
                 inaccuracies: str = "", traject_id: int | None = None) -> int:
    """A received or sent document; it starts its legal deadline."""
    return entries.add_document(occurred_on=occurred_on, title=title, doc_kind=doc_kind, body=body,
                                direction=direction, sender=sender, kenmerk=kenmerk, decision_date=decision_date,
                                received_on=received_on, inaccuracies=inaccuracies, case_id=traject_id)


@needs_open
def add_recording(session: DossierSession, *, occurred_on: dt.date, title: str, consent: bool,
                  duration_seconds: int = 0, participants: Sequence[str] = (), body: str = "",
                  traject_id: int | None = None) -> int:
    return entries.add_recording(occurred_on=occurred_on, title=title, consent=consent,
                                 duration_seconds=duration_seconds, participants=list(participants), body=body,
                                 case_id=traject_id)


# -- changing -----------------------------------------------------------------------------
@needs_open
def update_entry(session: DossierSession, entry_id: int, *, title: str, occurred_on: dt.date, body: str,
                 traject_id: int | None) -> None:
    entries.update_entry(entry_id, title=title, occurred_on=occurred_on, body=body, case=traject_id)


@needs_open
def update_conversation(session: DossierSession, entry_id: int, *, location: str, topic: str, report_status: str,
                        participants: list[str], agreements: list[AgreementInput]) -> None:
    entries.update_conversation(
        entry_id, location=location, topic=topic, report_status=report_status, participants=list(participants),
        agreements=[{"who": item.who, "what": item.what, "due_date": item.due_date, "done": item.done,
                     "id": item.id} for item in agreements])


@needs_open
def update_document(session: DossierSession, entry_id: int, *, doc_kind: str, direction: str, sender: str,
                    kenmerk: str, decision_date: dt.date | None, received_on: dt.date | None,
                    inaccuracies: str) -> None:
    """Changed dates compute the document's deadline again."""
    entries.update_document(entry_id, doc_kind=doc_kind, direction=direction, sender=sender, kenmerk=kenmerk,
                            decision_date=decision_date, received_on=received_on, inaccuracies=inaccuracies)


@needs_open
def update_recording(session: DossierSession, entry_id: int, *, consent: bool, duration_seconds: int,
                     participants: list[str]) -> None:
    entries.update_recording(entry_id, consent=consent, duration_seconds=duration_seconds,
                             participants=list(participants))


# -- drafts (what was typed in a form, kept encrypted until saved) ----------------------------
@needs_open
def save_draft(session: DossierSession, form: str, ref: str, payload: dict[str, Any]) -> None:
    drafts.save_draft(form, ref, payload)


@needs_open
def load_draft(session: DossierSession, form: str, ref: str = "") -> dict[str, Any] | None:
    return drafts.load_draft(form, ref)


@needs_open
def discard_draft(session: DossierSession, form: str, ref: str = "") -> None:
    drafts.discard_draft(form, ref)
