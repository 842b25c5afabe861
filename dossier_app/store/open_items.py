"""The open terms and dated afspraken, read a page at a time: per traject the first few (ranked in
SQL, so the work does not grow with the dossier), the next page of one group, and the counts.

The order is the one of ``dossier_deadlines.open_items``: overdue first, then the soonest — for a
group that is simply the last day, then the id (an overdue item always has the earlier day).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dossier_app.store.dossier_deadlines import DeadlineItem, agreement_from_row, deadline_item
from dossier_app.store.models import Deadline, Entry, database

NO_TRAJECT = None          # the group of terms not linked to a traject


def _open_terms() -> Any:      # a peewee query (peewee has no types)
    return (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
            .where(Deadline.status == "open"))


def first_terms_per_traject(first: int, today: dt.date) -> dict[int | None, tuple[list[DeadlineItem], int]]:
    """Per traject id (None: no traject) its first ``first`` open terms and how many it has in all."""
    ranked = database.execute_sql(
        "SELECT entry_id, case_id, total FROM ("
        " SELECT d.entry_id, e.case_id,"
        "  ROW_NUMBER() OVER (PARTITION BY e.case_id ORDER BY d.due_date, d.entry_id) AS n,"
        "  COUNT(*) OVER (PARTITION BY e.case_id) AS total"
        " FROM deadline d JOIN entry e ON e.id = d.entry_id WHERE d.status = 'open')"
        " WHERE n <= ?", (first,)).fetchall()
    groups: dict[int | None, tuple[list[DeadlineItem], int]] = {
        case_id: ([], total) for _entry_id, case_id, total in ranked}
    rows = _open_terms().where(Deadline.entry.in_([entry_id for entry_id, _c, _t in ranked]))
    for row in rows.order_by(Deadline.due_date, Deadline.entry):
        groups[row.entry.case_id][0].append(deadline_item(row, today))
    return groups


def terms_of_traject(case_id: int | None, today: dt.date, *, offset: int = 0,
                     limit: int | None = None) -> list[DeadlineItem]:
    """One traject's open terms (``NO_TRAJECT``: those without one), a page of them."""
    where = Entry.case.is_null() if case_id is NO_TRAJECT else Entry.case == case_id
    query = _open_terms().where(where).order_by(Deadline.due_date, Deadline.entry).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [deadline_item(row, today) for row in query]


# The open dated afspraken as plain rows (the same fields ``agreement_item`` reads from the models), a page of them
# in the order of the lists (their number comes with the counts: ``counts_and_agreements``).
_AGREEMENTS_PAGE_SQL = ("SELECT a.id, a.who, a.what, a.due_date, e.title, e.occurred_on, e.case_id "
                        "FROM agreement AS a JOIN entry AS e ON e.id = a.entry_id "
                        "WHERE a.done = 0 AND a.due_date IS NOT NULL ORDER BY a.due_date, a.id LIMIT ? OFFSET ?")


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def agreements(today: dt.date, *, offset: int = 0, limit: int | None = None) -> list[DeadlineItem]:
    """The open dated afspraken from gesprekken, a page of them."""
    rows = database.execute_sql(_AGREEMENTS_PAGE_SQL, (-1 if limit is None else limit, offset)).fetchall()
    return [agreement_from_row(agreement_id, who, what, _day(due), title, _day(held_on), traject, today)
            for agreement_id, who, what, due, title, held_on, traject in rows]


def agreement_count() -> int:
    return int(database.execute_sql(
        "SELECT COUNT(*) FROM agreement WHERE done = 0 AND due_date IS NOT NULL").fetchone()[0])


def counts(today: dt.date) -> tuple[int, int]:
    """(open, overdue) over every open term and dated afspraak."""
    open_count, overdue, _agreements = counts_and_agreements(today)
    return open_count, overdue


def counts_and_agreements(today: dt.date) -> tuple[int, int, int]:
    """(open, overdue) over every open term and dated afspraak, and how many of those are afspraken: one query."""
    day = today.isoformat()
    row = database.execute_sql(
        "SELECT (SELECT COUNT(*) FROM deadline WHERE status = 'open'),"
        " (SELECT COALESCE(SUM(due_date < ?), 0) FROM deadline WHERE status = 'open'),"
        " COUNT(*), COALESCE(SUM(due_date < ?), 0) FROM agreement WHERE done = 0 AND due_date IS NOT NULL",
        (day, day)).fetchone()
    terms, terms_overdue, agreed, agreed_overdue = (int(value) for value in row)
    return terms + agreed, terms_overdue + agreed_overdue, agreed
