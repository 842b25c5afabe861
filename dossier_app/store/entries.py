"""Service functions for the family, contacts, cases and timeline entries.

These are what the CLI and the UI call; they take and return plain values
and dataclasses, so callers never touch peewee models or SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast


from dossier_app.errors import UsageError
from dossier_app.store import dossier_deadlines, kenmerken, search
from dossier_app.store.models import (
    Agreement, Attachment, Traject, Contact, Conversation, Deadline, Document,
    Entry, Letter, Participant, Person, Recording, database, now,
)
from dossier_app.store.vocabulary import (
    CASE_STATUSES, CONTACT_ROLES, DOCUMENT_KINDS, ENTRY_KINDS, PERSON_ROLES, REPORT_STATUSES,
)

# Rows read with peewee's .dicts() (its type hints say model objects; they are plain dicts).
Rows = list[dict[str, Any]]


def _check_choice(value: str, allowed: Iterable[str], what: str) -> None:
    if value not in allowed:
        raise UsageError(f"Onbekende {what} '{value}'. Kies uit: {', '.join(allowed)}.")


def _today() -> dt.date:
    return dt.date.today()


# -- family, contacts, cases ---------------------------------------------------
def add_person(role: str, name: str, **fields: Any) -> int:
    _check_choice(role, PERSON_ROLES, "rol")
    if not name.strip():
        raise UsageError("Vul een naam in.")
    with database.atomic():
        person = Person.create(role=role, name=name.strip(), **fields)
        search.reindex_person(person)
    return int(person.id)


def update_person(person_id: int, **fields: Any) -> None:
    with database.atomic():
        Person.update(**fields).where(Person.id == person_id).execute()
        search.reindex_person(Person.get_by_id(person_id))


def add_contact(role: str, name: str, **fields: Any) -> int:
    _check_choice(role, CONTACT_ROLES, "rol")
    if not name.strip():
        raise UsageError("Vul een naam in.")
    with database.atomic():
        contact = Contact.create(role=role, name=name.strip(), **fields)
        search.reindex_contact(contact)
    return int(contact.id)


def update_contact(contact_id: int, **fields: Any) -> None:
    with database.atomic():
        Contact.update(**fields).where(Contact.id == contact_id).execute()
        search.reindex_contact(Contact.get_by_id(contact_id))


def add_traject(title: str, *, status: str = "voorbereiding", opened_on: dt.date | None = None,
             child_id: int | None = None, notes: str = "") -> int:
    _check_choice(status, CASE_STATUSES, "status")
    if not title.strip():
        raise UsageError("Geef het traject een naam.")
    with database.atomic():
        case = Traject.create(title=title.strip(), status=status, opened_on=opened_on or _today(),
                           child=child_id, notes=notes)
        search.reindex_case(case)
    return int(case.id)


def set_traject_status(case_id: int, status: str) -> None:
    _check_choice(status, CASE_STATUSES, "status")
    with database.atomic():
        Traject.update(status=status).where(Traject.id == case_id).execute()
        search.reindex_case(Traject.get_by_id(case_id))


# -- timeline entries ------------------------------------------------------------
def _new_entry(kind: str, occurred_on: dt.date | None, title: str, body: str, case_id: int | None) -> Entry:
    _check_choice(kind, ENTRY_KINDS, "soort")
    return Entry.create(kind=kind, occurred_on=occurred_on or _today(), title=title.strip(),
                        body=body, case=case_id)


def add_note(text: str, *, occurred_on: dt.date | None = None, case_id: int | None = None,
             title: str = "") -> int:
    """One note and its search-index row in one transaction. The row is written in one INSERT with the
    values peewee's ``Entry.create`` would store (a test compares them): a note is the write a parent
    makes most, and the model object cost more than the statement (issue 25)."""
    if not text.strip():
        raise UsageError("Een notitie mag niet leeg zijn.")
    day = occurred_on or _today()
    if isinstance(day, dt.datetime):     # as peewee's DateField stores it
        day = day.date()
    title = (title or text.strip().splitlines()[0][:80]).strip()
    stamp = now().isoformat(" ")
    with database.atomic():
        entry_id = int(database.execute_sql(_NOTE_INSERT_SQL, (day.isoformat(), title, text, case_id,
                                                               stamp, stamp)).lastrowid)
        search.index_new_entry(entry_id, "notitie", day, title, text)
    return entry_id


_NOTE_INSERT_SQL = ("INSERT INTO entry (kind, occurred_on, title, body, case_id, created_at, updated_at) "
                    "VALUES ('notitie', ?, ?, ?, ?, ?, ?)")


def add_conversation(*, occurred_on: dt.date, title: str, body: str = "", location: str = "",
                     topic: str = "", participants: Iterable[Any] = (), agreements: Iterable[Any] = (),
                     report_status: str = "niet toegezegd",
                     case_id: int | None = None, recording_id: int | None = None) -> int:
    """participants: names or (name, contact_id); agreements: (who, what, due_date|None)."""
    _check_choice(report_status, REPORT_STATUSES, "verslagstatus")
    if not title.strip():
        raise UsageError("Geef het gesprek een onderwerp of titel.")
    with database.atomic():
        entry = _new_entry("gesprek", occurred_on, title, body, case_id)
        Conversation.create(entry=entry, location=location, topic=topic,
                            report_status=report_status, recording=recording_id)
        _set_participants(entry, participants)
        for who, what, due in agreements:
            Agreement.create(entry=entry, who=who, what=what, due_date=due)
        search.reindex_entry(entry)
    return int(entry.id)


def _set_participants(entry: Entry, participants: Iterable[Any]) -> None:
    for item in participants:
        if isinstance(item, tuple):
            name, contact_id = item
        else:
            name, contact_id = item, None
        Participant.create(entry=entry, name=name, contact=contact_id)


def add_document(*, occurred_on: dt.date, title: str, doc_kind: str, body: str = "",
                 direction: str = "ontvangen", sender: str = "", kenmerk: str = "",
                 decision_date: dt.date | None = None, received_on: dt.date | None = None,
                 inaccuracies: str = "", case_id: int | None = None,
                 create_deadlines: bool = True) -> int:
    """Record a received or sent document; it starts its legal deadline (see dossier_deadlines)."""
    _check_choice(doc_kind, DOCUMENT_KINDS, "documentsoort")
    _check_choice(direction, ("ontvangen", "verzonden"), "richting")
    with database.atomic():
        entry = _new_entry("document", occurred_on, title, body, case_id)
        Document.create(entry=entry, doc_kind=doc_kind, direction=direction, sender=sender,
                        kenmerk=kenmerk, decision_date=decision_date, received_on=received_on,
                        inaccuracies=inaccuracies)
        kenmerken.set_key(entry.id, kenmerk)
        search.reindex_entry(entry)
        if create_deadlines:
            dossier_deadlines.on_document(entry.id)
    return int(entry.id)


def add_recording(*, occurred_on: dt.date, title: str, consent: bool, duration_seconds: int = 0,
                  participants: Iterable[Any] = (), body: str = "", external_path: str = "",
                  case_id: int | None = None) -> int:
    with database.atomic():
        entry = _new_entry("opname", occurred_on, title, body, case_id)
        Recording.create(entry=entry, consent=consent, duration_seconds=duration_seconds,
                         external_path=external_path)
        _set_participants(entry, participants)
        search.reindex_entry(entry)
    return int(entry.id)


def link_recording(conversation_id: int, recording_id: int) -> None:
    Conversation.update(recording=recording_id).where(Conversation.entry == conversation_id).execute()


def update_entry(entry_id: int, **fields: Any) -> None:
    allowed = {"title", "body", "occurred_on", "case"}
    unknown = set(fields) - allowed
    if unknown:
        raise UsageError(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    with database.atomic():
        Entry.update(updated_at=now(), **fields).where(Entry.id == entry_id).execute()
        search.reindex_entry(Entry.get_by_id(entry_id))


def update_conversation(entry_id: int, *, location: str, topic: str, report_status: str,
                        participants: Iterable[Any] = (), agreements: Iterable[dict[str, Any]] = ()) -> None:
    """Replace a gesprek's details. agreements: dicts with who, what, due_date, done
    and, for an existing agreement, its id (agreements left out are removed)."""
    _check_choice(report_status, REPORT_STATUSES, "verslagstatus")
    entry = Entry.get_by_id(entry_id)
    with database.atomic():
        Conversation.update(location=location, topic=topic, report_status=report_status).where(
            Conversation.entry == entry).execute()
        Participant.delete().where(Participant.entry == entry).execute()
        _set_participants(entry, participants)
        kept = []
        for item in agreements:
            values = {"who": item["who"], "what": item["what"], "due_date": item.get("due_date"),
                      "done": bool(item.get("done"))}
            if item.get("id"):
                Agreement.update(**values).where((Agreement.id == item["id"]) & (Agreement.entry == entry)).execute()
                kept.append(item["id"])
            else:
                kept.append(Agreement.create(entry=entry, **values).id)
        Agreement.delete().where((Agreement.entry == entry) & Agreement.id.not_in(kept or [0])).execute()
        Entry.update(updated_at=now()).where(Entry.id == entry_id).execute()
        search.reindex_entry(entry)


def update_document(entry_id: int, *, doc_kind: str, direction: str, sender: str, kenmerk: str,
                    decision_date: dt.date | None, received_on: dt.date | None, inaccuracies: str) -> None:
    """Replace a document's details; the legal deadline it starts is computed again."""
    _check_choice(doc_kind, DOCUMENT_KINDS, "documentsoort")
    _check_choice(direction, ("ontvangen", "verzonden"), "richting")
    entry = Entry.get_by_id(entry_id)
    before = Document.get(Document.entry == entry)
    starts_changed = (before.doc_kind, before.direction, before.decision_date, before.received_on) != (
        doc_kind, direction, decision_date, received_on)
    with database.atomic():
        Document.update(doc_kind=doc_kind, direction=direction, sender=sender, kenmerk=kenmerk,
                        decision_date=decision_date, received_on=received_on, inaccuracies=inaccuracies).where(
            Document.entry == entry).execute()
        kenmerken.set_key(entry_id, kenmerk)
        if starts_changed:
            dossier_deadlines.forget_open_deadlines_of(entry_id)
            dossier_deadlines.on_document(entry_id)
        Entry.update(updated_at=now()).where(Entry.id == entry_id).execute()
        search.reindex_entry(entry)


def update_recording(entry_id: int, *, consent: bool, duration_seconds: int,
                     participants: Iterable[Any] = ()) -> None:
    entry = Entry.get_by_id(entry_id)
    with database.atomic():
        Recording.update(consent=consent, duration_seconds=duration_seconds).where(
            Recording.entry == entry).execute()
        Participant.delete().where(Participant.entry == entry).execute()
        _set_participants(entry, participants)
        Entry.update(updated_at=now()).where(Entry.id == entry_id).execute()
        search.reindex_entry(entry)


def delete_entry(entry_id: int) -> None:
    with database.atomic():
        Entry.delete().where(Entry.id == entry_id).execute()
        search.forget("entry", entry_id)


# -- reading -----------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineItem:
    id: int
    kind: str
    date: dt.date
    title: str
    case_id: int | None
    case_title: str
    summary: str
    doc_kind: str = ""      # for a document: beschikking, gespreksverslag, …

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.kind, "date": self.date.isoformat(), "title": self.title,
                "case_id": self.case_id, "case": self.case_title, "text": self.summary}

    @classmethod
    def _from_row(cls, row: Any) -> TimelineItem:
        """From a row of _TIMELINE_SQL (the SQL already gives '' for missing values and the
        date as YYYY-MM-DD): only the date is converted here. Fast construction for whole
        timelines: the frozen __init__ sets each field through object.__setattr__."""
        item = object.__new__(cls)
        values = item.__dict__
        values.update(zip(_TIMELINE_FIELDS, row, strict=True))
        values["date"] = _parse_date(row[2])
        return item


_parse_date = dt.date.fromisoformat
_TIMELINE_FIELDS = ("id", "kind", "date", "title", "case_id", "case_title", "summary", "doc_kind")


_TIMELINE_SQL = (
    "SELECT e.id, e.kind, substr(e.occurred_on, 1, 10), e.title, e.case_id, coalesce(t.title, ''), "
    "coalesce(substr(e.body, 1, 300), ''), coalesce(d.doc_kind, '') "
    "FROM entry AS e LEFT JOIN traject AS t ON t.id = e.case_id LEFT JOIN document AS d ON d.entry_id = e.id"
)


def _timeline_filter(kind: str | None, case_id: int | None, kinds: Sequence[str] = (),
                     until: dt.date | None = None) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if kind:
        conditions.append("e.kind = ?")
        params.append(kind)
    if kinds:
        conditions.append(f"e.kind IN ({', '.join('?' for _kind in kinds)})")
        params += list(kinds)
    if until is not None:
        conditions.append("e.occurred_on < ?")     # before the next day ('YYYY-MM-DD', perhaps with a time)
        params.append((until + dt.timedelta(days=1)).isoformat())
    if case_id:
        conditions.append("e.case_id = ?")
        params.append(case_id)
    return conditions, params


def timeline(*, kind: str | None = None, case_id: int | None = None, kinds: Sequence[str] = (),
             until: dt.date | None = None, limit: int | None = None, offset: int = 0,
             after: Any = None) -> list[TimelineItem]:
    """Entries newest first (optionally of one kind, or of ``kinds``; of one case; on or before ``until``).

    Paging: ``limit`` rows from ``offset`` on; or, cheaper for deep pages,
    the ``limit`` rows that follow ``after`` (the last TimelineItem of the
    previous page). Without ``limit`` every entry is returned.
    """
    conditions, params = _timeline_filter(kind, case_id, kinds, until)
    if after is not None:
        conditions.append("(e.occurred_on, e.id) < (?, ?)")
        params += [after.date.isoformat(), after.id]
        offset = 0
    sql = _TIMELINE_SQL
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += " ORDER BY e.occurred_on DESC, e.id DESC"
    if limit:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit), int(offset)]
    return [TimelineItem._from_row(row) for row in database.execute_sql(sql, params).fetchall()]


def count_entries(kind: str | None = None, case_id: int | None = None) -> int:
    """How many entries the timeline has (with the same filters), without loading them."""
    conditions, params = _timeline_filter(kind, case_id)
    sql = "SELECT count(*) FROM entry AS e"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    return int(database.execute_sql(sql, params).fetchone()[0])


@dataclass
class EntryDetails:
    id: int
    kind: str
    date: dt.date
    title: str
    body: str
    case_id: int | None
    fields: dict[str, Any] = field(default_factory=dict)
    participants: list[str] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)


def entry_details(entry_id: int) -> EntryDetails:
    entry = Entry.get_or_none(Entry.id == entry_id)
    if entry is None:
        raise UsageError(f"Er is geen item met nummer {entry_id}.")
    details = EntryDetails(entry.id, entry.kind, entry.occurred_on, entry.title, entry.body,
                           entry.case_id)
    for model in (Conversation, Document, Recording, Deadline, Letter):
        row = model.select().where(model.entry == entry).dicts().first()
        if row:
            row.pop("entry", None)
            details.fields.update(row)
    details.participants = [p.name for p in entry.participants]  # type: ignore[attr-defined]  # peewee backref
    details.agreements = [
        {"id": a.id, "who": a.who, "what": a.what, "due_date": a.due_date, "done": a.done}
        for a in entry.agreements  # type: ignore[attr-defined]  # peewee backref
    ]
    details.attachments = [
        {"id": a.id, "filename": a.filename, "size": a.size, "sha256": a.sha256}
        for a in Attachment.select().where(Attachment.entry == entry)
    ]
    return details


def people(role: str | None = None) -> list[dict[str, Any]]:
    query = Person.select().order_by(Person.role, Person.id)
    if role:
        query = query.where(Person.role == role)
    return cast(Rows, list(query.dicts()))


def contacts(role: str | None = None) -> list[dict[str, Any]]:
    query = Contact.select().order_by(Contact.id)
    if role:
        query = query.where(Contact.role == role)
    return cast(Rows, list(query.dicts()))


def trajecten(traject_id: int | None = None) -> list[dict[str, Any]]:
    """Every traject, newest first (only traject ``traject_id`` when it is given)."""
    query = Traject.select().order_by(Traject.opened_on.desc(), Traject.id.desc())
    if traject_id is not None:
        query = query.where(Traject.id == traject_id)
    return cast(Rows, list(query.dicts()))


def traject_states(traject_id: int | None = None) -> list[tuple[int, str, str]]:
    """(id, title, status) of every traject (or only of ``traject_id``) in the order of ``trajecten``, as plain
    rows (the case state reads only these, for every family in Mijn gezinnen)."""
    where, params = ("WHERE id = ? ", [traject_id]) if traject_id is not None else ("", [])
    rows = database.execute_sql(f"SELECT id, title, status FROM traject {where}ORDER BY opened_on DESC, id DESC",
                                params).fetchall()
    return [(row_id, title, status) for row_id, title, status in rows]


def documents_with_kenmerk(kenmerk: str) -> list[dict[str, Any]]:
    """Documents already in the dossier with this kenmerk (case and spaces ignored), newest first:
    an index look-up on the kenmerk key (store/kenmerken.py)."""
    wanted = kenmerken.key(kenmerk)
    if not wanted:
        return []
    rows = database.execute_sql(
        "SELECT e.id, e.title, substr(e.occurred_on, 1, 10), d.doc_kind, d.kenmerk, e.case_id FROM document AS d "
        f"JOIN entry AS e ON e.id = d.entry_id WHERE {kenmerken.CANDIDATES} "
        "ORDER BY e.occurred_on DESC, e.id DESC", (wanted,)).fetchall()
    return [{"id": entry_id, "title": title, "date": dt.date.fromisoformat(day), "doc_kind": doc_kind,
             "case_id": case_id}
            for entry_id, title, day, doc_kind, stored, case_id in rows if kenmerken.key(stored) == wanted]


def contact_names() -> list[dict[str, Any]]:
    """Per contact only what recognises a sender: id, name, organisation, contact person, e-mail."""
    query = Contact.select(Contact.id, Contact.name, Contact.organisation, Contact.contact_person, Contact.email)
    return cast(Rows, list(query.order_by(Contact.id).dicts()))


def documents_with_file(sha256: str) -> list[dict[str, Any]]:
    """Documents that keep a file with exactly these bytes (its SHA-256) as an attachment, oldest first."""
    rows = database.execute_sql(
        "SELECT DISTINCT e.id, e.title, substr(e.occurred_on, 1, 10) FROM attachment AS a "
        "JOIN entry AS e ON e.id = a.entry_id JOIN document AS d ON d.entry_id = e.id "
        "WHERE a.sha256 = ? ORDER BY e.id", (sha256,)).fetchall()
    return [{"id": entry_id, "title": title, "date": dt.date.fromisoformat(day)} for entry_id, title, day in rows]


