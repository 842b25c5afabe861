"""Numbered, atomic schema migrations.

Each ``NNNN_name.sql`` file moves the schema one version up; it runs in one
transaction together with its Python follow-up (if any) and the new
``PRAGMA user_version``. Before an existing dossier is migrated, an encrypted
safety copy is written next to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from dossier_app.store.database import split_statements
from dossier_app.store.models import bind
from dossier_app.store import search

_FILE_PATTERN = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def _migration_files() -> dict[int, Traversable]:
    found: dict[int, Traversable] = {}
    for item in resources.files(__package__).iterdir():
        match = _FILE_PATTERN.match(item.name)
        if match:
            found[int(match.group(1))] = item
    return dict(sorted(found.items()))


MIGRATIONS = _migration_files()
LATEST_VERSION = max(MIGRATIONS)


def _after_search_index(db: Any) -> None:
    search.rebuild_index()


def _after_kenmerk_key(db: Any) -> None:
    from dossier_app.store import kenmerken

    kenmerken.fill_missing()


# Python steps owed by a schema version. They use the current models, so they
# run once the schema is at its target, inside the same transaction.
FOLLOW_UPS: dict[int, Callable[[Any], None]] = {2: _after_search_index, 10: _after_kenmerk_key}


def current_version(db: Any) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def pending(db: Any, target: int = LATEST_VERSION) -> list[int]:
    version = current_version(db)
    return [number for number in MIGRATIONS if version < number <= target]


def migrate(db: Any, target: int = LATEST_VERSION) -> list[int]:
    """Apply every pending migration up to ``target`` in one transaction.

    Either the dossier reaches ``target`` with every follow-up done, or it
    stays exactly at the version it had.
    """
    applied: list[int] = []
    with bind(db), db.atomic():
        for number in pending(db, target):
            script = MIGRATIONS[number].read_text(encoding="utf-8")
            for statement in split_statements(script):
                db.execute_sql(statement)
            db.execute_sql(f"PRAGMA user_version = {number}")
            applied.append(number)
        if target == LATEST_VERSION:
            for number in applied:
                if number in FOLLOW_UPS:
                    FOLLOW_UPS[number](db)
    return applied
