"""Familiegroepsplan: choose the traject, then save an outline (.docx) filled from the dossier.

The work is done by services.family_plan; writing the file runs off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel, QMessageBox, QVBoxLayout,
)

from dossier_app import APP_NAME, paths
from dossier_app.errors import OutputExists
from dossier_app.services import family, family_plan, preparation
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner


class FamilyPlanDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("family-plan-dialog")
        self.setWindowTitle("Familiegroepsplan")
        self.session = session
        self.resize(620, 220)
        layout = QVBoxLayout(self)
        intro = QLabel("Een opzet voor uw eigen familiegroepsplan, in Word. De app vult in wat het dossier al weet: "
                       "de hulpvraag, wat uw kind zelf zegt, uw netwerk (contacten met de rol Netwerk) en de "
                       "afspraken uit gesprekken. De rest vult u aan, samen met de mensen om u heen. Dit is iets "
                       "anders dan het plan 'Eén gezin, één plan' van de gemeente (zie Help).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.traject = QComboBox()
        self.traject.setObjectName("family-plan-traject")
        self.traject.setAccessibleName("Traject")
        for item in family.trajecten(session):
            self.traject.addItem(f"{item.title} ({item.status})", item.id)
        default = preparation.default_traject(session)
        if default is not None:
            self.traject.setCurrentIndex(self.traject.findData(default))
        form.addRow("Traject:", self.traject)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("family-plan-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch()
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

    def save(self):
        default = paths.documents_dir() / "familiegroepsplan.docx"
        chosen, _ = QFileDialog.getSaveFileName(self, "Familiegroepsplan opslaan als", str(default),
                                                "Word-document (*.docx)")
        if chosen:
            if not chosen.lower().endswith(".docx"):
                chosen += ".docx"
            self._save_to(Path(chosen), overwrite=False)

    def _save_to(self, target: Path, *, overwrite: bool):
        try:
            family_plan.check_output_path(target, overwrite=overwrite)
            made = family_plan.prepare(self.session, self.traject.currentData())
        except OutputExists:
            answer = QMessageBox.question(self, APP_NAME, f"{target.name} bestaat al. Wilt u het vervangen?",
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
            if answer == QMessageBox.Yes:
                self._save_to(target, overwrite=True)
            return
        except Exception as exc:  # noqa: BLE001 - a calm, true message
            QMessageBox.warning(self, APP_NAME, describe(exc))
            return
        self.save_button.setEnabled(False)
        self.status.setText("Het document wordt gemaakt…")
        runner().run(self, family_plan.save_docx, made, target, overwrite=overwrite,
                     on_done=self._saved, on_failed=self._failed)

    def _saved(self, path):
        self.save_button.setEnabled(True)
        self.status.setText(f"Opgeslagen: {Path(path).name}. Leg het ingevulde plan later vast bij Documenten "
                            "(soort: Plan).")

    def _failed(self, exc):
        self.save_button.setEnabled(True)
        self.status.setText(describe(exc))
