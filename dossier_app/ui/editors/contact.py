"""Editor for a contact or organisation (gemeente, wijkteam, jeugdhulpaanbieder, GI …).

A jeugdhulpaanbieder also gets its waiting list, whether the gemeente contracted
it (zorg in natura) and how the help is paid; a gemeente where its verordening
and beleidsregels are. Those rows show only for that role.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from dossier_app.services import family
from dossier_app.services.vocabulary import CONTACT_ROLES, YES_NO_UNKNOWN
from dossier_app.ui.editors.base import (
    FormDialog, LineFieldsMixin, combo_box, line_edit, select_data, text_edit,
)

LINE_FIELDS = (("name", "Naam *"), ("organisation", "Organisatie"), ("department", "Afdeling / t.a.v."),
               ("contact_person", "Contactpersoon"), ("salutation", "Aanhef in brieven"),
               ("street", "Straat of postbus"), ("postcode", "Postcode"), ("city", "Plaats"), ("email", "E-mail"),
               ("phone", "Telefoon"))

PROVIDER_ROLE, GEMEENTE_ROLE = "jeugdhulpaanbieder", "gemeente"
COMMITTEE_ROLE = "klachtencommissie"
COMMITTEE_HELP = ("Vul bij Organisatie de jeugdhulpaanbieder of gecertificeerde instelling in wier klachtenregeling "
                  "deze commissie heeft. Een klacht over die organisatie gaat dan naar het adres van de commissie.")
CONTRACT_HELP = ("Heeft de gemeente een contract met deze aanbieder, dan kan de hulp 'in natura'. Zonder contract "
                 "kan het met een persoonsgebonden budget (pgb).")
REGULATIONS_HELP = ("Waar staan de verordening jeugdhulp en de beleidsregels van deze gemeente (een link, en de "
                    "datum van de versie)? Kunt u ze niet vinden, vraag ze dan op met de brief 'Verzoek om de "
                    "verordening en beleidsregels jeugdhulp'. U kunt ze ook als document bewaren.")


class ContactEditor(LineFieldsMixin, FormDialog):
    form_id = "contact"
    shows_letter_legend = True

    def __init__(self, session, contact: family.Contact | None = None, parent=None):
        super().__init__(session, str(contact.id) if contact else "nieuw",
                         "contact bewerken" if contact else "nieuw contact", parent)
        self.contact_id = contact.id if contact else None
        self.role = combo_box(CONTACT_ROLES, "Rol", contact.role if contact else "")
        self.form.addRow("Rol *", self.role)
        self.add_line_fields(LINE_FIELDS, contact)
        self.waiting_list = line_edit("Wachtlijst", contact.waiting_list if contact else "")
        self.contracted = combo_box(YES_NO_UNKNOWN, "Gecontracteerd door de gemeente",
                                    contact.contracted if contact else "")
        self.contracted.setToolTip(CONTRACT_HELP)
        self.payment = line_edit("Hoe wordt de hulp betaald", contact.payment if contact else "")
        self.payment.setPlaceholderText("bijvoorbeeld: in natura, pgb, zelf betaald")
        self.regulations = text_edit("Verordening en beleidsregels", contact.regulations if contact else "", 2)
        self.regulations.setToolTip(REGULATIONS_HELP)
        self.role_rows: dict[str, list] = {PROVIDER_ROLE: [], GEMEENTE_ROLE: []}
        for role, label, widget in ((PROVIDER_ROLE, "Wachtlijst", self.waiting_list),
                                    (PROVIDER_ROLE, "Gecontracteerd (zorg in natura)", self.contracted),
                                    (PROVIDER_ROLE, "Betaling", self.payment),
                                    (GEMEENTE_ROLE, "Verordening en beleidsregels", self.regulations)):
            caption = QLabel(label)
            caption.setToolTip(widget.toolTip())
            self.form.addRow(caption, widget)
            self.role_rows[role] += [caption, widget]
        self.committee_hint = QLabel(COMMITTEE_HELP)
        self.committee_hint.setObjectName("contact-klachtencommissie-uitleg")
        self.committee_hint.setWordWrap(True)
        self.form.addRow(self.committee_hint)
        self.role_rows[COMMITTEE_ROLE] = [self.committee_hint]
        self.notes = text_edit("Notities", contact.notes if contact else "", 3)
        self.form.addRow("Notities (alleen voor uzelf)", self.notes)
        self.role.currentIndexChanged.connect(self._show_for_role)
        self.watch(self.role, self.notes, self.waiting_list, self.contracted, self.payment, self.regulations)
        self._show_for_role()
        self.finish_layout()

    def _show_for_role(self, *_args):
        role = self.role.currentData()
        for owner, widgets in self.role_rows.items():
            for widget in widgets:
                widget.setVisible(owner == role)

    def _role_values(self) -> dict:
        return {"waiting_list": self.waiting_list.text(), "contracted": self.contracted.currentData(),
                "payment": self.payment.text(), "regulations": self.regulations.toPlainText()}

    def collect(self) -> dict:
        return dict(self.line_values(), role=self.role.currentData(), notes=self.notes.toPlainText(),
                    **self._role_values())

    def has_content(self) -> bool:
        return any(self.line_values(strip=True).values())

    def restore(self, payload: dict) -> None:
        self.restore_lines(payload)
        self.notes.setPlainText(payload.get("notes", ""))
        self.waiting_list.setText(payload.get("waiting_list", ""))
        self.payment.setText(payload.get("payment", ""))
        self.regulations.setPlainText(payload.get("regulations", ""))
        select_data(self.role, payload.get("role"))
        select_data(self.contracted, payload.get("contracted"))

    def problems(self) -> str:
        return "" if self.fields["name"].text().strip() else "Vul een naam in (verplicht)."

    def store(self) -> None:
        values = dict(self.line_values(strip=True), notes=self.notes.toPlainText())
        role, name = self.role.currentData(), values.pop("name")
        extra = {key: (value.strip() if isinstance(value, str) else value)
                 for key, value in self._role_values().items()}
        if role != PROVIDER_ROLE:
            extra.update(waiting_list="", contracted="", payment="")
        if role != GEMEENTE_ROLE:
            extra["regulations"] = ""
        if self.contact_id:
            family.update_contact(self.session, self.contact_id, role=role, name=name, **values, **extra)
        else:
            self.contact_id = family.add_contact(self.session, role, name, **values, **extra)
