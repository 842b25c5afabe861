"""Changing the passphrase, and putting a backup back as a new dossier."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QVBoxLayout,
)

from dossier_app import APP_NAME, paths
from dossier_app.errors import WrongPassphrase
from dossier_app.services import backups, keys
from dossier_app.services.session import DOSSIER_SUFFIX, DossierSession
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import ErrorLabel, passphrase_edit


class _WorkingDialog(QDialog):
    """A form whose OK runs slow work off the GUI thread; closing waits until it is done. Ctrl+L here asks
    the window to lock (a modal dialog blocks the window's own shortcut); locking stops cancellable work."""

    lock_requested = Signal()

    def __init__(self, title: str, ok_text: str, parent=None):
        super().__init__(parent)
        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.activated.connect(self.lock_requested.emit)
        self.setWindowTitle(f"{APP_NAME} — {title}")
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        self.working = False
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def set_working(self, working: bool) -> None:
        self.working = working
        self.progress.setVisible(working)
        self.buttons.setEnabled(not working)

    def reject(self):
        if not self.working:
            super().reject()

    def failed(self, exc):
        self.set_working(False)
        self.error.show_message(describe(exc))

    def start(self):
        raise NotImplementedError


class PassphraseDialog(_WorkingDialog):
    """The current passphrase once more (as a careful password manager asks), then the new one twice."""

    def __init__(self, session: DossierSession, parent=None):
        super().__init__("wachtwoord wijzigen", "Wachtwoord wijzigen", parent)
        self.session = session
        self.notes: list[str] = []
        self.intro.setText("Het dossier wordt opnieuw versleuteld met het nieuwe wachtwoord. Back-ups die u "
                           "eerder maakte, blijven het oude wachtwoord houden.")
        self.current = passphrase_edit("Huidig wachtwoord")
        self.new = passphrase_edit("Nieuw wachtwoord")
        self.repeat = passphrase_edit("Herhaal het nieuwe wachtwoord")
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setMinimumHeight(self.strength.fontMetrics().lineSpacing() * 3)
        self.form.addRow("Huidig wachtwoord *", self.current)
        self.form.addRow("Nieuw wachtwoord *", self.new)
        self.form.addRow("", self.strength)
        self.form.addRow("Herhaal *", self.repeat)
        for edit in (self.new, self.repeat):
            edit.textChanged.connect(self._check)
        self._check()
        self.current.setFocus()

    def _check(self):
        result = keys.assess_passphrase(self.new.text())
        self.strength.setText(f"Sterkte: {result.label}. {result.hint}" if self.new.text() else "")
        ok = result.acceptable and self.new.text() == self.repeat.text()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def start(self):
        if not self.current.text():
            self.error.show_message("Vul uw huidige wachtwoord in.")
            return
        self.error.show_message("")
        self.set_working(True)
        runner().run(self, self._change, self.session, self.current.text(), self.new.text(),
                     on_done=self._done, on_failed=self.failed)

    @staticmethod
    def _change(session, current: str, new: str) -> list[str]:
        if not keys.passphrase_fits(session, current):
            raise WrongPassphrase("Het huidige wachtwoord klopt niet; er is niets gewijzigd.")
        return keys.change_passphrase(session, new)

    def _done(self, notes):
        self.set_working(False)
        self.notes = list(notes)
        self.accept()


class RestoreDialog(_WorkingDialog):
    """A backup file, a new file for the dossier, and the backup's passphrase."""

    restored = Signal(object)    # the new dossier's path

    def __init__(self, parent=None, backup_folder: Path | None = None):
        super().__init__("back-up terugzetten", "Terugzetten", parent)
        self.intro.setText("De back-up wordt een nieuw dossier; er wordt niets overschreven. Het nieuwe dossier "
                           "opent met het wachtwoord dat het dossier had toen de back-up werd gemaakt.")
        self.archive = QLineEdit()
        self.archive.setAccessibleName("Back-upbestand")
        choose_archive = QPushButton("Kiezen…")
        choose_archive.setAutoDefault(False)
        choose_archive.clicked.connect(lambda _c=False: self._choose_archive(backup_folder))
        self.target = QLineEdit(str(paths.documents_dir() / f"teruggezet{DOSSIER_SUFFIX}"))
        self.target.setAccessibleName("Nieuw dossierbestand")
        self.passphrase = passphrase_edit("Wachtwoord van de back-up")
        row = QHBoxLayout()
        row.addWidget(self.archive, 1)
        row.addWidget(choose_archive)
        self.form.addRow("Back-up *", row)
        self.form.addRow("Nieuw dossier *", self.target)
        self.form.addRow("Wachtwoord *", self.passphrase)

    def _choose_archive(self, folder):
        chosen, _ = QFileDialog.getOpenFileName(self, "Back-up kiezen", str(folder or paths.documents_dir()),
                                                f"Back-up (*{backups.BACKUP_SUFFIX})")
        if chosen:
            self.archive.setText(chosen)

    def start(self):
        archive, target = Path(self.archive.text().strip()), Path(self.target.text().strip())
        if not self.archive.text().strip() or not self.passphrase.text():
            self.error.show_message("Kies een back-up en vul het wachtwoord in.")
            return
        self.error.show_message("")
        self.set_working(True)
        passphrase = self.passphrase.text()
        runner().run(self, backups.restore, archive, target, lambda restored: restored.unlock(passphrase),
                     on_done=self._done, on_failed=self.failed)

    def _done(self, path):
        self.set_working(False)
        self.restored.emit(Path(path))
        self.accept()
