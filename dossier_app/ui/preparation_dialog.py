"""Gespreksvoorbereiding: choose the traject and tick what goes in, then save a .docx (and PDF).

The document may be shown to others, so the user ticks every part and every
question. The work is done by services.preparation, off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QScrollArea, QVBoxLayout, QWidget

from dossier_app.services import preparation
from dossier_app.ui.traject_document_dialog import TrajectDocumentDialog

INTRO = ("Eén document om mee te nemen naar een gesprek: de stand van zaken, wat er openstaat en "
         "de vragen die u wilt stellen. U kiest zelf wat erin komt, want u laat het misschien aan "
         "anderen zien. Opnames die zonder toestemming zijn gemaakt, komen er nooit in.")


class PreparationDialog(TrajectDocumentDialog):
    name = "preparation"
    title = "Gespreksvoorbereiding"
    file_name = "gespreksvoorbereiding.docx"
    opening_size = (820, 720)

    def __init__(self, session, parent=None):
        super().__init__(session, INTRO, parent)

    def add_options(self, layout: QVBoxLayout) -> None:
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
        # the lists fit the width; only scroll down
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        self.pdf = QCheckBox("Ook een PDF maken")
        self.pdf.setEnabled(preparation.pdf_available())
        if not preparation.pdf_available():
            self.pdf.setToolTip(preparation.PDF_NOT_AVAILABLE)
        layout.addWidget(self.pdf)

    def choice(self) -> preparation.Choice:
        return preparation.Choice(
            sections=frozenset(key for key, box in self.section_boxes.items() if box.isChecked()),
            questions=frozenset(key for key, box in self.question_boxes.items() if box.isChecked()))

    def document_work(self, traject_id, target, *, overwrite):
        want_pdf = self.pdf.isChecked() and self.pdf.isEnabled()
        made = preparation.prepare(self.session, traject_id, choice=self.choice())

        def work():
            saved = preparation.save_docx(made, target, overwrite=overwrite)
            return preparation.make_pdf(saved, overwrite=overwrite) if want_pdf else saved

        return work
