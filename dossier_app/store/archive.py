"""The dossier as plain data (``dossier.json`` of the open export) and back.

``dump()`` turns every table that holds the family's own data into JSON-ready
values; ``load()`` writes such values, already validated
(``store/export_format.py``), into a new, empty dossier with the same ids, so
every reference (a letter's recipient, a term's source document) stays what
it was. The layout is documented in docs/EXPORT.md and docs/export-schema.json.

Left out on purpose (also in docs/EXPORT.md): the search index (it is made
again from the data), drafts (unfinished form input in the app's internal
layout), the attachment file keys and storage names (the export holds the
decrypted files; the new dossier encrypts them with new keys), and the
dossier's random id (a new dossier is a dossier of its own).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

from peewee import BlobField, BooleanField, DateField, DateTimeField, ForeignKeyField, IntegerField

from dossier_app.store import dossier_deadlines, kenmerken, search
from dossier_app.store.dossier import DOSSIER_ID_KEY, RECOVERY_MADE_ON_KEY, RECOVERY_WRAP_KEY
from dossier_app.store.models import (
    Agreement, Attachment, Consent, Contact, Conversation, Deadline, Document, DossierInfo, Entry, Letter,
    Participant, Person, Recording, Traject, database,
)

# dossier_info keys that belong to the file, not to the family's data. The recovery key's
# wrapping key above all: with it and the original's .herstel file anyone could open the
# original dossier, and a copy made from an archive must never open with the original's sheet.
INFO_LEFT_OUT = ("format", DOSSIER_ID_KEY, RECOVERY_WRAP_KEY, RECOVERY_MADE_ON_KEY)

# Top-level lists: JSON name -> model.
COLLECTIONS = {"persons": Person, "contacts": Contact, "trajecten": Traject, "consents": Consent}

# The detail of an entry, kept inside it under the name of its kind.
DETAILS = {"gesprek": Conversation, "document": Document, "opname": Recording, "termijn": Deadline,
           "brief": Letter}
# Lists inside an entry.
ENTRY_LISTS = {"participants": Participant, "agreements": Agreement}

# Text columns that hold JSON: exported as JSON values, stored again as text.
JSON_COLUMNS: dict[tuple[Any, str], Any] = {(Deadline, "options"): {}, (Letter, "enclosures"): []}
# Columns never exported (see the module docstring).
LEFT_OUT = {(Attachment, "file_key"), (Attachment, "storage_name")}
# Column names that read better under another name in the export.
RENAMED = {(Entry, "case"): "traject_id"}


def json_name(model: Any, field: Any) -> str:
    if (model, field.name) in RENAMED:
        return RENAMED[(model, field.name)]
    return f"{field.name}_id" if isinstance(field, ForeignKeyField) else field.name


def exported_fields(model: Any, *, inside_entry: bool = False) -> Iterator[tuple[str, Any]]:
    """(json name, field) of every exported column; the entry link is implied inside an entry."""
    for field in model._meta.sorted_fields:
        if (model, field.name) in LEFT_OUT or isinstance(field, BlobField):
            continue
        if inside_entry and field.name == "entry":
            continue
        yield json_name(model, field), field


def _value_out(model: Any, field: Any, value: Any) -> Any:
    if value is None:
        return None
    if (model, field.name) in JSON_COLUMNS:
        return json.loads(value or "null") if isinstance(value, str) else value
    if isinstance(field, DateTimeField):
        return value.isoformat() if isinstance(value, dt.datetime) else str(value)
    if isinstance(field, DateField):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(field, BooleanField):
        return bool(value)
    return value


def _row_out(model: Any, row: Any, *, inside_entry: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, field in exported_fields(model, inside_entry=inside_entry):
        value = row.__data__.get(field.name)
        data[name] = _value_out(model, field, value)
    return data


def dump() -> dict[str, Any]:
    """Everything of the open dossier, as JSON values (without the export's own header)."""
    info = {row.key: row.value for row in DossierInfo.select().order_by(DossierInfo.key)
            if row.key not in INFO_LEFT_OUT}
    data: dict[str, Any] = {"info": info}
    model: Any
    for name, model in COLLECTIONS.items():
        data[name] = [_row_out(model, row) for row in model.select().order_by(model.id)]
    details = {kind: {row.__data__["entry"]: row for row in model.select()} for kind, model in DETAILS.items()}
    lists: dict[str, dict[int, list[Any]]] = {name: {} for name in ENTRY_LISTS}
    for name, model in ENTRY_LISTS.items():
        for row in model.select().order_by(model.id):
            lists[name].setdefault(row.__data__["entry"], []).append(row)
    entries = []
    for row in Entry.select().order_by(Entry.id):
        item = _row_out(Entry, row)
        for kind, model in DETAILS.items():
            detail = details[kind].get(row.id)
            if detail is not None:
                item[kind] = _row_out(model, detail, inside_entry=True)
        for name, model in ENTRY_LISTS.items():
            if row.id in lists[name]:
                item[name] = [_row_out(model, child, inside_entry=True) for child in lists[name][row.id]]
        entries.append(item)
    data["entries"] = entries
    data["attachments"] = [_row_out(Attachment, row) for row in Attachment.select().order_by(Attachment.id)]
    return data


def attachment_files() -> list[tuple[int, str, bytes, str, int]]:
    """(id, storage name, file key, sha256, size) of every attachment, for streaming them out."""
    return [(row.id, row.storage_name, bytes(row.file_key), row.sha256, row.size)
            for row in Attachment.select().order_by(Attachment.id)]


# -- reading back ------------------------------------------------------------------------
def _value_in(model: Any, field: Any, value: Any) -> Any:
    if value is None:
        return None
    if (model, field.name) in JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(field, DateTimeField):
        return dt.datetime.fromisoformat(value)
    if isinstance(field, DateField):
        return dt.date.fromisoformat(value)
    if isinstance(field, BooleanField):
        return bool(value)
    if isinstance(field, IntegerField) and not isinstance(field, ForeignKeyField):
        return int(value)
    return value


def _row_in(model: Any, data: dict[str, Any], *, entry_id: int | None = None) -> dict[str, Any]:
    """Column values for ``model.insert``: given values converted, missing ones left to the defaults."""
    values: dict[str, Any] = {}
    for name, field in exported_fields(model, inside_entry=entry_id is not None):
        if name in data:
            values[field.column_name] = _value_in(model, field, data[name])
    if entry_id is not None:
        values[model.entry.column_name] = entry_id
    for _name, field in exported_fields(model):
        if field.column_name not in values and field.default is not None and not field.primary_key:
            default = field.default() if callable(field.default) else field.default
            values[field.column_name] = default
    return values


def load(data: dict[str, Any], add_attachment: Callable[[dict[str, Any]], None], *, compute_deadlines: bool) -> None:
    """Write validated export data into the open, empty dossier (one transaction).

    ``add_attachment(item)`` stores one attachment's file (with the id and
    values of ``item``) and raises when its bytes do not match. With
    ``compute_deadlines`` the terms that recorded documents start are
    computed by the deadline engine, as when the documents are entered in the app.
    """
    with database.atomic():
        for key, value in data.get("info", {}).items():
            if key not in INFO_LEFT_OUT:
                DossierInfo.insert(key=key, value=value).on_conflict_replace().execute()
        for name in ("persons", "contacts", "trajecten"):
            model = COLLECTIONS[name]
            for item in data.get(name, []):
                model.insert(_row_in(model, item)).execute()
        entries = data.get("entries", [])
        for item in entries:
            Entry.insert(_row_in(Entry, item)).execute()
        for item in data.get("attachments", []):
            add_attachment(item)
        for item in entries:
            for kind, model in DETAILS.items():
                if kind not in item:
                    continue
                values = _row_in(model, item[kind], entry_id=item["id"])
                to_compute = model is Deadline and "due_date" not in item[kind]
                if to_compute:   # a hand-written term with its rule and start: the engine gives the last day
                    values["due_date"] = values["start_date"]
                model.insert(values).execute()
                if to_compute:
                    dossier_deadlines.recompute(item["id"])
            for name, model in ENTRY_LISTS.items():
                for child in item.get(name, []):
                    model.insert(_row_in(model, child, entry_id=item["id"])).execute()
        for item in data.get("consents", []):
            Consent.insert(_row_in(Consent, item)).execute()
        if compute_deadlines:
            for item in sorted(entries, key=lambda e: (e["occurred_on"], e["id"])):
                if "document" in item:
                    dossier_deadlines.on_document(item["id"])
        search.rebuild_index()
        kenmerken.fill_missing()
