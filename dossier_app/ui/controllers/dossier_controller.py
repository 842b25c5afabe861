"""Opening, creating, locking and closing the dossier shown in the window.

The window lays out widgets; this controller decides what happens and runs
the slow parts (key derivation, creating, backups) through the task runner.
Locking and closing wait until running work is done, without blocking.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from dossier_app import APP_NAME, paths
from dossier_app import settings as settings_store
from dossier_app.services import attachments, backups, integrity, keys, recovery, session
from dossier_app.cancellation import Cancelled
from dossier_app.errors import DossierError, DossierInUse
from dossier_app.services.session import DossierSession
from dossier_app.ui.dialogs import UnlockDialog
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner

DEMO_FILE = "demo.dossier"
AUTOMATIC_BACKUP_CANCELLED = ("De automatische back-up is afgebroken omdat het dossier werd vergrendeld; er is niets "
                              "half opgeslagen. Bij het volgende openen wordt er weer een gemaakt.")


class DossierController(QObject):
    opened = Signal(object)       # the DossierSession now shown
    locked = Signal()
    closed = Signal()
    busy = Signal(str)            # a message while slow work runs
    idle = Signal()
    failed = Signal(str)          # a message to show
    notice = Signal(str)          # a passing status message
    recovery_sheet = Signal(object)   # a new recovery key to show once (services.recovery.RecoverySheet)

    def __init__(self, settings, editors, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.editors = editors
        self.session: DossierSession | None = None
        self._lock_requested = False
        self._reopen_after_unlock: list[tuple] = []
        # Path -> the family's name, learnt when a dossier was unlocked or read for the caseload.
        # In memory only: never written to the settings (which hold file paths only).
        self.names: dict[str, str] = {}

    def display_name(self, path) -> str:
        """The family's name once this dossier was unlocked in this run (or kept in the settings with the
        user's consent); its file name before that."""
        text = str(Path(path).resolve())
        return self.names.get(text) or self.settings.family_names.get(text) or Path(path).name

    def remember_names(self, names: dict) -> None:
        self.names.update({str(Path(path).resolve()): name for path, name in names.items()})

    def after_closing(self, callback) -> None:
        """Switching families: lock and close the open dossier first (its editors keep drafts, its
        opened copies are removed), once running work is done; then ``callback``."""
        def then():
            self.close()
            callback()

        if self.session is None:
            callback()
        else:
            runner().when_idle(then)

    @property
    def is_open(self) -> bool:
        return self.session is not None and self.session.is_open

    # -- opening -----------------------------------------------------------------------------
    def create(self, path: Path, passphrase: str, *, name: str | None = None, remember: bool = False):
        """Create, open, and make the recovery key (its sheet is shown once, by the window)."""
        def work():
            created = session.create_dossier(path, passphrase, name=name)
            try:
                sheet, problem = recovery.make_recovery_key(created), ""
            except DossierError as exc:
                sheet, problem = None, str(exc)
            if remember:
                keys.remember_key(created)
            return created, sheet, problem

        def done(result):
            created, sheet, problem = result
            self._show(created)
            if sheet is not None:
                self.recovery_sheet.emit(sheet)
            else:
                self.failed.emit("Het dossier is gemaakt, maar de herstelsleutel niet: " + problem
                                 + " Maak hem later via Bestand → Herstelblad maken….")

        def start():
            self.busy.emit("Het dossier wordt versleuteld aangemaakt…")
            runner().run(self, work, on_done=done, on_failed=self._failed)

        self.after_closing(start)

    def make_recovery_sheet(self):
        """A new recovery key for the open dossier (the window asked first when one existed)."""
        if not self.is_open:
            return
        runner().run(self, recovery.make_recovery_key, self.session, on_done=self.recovery_sheet.emit,
                     on_failed=self._failed)

    def open_demo(self):
        self.after_closing(self._open_demo)

    def _open_demo(self):
        folder = paths.data_dir() / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / DEMO_FILE
        for leftover in folder.glob(DEMO_FILE + "*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        self.busy.emit("Het demodossier wordt gemaakt…")
        runner().run(self, session.create_demo, path, session.demo_passphrase(), on_done=self._show,
                     on_failed=self._failed)

    def open_path(self, path: Path, dialog_parent=None):
        """Unlock with the remembered key (off the GUI thread), or ask the passphrase."""
        path = Path(path)
        if not path.exists():
            self.settings.forget_recent(path)
            settings_store.save(self.settings)
            self.failed.emit(f"{path.name} bestaat niet (meer).")
            return
        if self.is_open and self.session is not None and self.session.path.resolve() == path.resolve():
            return
        self.after_closing(lambda: self._open_closed(path, dialog_parent))

    def _open_closed(self, path: Path, dialog_parent=None):
        candidate = DossierSession(path)
        self.busy.emit("Het dossier wordt geopend…")
        runner().run(self, keys.unlock_with_keychain, candidate,
                     on_done=lambda remembered: self._after_keychain(candidate, remembered, dialog_parent),
                     on_failed=lambda exc: self._keychain_failed(candidate, exc, dialog_parent))

    def _keychain_failed(self, candidate: DossierSession, exc, dialog_parent):
        """The remembered key fits, but the dossier is open for writing elsewhere: offer read-only."""
        self.idle.emit()
        if not isinstance(exc, DossierInUse):
            self._failed(exc)
            return
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, str(exc),
                          QMessageBox.StandardButton.Cancel, dialog_parent)
        read_only = box.addButton("Alleen-lezen openen", QMessageBox.ButtonRole.AcceptRole)
        take_over = box.addButton("Overnemen", QMessageBox.ButtonRole.DestructiveRole) if exc.stale_possible else None
        box.setDefaultButton(read_only)
        box.exec()
        if box.clickedButton() in (read_only, take_over) and box.clickedButton() is not None:
            chose_read_only = box.clickedButton() is read_only
            self.busy.emit("Het dossier wordt geopend…")
            runner().run(self, keys.unlock_with_keychain, candidate, read_only=chose_read_only,
                         take_over_lock=not chose_read_only,
                         on_done=lambda ok: self._show(candidate) if ok else self.idle.emit(),
                         on_failed=self._failed)

    def _after_keychain(self, candidate: DossierSession, remembered: bool, dialog_parent):
        self.idle.emit()
        if remembered:
            self._show(candidate)
            return
        dialog = UnlockDialog(candidate, dialog_parent)
        dialog.accepted.connect(lambda: self._show(candidate))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _show(self, opened: DossierSession):
        self.idle.emit()
        if self.session is not None and self.session is not opened:
            self.close()
        self.session = opened
        self.names[str(opened.path.resolve())] = opened.name
        self.settings.add_recent(opened.path)
        settings_store.save(self.settings)
        self.opened.emit(opened)
        # The backup after the check: it then need not walk the same, unchanged file again.
        self.check_integrity(quietly=True, then=self._automatic_backup)

    def _failed(self, exc):
        self.idle.emit()
        self.failed.emit(describe(exc))

    def check_integrity(self, *, quietly: bool = False, then=None):
        """The full walk over every page, off the GUI thread; a damaged dossier is always said clearly.
        ``then``: what to do next once the walk passed (the automatic backup on opening)."""
        current = self.session

        def checked(_result):
            if then is not None and self.session is current:
                then()
            if not quietly:
                self.notice.emit("Het dossier is gecontroleerd: alles is in orde.")

        if not quietly:
            self.notice.emit("Het dossier wordt gecontroleerd…")
        runner().run(self, integrity.verify, current, on_done=checked, label="de controle van het dossier",
                     on_failed=lambda exc: self.failed.emit(
                         describe(exc) + " Maak geen nieuwe wijzigingen; zet zo nodig een back-up terug."))

    def _automatic_backup(self):
        current = self.session
        runner().run(self, backups.automatic_backup, current, self.settings.effective_backup_folder,
                     self.settings.backup_count, cancellable=True, on_failed=self._automatic_backup_failed)

    def _automatic_backup_failed(self, exc):
        if isinstance(exc, Cancelled):
            # Said after the lock that cancelled it has cleared the "wacht op…" message.
            QTimer.singleShot(0, lambda: self.notice.emit(AUTOMATIC_BACKUP_CANCELLED))
        else:
            self.notice.emit("Automatische back-up mislukt: " + describe(exc))

    # -- locking and closing ----------------------------------------------------------------------
    def lock(self):
        """Keep typed text as drafts, remove opened copies, close the database. Running work that can be
        cancelled (import, export, backup, search) is stopped; what cannot be is waited for, visibly."""
        if not self.is_open or self._lock_requested:
            return
        if runner().busy:
            self._lock_requested = True
            waiting = runner().stop_cancellable()
            if waiting:
                self.busy.emit("Het dossier wordt vergrendeld zodra dit klaar is: " + ", ".join(waiting) + "…")
            else:
                self.busy.emit("Lopend werk wordt afgebroken; daarna wordt het dossier vergrendeld…")
            runner().when_idle(self._lock_now)
            return
        self._lock_now()

    def _lock_now(self):
        was_waiting, self._lock_requested = self._lock_requested, False
        if was_waiting:
            self.idle.emit()
        if not self.is_open:
            return
        self._reopen_after_unlock = self.editors.close_all_for_lock()
        attachments.remove_private_copies()
        self.session.lock()
        self.locked.emit()

    def unlocked(self):
        """Back from the lock screen: the editors that were open come back with what was typed."""
        attachments.remove_stale_private_copies()
        keys_to_reopen, self._reopen_after_unlock = self._reopen_after_unlock, []
        self.editors.reopen(self.session, keys_to_reopen)

    def close(self):
        """Close the dossier (call only when no work runs: see ``close_when_idle``)."""
        if self.session is None:
            return
        self.editors.close_all_for_lock()
        attachments.remove_private_copies()
        self.session.close()
        self.session = None
        self.closed.emit()

    def close_when_idle(self):
        runner().when_idle(self.close)

    def backup_to(self, target: Path):
        def saved(path):
            self.idle.emit()
            self.notice.emit(f"Versleutelde back-up opgeslagen: {Path(path).name}")

        self.busy.emit("Back-up wordt gemaakt…")
        runner().run(self, backups.backup_to, self.session, Path(target), on_done=saved, on_failed=self._failed,
                     cancellable=True)
