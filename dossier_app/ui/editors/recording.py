"""Editor for an opname (recording): duration, who took part, and whether everyone consented.

You may record a conversation you take part in; you may only share the
recording when everyone consented. Without consent there is one warning in
the form, and a question before the file leaves the dossier.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QSizePolicy, QSpinBox

from dossier_app import APP_NAME
from dossier_app.services import timeline
from dossier_app.ui import theme
from dossier_app.ui.editors.entry import EntryEditor

NO_CONSENT_WARNING = (
    "Deze opname is gemaakt zonder dat de anderen toestemming gaven. U mocht het gesprek opnemen omdat u er "
    "zelf aan deelnam, maar u mag de opname niet delen met anderen. Gebruik hem om een eigen verslag te "
    "schrijven; dat verslag mag u wel delen.")


class RecordingEditor(EntryEditor):
    kind = "opname"

    def add_kind_fields(self, fields: dict) -> None:
        chosen = self.details.participants if self.details else ()
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(" minuten")
        self.duration.setAccessibleName("Duur van de opname")
        self.duration.setValue(int(fields.get("duration_seconds", 0)) // 60)
        self.participants = self.participants_list(chosen)
        self.others = self.others_edit(self.participants, chosen)
        self.consent = QCheckBox("Alle deelnemers wisten van de opname en gaven toestemming")
        self.consent.setChecked(bool(fields.get("consent", False)))
        self.consent_hint = QLabel(NO_CONSENT_WARNING)
        self.consent_hint.setObjectName("no-consent-warning")
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        theme.apply(self.consent_hint, "warning", "padding: 6px;")
        self.consent.toggled.connect(lambda checked: self.consent_hint.setVisible(not checked))
        self.consent_hint.setVisible(not self.consent.isChecked())
        self.form.addRow("Duur", self.duration)
        self.form.addRow("Deelnemers", self.participants)
        self.form.addRow("Andere deelnemers", self.others)
        self.form.addRow("Toestemming", self.consent)
        self.form.addRow(self.consent_hint)
        self.watch(self.duration, self.others, self.consent)

    def confirm_export(self) -> bool:
        if self.consent.isChecked():
            return True
        answer = QMessageBox.question(
            self, APP_NAME, NO_CONSENT_WARNING + "\n\nWeet u zeker dat u de opname buiten het dossier wilt opslaan?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def collect_kind(self) -> dict:
        return {"duration": self.duration.value(), "others": self.others.text(), "consent": self.consent.isChecked(),
                "participants": self.checked_names()}

    def restore_kind(self, payload: dict) -> None:
        self.duration.setValue(int(payload.get("duration", 0)))
        self.consent.setChecked(bool(payload.get("consent")))
        self.restore_participants(payload)

    def create_entry(self, title, occurred_on, body, traject_id) -> int:
        return timeline.add_recording(self.session, occurred_on=occurred_on, title=title, body=body,
                                      traject_id=traject_id, consent=self.consent.isChecked(),
                                      duration_seconds=self.duration.value() * 60,
                                      participants=self.checked_names())

    def update_kind(self) -> None:
        timeline.update_recording(self.session, self.saved_entry_id(), consent=self.consent.isChecked(),
                                  duration_seconds=self.duration.value() * 60, participants=self.checked_names())
