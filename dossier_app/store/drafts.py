"""Drafts: what a user typed in a form, kept (encrypted) until it is saved."""

from __future__ import annotations

import json
from typing import Any

from dossier_app.store.models import Draft, database, now


def save_draft(form: str, ref: str, payload: dict[str, Any]) -> None:
    data = json.dumps(payload, ensure_ascii=False, default=str)
    with database.atomic():
        updated = Draft.update(payload=data, updated_at=now()).where(
            (Draft.form == form) & (Draft.ref == ref)).execute()
        if not updated:
            Draft.create(form=form, ref=ref, payload=data)


def load_draft(form: str, ref: str = "") -> dict[str, Any] | None:
    row = Draft.get_or_none((Draft.form == form) & (Draft.ref == ref))
    found: dict[str, Any] | None = json.loads(row.payload) if row else None
    return found


def discard_draft(form: str, ref: str = "") -> None:
    Draft.delete().where((Draft.form == form) & (Draft.ref == ref)).execute()


def all_drafts() -> list[dict[str, Any]]:
    return [{"form": row.form, "ref": row.ref, "updated_at": row.updated_at} for row in Draft.select()]
