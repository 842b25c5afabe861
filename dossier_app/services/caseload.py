"""Mijn gezinnen: one overview across the dossiers this computer knows.

For every dossier whose key the user chose to remember in the OS keychain, or
that was unlocked here with its passphrase in this run of the app (the key then
stays in memory only, see ``key_from_passphrase``), the dossier is opened
READ-ONLY through its own short-lived session, one at a time, without taking
its lock and without creating files next to it; its open deadlines and
afspraken are read into memory and it is closed again before the next one.
The dossier open in the window stays open meanwhile (sessions are separate
objects; nothing binds "the current" dossier). So a dossier open elsewhere is
not disturbed, nothing from one family is written into another's file, and
nothing is cached on disk.
Dossiers without a key are listed by their file name only (or by the name the user
agreed to keep in the settings). Everything here is slow: call it off the GUI thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier_app.cancellation import CancelToken, token_or_never
from dossier_app.deadlines import consequences
from dossier_app.errors import (
    DossierError, DossierLocked, DossierNotFound, KeychainUnavailable, UsageError, WrongPassphrase,
)
from dossier_app.services import deadlines, housekeeping, keys, outputs
from dossier_app.services.handle import StoreHandle, store_handle
from dossier_app.services.session import DossierSession
from dossier_app.store import dossier_deadlines, sidefiles
from dossier_app.store.dossier import DOSSIER_ID_KEY, NAME_KEY, Dossier
from dossier_app.security.keys import derive_key
from dossier_app.values import quick_init

READ, LOCKED, MISSING, FAILED = "gelezen", "vergrendeld", "ontbreekt", "fout"
STATE_LABELS = {READ: "Gelezen (alleen-lezen)", LOCKED: "Vergrendeld", MISSING: "Niet gevonden",
                FAILED: "Niet te lezen"}
LOCKED_MESSAGE = ("De sleutel van dit dossier is niet onthouden op deze computer. Ontgrendel het in Mijn "
                  "gezinnen met het wachtwoord (alleen zolang de app open is), of open het en kies "
                  "'Onthouden op deze computer'.")
RECEIPT_RULE = consequences.RECEIPT_RULE
NOTICE = "melding"
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

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "path": str(self.path), "name": self.label, "state": self.state,
                "message": self.message}


@quick_init
@dataclass(frozen=True)
class CaseloadItem:
    family_number: int
    family_path: Path
    family: str
    source: str           # 'termijn' | 'afspraak' | 'melding' (what the consequence model lately closed, and why)
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
    notices: tuple[str, ...] = ()

    @property
    def is_notice(self) -> bool:
        return self.source == NOTICE

    @property
    def calendar_name(self) -> str:
        """How the calendar names the family without its name: stable between exports ("Gezin K7QF")."""
        return f"Gezin {self.family_pseudonym}" if self.family_pseudonym else f"Gezin {self.family_number}"

    def as_dict(self) -> dict[str, Any]:
        return {"family_number": self.family_number, "family": self.family, "path": str(self.family_path),
                "source": self.source, "id": self.id, "kind": self.kind_label, "title": self.title,
                "due_date": self.due_date.isoformat() if self.due_date else None,
                "status": "verlopen" if self.overdue else "open", "days_left": self.days_left,
                "traject": self.traject, "explanation": self.explanation, "next_step": self.next_step,
                "notices": list(self.notices)}


@dataclass(frozen=True)
class Caseload:
    families: tuple[Family, ...] = ()
    items: tuple[CaseloadItem, ...] = ()

    def names(self) -> dict[str, str]:
        """Path → the family's name, for the dossiers that were read (keep it in memory only)."""
        return {str(item.path): item.label for item in self.families if item.state == READ}

    def as_dict(self) -> dict[str, Any]:
        return {"families": [item.as_dict() for item in self.families],
                "items": [item.as_dict() for item in self.items]}


def _sort_key(item: CaseloadItem) -> tuple[bool, dt.date, int, str, int]:
    return (item.due_date is None, item.due_date or dt.date.max, item.family_number, item.source, item.id)


def _kind_labels() -> dict[str, str]:
    return {rule: consequences.rule_title(rule) for rule in [*deadlines.rule_ids(), RECEIPT_RULE]}


def pseudonym(identity: str) -> str:
    """Four signs derived from a dossier's own random id: the same family keeps them in every export, two
    families practically never share them, and they say nothing about the family."""
    digest = hashlib.sha256(PSEUDONYM_SALT + identity.encode("utf-8")).digest()
    return "".join(PSEUDONYM_ALPHABET[byte % len(PSEUDONYM_ALPHABET)] for byte in digest[:4])


def _read(number: int, path: Path, key: bytes, today: dt.date, labels: dict[str, str]
          ) -> tuple[Family, list[CaseloadItem]]:
    opened = DossierSession(path)
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    try:
        with store_handle(opened).bound():   # bound in this call only
            return _read_open(opened, number, path, today, labels)
    finally:
        opened.lock(sweep=False)     # ``load`` sweeps each folder once, after its families


def _read_open(opened: DossierSession, number: int, path: Path, today: dt.date, labels: dict[str, str]
               ) -> tuple[Family, list[CaseloadItem]]:
    # Its name (the file's when it has none: Dossier.name) and its own id, in one read.
    info = store_handle(opened).info(NAME_KEY, DOSSIER_ID_KEY)
    name = info[NAME_KEY] if NAME_KEY in info else path.stem
    # An older dossier without an id of its own (read-only here: none is made) falls back to its file.
    alias = pseudonym(info.get(DOSSIER_ID_KEY) or str(Path(path).resolve()))
    # The same state the Overzicht and the .ics read: its terms here, the afspraken below in one read (dated
    # ones as the state gives them, undated ones too), each straight into the row it becomes.
    state = deadlines.case_state(opened, today, with_agreements=False)
    trajecten = {traject.id: traject.title for traject in state.trajecten}
    found = []
    for item in state.items:
        label = "Afspraak" if item.source == "afspraak" else labels.get(item.rule, "Termijn")
        traject_title = trajecten.get(item.case_id, "") if item.case_id is not None else ""
        found.append(CaseloadItem(number, path, name, item.source, item.id, label, item.title, item.due_date,
                                  item.overdue, item.days_left, traject_title, item.rule,
                                  item.explanation, item.next_step, alias, item.notices))
    for traject in state.trajecten:
        for index, notice in enumerate(traject.notices):
            found.append(CaseloadItem(number, path, name, NOTICE, traject.id * 1000 + index, "Melding", notice,
                                      None, False, None, traject.title, family_pseudonym=alias))
    found += _agreement_items(number, path, name, alias, trajecten, today)
    return Family(number, path, name, READ, pseudonym=alias), found


def _agreement_items(number: int, path: Path, name: str, alias: str, trajecten: dict[int, str],
                     today: dt.date) -> list[CaseloadItem]:
    """Every open afspraak of the bound dossier as a row (a long dossier has thousands, due on far fewer days:
    each distinct day is parsed, and its days left worked out, once)."""
    days: dict[Any, tuple[dt.date, bool, int]] = {}
    held: dict[Any, dt.date] = {}
    next_step = dossier_deadlines.AGREEMENT_NEXT_STEP
    found = []
    for agreement_id, who, what, due, conversation, held_on, case_id in (
            dossier_deadlines.open_agreement_rows_as_read(dated_only=False)):
        traject_title = trajecten.get(case_id, "") if case_id is not None else ""
        title = dossier_deadlines.agreement_title(who, what)
        if due is None:
            found.append(CaseloadItem(number, path, name, "afspraak", agreement_id, "Afspraak", title, None, False,
                                      None, traject_title, "afspraak", family_pseudonym=alias))
            continue
        day = days.get(due)
        if day is None:
            date = dossier_deadlines.stored_date(due)
            day = days[due] = (date, date < today, (date - today).days)
        held_day = held.get(held_on)
        if held_day is None:
            held_day = held[held_on] = dossier_deadlines.stored_date(held_on)
        found.append(CaseloadItem(number, path, name, "afspraak", agreement_id, "Afspraak", title, day[0], day[1],
                                  day[2], traject_title, "afspraak",
                                  dossier_deadlines.agreement_explanation(conversation, held_day), next_step, alias))
    return found


# -- what was read, kept in memory per file version -------------------------------------------------
# The dossier file as the store tells a change from outside (store/sidefiles.fingerprint: device, inode, size,
# modification and change times, a hash of its first and last page), and its -wal's device, inode, size and times
# (None for a file that is not there).
Fingerprint = tuple[tuple[Any, ...] | None, ...]


def file_fingerprint(path: Path) -> Fingerprint:
    """The state of the dossier file and of its ``-wal`` when there is one: it changes whenever anyone writes to
    the dossier — also a copy put in its place with the same size and modification time (its change time and
    pages differ) — so a read kept under it is still true."""
    found = sidefiles.fingerprint(Path(path))
    parts: list[tuple[Any, ...] | None] = [tuple(sorted(found.items())) if found is not None else None]
    try:
        info = os.stat(sidefiles.side_path(Path(path), "-wal"))
    except FileNotFoundError:
        parts.append(None)
    else:
        parts.append((info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(parts)


@dataclass(frozen=True)
class _Read:
    """One family as read, without its place in the list (numbers are given per load)."""

    fingerprint: Fingerprint
    today: dt.date
    family: Family
    items: tuple[CaseloadItem, ...]


class ReadCache:
    """What Mijn gezinnen read, per dossier file, in memory only (never on disk): a file whose fingerprint
    (``file_fingerprint``) and day are unchanged is not opened again, so opening the overview a second time
    is instant. Holds family content: the page clears it when the app locks."""

    def __init__(self) -> None:
        self._reads: dict[str, _Read] = {}
        self._guard = threading.Lock()      # read on a worker thread, cleared on the GUI thread

    def get(self, path: Path, fingerprint: Fingerprint, today: dt.date) -> _Read | None:
        with self._guard:
            found = self._reads.get(str(Path(path).resolve()))
        return found if found is not None and found.fingerprint == fingerprint and found.today == today else None

    def put(self, path: Path, read: _Read) -> None:
        with self._guard:
            self._reads[str(Path(path).resolve())] = read

    def clear(self) -> None:
        with self._guard:
            self._reads.clear()

    def __len__(self) -> int:
        with self._guard:
            return len(self._reads)


def _numbered(read: _Read, number: int, path: Path) -> tuple[Family, list[CaseloadItem]]:
    if read.family.number == number and read.family.path == path:      # in the same place as last time: as it is
        return read.family, list(read.items)
    family = dataclasses.replace(read.family, number=number, path=path)
    return family, [dataclasses.replace(item, family_number=number, family_path=path) for item in read.items]


def key_from_passphrase(path: str | os.PathLike[str], passphrase: str) -> bytes:
    """The key of one family's dossier from its passphrase, checked by opening it read-only without leaving a
    trace (slow: off the GUI thread). The caller keeps it in memory for this run only; WrongPassphrase when
    the passphrase does not fit."""
    path = Path(path)
    key = derive_key(passphrase, Dossier.read_salt(path))
    opened = DossierSession(path)
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    opened.lock()
    return key


def load(dossier_paths: Iterable[str | os.PathLike[str]], *, today: dt.date | None = None,
         session_keys: dict[str, bytes] | None = None, cache: ReadCache | None = None,
         progress: Callable[[int, int, str], None] | None = None, cancel: CancelToken | None = None,
         open_here: StoreHandle | None = None) -> Caseload:
    """Read every dossier in ``dossier_paths`` whose key is known: first the keys unlocked in this run
    (``session_keys``: resolved path text → key), then the keychain (slow: off the GUI thread).
    A dossier open in this program (the window's) stays open: each family is read through its own session.
    ``cache``: files unchanged since they were read (same fingerprint, same day) are not opened again.
    ``progress(done, total, file_name)`` after each family; ``cancel`` stops between families (Cancelled).
    ``open_here``: the window's open session; its family is read too (with its key, through a session of its own)."""
    session_keys = dict(session_keys or {})
    if open_here is not None:
        try:
            session_keys.setdefault(str(open_here.path.resolve()), store_handle(open_here).key)
        except DossierLocked:
            pass                      # locked meanwhile: read like any other family
    today = today or dt.date.today()
    cancel = token_or_never(cancel)
    labels = _kind_labels()
    families: list[Family] = []
    items: list[CaseloadItem] = []
    paths = [Path(item) for item in dossier_paths]
    try:
        for number, path in enumerate(paths, start=1):
            cancel.check()
            _load_one(number, path, today, labels, session_keys, cache, families, items)
            if progress is not None:
                progress(number, len(paths), path.name)
    finally:    # what a crash left beside the families read (each session's lock leaves it to this, once a folder)
        for folder in dict.fromkeys(path.parent for path in paths):
            housekeeping.sweep_folder(folder)
    return Caseload(tuple(families), tuple(sorted(items, key=_sort_key)))


def _load_one(number: int, path: Path, today: dt.date, labels: dict[str, str], session_keys: dict[str, bytes],
              cache: ReadCache | None, families: list[Family], items: list[CaseloadItem]) -> None:
    """Read one family (or take it from ``cache``) into ``families`` and ``items``."""
    if not path.exists():
        families.append(Family(number, path, path.stem, MISSING, f"{path.name} bestaat niet (meer)."))
        return
    fingerprint = file_fingerprint(path) if cache is not None else None      # before reading: a write meanwhile
    kept = cache.get(path, fingerprint, today) if cache is not None and fingerprint is not None else None
    if kept is not None:
        family_read, found = _numbered(kept, number, path)
        families.append(family_read)
        items.extend(found)
        return
    try:
        key = session_keys.get(str(path.resolve())) or keys.remembered_key(path)
    except KeychainUnavailable as exc:
        families.append(Family(number, path, path.stem, LOCKED, str(exc)))
        return
    except DossierError as exc:
        families.append(Family(number, path, path.stem, FAILED, str(exc)))
        return
    if key is None:
        families.append(Family(number, path, path.stem, LOCKED, LOCKED_MESSAGE))
        return
    try:
        read, found = _read(number, path, key, today, labels)
    except WrongPassphrase:
        families.append(Family(number, path, path.stem, LOCKED,
                               "De onthouden sleutel past niet meer (is het wachtwoord gewijzigd?). "
                               "Open het dossier met het wachtwoord."))
        return
    except DossierNotFound as exc:
        families.append(Family(number, path, path.stem, MISSING, str(exc)))
        return
    except DossierError as exc:
        families.append(Family(number, path, path.stem, FAILED, str(exc)))
        return
    families.append(read)
    items.extend(found)
    if cache is not None and fingerprint is not None:
        cache.put(path, _Read(fingerprint, today, read, tuple(found)))


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


def calendar_entries(items: Iterable[CaseloadItem], choice: CalendarChoice = CalendarChoice()) -> list[_CalendarEntry]:
    entries = []
    for item in items:
        if item.due_date is None:
            continue
        who = item.family if choice.family_name else item.calendar_name
        what = item.title if choice.title else item.kind_label
        explanation = "\n".join((item.explanation, *item.notices)) if choice.explanation else ""
        entries.append(_CalendarEntry(
            f"{_family_tag(item.family_path)}-{item.source}", item.id, item.rule or item.source, f"{who}: {what}",
            item.due_date, explanation=explanation.strip(),
            next_step=item.next_step if choice.explanation else ""))
    return entries


def export_calendar(items: Iterable[CaseloadItem], target: Path, *, choice: CalendarChoice = CalendarChoice(),
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

