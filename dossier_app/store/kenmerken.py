"""The kenmerk of a document as a lookup key (schema version 10): case and spaces ignored, kept in
the indexed column ``document.kenmerk_key`` so "is this letter already in the dossier?" is an index
look-up, not a read of every document.

The column is not a model field (the open export never sees it). A NULL key means "not computed":
set for every new or changed document here, filled for older rows by the migration and after an
archive import; a trigger clears it whenever a kenmerk changes by any other path, and the look-up
compares NULL rows by hand, so a missing key is never a missed match.
"""

from __future__ import annotations

from dossier_app.store.models import database


def key(kenmerk: str) -> str:
    return " ".join((kenmerk or "").split()).casefold()


def set_key(entry_id: int, kenmerk: str) -> None:
    database.execute_sql("UPDATE document SET kenmerk_key = ? WHERE entry_id = ?", (key(kenmerk), entry_id))


def fill_missing() -> None:
    rows = database.execute_sql("SELECT entry_id, kenmerk FROM document WHERE kenmerk_key IS NULL").fetchall()
    with database.atomic():
        for entry_id, kenmerk in rows:
            set_key(entry_id, kenmerk)


# Rows that may hold the wanted key: those with it, and those whose key is not computed yet.
CANDIDATES = ("(d.kenmerk_key = ? OR d.entry_id IN "
              "(SELECT entry_id FROM document WHERE kenmerk_key IS NULL AND kenmerk != ''))")
