"""Editor for one row of the consent register: to whom, for what, given on, withdrawn on, the confirmation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from dossier_app import APP_NAME
from dossier_app.services import attachments, consents, family
from dossier_app.services.vocabulary import WITHDRAWAL_METHODS
from dossier_app.ui import folders
from dossier_app.ui.editors.base import FormDialog, combo_box, line_edit, select_data, text_edit
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import DateField

WITHDRAW_HELP = ("U mag een toestemming altijd intrekken, ook mondeling of per e-mail. Vul dan de datum in. "
                 "Leg het daarna schriftelijk vast met de brief 'Intrekking van een toestemming', en bewaar "
                 "de bevestiging die u terugkrijgt.")

WITHDRAW_SHORT = "Intrekken mag altijd, ook mondeling of per e-mail. Leg het daarna vast met een brief."


class ConsentEditor(FormDialog):
    form_id = "toestemming"

    def __init__(self, session, consent: consents.Consent | None = None, parent=None):
        super().__init__(session, str(consent.id) if consent else "nieuw",
                         "toestemming bewerken" if consent else "nieuwe toestemming", parent)
        self.consent_id = consent.id if consent else None
        self.confirmation_id = consent.confirmation_id if consent else None
        self.pending: Path | None = None
        self.recipient = line_edit("Aan wie", consent.recipient if consent else "")
        self.contact = combo_box({None: "(geen contact gekozen)"}, "Contact")
        for item in family.contacts(session):
            self.contact.addItem(item.organisation and item.organisation != item.name
                                 and f"{item.name} ({item.organisation})" or item.name, item.id)
        select_data(self.contact, consent.contact_id if consent else None)
        self.purpose = text_edit("Waarvoor", consent.purpose if consent else "", 2)
        self.given_on = DateField("Gegeven op", required=False, value=consent.given_on if consent else None)
        self.withdrawn_on = DateField("Ingetrokken op", required=False,
                                      value=consent.withdrawn_on if consent else None)
        self.withdrawn_how = combo_box({"": "(nog niet ingetrokken)", **WITHDRAWAL_METHODS}, "Hoe ingetrokken",
                                       consent.withdrawn_how if consent else "")
        self.notes = text_edit("Notities", consent.notes if consent else "", 2)
        self.form.addRow("Aan wie *", self.recipient)
        self.form.addRow("Contact (voor de brief)", self.contact)
        self.form.addRow("Waarvoor *", self.purpose)
        self.form.addRow("Gegeven op", self.given_on)
        self.form.addRow("Schriftelijke bevestiging", self._confirmation_row(consent))
        help_label = QLabel(WITHDRAW_SHORT)
        help_label.setToolTip(WITHDRAW_HELP)
        self.withdrawn_on.setToolTip(WITHDRAW_HELP)
        self.form.addRow("", help_label)
        self.form.addRow("Ingetrokken op", self.withdrawn_on)
        self.form.addRow("Hoe ingetrokken", self.withdrawn_how)
        self.form.addRow("Notities", self.notes)
        self.contact.currentIndexChanged.connect(self._contact_chosen)
        self.watch(self.recipient, self.contact, self.purpose, self.given_on.edit, self.withdrawn_on.edit,
                   self.withdrawn_how, self.notes)
        self.body.activate()      # the opening size is measured from the laid-out form
        self.finish_layout()

    def _confirmation_row(self, consent) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.confirmation_label = QLabel(consent.confirmation_name if consent and consent.confirmation_name
                                         else "nog niet bewaard")
        self.confirmation_label.setObjectName("consent-confirmation")
        choose = QPushButton("Bevestiging kiezen…")
        choose.clicked.connect(lambda _c=False: self.choose_confirmation())
        self.open_button = QPushButton("Openen")
        self.open_button.setEnabled(self.confirmation_id is not None)
        self.open_button.clicked.connect(lambda _c=False: self.open_confirmation())
        layout.addWidget(self.confirmation_label, 1)
        layout.addWidget(choose)
        layout.addWidget(self.open_button)
        return row

    def _contact_chosen(self, _index):
        if self.contact.currentData() is not None and not self.recipient.text().strip():
            self.recipient.setText(self.contact.currentText().split(" (")[0])

    def choose_confirmation(self):
        chosen, _ = QFileDialog.getOpenFileName(self, "Schriftelijke bevestiging kiezen", str(folders.start()))
        folders.remember(chosen)
        if chosen:
            self.set_confirmation_file(Path(chosen))

    def set_confirmation_file(self, path: Path) -> None:
        """The file is stored (encrypted) when the editor is saved."""
        self.pending = Path(path)
        self.confirmation_label.setText(f"{self.pending.name} (wordt bewaard bij Opslaan)")
        self.changed()

    def open_confirmation(self):
        if self.confirmation_id is None:
            return
        try:
            copy = attachments.open_private_copy(self.session, self.confirmation_id)
        except Exception as exc:   # noqa: BLE001 - shown as a calm message
            QMessageBox.warning(self, APP_NAME, describe(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    def collect(self) -> dict:
        return {"recipient": self.recipient.text(), "contact": self.contact.currentData(),
                "purpose": self.purpose.toPlainText(), "given_on": self.given_on.text(),
                "withdrawn_on": self.withdrawn_on.text(), "withdrawn_how": self.withdrawn_how.currentData(),
                "notes": self.notes.toPlainText()}

    def restore(self, payload: dict) -> None:
        self.recipient.setText(payload.get("recipient", ""))
        select_data(self.contact, payload.get("contact"))
        self.purpose.setPlainText(payload.get("purpose", ""))
        self.given_on.set_text(payload.get("given_on", ""))
        self.withdrawn_on.set_text(payload.get("withdrawn_on", ""))
        select_data(self.withdrawn_how, payload.get("withdrawn_how"))
        self.notes.setPlainText(payload.get("notes", ""))

    def has_content(self) -> bool:
        return bool(self.recipient.text().strip() or self.purpose.toPlainText().strip())

    def problems(self) -> str:
        if not self.recipient.text().strip() and self.contact.currentData() is None:
            return "Vul in aan wie u toestemming gaf (verplicht)."
        if not self.purpose.toPlainText().strip():
            return "Vul in waarvoor u toestemming gaf (verplicht)."
        if not (self.given_on.valid and self.withdrawn_on.valid):
            return "Controleer de datum."
        if self.withdrawn_how.currentData() and not self.withdrawn_on.value():
            return "Vul ook de datum in waarop u de toestemming introk."
        return ""

    def store(self) -> None:
        values = {"recipient": self.recipient.text().strip(), "purpose": self.purpose.toPlainText().strip(),
                  "given_on": self.given_on.value(), "contact_id": self.contact.currentData(),
                  "notes": self.notes.toPlainText()}
        if self.consent_id is None:
            self.consent_id = consents.add_consent(self.session, values.pop("recipient"), values.pop("purpose"),
                                                   **values)
            values = {"recipient": self.recipient.text().strip(), "purpose": self.purpose.toPlainText().strip(),
                      "given_on": self.given_on.value(), "contact_id": self.contact.currentData(),
                      "notes": self.notes.toPlainText()}
        consents.update_consent(self.session, self.consent_id, **values, withdrawn_on=self.withdrawn_on.value(),
                                withdrawn_how=self.withdrawn_how.currentData() or "")
        if self.pending is not None:
            self._store_confirmation(self.consent_id, self.pending)
            self.pending = None

    def _store_confirmation(self, consent_id: int, path: Path) -> None:
        """Encrypting a file is slow work: off the GUI thread; the register page shows it when it is kept."""
        owner = self.parentWidget() or self

        def done(_attachment_id):
            page = owner.findChild(QWidget, "page-toestemmingen")
            if page is not None:
                page.refresh()

        def failed(exc):
            QMessageBox.warning(owner, APP_NAME, "De schriftelijke bevestiging is niet bewaard. " + describe(exc))

        runner().run(owner, consents.attach_confirmation, self.session, consent_id, path,
                     on_done=done, on_failed=failed)
