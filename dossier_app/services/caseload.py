"""Mijn gezinnen: one overview across the dossiers this computer knows.

For every dossier whose key the user chose to remember in the OS keychain, or
that was unlocked here with its passphrase in this run of the app (the key then
stays in memory only, see ``key_from_passphrase``), the dossier is opened
READ-ONLY, one at a time, without taking its lock and without creating files
next to it; its open deadlines and afspraken are read
into memory and it is closed again before the next one. So no two dossiers
are ever open for writing, a dossier open elsewhere is not disturbed, nothing
from one family is written into another's file, and nothing is cached on disk.
Dossiers without a key are listed by their file name only (or by the name the user
agreed to keep in the settings). Everything here is slow: call it off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from dossier_app.deadlines import consequences
from dossier_app.errors import (
    DossierError, DossierNotFound, KeychainUnavailable, UsageError, WrongPassphrase,
)
from dossier_app.services import deadlines, family, keys, outputs
from dossier_app.services.session import DossierSession
from dossier_app.store import backup, overview
from dossier_app.store.dossier import Dossier
from dossier_app.security.keys import derive_key

READ, LOCKED, MISSING, FAILED = "gelezen", "vergrendeld", "ontbreekt", "fout"
STATE_LABELS = {READ: "Gelezen (alleen-lezen)", LOCKED: "Vergrendeld", MISSING: "Niet gevonden",
                FAILED: "Niet te lezen"}
LOCKED_MESSAGE = ("De sleutel van dit dossier is niet onthouden op deze computer. Ontgrendel het in Mijn "
                  "gezinnen met het wachtwoord (alleen zolang de app open is), of open het en kies "
                  "'Onthouden op deze computer'.")
OPEN_HERE_MESSAGE = ("Sluit eerst het geopende dossier: het overzicht opent de dossiers één voor één, "
                     "alleen-lezen.")
RECEIPT_RULE = consequences.RECEIPT_RULE
# The calendar's stable pseudonym: four signs from a salted hash of the dossier's own random id (not personal,
# never shown elsewhere); letters and digits that cannot be mistaken for each other.
PSEUDONYM_SALT = b"gezinsdossier/agenda-schuilnaam/v1"
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CALENDAR_SUFFIX = ".ics"


@dataclass(frozen=True)
class Family:
    number: int           # "Gezin 1", "Gezin 2", … in the order of the list
    path: Path
    label: str            # the file name until read, then the dossier's own name
    state: str            # READ | LOCKED | MISSING | FAILED
    message: str = ""     # why it was not read (Dutch)
    pseudonym: str = ""   # stable across reads and exports ("K7QF"): see ``pseudonym()``

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def generic_name(self) -> str:
        return f"Gezin {self.number}"

    def as_dict(self) -> dict:
        return {"number": self.number, "path": str(self.path), "name": self.label, "state": self.state,
                "message": self.message}


@dataclass(frozen=True)
class CaseloadItem:
    family_number: int
    family_path: Path
    family: str
    source: str           # 'termijn' | 'afspraak'
    id: int
    kind_label: str       # what it is without content: "Bezwaartermijn", "Afspraak"
    title: str
    due_date: dt.date | None
    overdue: bool
    days_left: int | None
    traject: str = ""
    rule: str = ""
    explanation: str = ""
    next_step: str = ""
    family_pseudonym: str = ""

    @property
    def calendar_name(self) -> str:
        """How the calendar names the family without its name: stable between exports ("Gezin K7QF")."""
        return f"Gezin {self.family_pseudonym}" if self.family_pseudonym else f"Gezin {self.family_number}"

    def as_dict(self) -> dict:
        return {"family_number": self.family_number, "family": self.family, "path": str(self.family_path),
                "source": self.source, "id": self.id, "kind": self.kind_label, "title": self.title,
                "due_date": self.due_date.isoformat() if self.due_date else None,
                "status": "verlopen" if self.overdue else "open", "days_left": self.days_left,
                "traject": self.traject, "explanation": self.explanation, "next_step": self.next_step}


@dataclass(frozen=True)
class Caseload:
    families: tuple = ()
    items: tuple = ()

    def names(self) -> dict[str, str]:
        """Path → the family's name, for the dossiers that were read (keep it in memory only)."""
        return {str(item.path): item.label for item in self.families if item.state == READ}

    def as_dict(self) -> dict:
        return {"families": [item.as_dict() for item in self.families],
                "items": [item.as_dict() for item in self.items]}


def _sort_key(item: CaseloadItem):
    return (item.due_date is None, item.due_date or dt.date.max, item.family_number, item.source, item.id)


def _kind_labels() -> dict[str, str]:
    labels = {rule.id: rule.title for rule in deadlines.rules()}
    labels[RECEIPT_RULE] = "Ontvangstbevestiging verwachten"
    return labels


def pseudonym(identity: str) -> str:
    """Four signs derived from a dossier's own random id: the same family keeps them in every export, two
    families practically never share them, and they say nothing about the family."""
    digest = hashlib.sha256(PSEUDONYM_SALT + identity.encode("utf-8")).digest()
    return "".join(PSEUDONYM_ALPHABET[byte % len(PSEUDONYM_ALPHABET)] for byte in digest[:4])


def _read(number: int, path: Path, key: bytes, today: dt.date, labels: dict) -> tuple[Family, list]:
    opened = DossierSession(path)
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    try:
        name = opened.name
        # An older dossier without an id of its own (read-only here: none is made) falls back to its file.
        alias = pseudonym(backup.existing_dossier_id() or str(Path(path).resolve()))
        trajecten = {traject.id: traject.title for traject in family.trajecten(opened)}
        found = []
        for item in deadlines.open_items(opened, today):
            label = "Afspraak" if item.source == "afspraak" else labels.get(item.rule, "Termijn")
            found.append(CaseloadItem(number, path, name, item.source, item.id, label, item.title, item.due_date,
                                      item.overdue, item.days_left, trajecten.get(item.case_id, ""), item.rule,
                                      item.explanation, item.next_step, alias))
        for row in overview.open_agreements():
            if row["due_date"] is None:
                found.append(CaseloadItem(number, path, name, "afspraak", row["id"], "Afspraak",
                                          f"Afspraak: {row['who']} — {row['what']}", None, False, None,
                                          trajecten.get(row["case_id"], ""), "afspraak", family_pseudonym=alias))
    finally:
        opened.lock()
    return Family(number, path, name, READ, pseudonym=alias), found


def key_from_passphrase(path, passphrase: str) -> bytes:
    """The key of one family's dossier from its passphrase, checked by opening it read-only without leaving a
    trace (slow: off the GUI thread). The caller keeps it in memory for this run only; WrongPassphrase when
    the passphrase does not fit."""
    if Dossier.current() is not None:
        raise UsageError(OPEN_HERE_MESSAGE)
    path = Path(path)
    key = derive_key(passphrase, Dossier.read_salt(path))
    opened = DossierSession(path)
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    opened.lock()
    return key


def load(dossier_paths, *, today: dt.date | None = None, session_keys: dict | None = None) -> Caseload:
    """Read every dossier in ``dossier_paths`` whose key is known: first the keys unlocked in this run
    (``session_keys``: resolved path text → key), then the keychain (slow: off the GUI thread).

    Refuses while a dossier is open in this program (only one can be open at a time)."""
    if Dossier.current() is not None:
        raise UsageError(OPEN_HERE_MESSAGE)
    session_keys = session_keys or {}
    today = today or dt.date.today()
    labels = _kind_labels()
    families, items = [], []
    for number, path in enumerate((Path(item) for item in dossier_paths), start=1):
        if not path.exists():
            families.append(Family(number, path, path.stem, MISSING, f"{path.name} bestaat niet (meer)."))
            continue
        try:
            key = session_keys.get(str(path.resolve())) or keys.remembered_key(path)
        except KeychainUnavailable as exc:
            families.append(Family(number, path, path.stem, LOCKED, str(exc)))
            continue
        except DossierError as exc:
            families.append(Family(number, path, path.stem, FAILED, str(exc)))
            continue
        if key is None:
            families.append(Family(number, path, path.stem, LOCKED, LOCKED_MESSAGE))
            continue
        try:
            read, found = _read(number, path, key, today, labels)
        except WrongPassphrase:
            families.append(Family(number, path, path.stem, LOCKED,
                                   "De onthouden sleutel past niet meer (is het wachtwoord gewijzigd?). "
                                   "Open het dossier met het wachtwoord."))
            continue
        except DossierNotFound as exc:
            families.append(Family(number, path, path.stem, MISSING, str(exc)))
            continue
        except DossierError as exc:
            families.append(Family(number, path, path.stem, FAILED, str(exc)))
            continue
        families.append(read)
        items.extend(found)
    return Caseload(tuple(families), tuple(sorted(items, key=_sort_key)))


# -- a calendar across families --------------------------------------------------------------
@dataclass(frozen=True)
class CalendarChoice:
    """What the calendar may say beyond "Gezin K7QF: Bezwaartermijn" and the date (all off by default)."""

    family_name: bool = False     # the family's name instead of its stable pseudonym ("Gezin K7QF")
    title: bool = False           # the item's own title instead of only its kind
    explanation: bool = False     # what the term means and what to do


@dataclass(frozen=True)
class _CalendarEntry:
    source: str
    id: int
    rule: str
    title: str
    due_date: dt.date
    basis: str = ""
    explanation: str = ""
    next_step: str = ""


def _family_tag(path: Path) -> str:
    """A stable, content-free tag for calendar ids (two families' items never share an id)."""
    return hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:12]


def calendar_entries(items, choice: CalendarChoice = CalendarChoice()) -> list[_CalendarEntry]:
    entries = []
    for item in items:
        if item.due_date is None:
            continue
        who = item.family if choice.family_name else item.calendar_name
        what = item.title if choice.title else item.kind_label
        entries.append(_CalendarEntry(
            f"{_family_tag(item.family_path)}-{item.source}", item.id, item.rule or item.source, f"{who}: {what}",
            item.due_date, explanation=item.explanation if choice.explanation else "",
            next_step=item.next_step if choice.explanation else ""))
    return entries


def export_calendar(items, target: Path, *, choice: CalendarChoice = CalendarChoice(),
                    overwrite: bool = False) -> int:
    """Write the dated items as one .ics file with only what ``choice`` allows; returns how many."""
    target = Path(target)
    if target.suffix.lower() != CALENDAR_SUFFIX:
        raise UsageError(f"Het agendabestand moet op {CALENDAR_SUFFIX} eindigen.")
    target = outputs.check_output(target, overwrite=overwrite)
    entries = calendar_entries(items, choice)
    from dossier_app import calendar_export   # icalendar loads only when a calendar is written

    calendar_export.write_ics(entries, target)
    return len(entries)

