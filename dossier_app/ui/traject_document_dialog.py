"""A dialog that makes one Word document about a chosen traject and saves it where the user says.

The gespreksvoorbereiding and the familiegroepsplan share this shape: an
introduction, the traject to choose, room for the dialog's own options, a
status line and "Opslaan als…". A subclass says what to make (``document_work``)
and what to say when it is saved; the file is written off the GUI thread and
an existing file is only replaced after asking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QMessageBox, QVBoxLayout,
)

from dossier_app import APP_NAME, paths
from dossier_app.errors import OutputExists
from dossier_app.services import documents, family, preparation
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import fit_to_screen


class TrajectDocumentDialog(QDialog):
    #: object-name prefix, window title, suggested file name, opening size; set by each subclass
    name = ""
    title = ""
    file_name = ""
    opening_size = (620, 220)

    def __init__(self, session, intro: str, parent=None):
        super().__init__(parent)
        self.setObjectName(f"{self.name}-dialog")
        self.setWindowTitle(self.title)
        self.session = session
        fit_to_screen(self, *self.opening_size)
        self.body = QVBoxLayout(self)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.body.addWidget(intro_label)
        form = QFormLayout()
        self.traject = QComboBox()
        self.traject.setObjectName(f"{self.name}-traject")
        self.traject.setAccessibleName("Traject")
        for item in family.trajecten(session):
            self.traject.addItem(f"{item.title} ({item.status})", item.id)
        default = preparation.default_traject(session)
        if default is not None:
            self.traject.setCurrentIndex(self.traject.findData(default))
        form.addRow("Traject:", self.traject)
        self.body.addLayout(form)
        self.add_options(self.body)
        self.status = QLabel()
        self.status.setObjectName(f"{self.name}-status")
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Opslaan als…")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.buttons.rejected.connect(self.reject)
        self.body.addWidget(self.buttons)
        if self.traject.count() == 0:
            self.save_button.setEnabled(False)
            self.status.setText("Dit dossier heeft nog geen traject. Maak er eerst een bij Gezin.")

    # -- what a subclass says ------------------------------------------------------------------

    def add_options(self, layout: QVBoxLayout) -> None:
        """Widgets between the traject and the status line (none by default)."""
        layout.addStretch()

    def document_work(self, traject_id: int, target: Path, *, overwrite: bool):
        """Gather on the GUI thread; return a function that writes the file(s) and returns the path."""
        raise NotImplementedError

    def saved_message(self, path: Path) -> str:
        return f"Opgeslagen: {path.name}"

    # -- saving --------------------------------------------------------------------------------

    def save(self):
        default = paths.documents_dir() / self.file_name
        chosen, _ = QFileDialog.getSaveFileName(self, f"{self.title} opslaan als", str(default),
                                                "Word-document (*.docx)")
        if chosen:
            if not chosen.lower().endswith(".docx"):
                chosen += ".docx"
            self._save_to(Path(chosen), overwrite=False)

    def _save_to(self, target: Path, *, overwrite: bool):
        try:
            documents.check_docx_output(target, overwrite=overwrite)
            work = self.document_work(self.traject.currentData(), target, overwrite=overwrite)
        except OutputExists:
            answer = QMessageBox.question(self, APP_NAME, f"{target.name} bestaat al. Wilt u het vervangen?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self._save_to(target, overwrite=True)
            return
        except Exception as exc:  # noqa: BLE001 - a calm, true message
            QMessageBox.warning(self, APP_NAME, describe(exc))
            return
        self.save_button.setEnabled(False)
        self.status.setText("Het document wordt gemaakt…")
        runner().run(self, work, on_done=self._saved, on_failed=self._failed)

    def _saved(self, path):
        self.save_button.setEnabled(True)
        self.status.setText(self.saved_message(Path(path)))

    def _failed(self, exc):
        self.save_button.setEnabled(True)
        self.status.setText(describe(exc))
