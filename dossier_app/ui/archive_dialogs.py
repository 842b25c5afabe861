"""Open export: Bestand → Exporteren (open formaat)… and Bestand → Archief inlezen…

Both run their work through the one task runner, with a progress bar that
follows the attachments' bytes. Plain (unencrypted) export only after a
warning that says what it means.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialogButtonBox, QFileDialog, QHBoxLayout, QLineEdit, QMessageBox, QPushButton,
)

from dossier_app import APP_NAME, paths
from dossier_app.errors import OutputExists
from dossier_app.services import archive
from dossier_app.services.session import DOSSIER_SUFFIX
from dossier_app.ui.security_dialogs import _WorkingDialog
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import passphrase_edit

PLAIN_QUESTION = ("Onversleuteld exporteren?\n\n"
                  "Iedereen die dit bestand krijgt of vindt, kan dan alles lezen: gesprekken, brieven, bijlagen, "
                  "het BSN. Doe dit alleen als u het bestand meteen op een veilige plek zet, en verwijder het als "
                  "u het niet meer nodig hebt.\n\nMet een wachtwoord is het archief net zo goed leesbaar "
                  "(bijvoorbeeld met 7-Zip), maar alleen voor wie het wachtwoord kent.")


def _file_row(edit: QLineEdit, choose) -> QHBoxLayout:
    button = QPushButton("Kiezen…")
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: choose())
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class _ProgressDialog(_WorkingDialog):
    """A working dialog whose progress bar follows bytes reported from the worker thread."""

    progressed = Signal(int, int)    # emitted on the worker thread; queued to the GUI thread

    def __init__(self, title: str, ok_text: str, parent=None):
        super().__init__(title, ok_text, parent)
        self.progressed.connect(self._show_progress)

    def _show_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.progress.setRange(0, 0)
            return
        self.progress.setRange(0, 1000)
        self.progress.setValue(min(1000, int(done * 1000 / total)))

    def report(self, done: int, total: int) -> None:
        """Called from the worker thread (by the service)."""
        self.progressed.emit(int(done // 1024), int(total // 1024))

    def set_working(self, working: bool) -> None:
        if working:
            self.progress.setRange(0, 0)
        super().set_working(working)


class ExportDialog(_ProgressDialog):
    """Where the archive goes, and a passphrase for it (twice) — or, after a warning, none."""

    exported = Signal(object)    # ExportResult

    def __init__(self, session, parent=None):
        super().__init__("exporteren (open formaat)", "Exporteren", parent)
        self.setObjectName("export-dialog")
        self.session = session
        self.intro.setText(
            "U krijgt het hele dossier als één ZIP-bestand: alle gegevens in dossier.json (een open, beschreven "
            "formaat) en alle bijlagen als gewone bestanden. Zo kunt u uw gegevens meenemen naar een ander "
            "programma, of later weer inlezen als nieuw dossier. Het dossier zelf verandert niet.")
        self.target = QLineEdit(str(paths.documents_dir() / f"{session.path.stem}-export{archive.ARCHIVE_SUFFIX}"))
        self.target.setAccessibleName("Archiefbestand")
        self.encrypt = QCheckBox("Versleutelen met een eigen wachtwoord (aanbevolen)")
        self.encrypt.setChecked(True)
        self.passphrase = passphrase_edit("Wachtwoord voor het archief")
        self.repeat = passphrase_edit("Herhaal het wachtwoord voor het archief")
        self.form.addRow("Archief *", _file_row(self.target, self._choose))
        self.form.addRow("", self.encrypt)
        self.form.addRow("Wachtwoord *", self.passphrase)
        self.form.addRow("Herhaal *", self.repeat)
        self.encrypt.toggled.connect(self._encrypt_changed)
        for edit in (self.passphrase, self.repeat):
            edit.textChanged.connect(self._check)
        self._check()
        self.passphrase.setFocus()

    def _choose(self):
        chosen, _ = QFileDialog.getSaveFileName(self, "Archief opslaan als", self.target.text(), "ZIP-archief (*.zip)")
        if chosen:
            self.target.setText(chosen)

    def _encrypt_changed(self, on: bool):
        for edit in (self.passphrase, self.repeat):
            edit.setEnabled(on)
        self._check()

    def _check(self):
        chosen = self.passphrase.text()
        ok = not self.encrypt.isChecked() or (
            len(chosen) >= archive.MIN_PASSPHRASE_LENGTH and chosen == self.repeat.text())
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)
        if self.encrypt.isChecked() and self.repeat.text() and self.passphrase.text() != self.repeat.text():
            self.error.show_message("De twee wachtwoorden zijn niet gelijk.")
        elif self.encrypt.isChecked() and 0 < len(self.passphrase.text()) < archive.MIN_PASSPHRASE_LENGTH:
            self.error.show_message(f"Kies een wachtwoord van minstens {archive.MIN_PASSPHRASE_LENGTH} tekens.")
        else:
            self.error.show_message("")

    def start(self, *, overwrite: bool = False):
        if not self.target.text().strip():
            self.error.show_message("Kies waar het archief komt.")
            return
        plain = not self.encrypt.isChecked()
        if plain and not overwrite:
            answer = QMessageBox.warning(self, APP_NAME, PLAIN_QUESTION,
                                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                         QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.error.show_message("")
        self.set_working(True)
        runner().run(self, archive.export_archive, self.session, Path(self.target.text().strip()),
                     passphrase=None if plain else self.passphrase.text(), plain=plain, overwrite=overwrite,
                     progress=self.report, on_done=self._done, on_failed=self._export_failed, cancellable=True)

    def _export_failed(self, exc):
        if isinstance(exc, OutputExists):
            self.set_working(False)
            name = Path(self.target.text().strip()).name
            answer = QMessageBox.question(self, APP_NAME, f"{name} bestaat al. Wilt u het vervangen?",
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer == QMessageBox.Yes:
                self.start(overwrite=True)
            return
        self.failed(exc)

    def _done(self, result):
        self.set_working(False)
        self.exported.emit(result)
        self.accept()


class ImportArchiveDialog(_ProgressDialog):
    """An archive (and its passphrase, when it has one), a new dossier file and its passphrase twice."""

    imported = Signal(object)    # the new dossier's path

    def __init__(self, parent=None, *, closes_open_dossier: bool = False):
        super().__init__("archief inlezen", "Inlezen", parent)
        self.setObjectName("import-archive-dialog")
        text = ("Een archief uit Exporteren (open formaat) — of een archief dat volgens de beschrijving is gemaakt — "
                "wordt een nieuw dossier. Er wordt niets samengevoegd en niets overschreven.")
        if closes_open_dossier:
            text += " Het dossier dat nu open is, wordt eerst gesloten."
        self.intro.setText(text)
        self.source = QLineEdit()
        self.source.setAccessibleName("Archiefbestand")
        self.archive_passphrase = passphrase_edit("Wachtwoord van het archief")
        self.archive_passphrase.setPlaceholderText("alleen als het archief versleuteld is")
        self.target = QLineEdit(str(paths.documents_dir() / f"ingelezen{DOSSIER_SUFFIX}"))
        self.target.setAccessibleName("Nieuw dossierbestand")
        self.new = passphrase_edit("Wachtwoord voor het nieuwe dossier")
        self.repeat = passphrase_edit("Herhaal het wachtwoord voor het nieuwe dossier")
        self.form.addRow("Archief *", _file_row(self.source, self._choose_source))
        self.form.addRow("Wachtwoord archief", self.archive_passphrase)
        self.form.addRow("Nieuw dossier *", _file_row(self.target, self._choose_target))
        self.form.addRow("Nieuw wachtwoord *", self.new)
        self.form.addRow("Herhaal *", self.repeat)
        self.closes_open_dossier = closes_open_dossier
        self.before_start = None     # set by the window: close the open dossier, then call its argument

    def _choose_source(self):
        chosen, _ = QFileDialog.getOpenFileName(self, "Archief kiezen", str(paths.documents_dir()),
                                                "ZIP-archief (*.zip);;Alle bestanden (*)")
        if chosen:
            self.source.setText(chosen)

    def _choose_target(self):
        chosen, _ = QFileDialog.getSaveFileName(self, "Nieuw dossier opslaan als", self.target.text(),
                                                f"Gezinsdossier (*{DOSSIER_SUFFIX})")
        if chosen:
            self.target.setText(chosen if chosen.endswith(DOSSIER_SUFFIX) else chosen + DOSSIER_SUFFIX)

    def start(self):
        if not self.source.text().strip() or not self.target.text().strip():
            self.error.show_message("Kies een archief en waar het nieuwe dossier komt.")
            return
        if self.new.text() != self.repeat.text():
            self.error.show_message("De twee wachtwoorden voor het nieuwe dossier zijn niet gelijk.")
            return
        if len(self.new.text()) < archive.MIN_PASSPHRASE_LENGTH:
            self.error.show_message(f"Kies een wachtwoord van minstens {archive.MIN_PASSPHRASE_LENGTH} tekens.")
            return
        self.error.show_message("")
        self.set_working(True)
        # First check the archive (and its passphrase) without writing anything, so that the open
        # dossier is only closed for an archive that can be read.
        runner().run(self, archive.check_archive, Path(self.source.text().strip()),
                     self.archive_passphrase.text() or None, on_done=self._checked, on_failed=self.failed)

    def _checked(self, _info):
        if self.before_start is not None:
            self.before_start(self._run)
        else:
            self._run()

    def _run(self):
        runner().run(self, archive.import_archive, Path(self.source.text().strip()), Path(self.target.text().strip()),
                     self.new.text(), archive_passphrase=self.archive_passphrase.text() or None,
                     progress=self.report, on_done=self._done, on_failed=self.failed, cancellable=True)

    def _done(self, path):
        self.set_working(False)
        self.imported.emit(Path(path))
        self.accept()
