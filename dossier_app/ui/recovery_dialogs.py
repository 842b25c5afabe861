"""The recovery key in the app: the Herstelblad (shown once), and unlocking with the key.

The logic lives in ``services/recovery``; these dialogs only show and ask.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QProgressBar, QVBoxLayout, QWidget,
)

from dossier_app import APP_NAME
from dossier_app.errors import DossierError, OutputExists
from dossier_app.services import keys, outputs, recovery
from dossier_app.ui import folders, theme
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import ErrorLabel, mark_required, passphrase_edit


def qr_image(modules, scale: int = 6) -> QImage:
    size = len(modules) * scale
    image = QImage(size, size, QImage.Format.Format_RGB32)
    paper = theme.role("paper")         # a QR code is dark on light in every scheme (scanners need it)
    image.fill(QColor(paper.background))
    painter = QPainter(image)
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                painter.fillRect(c * scale, r * scale, scale, scale, QColor(paper.foreground))
    painter.end()
    return image


class QrCode(QWidget):
    """The QR code of the key, drawn module by module (crisp at any size)."""

    def __init__(self, modules, parent=None):
        super().__init__(parent)
        self.modules = modules
        self.setAccessibleName("QR-code van de herstelsleutel")
        self.setFixedSize(QSize(len(modules) * 5, len(modules) * 5))

    def paintEvent(self, _event):
        painter = QPainter(self)
        paper = theme.role("paper")
        painter.fillRect(self.rect(), QColor(paper.background))
        cell = min(self.width(), self.height()) / max(1, len(self.modules))
        for r, row in enumerate(self.modules):
            for c, dark in enumerate(row):
                if dark:
                    painter.fillRect(int(c * cell), int(r * cell), int(cell + 0.99), int(cell + 0.99),
                                     QColor(paper.foreground))
        painter.end()


def _monospace(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    font.setBold(True)
    return font


class RecoverySheetDialog(QDialog):
    """The key in large groups with its QR code, once; print it or save it as a PDF."""

    def __init__(self, sheet: recovery.RecoverySheet, parent=None):
        super().__init__(parent)
        self.setObjectName("herstelblad-dialog")
        self.sheet = sheet
        self.kept = False            # printed or saved: closing then needs no question
        self._asking: QMessageBox | None = None
        texts = recovery.sheet_texts()
        self.texts = texts
        self.setWindowTitle(f"{APP_NAME} — {texts['dialog']['title']}")
        intro = QLabel(texts["dialog"]["intro"])
        intro.setWordWrap(True)
        self.key_label = QLabel("\n".join(" ".join(sheet.groups[i:i + 3]) for i in range(0, len(sheet.groups), 3)))
        self.key_label.setObjectName("recovery-key")
        self.key_label.setFont(_monospace(22))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Herstelsleutel")
        theme.apply(self.key_label, "paper", "border: 2px solid palette(mid); padding: 12px;")
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(QrCode(sheet.qr, self), 0, Qt.AlignmentFlag.AlignTop)
        about = QLabel(f"Dossier: <b>{html.escape(sheet.dossier_name)}</b> ({html.escape(sheet.file_name)}), "
                       f"gemaakt op {sheet.made_on.strftime('%d-%m-%Y')}.")
        about.setWordWrap(True)
        advice = QLabel(texts["dialog"]["advice"])
        advice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(about)
        layout.addLayout(key_row)
        layout.addWidget(advice)
        if sheet.replaced_earlier:
            replaced = QLabel("<b>" + html.escape(texts["dialog"]["replaced"]) + "</b>")
            replaced.setWordWrap(True)
            layout.addWidget(replaced)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton("Afdrukken…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = self.buttons.addButton("Opslaan als PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("Sluiten", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.print_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda _c=False: self.print_sheet())
        self.save_button.clicked.connect(lambda _c=False: self.choose_pdf())
        self.close_button.clicked.connect(lambda _c=False: self.reject())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)

    # -- print ------------------------------------------------------------------------------
    def document(self) -> QTextDocument:
        """The sheet for the printer: the same texts as the PDF."""
        texts, sheet = self.texts, self.sheet
        document = QTextDocument()
        document.addResource(QTextDocument.ResourceType.ImageResource, "qr://sleutel", qr_image(sheet.qr))
        lines = "<br>".join("&nbsp;".join(sheet.groups[i:i + 3]) for i in range(0, len(sheet.groups), 3))
        parts = [f"<h1>{html.escape(texts['title'])}</h1><p>{html.escape(texts['subtitle'])}</p>",
                 f"<p><b>Dossier:</b> {html.escape(sheet.dossier_name)}<br><b>Bestand:</b> "
                 f"{html.escape(sheet.file_name)}<br><b>Gemaakt op:</b> {sheet.made_on.strftime('%d-%m-%Y')}</p>",
                 f"<table><tr><td><p><b>{html.escape(texts['key_label'])}</b></p>"
                 f"<p style='font-family: monospace; font-size: 22pt; font-weight: bold'>{lines}</p></td>"
                 "<td width='30'></td><td><img src='qr://sleutel' width='170' height='170'></td></tr></table>",
                 f"<p>{html.escape(texts['intro'])}</p>"]
        for section in texts.get("sections", []):
            items = "".join(f"<li>{html.escape(line)}</li>" for line in section["lines"])
            parts.append(f"<h3>{html.escape(section['heading'])}</h3><ul>{items}</ul>")
        parts.append(f"<p><i>{html.escape(texts.get('footer', ''))}</i></p>")
        document.setHtml("".join(parts))
        return document

    def print_sheet(self):
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter   # cold start: only when printing

        printer = QPrinter(QPrinter.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Herstelblad afdrukken")
        if dialog.exec() != QDialog.Accepted:
            return
        to_file = printer.outputFileName()
        if to_file and not self._may_print_to(Path(to_file)):
            return
        self.document().print_(printer)
        if to_file and Path(to_file).is_file():
            os.chmod(to_file, 0o600)           # a sheet printed to a file: the owner only, like every output
        self.kept = True
        self.status.setText("Het herstelblad is naar de printer gestuurd. Kijk of het goed is afgedrukt.")

    def _may_print_to(self, target: Path) -> bool:
        """Printing to a file goes through the same check as every output: never over a dossier."""
        try:
            outputs.check_output(target)
        except OutputExists:
            answer = QMessageBox.question(self, APP_NAME, f"{target.name} bestaat al. Vervangen?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            return answer == QMessageBox.StandardButton.Yes
        except DossierError as exc:
            self.error.show_message(describe(exc))
            return False
        return True

    # -- save as PDF ------------------------------------------------------------------------------
    def choose_pdf(self):
        default = folders.start_file(f"Herstelblad {Path(self.sheet.file_name).stem}.pdf")
        chosen, _ = QFileDialog.getSaveFileName(self, "Herstelblad opslaan als PDF", default, "PDF (*.pdf)")
        if chosen:
            folders.remember(chosen)
            if not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
            self.save_pdf(Path(chosen))

    def save_pdf(self, target: Path, *, overwrite: bool = False):
        self.error.show_message("")
        runner().run(self, recovery.write_sheet_pdf, self.sheet, target, overwrite=overwrite,
                     on_done=self._saved, on_failed=lambda exc: self._save_failed(exc, target))

    def _saved(self, path):
        self.kept = True
        self.status.setText(f"Opgeslagen als {Path(path).name}. Druk het af en verwijder daarna het bestand "
                            "(ook uit de prullenbak).")

    def _save_failed(self, exc, target: Path):
        if isinstance(exc, OutputExists):
            answer = QMessageBox.question(self, APP_NAME, f"{target.name} bestaat al. Vervangen?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.save_pdf(target, overwrite=True)
            return
        self.error.show_message(describe(exc))

    # -- closing ---------------------------------------------------------------------------------
    def reject(self):
        """Closing before the sheet was printed or saved asks once more (without blocking)."""
        if self.kept:
            super().reject()
            return
        if self._asking is not None and self._asking.isVisible():
            return
        box = QMessageBox(QMessageBox.Question, APP_NAME, self.texts["dialog"]["not_kept"], QMessageBox.NoButton,
                          self)
        box.setObjectName("herstelblad-niet-bewaard")
        close = box.addButton("Toch sluiten", QMessageBox.DestructiveRole)
        stay = box.addButton("Terug", QMessageBox.RejectRole)
        box.setDefaultButton(stay)
        self._asking = box

        def answered(_result):
            self._asking = None
            box.deleteLater()
            if box.clickedButton() is close:
                self.kept = True
                self.reject()

        box.finished.connect(answered)
        box.open()


class RecoverDialog(QDialog):
    """'Wachtwoord vergeten?': the recovery key and a new passphrase twice; Enter opens the dossier."""

    recovered = Signal(list)          # the notes to show

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("herstel-dialog")
        self.session = session
        self.working = False
        self.setWindowTitle(f"{APP_NAME} — herstelsleutel gebruiken")
        self.setMinimumWidth(600)
        intro = QLabel(f"Open <b>{html.escape(session.path.name)}</b> met de herstelsleutel van uw herstelblad en "
                       "kies een nieuw wachtwoord. Het oude wachtwoord werkt daarna niet meer; uw herstelblad "
                       "blijft werken.")
        intro.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setObjectName("recovery-key")
        self.key.setAccessibleName("Herstelsleutel")
        self.key.setPlaceholderText("XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX")
        self.key.setFont(_monospace(13))
        # Wide enough for the whole key (9 groups, spaces between): nothing is cut off while typing.
        self.key.setMinimumWidth(self.key.fontMetrics().horizontalAdvance(self.key.placeholderText() + "XX") + 24)
        self.new = passphrase_edit("Nieuw wachtwoord")
        self.repeat = passphrase_edit("Herhaal het nieuwe wachtwoord")
        self.repeat.setObjectName("repeat")
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setAccessibleDescription("Sterkte van het wachtwoord")
        self.strength.setMinimumHeight(self.strength.fontMetrics().lineSpacing() * 3)
        form = QFormLayout()
        form.addRow("Herstelsleutel *", self.key)
        form.addRow("Nieuw wachtwoord *", self.new)
        form.addRow("", self.strength)
        form.addRow("Herhaal *", self.repeat)
        mark_required(form)
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.Ok)
        self.ok.setText("Openen met herstelsleutel")
        self.buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        for edit in (self.new, self.repeat):
            edit.textChanged.connect(self._check)
        self._check()
        self.error.show_message(recovery.sidecar_problem(session.path))
        self.key.setFocus()

    def _check(self):
        result = keys.assess_passphrase(self.new.text())
        self.strength.setText(f"Sterkte: {result.label}. {result.hint}" if self.new.text() else
                              "Kies een wachtwoord van een paar losse woorden.")
        self.acceptable = result.acceptable and self.new.text() == self.repeat.text()
        self.ok.setEnabled(self.acceptable)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.start()
            return
        super().keyPressEvent(event)

    def start(self):
        if self.working:
            return
        if not self.key.text().strip():
            self.error.show_message("Vul de herstelsleutel in (9 groepjes van 4 tekens).")
            self.key.setFocus()
            return
        if not self.acceptable:
            self.error.show_message("Kies een sterk genoeg nieuw wachtwoord en typ het twee keer hetzelfde.")
            return
        self.error.show_message("")
        self._set_working(True)
        runner().run(self, recovery.recover, self.session, self.key.text(), self.new.text(),
                     on_done=self._done, on_failed=self._failed)

    def _set_working(self, working: bool):
        self.working = working
        self.progress.setVisible(working)
        self.buttons.setEnabled(not working)

    def _done(self, notes):
        self._set_working(False)
        self.recovered.emit(list(notes) + ["Een nieuw herstelblad maakt u met Bestand → Herstelblad maken…."])
        self.accept()

    def _failed(self, exc):
        self._set_working(False)
        self.error.show_message(describe(exc))
        if isinstance(exc, recovery.RecoveryKeyMistyped) or isinstance(exc, recovery.WrongRecoveryKey):
            self.key.setFocus()
            self.key.selectAll()

    def reject(self):
        if not self.working:
            super().reject()
