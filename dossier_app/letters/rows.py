"""Plain-SQL reads for the letter context, returned as model instances.

A letter reads some thirty small things from the dossier. Building each of
those statements through peewee's query builder cost more than running
them, so the letter context writes its SQL once, as text, and turns the rows
into the same model instances peewee would give (``document.entry.title``
keeps working). Values are converted by the models' own fields (dates stay
dates). Nothing is kept between calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from dossier_app.store.models import Contact, Deadline, Document, Entry, Letter, Person, Traject, database

# The columns of a document with its entry, in the "table.field" form ``fetch`` reads.
ENTRY_COLUMNS = ("e.id AS \"entry.id\", e.kind AS \"entry.kind\", e.case_id AS \"entry.case_id\", "
                 "e.occurred_on AS \"entry.occurred_on\", e.title AS \"entry.title\", e.body AS \"entry.body\"")


def columns(model: Any, alias: str = "") -> str:
    """The model's columns for a SELECT, optionally as alias.column."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + field.column_name for field in model._meta.sorted_fields)


CONTACT_COLUMNS = columns(Contact)
PERSON_COLUMNS = columns(Person)
TRAJECT_COLUMNS = columns(Traject)
DEADLINE_COLUMNS = columns(Deadline, "t") + ", " + ENTRY_COLUMNS
LETTER_COLUMNS = columns(Letter, "l") + ", " + ENTRY_COLUMNS
DOCUMENT_COLUMNS = columns(Document, "d") + ", " + ENTRY_COLUMNS

_Model = TypeVar("_Model")
_CONVERTERS: dict[tuple[Any, str], tuple[str, Callable[[Any], Any] | None]] = {}


def _converter(model: Any, column: str) -> tuple[str, Callable[[Any], Any] | None]:
    key = (model, column)
    if key not in _CONVERTERS:
        field = model._meta.columns.get(column)
        _CONVERTERS[key] = (field.name if field is not None else column,
                            field.python_value if field is not None else None)
    return _CONVERTERS[key]


def _instance(model: Any, values: dict[str, Any]) -> Any:
    data = {}
    for column, value in values.items():
        name, convert = _converter(model, column)
        data[name] = convert(value) if convert is not None and value is not None else value
    return model(**data)


def fetch(model: type[_Model], sql: str, params: Sequence[Any] = (), *, related: Any = None) -> list[_Model]:
    """Rows of ``sql`` as ``model`` instances. Columns named "<fk>.<column>" fill the
    instance of ``related[fk]`` set on that foreign key (e.g. a document's entry)."""
    cursor = database.execute_sql(sql, list(params))
    names = [description[0] for description in cursor.description]
    result = []
    for row in cursor.fetchall():
        own: dict[str, Any] = {}
        joined: dict[str, dict[str, Any]] = {}
        for name, value in zip(names, row, strict=True):
            if "." in name:
                prefix, column = name.split(".", 1)
                joined.setdefault(prefix, {})[column] = value
            else:
                own[name] = value
        for prefix, values in joined.items():
            own[prefix] = _instance(related[prefix], values)
        result.append(_instance(model, own))
    return result


def first(model: type[_Model], sql: str, params: Sequence[Any] = (), *, related: Any = None) -> _Model | None:
    rows = fetch(model, sql + " LIMIT 1", params, related=related)
    return rows[0] if rows else None


def documents(case_id: int | None, doc_kinds: Sequence[str], *, direction: str | None = None,
              entry_id: int | None = None, with_inaccuracies: bool = False,
              limit: int | None = None) -> list[Document]:
    """Documents of these kinds (in one traject, or the whole dossier), newest first."""
    kinds = list(doc_kinds)
    # Within one traject the case index finds its few entries; the '+' keeps SQLite
    # from scanning every document of that kind in the dossier instead.
    kind_column = "+d.doc_kind" if case_id is not None else "d.doc_kind"
    sql = (f"SELECT {DOCUMENT_COLUMNS} FROM entry AS e JOIN document AS d ON d.entry_id = e.id "
           f"WHERE {kind_column} IN ({', '.join('?' * len(kinds))})")
    params: list[Any] = kinds
    if case_id is not None:
        sql += " AND e.case_id = ?"
        params.append(case_id)
    if direction:
        sql += " AND d.direction = ?"
        params.append(direction)
    if entry_id is not None:
        sql += " AND e.id = ?"
        params.append(entry_id)
    if with_inaccuracies:
        sql += " AND d.inaccuracies != ''"
    sql += " ORDER BY e.occurred_on DESC, e.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return fetch(Document, sql, params, related={"entry": Entry})


def first_contact(*roles: str) -> Contact | None:
    """The oldest contact with the first of ``roles`` that has one."""
    for role in roles:
        found = first(Contact, f"SELECT {CONTACT_COLUMNS} FROM contact WHERE role = ? ORDER BY id", [role])
        if found is not None:
            return found
    return None


def contacts(role: str) -> list[Contact]:
    """Every contact with this role, oldest first."""
    return fetch(Contact, f"SELECT {CONTACT_COLUMNS} FROM contact WHERE role = ? ORDER BY id", [role])


def contact_names(role: str) -> list[tuple[int, str, str]]:
    """(id, name, organisation) of every contact with this role, oldest first: enough to choose one."""
    found: list[tuple[int, str, str]] = database.execute_sql(
        "SELECT id, name, organisation FROM contact WHERE role = ? ORDER BY id", [role]).fetchall()
    return found


def contact(contact_id: int | None) -> Contact | None:
    if contact_id is None:
        return None
    return first(Contact, f"SELECT {CONTACT_COLUMNS} FROM contact WHERE id = ?", [contact_id])


def persons(role: str) -> list[Person]:
    """Every person with this role ('ouder', 'kind'), oldest first."""
    return fetch(Person, f"SELECT {PERSON_COLUMNS} FROM person WHERE role = ? ORDER BY id", [role])


def person(person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    return first(Person, f"SELECT {PERSON_COLUMNS} FROM person WHERE id = ?", [person_id])


def traject(case_id: int | None) -> Traject | None:
    return first(Traject, f"SELECT {TRAJECT_COLUMNS} FROM traject WHERE id = ?", [case_id])


def traject_ids_newest_first() -> list[int]:
    return [row[0] for row in database.execute_sql(
        "SELECT id FROM traject ORDER BY opened_on DESC, id DESC").fetchall()]


def dossier_info(key: str) -> str | None:
    row = database.execute_sql("SELECT value FROM dossier_info WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def deadlines(where: str, params: Sequence[Any] = (), *, order: str = "t.due_date DESC",
              limit: int | None = None) -> list[Deadline]:
    """Deadlines with their entry; ``where`` is SQL over t (deadline) and e (entry)."""
    sql = (f"SELECT {DEADLINE_COLUMNS} FROM deadline AS t JOIN entry AS e ON e.id = t.entry_id "
           f"WHERE {where} ORDER BY {order}")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return fetch(Deadline, sql, params, related={"entry": Entry})


def letter(entry_id: int | None) -> Letter | None:
    return first(Letter, f"SELECT {LETTER_COLUMNS} FROM letter AS l JOIN entry AS e ON e.id = l.entry_id "
                         "WHERE l.entry_id = ?", [entry_id], related={"entry": Entry})


def document(entry_id: int | None) -> Document | None:
    return first(Document, f"SELECT {DOCUMENT_COLUMNS} FROM document AS d JOIN entry AS e ON e.id = d.entry_id "
                           "WHERE d.entry_id = ?", [entry_id], related={"entry": Entry})
