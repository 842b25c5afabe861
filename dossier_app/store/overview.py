"""Read-only questions about one traject, for the visit preparation and the caseload.

Nothing here writes. Recordings made without consent are never returned:
what these functions give may end up in a document shown to others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier_app.store.models import Agreement, Entry, database



def _in_case(query: Any, case_id: int | None) -> Any:      # peewee queries (peewee has no types)
    return query.where(Entry.case == case_id) if case_id is not None else query


def _day(value: Any) -> dt.date | None:
    """A stored date as peewee's DateField reads it ('2026-11-22', or a date and time: its day)."""
    return None if value is None else dt.date.fromisoformat(str(value)[:10])


def _case_filter(sql: str, case_id: int | None, params: list[Any]) -> str:
    """``sql`` limited to traject ``case_id`` (None: every traject, as ``_in_case``)."""
    if case_id is None:
        return sql
    params.append(case_id)
    return sql + " AND e.case_id = ?"


# Plain rows, not model objects: the gespreksvoorbereiding reads these for one traject each time it is made, and
# the query a model select builds cost more than its rows (issue 25).
_OPEN_AGREEMENTS_SQL = ("SELECT a.id, a.who, a.what, a.due_date, e.title, e.occurred_on, e.case_id "
                        "FROM agreement AS a JOIN entry AS e ON e.id = a.entry_id WHERE a.done = 0")


def open_agreements(case_id: int | None = None, *, undated_only: bool = False) -> list[dict[str, Any]]:
    """Afspraken from gesprekken that are not done: dated ones first (soonest first), then undated (only the
    undated ones with ``undated_only``: the dated ones are in the case state already)."""
    params: list[Any] = []
    sql = _OPEN_AGREEMENTS_SQL + (" AND a.due_date IS NULL" if undated_only else "")
    rows = [{"id": agreement_id, "who": who, "what": what, "due_date": _day(due), "conversation": title,
             "conversation_date": _day(held_on), "case_id": traject}
            for agreement_id, who, what, due, title, held_on, traject
            in database.execute_sql(_case_filter(sql, case_id, params), params).fetchall()]
    rows.sort(key=lambda row: (row["due_date"] is None, row["due_date"] or dt.date.max, row["id"]))
    return rows


def agreements(case_id: int) -> list[dict[str, Any]]:
    """Every afspraak made in the gesprekken of a traject, done or not, in the order of the gesprekken."""
    query = (Agreement.select(Agreement, Entry).join(Entry, on=(Agreement.entry == Entry.id))
             .order_by(Entry.occurred_on, Entry.id, Agreement.id))
    return [{"id": row.id, "who": row.who, "what": row.what, "due_date": row.due_date, "done": row.done,
             "conversation": row.entry.title, "conversation_date": row.entry.occurred_on}
            for row in _in_case(query, case_id)]


# An open term that runs from a letter the family sent (with its day of sending) or a document it sent.
_AWAITING_SQL = ("SELECT s.title, s.kind, s.occurred_on, l.sent_on, d.due_date, e.title, d.entry_id, s.case_id, s.id, "
                 "d.rule_id FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id "
                 "JOIN entry AS s ON s.id = d.source_entry_id "
                 "LEFT JOIN document AS doc ON doc.entry_id = s.id LEFT JOIN letter AS l ON l.entry_id = s.id "
                 "WHERE d.status = 'open' AND ((s.kind = 'document' AND doc.direction = 'verzonden') "
                 "OR (s.kind = 'brief' AND l.sent_on IS NOT NULL))")


def awaiting_answer(case_id: int | None = None) -> list[dict[str, Any]]:
    """Letters and sent documents whose answer is still awaited: an open term runs from them (soonest first).
    One query: a look-up of the sent entry, document or letter per term cost more than the rest together."""
    params: list[Any] = []
    sql = _case_filter(_AWAITING_SQL, case_id, params) + " ORDER BY d.due_date, d.entry_id"
    return [{"title": title, "sent_on": _day(occurred_on if kind == "document" else letter_sent_on),
             "due_date": _day(due), "term": term, "term_entry_id": term_id, "case_id": traject, "sent_id": sent_id,
             "rule": rule_id}
            for title, kind, occurred_on, letter_sent_on, due, term, term_id, traject, sent_id, rule_id
            in database.execute_sql(sql, params).fetchall()]


def inaccurate_documents(case_id: int | None = None) -> list[dict[str, Any]]:
    """Documents in which the family noted incorrect statements, each statement a line."""
    params: list[Any] = []
    sql = _case_filter("SELECT e.title, e.occurred_on, d.sender, d.inaccuracies FROM document AS d "
                       "JOIN entry AS e ON e.id = d.entry_id WHERE d.inaccuracies != ''", case_id, params)
    rows = []
    for title, occurred_on, sender, inaccuracies in database.execute_sql(
            sql + " ORDER BY e.occurred_on, e.id", params).fetchall():
        lines = [line.strip(" -•\t") for line in inaccuracies.splitlines() if line.strip(" -•\t")]
        rows.append({"title": title, "date": _day(occurred_on), "sender": sender, "statements": lines})
    return rows


def history(case_id: int | None, limit: int) -> list[dict[str, Any]]:
    """What happened, newest first: no deadlines (listed apart) and no recording made without consent."""
    params: list[Any] = []
    sql = _case_filter("SELECT e.occurred_on, e.kind, e.title, e.id, "
                       "CASE WHEN e.kind = 'document' THEN coalesce(d.doc_kind, '') ELSE '' END "
                       "FROM entry AS e LEFT JOIN document AS d ON d.entry_id = e.id "
                       "WHERE e.kind != 'termijn' AND e.id NOT IN (SELECT entry_id FROM recording WHERE consent = 0)",
                       case_id, params)
    params.append(limit)
    return [{"date": _day(occurred_on), "kind": kind, "title": title, "id": entry_id, "doc_kind": doc_kind}
            for occurred_on, kind, title, entry_id, doc_kind in database.execute_sql(
                sql + " ORDER BY e.occurred_on DESC, e.id DESC LIMIT ?", params).fetchall()]
