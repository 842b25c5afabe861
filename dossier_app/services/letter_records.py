"""The letter log as the Overzicht and the Brieven page read it: what was made, and what happened to it.

Apart from ``services.letters`` (which re-exports both), so that reading the log does not load the letter
machinery (Jinja, the templates): the Overzicht shows letters awaiting a receipt at cold start (issue 25)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import letter_log


@dataclass(frozen=True)
class LetterRecord:
    """One letter in the log: what was made, and what happened to it."""

    id: int
    kind: str
    subject: str
    date: dt.date
    traject_id: int | None
    enclosures: tuple[str, ...]
    sent_on: dt.date | None
    send_method: str
    tracking_number: str
    receipt_confirmed_on: dt.date | None
    template_version: str = ""
    docx_sha256: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("date", "sent_on", "receipt_confirmed_on"):
            data[key] = data[key].isoformat() if data[key] else None
        data["case_id"] = data.pop("traject_id")
        data["enclosures"] = list(self.enclosures)
        return data


@needs_open
def letter_records(session: DossierSession, *, awaiting_receipt: bool = False) -> list[LetterRecord]:
    """The letter log, newest first (``awaiting_receipt``: only the letters sent whose receipt is not confirmed
    yet, filtered in SQL)."""
    def date(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    return [LetterRecord(row["id"], row["kind"], row["subject"], dt.date.fromisoformat(row["date"]), row["case_id"],
                         tuple(row["enclosures"]), date(row["sent_on"]), row["send_method"],
                         row["tracking_number"], date(row["receipt_confirmed_on"]),
                         row["template_version"], row["docx_sha256"])
            for row in letter_log.letters(awaiting_receipt=awaiting_receipt)]
