"""Read-only questions about one traject, for the visit preparation and the caseload.

Nothing here writes. Recordings made without consent are never returned:
what these functions give may end up in a document shown to others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier_app.store.models import Agreement, Deadline, Document, Entry, Letter, Recording

SENT_KINDS = ("brief", "document")


def _in_case(query: Any, case_id: int | None) -> Any:      # peewee queries (peewee has no types)
    return query.where(Entry.case == case_id) if case_id is not None else query


def open_agreements(case_id: int | None = None, *, undated_only: bool = False) -> list[dict[str, Any]]:
    """Afspraken from gesprekken that are not done: dated ones first (soonest first), then undated (only the
    undated ones with ``undated_only``: the dated ones are in the case state already)."""
    query = (Agreement.select(Agreement, Entry).join(Entry, on=(Agreement.entry == Entry.id))
             .where(Agreement.done == False))  # noqa: E712 - peewee expression
    if undated_only:
        query = query.where(Agreement.due_date.is_null())
    rows = [{"id": row.id, "who": row.who, "what": row.what, "due_date": row.due_date,
             "conversation": row.entry.title, "conversation_date": row.entry.occurred_on,
             "case_id": row.entry.case_id}
            for row in _in_case(query, case_id)]
    rows.sort(key=lambda row: (row["due_date"] is None, row["due_date"] or dt.date.max, row["id"]))
    return rows


def agreements(case_id: int) -> list[dict[str, Any]]:
    """Every afspraak made in the gesprekken of a traject, done or not, in the order of the gesprekken."""
    query = (Agreement.select(Agreement, Entry).join(Entry, on=(Agreement.entry == Entry.id))
             .order_by(Entry.occurred_on, Entry.id, Agreement.id))
    return [{"id": row.id, "who": row.who, "what": row.what, "due_date": row.due_date, "done": row.done,
             "conversation": row.entry.title, "conversation_date": row.entry.occurred_on}
            for row in _in_case(query, case_id)]


def awaiting_answer(case_id: int | None = None) -> list[dict[str, Any]]:
    """Letters and sent documents whose answer is still awaited: an open term runs from them."""
    query = (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
             .where((Deadline.status == "open") & Deadline.source_entry.is_null(False)))
    query = _in_case(query, case_id)
    rows = []
    for deadline in query.order_by(Deadline.due_date):
        sent = Entry.get_or_none(Entry.id == deadline.source_entry_id)
        if sent is None or sent.kind not in SENT_KINDS:
            continue
        sent_on = sent.occurred_on
        if sent.kind == "document":
            document = Document.get_or_none(Document.entry == sent.id)
            if document is None or document.direction != "verzonden":
                continue
        else:
            letter = Letter.get_or_none(Letter.entry == sent.id)
            if letter is None or letter.sent_on is None:
                continue
            sent_on = letter.sent_on
        rows.append({"title": sent.title, "sent_on": sent_on, "due_date": deadline.due_date,
                     "term": deadline.entry.title, "term_entry_id": deadline.entry_id, "case_id": sent.case_id,
                     "sent_id": sent.id, "rule": deadline.rule_id})
    return rows


def inaccurate_documents(case_id: int | None = None) -> list[dict[str, Any]]:
    """Documents in which the family noted incorrect statements, each statement a line."""
    query = (Document.select(Document, Entry).join(Entry, on=(Document.entry == Entry.id))
             .where(Document.inaccuracies != ""))
    rows = []
    for document in _in_case(query, case_id).order_by(Entry.occurred_on, Entry.id):
        lines = [line.strip(" -•\t") for line in document.inaccuracies.splitlines() if line.strip(" -•\t")]
        rows.append({"title": document.entry.title, "date": document.entry.occurred_on,
                     "sender": document.sender, "statements": lines})
    return rows


def history(case_id: int | None, limit: int) -> list[dict[str, Any]]:
    """What happened, newest first: no deadlines (listed apart) and no recording made without consent."""
    secret = Recording.select(Recording.entry).where(Recording.consent == False)  # noqa: E712
    query = (Entry.select().where((Entry.kind != "termijn") & Entry.id.not_in(secret)))
    query = _in_case(query, case_id)
    rows = [{"date": row.occurred_on, "kind": row.kind, "title": row.title, "id": row.id, "doc_kind": ""}
            for row in query.order_by(Entry.occurred_on.desc(), Entry.id.desc()).limit(limit)]
    documents = {document.entry_id: document.doc_kind for document in
                 Document.select().where(Document.entry.in_([row["id"] for row in rows if row["kind"] == "document"]))}
    for row in rows:
        row["doc_kind"] = documents.get(row["id"]) or ""
    return rows
