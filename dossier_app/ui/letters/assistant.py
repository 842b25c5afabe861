"""The letter assistant: choose a kind, the traject and enclosures, fill in, check the text, save.

A dialog with one widget per step (ui/letters/steps.py); the logic is in
ui/controllers/letter_assistant.py and everything about letters in the services.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QFrame, QHBoxLayout, QListWidget, QMessageBox, QPushButton, QScrollArea, QStackedWidget,
    QVBoxLayout,
)

from dossier_app import paths
from dossier_app.errors import DossierError, OutputExists
from dossier_app.services import letters
from dossier_app.ui.controllers.letter_assistant import LetterAssistantController
from dossier_app.ui.letters.sending import SentDialog
from dossier_app.ui.letters.steps import FieldsStep, KindStep, SaveStep, TextStep, TrajectStep
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import announce, fit_to_screen
from dossier_app.ui.editors.base import select_data
from dossier_app.ui.editors.contact import ContactEditor
from dossier_app.ui.editors.person import PersonEditor


def ask_overwrite(parent, path: Path) -> bool:
    answer = QMessageBox.question(parent, "Overschrijven?",
                                  f"Er staat al een bestand '{path.name}' in deze map. Overschrijven?",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class LetterAssistant(QDialog):
    """Opened from Brieven → 'Nieuwe brief…' and from every next-step button on the Overzicht."""

    saved = Signal(int)       # the letter's number in the log (also after 'Verstuurd…')

    def __init__(self, session, *, kind_id: str = "", traject_id=None, today=None, parent=None):
        super().__init__(parent)
        self.setObjectName("letter-assistant")
        self.setWindowTitle("Nieuwe brief")
        fit_to_screen(self, 1060, 760)      # a small screen: the steps scroll, the buttons stay
        self.session = session
        self.controller = LetterAssistantController(session, kind_id=kind_id, traject_id=traject_id,
                                                    today=today, parent=self)
        self.kind_step = KindStep(self.controller)
        self.traject_step = TrajectStep(self.controller)
        self.fields_step = FieldsStep(self.controller)
        self.text_step = TextStep(self.controller)
        self.save_step = SaveStep(self.controller, paths.documents_dir(), letters.pdf_available())
        self.steps = [self.kind_step, self.traject_step, self.fields_step, self.text_step, self.save_step]
        self.stack = QStackedWidget()
        self.index = QListWidget()
        self.index.setObjectName("assistant-steps")
        self.index.setAccessibleName("Stappen")
        self.index.setFixedWidth(220)
        self.index.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for step in self.steps:
            scroller = QScrollArea()
            scroller.setObjectName(f"step-scroller-{self.stack.count()}")
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)     # the step's own fields take the Tab stops
            scroller.setWidget(step)
            self.stack.addWidget(scroller)
            self.index.addItem(step.title)
            step.changed.connect(self._update_buttons)
        self.back = QPushButton("Terug")
        self.back.setObjectName("assistant-back")
        self.next = QPushButton("Volgende")
        self.next.setObjectName("assistant-next")
        self.close_button = QPushButton("Sluiten")
        self.back.clicked.connect(lambda _c=False: self.go(self.stack.currentIndex() - 1))
        self.next.clicked.connect(lambda _c=False: self.go(self.stack.currentIndex() + 1))
        self.close_button.clicked.connect(lambda _c=False: self.reject())
        for button in (self.back, self.next, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        buttons.addWidget(self.close_button)
        body = QHBoxLayout()
        body.addWidget(self.index)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.controller.rendered.connect(self._rendered)
        self.controller.failed.connect(self._failed)
        self.controller.missing_contact.connect(self._offer_to_add)
        self.add_missing = QPushButton()
        self.add_missing.setObjectName("add-missing-contact")
        self.add_missing.setAutoDefault(False)
        self.add_missing.hide()
        self.add_missing.clicked.connect(lambda _c=False: self._add_missing())
        buttons.insertWidget(0, self.add_missing)
        self._missing_what = ""
        self.save_step.save_requested.connect(self.save)
        self.save_step.open_requested.connect(self.open_saved)
        self.save_step.sent_requested.connect(self.record_sent)
        self.save_step.choose_folder.clicked.connect(lambda _c=False: self._choose_folder())
        self.kind_step.enter()
        start = 0
        if kind_id and self.kind_step.select_kind(kind_id):
            start = 2 if self._prepare_until_fields() else 1
        self.go(start)

    def context_help(self) -> tuple[str, str]:
        """F1 (the window's one Help action): the help topic and the place in it for the step on screen."""
        return self.current_step().help_place

    def _prepare_until_fields(self) -> bool:
        """From a next-step button: kind and traject are known, open at the fields when they fit."""
        self.traject_step.enter()
        return self.traject_step.ready()

    # -- moving between steps ------------------------------------------------------------------
    def go(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        current = self.stack.currentIndex()
        if index > current:
            for step in self.steps[current:index]:
                if not step.ready():
                    self._update_buttons()
                    return
        moved = index != current
        self.stack.setCurrentIndex(index)
        self.index.setCurrentRow(index)
        self.steps[index].enter()
        self._update_buttons()
        if moved or not self.isVisible():
            # A new step: the focus goes to its heading and a screen reader says where we are.
            self.steps[index].heading.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(self, f"Stap {self.steps[index].title}")

    def _update_buttons(self) -> None:
        index = self.stack.currentIndex()
        step = self.steps[index]
        self.back.setEnabled(index > 0)
        self.next.setVisible(index < len(self.steps) - 1)
        self.next.setEnabled(step.ready())
        self.next.setToolTip(step.problem())

    def _rendered(self, rendered, missing) -> None:
        self.fields_step.show_letter(rendered, missing)
        self.text_step.show_letter(rendered, missing)
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.fields_step.status.setText(message)
        self.add_missing.hide()
        self._update_buttons()

    def _after_adding(self) -> None:
        self.add_missing.hide()
        self.traject_step.reload()
        if self.controller.form is not None and self.traject_step.ready():
            self.go(2)                      # on to the fields, as the user meant to
            self.controller.render_now()
        self._update_buttons()

    def _offer_to_add(self, what: str) -> None:
        """The letter needs an organisation to write to (or the sender): add it here, then go on."""
        self._missing_what = what
        self.add_missing.setText({"ouder": "Uw gegevens invullen…", "kind": "Uw kind toevoegen…"}.get(
            what, "Organisatie toevoegen…"))
        self.add_missing.show()

    def _add_missing(self) -> None:
        editor: PersonEditor | ContactEditor
        if self._missing_what in ("ouder", "kind"):
            editor = PersonEditor(self.session, None, self)
            select_data(editor.role, self._missing_what)
        else:
            editor = ContactEditor(self.session, None, self)
            select_data(editor.role, self._missing_what)
        editor.saved.connect(self._after_adding)
        editor.setWindowModality(Qt.WindowModality.WindowModal)
        editor.show()

    def current_step(self):
        return self.steps[self.stack.currentIndex()]

    # -- saving ---------------------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Map voor de brief", self.save_step.folder.text())
        if chosen:
            self.save_step.folder.setText(chosen)

    def save(self) -> None:
        target = self.save_step.target()
        status = self.save_step.status
        try:
            try:
                letter_id = self.controller.save(target)
            except OutputExists:
                if not ask_overwrite(self, target):
                    return
                letter_id = self.controller.save(target, overwrite=True)
        except DossierError as exc:
            status.setText(describe(exc))
            return
        except OSError as exc:
            status.setText(describe(exc))
            return
        written = [target.name]
        written += self._export_enclosures(target.parent)
        status.setText("Opgeslagen: " + ", ".join(written) + f" (in {target.parent}).")
        self.save_step.open.setEnabled(True)
        self.save_step.sent.setEnabled(True)
        self.save_step.save.setEnabled(False)
        self.saved.emit(letter_id)
        if self.save_step.pdf.isChecked():
            self._make_pdf(target)

    def _export_enclosures(self, folder: Path) -> list[str]:
        if not self.controller.enclosure_ids:
            return []
        try:
            try:
                paths_ = self.controller.export_enclosures(folder)
            except OutputExists:
                if not ask_overwrite(self, folder / "bijlage"):
                    return []
                paths_ = self.controller.export_enclosures(folder, overwrite=True)
        except (DossierError, OSError) as exc:
            QMessageBox.warning(self, "Bijlagen", describe(exc))
            return []
        return [path.name for path in paths_]

    def _make_pdf(self, docx: Path, overwrite: bool = False) -> None:
        status = self.save_step.status
        base = status.text()
        status.setText(base + " De PDF wordt gemaakt…")

        def done(pdf_path):
            status.setText(base + f" Ook als PDF: {Path(pdf_path).name}.")

        def failed(exc):
            if isinstance(exc, OutputExists) and ask_overwrite(self, docx.with_suffix(".pdf")):
                status.setText(base)
                self._make_pdf(docx, overwrite=True)
                return
            status.setText(base + " Geen PDF gemaakt: " + describe(exc) + " Het Word-bestand is er wel.")

        runner().run(self, letters.make_pdf, docx, overwrite=overwrite, on_done=done, on_failed=failed)

    def open_saved(self) -> None:
        if self.controller.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.controller.saved_path)))

    def record_sent(self) -> None:
        if self.controller.saved_id is None:
            return
        record = letters.letter_record(self.session, self.controller.saved_id)
        dialog = SentDialog(self.session, record, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted():
            self.save_step.status.setText(self.save_step.status.text() + " Verzending vastgelegd.")
            self.save_step.sent.setEnabled(False)
            self.saved.emit(record.id)

        dialog.accepted.connect(accepted)
        dialog.open()
