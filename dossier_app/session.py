"""One unlocked dossier as the desktop app sees it (Qt-free).

The UI holds a ``Session`` and calls its small methods; it never touches
models or SQL. Locking closes the database and drops the key; unlocking
opens it again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier_app.errors import DossierLocked, KeychainUnavailable
from dossier_app.security import keychain
from dossier_app.store import attachments, backup, drafts, entries, search, tracking
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import DossierInfo, database


class Session:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._dossier: Dossier | None = None

    # -- opening, locking ------------------------------------------------------
    @classmethod
    def create(cls, path, passphrase: str, *, remember: bool = False, name: str | None = None) -> "Session":
        session = cls(path)
        session._dossier = Dossier.create(session.path, passphrase, name=name)
        if remember:
            session.remember_key()
        return session

    @classmethod
    def create_demo(cls, path, passphrase: str, today: dt.date | None = None) -> "Session":
        from dossier_app.demo import create_demo

        session = cls(path)
        session._dossier = create_demo(session.path, passphrase, today=today)
        return session

    def unlock(self, passphrase: str | None = None, *, key: bytes | None = None) -> None:
        self._dossier = Dossier.unlock(self.path, passphrase, key=key)

    def unlock_with_keychain(self) -> bool:
        """Try the remembered key; False when there is none or it no longer fits."""
        from dossier_app.errors import WrongPassphrase
        from dossier_app.security.keys import key_id

        try:
            key = keychain.load_key(key_id(Dossier.read_salt(self.path)))
        except KeychainUnavailable:
            return False
        if key is None:
            return False
        try:
            self.unlock(key=key)
        except WrongPassphrase:
            return False
        return True

    def lock(self) -> None:
        if self._dossier is not None:
            self._dossier.close()
        self._dossier = None

    close = lock

    @property
    def is_open(self) -> bool:
        return self._dossier is not None and self._dossier.is_open

    def _require_open(self) -> None:
        if not self.is_open:
            raise DossierLocked("Het dossier is vergrendeld.")

    @property
    def dossier(self) -> Dossier:
        self._require_open()
        return self._dossier

    @property
    def name(self) -> str:
        return self.dossier.name if self.is_open else self.path.stem

    # -- keychain ---------------------------------------------------------------
    def remember_key(self) -> None:
        keychain.store_key(self.dossier.key_id, self.dossier.key)

    def forget_key(self) -> None:
        from dossier_app.security.keys import key_id

        keychain.forget_key(key_id(Dossier.read_salt(self.path)))

    def key_is_remembered(self) -> bool:
        from dossier_app.security.keys import key_id

        try:
            return keychain.load_key(key_id(Dossier.read_salt(self.path))) is not None
        except KeychainUnavailable:
            return False

    # -- reading ------------------------------------------------------------------
    def timeline(self, kind=None, case_id=None):
        self._require_open()
        return entries.timeline(kind=kind, case_id=case_id)

    def entry(self, entry_id: int):
        self._require_open()
        return entries.entry_details(entry_id)

    def search(self, text: str):
        self._require_open()
        return search.search(text)

    def open_items(self, today=None):
        self._require_open()
        return tracking.open_items(today)

    def cases(self):
        self._require_open()
        return entries.cases()

    def contacts(self, role=None):
        self._require_open()
        return entries.contacts(role)

    def people(self, role=None):
        self._require_open()
        return entries.people(role)

    def letters(self):
        from dossier_app.store import letter_log

        self._require_open()
        return letter_log.letters()

    def info(self, key: str, default: str = "") -> str:
        self._require_open()
        row = DossierInfo.get_or_none(DossierInfo.key == key)
        return row.value if row else default

    def set_info(self, key: str, value: str) -> None:
        self._require_open()
        with database.atomic():
            DossierInfo.insert(key=key, value=value).on_conflict_replace().execute()

    # -- writing (thin pass-through to the core services) ---------------------------
    def add_note(self, **kwargs) -> int:
        self._require_open()
        return entries.add_note(**kwargs)

    def add_conversation(self, **kwargs) -> int:
        self._require_open()
        return entries.add_conversation(**kwargs)

    def add_document(self, **kwargs) -> int:
        self._require_open()
        return entries.add_document(**kwargs)

    def add_recording(self, **kwargs) -> int:
        self._require_open()
        return entries.add_recording(**kwargs)

    def update_entry(self, entry_id: int, **fields) -> None:
        self._require_open()
        entries.update_entry(entry_id, **fields)

    def update_conversation(self, entry_id: int, **fields) -> None:
        self._require_open()
        entries.update_conversation(entry_id, **fields)

    def update_document(self, entry_id: int, **fields) -> None:
        self._require_open()
        entries.update_document(entry_id, **fields)

    def update_recording(self, entry_id: int, **fields) -> None:
        self._require_open()
        entries.update_recording(entry_id, **fields)

    def add_contact(self, role, name, **kwargs) -> int:
        self._require_open()
        return entries.add_contact(role, name, **kwargs)

    def update_contact(self, contact_id, **kwargs) -> None:
        self._require_open()
        entries.update_contact(contact_id, **kwargs)

    def add_person(self, role, name, **kwargs) -> int:
        self._require_open()
        return entries.add_person(role, name, **kwargs)

    def update_person(self, person_id, **kwargs) -> None:
        self._require_open()
        entries.update_person(person_id, **kwargs)

    def add_case(self, title, **kwargs) -> int:
        self._require_open()
        return entries.add_case(title, **kwargs)

    def add_deadline(self, title: str, date, *, rule_id: str = "", case_id=None) -> int:
        """A manual deadline on ``date``, or one computed by ``rule_id`` from ``date``."""
        self._require_open()
        if rule_id:
            return tracking.add_computed(rule_id, date, title=title or None, case_id=case_id)
        return tracking.add_manual(title, date, case_id=case_id)

    def mark_deadline_done(self, item) -> None:
        self._require_open()
        if item.source == "afspraak":
            tracking.mark_agreement_done(item.id)
        else:
            tracking.mark_done(item.id)

    # -- attachments -------------------------------------------------------------
    def add_attachment(self, entry_id: int, source: Path) -> int:
        return attachments.add_file(self.dossier, entry_id, Path(source))

    def export_attachment(self, attachment_id: int, target: Path) -> Path:
        return attachments.export(self.dossier, attachment_id, Path(target))

    def attachment(self, attachment_id: int) -> dict:
        self._require_open()
        return attachments.describe(attachment_id)

    # -- drafts ----------------------------------------------------------------------
    def save_draft(self, form: str, ref: str, payload: dict) -> None:
        self._require_open()
        drafts.save_draft(form, ref, payload)

    def load_draft(self, form: str, ref: str = ""):
        self._require_open()
        return drafts.load_draft(form, ref)

    def discard_draft(self, form: str, ref: str = "") -> None:
        self._require_open()
        drafts.discard_draft(form, ref)

    # -- backups ------------------------------------------------------------------
    def backup_to(self, target: Path) -> Path:
        return backup.create_backup(self.dossier, Path(target))

    def automatic_backup(self, folder: Path, keep: int) -> Path:
        return backup.automatic_backup(self.dossier, Path(folder), keep)
