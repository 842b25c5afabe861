"""Gespreksvoorbereiding: choose the traject and tick what goes in, then save a .docx (and PDF).

The document may be shown to others, so the user ticks every part and every
question. The work is done by services.preparation, off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QLabel, QMessageBox,
    QScrollArea, QVBoxLayout, QWidget,
)

from dossier_app import APP_NAME, paths
from dossier_app.errors import OutputExists
from dossier_app.services import family, preparation
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner


class PreparationDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("preparation-dialog")
        self.setWindowTitle("Gespreksvoorbereiding")
        self.session = session
        self.resize(820, 720)
        layout = QVBoxLayout(self)
        intro = QLabel("Eén document om mee te nemen naar een gesprek: de stand van zaken, wat er openstaat en "
                       "de vragen die u wilt stellen. U kiest zelf wat erin komt, want u laat het misschien aan "
                       "anderen zien. Opnames die zonder toestemming zijn gemaakt, komen er nooit in.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.traject = QComboBox()
        self.traject.setAccessibleName("Traject")
        for item in family.trajecten(session):
            self.traject.addItem(f"{item.title} ({item.status})", item.id)
        default = preparation.default_traject(session)
        if default is not None:
            self.traject.setCurrentIndex(self.traject.findData(default))
        form.addRow("Traject:", self.traject)
        layout.addLayout(form)
        content = QWidget()
        inner = QVBoxLayout(content)
        sections = QGroupBox("Wat komt erin")
        section_layout = QVBoxLayout(sections)
        self.section_boxes: dict[str, QCheckBox] = {}
        for section_id, label in preparation.sections():
            box = QCheckBox(label)
            box.setObjectName(f"onderdeel-{section_id}")
            box.setChecked(True)
            section_layout.addWidget(box)
            self.section_boxes[section_id] = box
        inner.addWidget(sections)
        self.questions_group = QGroupBox("Vragen om te stellen")
        question_layout = QVBoxLayout(self.questions_group)
        self.question_boxes: dict[str, QCheckBox] = {}
        for question in preparation.questions():
            box = QCheckBox(question.text)
            box.setObjectName(f"vraag-{question.id}")
            box.setToolTip(question.explanation)
            box.setChecked(question.default)
            question_layout.addWidget(box)
            self.question_boxes[question.id] = box
        self.section_boxes["vragen"].toggled.connect(self.questions_group.setEnabled)
        inner.addWidget(self.questions_group)
        inner.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        self.pdf = QCheckBox("Ook een PDF maken")
        self.pdf.setEnabled(preparation.pdf_available())
        if not preparation.pdf_available():
            self.pdf.setToolTip(preparation.PDF_NOT_AVAILABLE)
        layout.addWidget(self.pdf)
        self.status = QLabel()
        self.status.setObjectName("preparation-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.Save)
        self.save_button.setText("Opslaan als…")
        self.buttons.button(QDialogButtonBox.Close).setText("Sluiten")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.traject.count() == 0:
            self.save_button.setEnabled(False)
            self.status.setText("Dit dossier heeft nog geen traject. Maak er eerst een bij Gezin.")

    def choice(self) -> preparation.Choice:
        return preparation.Choice(
            sections=frozenset(key for key, box in self.section_boxes.items() if box.isChecked()),
            questions=frozenset(key for key, box in self.question_boxes.items() if box.isChecked()))

    def save(self):
        default = paths.documents_dir() / "gespreksvoorbereiding.docx"
        chosen, _ = QFileDialog.getSaveFileName(self, "Gespreksvoorbereiding opslaan als", str(default),
                                                "Word-document (*.docx)")
        if chosen:
            if not chosen.lower().endswith(".docx"):
                chosen += ".docx"
            self._save_to(Path(chosen), overwrite=False)

    def _save_to(self, target: Path, *, overwrite: bool):
        want_pdf = self.pdf.isChecked() and self.pdf.isEnabled()
        try:
            preparation.check_output_path(target, overwrite=overwrite)
        except OutputExists:
            answer = QMessageBox.question(self, APP_NAME, f"{target.name} bestaat al. Wilt u het vervangen?",
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer == QMessageBox.Yes:
                self._save_to(target, overwrite=True)
            return
        except Exception as exc:  # noqa: BLE001 - a calm, true message
            QMessageBox.warning(self, APP_NAME, describe(exc))
            return
        made = preparation.prepare(self.session, self.traject.currentData(), choice=self.choice())

        def work():
            saved = preparation.save_docx(made, target, overwrite=overwrite)
            return preparation.make_pdf(saved, overwrite=overwrite) if want_pdf else saved

        self.save_button.setEnabled(False)
        self.status.setText("Het document wordt gemaakt…")
        runner().run(self, work, on_done=self._saved, on_failed=self._failed)

    def _saved(self, path):
        self.save_button.setEnabled(True)
        self.status.setText(f"Opgeslagen: {Path(path).name}")

    def _failed(self, exc):
        self.save_button.setEnabled(True)
        self.status.setText(describe(exc))

