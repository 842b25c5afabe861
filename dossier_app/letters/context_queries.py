"""What a letter reads from the dossier: the queries behind the letter context.

Plain SQL through ``letters/rows.py`` (model instances back, no ORM query building: a letter reads some
thirty small things). Which items a letter may then claim is decided in ``letters/claims.py``; the Dutch
wording is in ``letters/wording.py``; ``letters/context.py`` puts them together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dossier_app.deadlines import consequences as model
from dossier_app.letters import claims, followups, rows
from dossier_app.store.models import Consent, Contact, Deadline, Document, database

# A parent other than the first (the sender) who has gezag (parental authority).
# The ingebrekestelling's own term: what sending one starts (the consequence model).
LAPSING_TERM = model.started_by(model.SENT, followups.LAPSING_LETTER)
_SECOND_PARENT_SQL = ("SELECT name FROM person WHERE role = 'ouder' AND gezag = 'ja' "
                      "AND id != (SELECT min(id) FROM person WHERE role = 'ouder')")


def contact_named(name: str) -> Contact | None:
    if not name:
        return None
    return rows.first(Contact, f"SELECT {rows.CONTACT_COLUMNS} FROM contact WHERE name = ? OR organisation = ?",
                      [name, name])


def documents(case_id: int | None, *doc_kinds: str, direction: str | None = None) -> list[Document]:
    return rows.documents(case_id, doc_kinds, direction=direction)


def latest(case_id: int | None, *doc_kinds: str, direction: str | None = None) -> Document | None:
    found = rows.documents(case_id, doc_kinds, direction=direction, limit=1)
    return found[0] if found else None


def chosen_document(chosen: dict[str, Any], item: str, case_id: int | None) -> Document | None:
    """The document the user chose for ``item`` (when it fits the item and the traject)."""
    entry_id = chosen.get(item)
    if not entry_id:
        return None
    found = rows.documents(case_id, claims.CHOOSABLE_DOCUMENTS[item], entry_id=entry_id, limit=1)
    return found[0] if found else None


def second_parent_name() -> str | None:
    row = database.execute_sql(_SECOND_PARENT_SQL + " ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else None


def decision_term(case_id: int | None, where: str, params: list[Any]) -> Deadline | None:
    """The newest open beslistermijn (aanvraag or bezwaar) that also meets ``where``."""
    terms = list(claims.DECISION_TERMS)
    sql = f"t.rule_id IN ({', '.join('?' * len(terms))}) AND t.status = 'open' AND {where}"
    params = terms + params
    if case_id is not None:
        sql += " AND e.case_id = ?"
        params.append(case_id)
    found = rows.deadlines(sql, params, limit=1)
    return found[0] if found else None


def receipt_confirmation(case_id: int | None, after: dt.date) -> Document | None:
    """The first ontvangstbevestiging of the traject on or after ``after``."""
    found = [document for document in rows.documents(case_id, ("ontvangstbevestiging",))
             if document.entry.occurred_on >= after]
    return min(found, key=lambda document: document.entry.occurred_on) if found else None


def term_source(deadline: Deadline) -> tuple[str, dt.date | None, dt.date | None]:
    """What started a beslistermijn: its title, when it was sent and when it was received (as far as known)."""
    title, sent_on, received_on = deadline.entry.title, None, None
    if deadline.source_entry_id is not None:
        document = rows.document(deadline.source_entry_id)
        letter = rows.letter(deadline.source_entry_id)
        if document is not None:
            title, sent_on, received_on = document.entry.title, document.entry.occurred_on, document.received_on
        elif letter is not None:
            title = letter.subject or letter.entry.title
            sent_on, received_on = letter.sent_on or letter.entry.occurred_on, letter.receipt_confirmed_on
    return title, sent_on, received_on


def with_inaccuracies(case_id: int | None) -> Document | None:
    """The newest report with 'onjuistheden' noted; a gespreksverslag goes first."""
    for kinds in claims.REPORT_KINDS_IN_ORDER:
        for document in rows.documents(case_id, kinds, with_inaccuracies=True):
            if document.inaccuracies.strip():
                return document
    return None


def consent(consent_id: int | None) -> Consent | None:
    """One row of the consent register: the one chosen, or else the newest."""
    columns = ", ".join(field.column_name for field in Consent._meta.sorted_fields)
    if consent_id is not None:
        return rows.first(Consent, f"SELECT {columns} FROM consent WHERE id = ?", [consent_id])
    return rows.first(Consent, f"SELECT {columns} FROM consent ORDER BY id DESC")


def complaints_procedure(names: list[str]) -> Document | None:
    """The newest document of kind 'klachtenregeling' from one of ``names`` (any traject)."""
    if not names:
        return None
    return next((document for document in rows.documents(None, ("klachtenregeling",))
                 if document.sender in names), None)


@dataclass(frozen=True)
class TrajectText:
    """What the dossier says happened in a traject: the titles, texts and senders of its entries, and apart from
    them its afspraken — asked of SQLite, which stops at the first row that names what is sought, instead of
    reading every row of a long traject (issue 25: a letter's cost should not grow with the dossier).

    A row's text is its pieces joined by a space and lower-cased, as Python's ``in`` on ``str.lower()`` would
    see them. SQLite lower-cases ASCII letters only, so a name with other letters is looked for in the texts
    read into Python (the same answer, the old way)."""

    case_id: int

    def names_any(self, *names: str) -> bool:
        wanted = [name.lower() for name in names if name]
        return bool(wanted) and self._holds(wanted, with_agreements=True)

    def mentions_referral(self) -> bool:
        """A referral in the entries (not the afspraken): the words available_by_case looks for."""
        return self._holds(list(claims.REFERRAL_WORDS), with_agreements=False)

    def _holds(self, words: list[str], *, with_agreements: bool) -> bool:
        if not all(word.isascii() for word in words):
            entries, agreements = _texts(self.case_id)
            return claims.names_any((entries, agreements) if with_agreements else (entries,), *words)
        found = " OR ".join(["instr(text, ?)"] * len(words))
        ask = (f"EXISTS (SELECT 1 FROM (SELECT lower({_ENTRY_TEXT}) AS text FROM entry AS e "
               f"LEFT JOIN document AS d ON d.entry_id = e.id WHERE e.case_id = ?) WHERE {found})")
        params: list[Any] = [self.case_id, *words]
        if with_agreements:
            ask += (f" OR EXISTS (SELECT 1 FROM (SELECT lower({_AGREEMENT_TEXT}) AS text FROM agreement AS a "
                    f"JOIN entry AS e ON e.id = a.entry_id WHERE e.case_id = ?) WHERE {found})")
            params += [self.case_id, *words]
        return bool(database.execute_sql(f"SELECT {ask}", params).fetchone()[0])


def _joined(*columns: str) -> str:
    """SQL for the non-empty pieces of a row joined by one space (as ' '.join of the pieces that are set)."""
    return "ltrim(" + " || ".join(f"coalesce(nullif(' ' || {column}, ' '), '')" for column in columns) + ", ' ')"


_ENTRY_TEXT = _joined("e.title", "e.body", "d.sender")
_AGREEMENT_TEXT = _joined("a.who", "a.what")
_TRAJECT_TEXT_SQL = (f"SELECT 0, {_ENTRY_TEXT} FROM entry AS e LEFT JOIN document AS d ON d.entry_id = e.id "
                     f"WHERE e.case_id = ? UNION ALL SELECT 1, {_AGREEMENT_TEXT} FROM agreement AS a "
                     "JOIN entry AS e ON e.id = a.entry_id WHERE e.case_id = ?")


def _texts(case_id: int) -> tuple[str, str]:
    """The traject's entry texts and afspraak texts, lower case, each row joined to the next by a NUL (which no
    name holds: a name is found within one row)."""
    parts: tuple[list[str], list[str]] = ([], [])
    for source, text in database.execute_sql(_TRAJECT_TEXT_SQL, [case_id, case_id]).fetchall():
        parts[source].append(text or "")
    return "\0".join(parts[0]).lower(), "\0".join(parts[1]).lower()


def traject_text(case_id: int) -> TrajectText:
    return TrajectText(case_id)


def available_by_case(case_ids: list[int] | None, today: dt.date) -> dict[int | None, set[str]]:
    """``available_items`` for many cases at once, in a fixed number of queries.

    ``case_ids`` None means the whole dossier as one scope (key None). Same
    rules as build_context: the items are what it would fill in.
    """
    scoped = case_ids is not None
    scope_ids: list[int | None] = list(case_ids) if case_ids is not None else [None]
    found: dict[int | None, set[str]] = {case_id: ({"traject"} if case_id is not None else set())
                                         for case_id in scope_ids}
    if not found:
        return found

    def add(case_id: int | None, item: str) -> None:
        key = case_id if scoped else None
        if key in found:
            found[key].add(item)

    # Plain SQL, a fixed number of statements. Within trajecten they start from the
    # traject's own entries (the case index; '+' keeps SQLite from walking every
    # document or conversation in the dossier instead), so the cost follows the
    # trajecten asked about, not the size of the dossier.
    if scoped:
        scope = f" AND e.case_id IN ({', '.join('?' * len(found))})"
        scope_params = list(found)
        plus = "+"
    else:
        scope, scope_params, plus = "", [], ""

    def rows(sql: str, params: list[Any]) -> list[Any]:
        found_rows: list[Any] = database.execute_sql(sql + scope, params + scope_params).fetchall()
        return found_rows

    def with_an_entry(condition: str) -> list[int | None]:
        """The trajecten with an entry for which ``condition`` (SQL over e) holds. Within trajecten each one
        asked about stops at its first such entry instead of reading all of them."""
        if not scoped:
            return [case_id for (case_id,) in database.execute_sql(
                f"SELECT DISTINCT e.case_id FROM entry AS e WHERE {condition}").fetchall()]
        return [case_id for (case_id,) in database.execute_sql(
            f"SELECT t.id FROM traject AS t WHERE t.id IN ({', '.join('?' * len(found))}) AND EXISTS "
            f"(SELECT 1 FROM entry AS e WHERE e.case_id = t.id AND ({condition}))", list(found)).fetchall()]

    doc_kinds = list(claims.ITEM_FOR_DOC_KIND)
    for case_id, doc_kind in rows(
            "SELECT DISTINCT e.case_id, d.doc_kind FROM entry AS e JOIN document AS d ON d.entry_id = e.id "
            f"WHERE {plus}d.doc_kind IN ({', '.join('?' * len(doc_kinds))})", doc_kinds):
        add(case_id, claims.ITEM_FOR_DOC_KIND[doc_kind])
    for case_id, inaccuracies in rows(
            "SELECT e.case_id, d.inaccuracies FROM entry AS e JOIN document AS d ON d.entry_id = e.id "
            f"WHERE d.inaccuracies != '' AND {plus}d.doc_kind IN ({', '.join('?' * len(claims.REPORT_KINDS))})",
            list(claims.REPORT_KINDS)):
        if inaccuracies.strip():
            add(case_id, "verslag")
    # A beslistermijn (aanvraag or bezwaar) that is still open and has passed.
    terms = list(claims.DECISION_TERMS)
    for (case_id,) in rows(
            "SELECT DISTINCT e.case_id FROM deadline AS t JOIN entry AS e ON e.id = t.entry_id "
            f"WHERE t.rule_id IN ({', '.join('?' * len(terms))}) AND t.status = 'open' AND t.due_date < ?",
            terms + [today.isoformat()]):
        add(case_id, "beslistermijn_verlopen")
    # Issue 13: a conversation; an ingebrekestelling whose two weeks have passed.
    for case_id in with_an_entry("e.kind = 'gesprek' AND EXISTS (SELECT 1 FROM conversation AS c "
                                 "WHERE c.entry_id = e.id)"):
        add(case_id, "gesprek")
    for (case_id,) in rows(
            "SELECT DISTINCT e.case_id FROM deadline AS t JOIN entry AS e ON e.id = t.entry_id "
            "WHERE t.rule_id = ? AND t.status = 'open' AND t.due_date < ?", [LAPSING_TERM, today.isoformat()]):
        add(case_id, "ingebrekestelling_verlopen")
    # Requests in the letter log belong to the whole dossier, not to one traject.
    reminder_rules = list(followups.REMINDER_RULES)
    if database.execute_sql(
            f"SELECT count(*) FROM deadline WHERE rule_id IN ({', '.join('?' * len(reminder_rules))}) "
            "AND status = 'open' AND due_date < ? AND source_entry_id IS NOT NULL",
            reminder_rules + [today.isoformat()]).fetchone()[0]:
        for items in found.values():
            items.add("achterstand")
    avg_kinds = list(followups.AVG_KINDS)
    if database.execute_sql(
            f"SELECT count(*) FROM letter WHERE kind IN ({', '.join('?' * len(avg_kinds))}) "
            "AND sent_on IS NOT NULL", avg_kinds).fetchone()[0]:
        for items in found.values():
            items.add("avg_verzoek")
    roles = list(claims.ITEM_FOR_CONTACT_ROLE)
    for (role,) in database.execute_sql(
            f"SELECT DISTINCT role FROM contact WHERE role IN ({', '.join('?' * len(roles))})", roles).fetchall():
        for items in found.values():
            items.add(claims.ITEM_FOR_CONTACT_ROLE[role])
    # Issue 22: a referral the traject records, by a referrer among the contacts.
    if scoped and database.execute_sql(
            "SELECT count(*) FROM contact WHERE role IN ('huisarts', 'jeugdarts')").fetchone()[0]:
        # LIKE ignores the case of ASCII letters, and the words are ASCII.
        words = " OR ".join(f"{column} LIKE '%{word}%'" for word in claims.REFERRAL_WORDS
                            for column in ("e.title", "e.body"))
        for case_id in with_an_entry(words):
            add(case_id, "verwijzing")
    # Dossier-wide: another parent with gezag, and a consent in the register.
    if database.execute_sql(_SECOND_PARENT_SQL.replace("SELECT name", "SELECT count(*)")).fetchone()[0]:
        for items in found.values():
            items.add("tweede_ouder")
    if database.execute_sql("SELECT count(*) FROM consent").fetchone()[0]:
        for items in found.values():
            items.add("toestemming")
    return found
