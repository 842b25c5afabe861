"""Editors for timeline entries, contacts, family members and cases.

Every editor keeps a draft of what was typed (encrypted, in the dossier) a
moment after each change, so nothing is lost on a crash or a lock. Errors
appear next to the field; the save button waits until the form is valid.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from dossier_app import APP_NAME
from dossier_app.dutch import parse_date, short_date
from dossier_app.store.vocabulary import (
    CASE_STATUSES, CONTACT_ROLES, DOCUMENT_KINDS, ENTRY_KINDS, PERSON_ROLES, REPORT_STATUSES,
)
from dossier_app.ui.attachments_panel import NO_CONSENT_WARNING, AttachmentsPanel
from dossier_app.ui.messages import describe
from dossier_app.ui.widgets import DateField, ErrorLabel

DRAFT_DELAY_MS = 700
_open_editors: list = []


def open_editors() -> list:
    return [editor for editor in _open_editors if editor.isVisible()]


def save_all_drafts() -> None:
    for editor in list(_open_editors):
        editor.save_draft_now()


class FormDialog(QDialog):
    """Base: draft keeping, inline errors, a save button that waits for validity."""

    form_id = "form"

    def __init__(self, session, ref: str, title: str, parent=None):
        super().__init__(parent)
        self.session = session
        self.ref = ref
        self.setWindowTitle(f"{APP_NAME} — {title}")
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.error = ErrorLabel()
        self.restored = QLabel("Uw niet-opgeslagen tekst van de vorige keer is teruggezet.")
        self.restored.setStyleSheet("background: #e7f1ff; padding: 6px;")
        self.restored.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText("Opslaan")
        self.buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.cancel)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.restored)
        self.body.addLayout(self.form)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self._loading = False
        _open_editors.append(self)

    def finish_layout(self):
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)
        self._loading = True
        draft = self.session.load_draft(self.form_id, self.ref)
        if draft:
            self.restore(draft)
            self.restored.show()
        self._loading = False
        self.validate()

    def watch(self, *widgets):
        for widget in widgets:
            for signal_name in ("textChanged", "currentIndexChanged", "stateChanged", "valueChanged",
                                "itemChanged", "cellChanged"):
                signal = getattr(widget, signal_name, None)
                if signal is not None:
                    signal.connect(self.changed)

    def changed(self, *_args):
        if self._loading:
            return
        self.validate()
        self._draft_timer.start()

    def save_draft_now(self):
        self._draft_timer.stop()
        if self.session.is_open and self.has_content():
            try:
                self.session.save_draft(self.form_id, self.ref, self.collect())
            except Exception:  # noqa: BLE001 - a draft failing must not break typing
                pass

    def discard_draft(self):
        if self.session.is_open:
            self.session.discard_draft(self.form_id, self.ref)

    def validate(self) -> bool:
        message = self.problems()
        self.error.show_message(message)
        self.buttons.button(QDialogButtonBox.Save).setEnabled(not message)
        return not message

    def save(self):
        if not self.validate():
            return
        try:
            self.store()
        except Exception as exc:  # noqa: BLE001 - show it; the draft keeps the text
            self.save_draft_now()
            self.error.show_message(describe(exc))
            return
        self.discard_draft()
        self._close()
        self.accept()

    def cancel(self):
        if self.has_content() and self.session.is_open:
            answer = QMessageBox.question(self, APP_NAME, "Wilt u wat u typte als concept bewaren?",
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
            if answer == QMessageBox.Yes:
                self.save_draft_now()
            else:
                self.discard_draft()
        self._close()
        self.reject()

    def close_for_lock(self):
        self.save_draft_now()
        self._close()
        self.reject()

    def _close(self):
        self._draft_timer.stop()
        if self in _open_editors:
            _open_editors.remove(self)

    # line fields (name -> QLineEdit), shared by the simple editors
    def add_line_fields(self, spec, values: dict) -> dict:
        self.fields = {}
        for key, label in spec:
            edit = _line(label.rstrip(" *"), values.get(key, "") or "")
            self.fields[key] = edit
            self.form.addRow(label, edit)
            self.watch(edit)
        return self.fields

    def line_values(self, strip: bool = False) -> dict:
        return {key: edit.text().strip() if strip else edit.text() for key, edit in self.fields.items()}

    def restore_lines(self, payload: dict) -> None:
        for key, edit in self.fields.items():
            edit.setText(payload.get(key, ""))

    # hooks
    def collect(self) -> dict:
        return {}

    def restore(self, payload: dict) -> None:
        pass

    def has_content(self) -> bool:
        return any(str(value).strip() for value in self.collect().values() if not isinstance(value, bool))

    def problems(self) -> str:
        return ""

    def store(self) -> None:
        pass


def _combo(items: dict | list, name: str, current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    pairs = items.items() if isinstance(items, dict) else [(item, item) for item in items]
    for key, label in pairs:
        combo.addItem(label, key)
    if current:
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)
    return combo


def _text(name: str, value: str = "", lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(lines * 18)
    return edit


def _line(name: str, value: str = "") -> QLineEdit:
    edit = QLineEdit(value)
    edit.setAccessibleName(name)
    return edit


class EntryEditor(FormDialog):
    """Gesprek, document/verslag, opname or notitie — new, or an existing one."""

    def __init__(self, session, kind: str, entry_id: int | None = None, parent=None, case_id=None):
        self.kind = kind
        self.entry_id = entry_id
        self.form_id = f"entry-{kind}"
        details = session.entry(entry_id) if entry_id else None
        label = ENTRY_KINDS[kind].lower()
        super().__init__(session, str(entry_id or "nieuw"), f"{label} bewerken" if details else f"nieuw(e) {label}",
                         parent)
        fields = details.fields if details else {}
        self.date = DateField("Datum", value=details.date if details else dt.date.today())
        self.title_edit = _line("Titel", details.title if details else "")
        self.case = QComboBox()
        self.case.setAccessibleName("Traject")
        self.case.addItem("(geen traject)", None)
        for case in session.cases():
            self.case.addItem(case["title"], case["id"])
        current_case = details.case_id if details else case_id
        if current_case:
            self.case.setCurrentIndex(max(0, self.case.findData(current_case)))
        self.notes = _text("Eigen aantekeningen", details.body if details else "", 5)
        self.form.addRow("Datum *", self.date)
        self.form.addRow("Titel *", self.title_edit)
        self.form.addRow("Traject", self.case)
        self.watch(self.date.edit, self.title_edit, self.case, self.notes)
        if kind == "gesprek":
            self._conversation_fields(fields, details)
        elif kind == "document":
            self._document_fields(fields)
        elif kind == "opname":
            self._recording_fields(fields, details)
        self.form.addRow("Aantekeningen", self.notes)
        consent = fields.get("consent") if kind == "opname" else None
        self.attachments = AttachmentsPanel(session, entry_id, consent=consent, parent=self)
        self.body.addWidget(self.attachments)
        self.finish_layout()

    # -- kind specific -------------------------------------------------------------
    def _participants(self, chosen=()):
        widget = QListWidget()
        widget.setAccessibleName("Deelnemers")
        widget.setMaximumHeight(110)
        names = [person["name"] for person in self.session.people()]
        names += [contact["contact_person"] or contact["name"] for contact in self.session.contacts()]
        for name in dict.fromkeys(names):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if name in chosen else Qt.Unchecked)
            widget.addItem(item)
        self.watch(widget)
        return widget

    def _others(self, chosen) -> QLineEdit:
        listed = {self.participants.item(i).text() for i in range(self.participants.count())}
        edit = _line("Andere deelnemers", ", ".join(name for name in chosen if name not in listed))
        edit.setPlaceholderText("namen gescheiden door komma's")
        return edit

    def _conversation_fields(self, fields, details):
        self.location = _line("Plaats van het gesprek", fields.get("location", ""))
        self.topic = _line("Onderwerp", fields.get("topic", ""))
        self.participants = self._participants(details.participants if details else ())
        self.others = self._others(details.participants if details else ())
        self.report_status = _combo(REPORT_STATUSES, "Verslag", fields.get("report_status", ""))
        self.agreements = QTableWidget(0, 4)
        self.agreements.setHorizontalHeaderLabels(["Wie", "Wat", "Uiterlijk", "Gedaan"])
        self.agreements.setToolTip("Schrijf de datum als dag-maand-jaar, bijvoorbeeld 14-12-2026.")
        self.agreements.setAccessibleName("Afspraken")
        self.agreements.horizontalHeader().setStretchLastSection(True)
        self.agreements.setMinimumHeight(110)
        self.agreements.setColumnWidth(0, 120)
        self.agreements.setColumnWidth(1, 200)
        self.agreements.setEditTriggers(QAbstractItemView.AllEditTriggers)
        for agreement in (details.agreements if details else []):
            self.add_agreement_row(agreement["who"], agreement["what"],
                                   short_date(agreement["due_date"]) if agreement["due_date"] else "",
                                   agreement["done"], agreement["id"])
        add = QPushButton("Afspraak toevoegen")
        add.clicked.connect(lambda: self.add_agreement_row())
        self.form.addRow("Plaats", self.location)
        self.form.addRow("Onderwerp", self.topic)
        self.form.addRow("Deelnemers", self.participants)
        self.form.addRow("Andere deelnemers", self.others)
        self.form.addRow("Verslag", self.report_status)
        self.form.addRow("Afspraken (wie doet wat, wanneer)", self.agreements)
        self.form.addRow("", add)
        self.watch(self.location, self.topic, self.others, self.report_status, self.agreements)

    def add_agreement_row(self, who: str = "", what: str = "", due: str = "", done: bool = False,
                          agreement_id: int | None = None):
        row = self.agreements.rowCount()
        self.agreements.insertRow(row)
        for column, value in enumerate((who, what, due)):
            self.agreements.setItem(row, column, QTableWidgetItem(value))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        check.setCheckState(Qt.Checked if done else Qt.Unchecked)
        check.setData(Qt.UserRole, agreement_id)
        self.agreements.setItem(row, 3, check)

    def _agreement_rows(self) -> list[list]:
        """[who, what, due, done, id] for every row that has something typed."""
        rows = []
        for row in range(self.agreements.rowCount()):
            values = [(self.agreements.item(row, column).text() if self.agreements.item(row, column) else "")
                      for column in range(3)]
            check = self.agreements.item(row, 3)
            if any(value.strip() for value in values):
                rows.append(values + [bool(check and check.checkState() == Qt.Checked),
                                      check.data(Qt.UserRole) if check else None])
        return rows

    def _document_fields(self, fields):
        self.doc_kind = _combo(DOCUMENT_KINDS, "Soort document", fields.get("doc_kind", ""))
        self.direction = _combo({"ontvangen": "Ontvangen", "verzonden": "Verzonden"}, "Ontvangen of verzonden",
                                fields.get("direction", ""))
        self.sender = _line("Afzender", fields.get("sender", ""))
        self.kenmerk = _line("Kenmerk", fields.get("kenmerk", ""))
        self.decision_date = DateField("Datum van het besluit", required=False, value=fields.get("decision_date"))
        self.received_on = DateField("Ontvangen op", required=False, value=fields.get("received_on"))
        self.inaccuracies = _text("Onjuistheden om te laten verbeteren", fields.get("inaccuracies", ""), 3)
        self.form.addRow("Soort", self.doc_kind)
        self.form.addRow("Richting", self.direction)
        self.form.addRow("Afzender", self.sender)
        self.form.addRow("Kenmerk", self.kenmerk)
        self.form.addRow("Datum besluit (bekendmaking)", self.decision_date)
        self.form.addRow("Ontvangen op", self.received_on)
        self.form.addRow("Onjuistheden", self.inaccuracies)
        self.watch(self.doc_kind, self.direction, self.sender, self.kenmerk, self.decision_date.edit,
                   self.received_on.edit, self.inaccuracies)

    def _recording_fields(self, fields, details):
        self.duration = QSpinBox()
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(" minuten")
        self.duration.setAccessibleName("Duur van de opname")
        self.duration.setValue(int(fields.get("duration_seconds", 0)) // 60)
        self.participants = self._participants(details.participants if details else ())
        self.others = self._others(details.participants if details else ())
        self.consent = QCheckBox("Alle deelnemers wisten van de opname en gaven toestemming")
        self.consent.setChecked(bool(fields.get("consent", False)))
        self.consent_hint = QLabel(NO_CONSENT_WARNING)
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setStyleSheet("background: #fff3cd; padding: 6px;")
        self.consent.stateChanged.connect(lambda _s: self.consent_hint.setVisible(not self.consent.isChecked()))
        self.consent_hint.setVisible(not self.consent.isChecked())
        self.form.addRow("Duur", self.duration)
        self.form.addRow("Deelnemers", self.participants)
        self.form.addRow("Andere deelnemers", self.others)
        self.form.addRow("Toestemming", self.consent)
        self.form.addRow("", self.consent_hint)
        self.watch(self.duration, self.others, self.consent)

    # -- drafts ---------------------------------------------------------------------------
    def collect(self) -> dict:
        data = {"date": self.date.text(), "title": self.title_edit.text(), "notes": self.notes.toPlainText(),
                "case": self.case.currentData()}
        if self.kind == "gesprek":
            data.update(location=self.location.text(), topic=self.topic.text(), others=self.others.text(),
                        report=self.report_status.currentData(), agreements=self._agreement_rows(),
                        participants=self._checked_names())
        elif self.kind == "document":
            data.update(kind=self.doc_kind.currentData(), direction=self.direction.currentData(),
                        sender=self.sender.text(), kenmerk=self.kenmerk.text(), decision=self.decision_date.text(),
                        received=self.received_on.text(), inaccuracies=self.inaccuracies.toPlainText())
        elif self.kind == "opname":
            data.update(duration=self.duration.value(), others=self.others.text(), consent=self.consent.isChecked(),
                        participants=self._checked_names())
        return data

    def has_content(self) -> bool:
        data = self.collect()
        return bool(data["title"].strip() or data["notes"].strip() or data.get("agreements")
                    or data.get("sender", "").strip() or data.get("inaccuracies", "").strip())

    def restore(self, payload: dict) -> None:
        self.date.set_text(payload.get("date", ""))
        self.title_edit.setText(payload.get("title", ""))
        self.notes.setPlainText(payload.get("notes", ""))
        if payload.get("case") is not None:
            self.case.setCurrentIndex(max(0, self.case.findData(payload["case"])))
        if self.kind == "gesprek":
            self.location.setText(payload.get("location", ""))
            self.topic.setText(payload.get("topic", ""))
            self.others.setText(payload.get("others", ""))
            self.agreements.setRowCount(0)
            for row in payload.get("agreements", []):
                self.add_agreement_row(*row[:5])
        elif self.kind == "document":
            self.sender.setText(payload.get("sender", ""))
            self.kenmerk.setText(payload.get("kenmerk", ""))
            self.decision_date.set_text(payload.get("decision", ""))
            self.received_on.set_text(payload.get("received", ""))
            self.inaccuracies.setPlainText(payload.get("inaccuracies", ""))
            for combo, key in ((self.doc_kind, "kind"), (self.direction, "direction")):
                if payload.get(key):
                    combo.setCurrentIndex(max(0, combo.findData(payload[key])))
        elif self.kind == "opname":
            self.duration.setValue(int(payload.get("duration", 0)))
            self.others.setText(payload.get("others", ""))
            self.consent.setChecked(bool(payload.get("consent")))
        if self.kind in ("gesprek", "opname"):
            chosen = set(payload.get("participants", []))
            for index in range(self.participants.count()):
                item = self.participants.item(index)
                item.setCheckState(Qt.Checked if item.text() in chosen else Qt.Unchecked)

    def _checked_names(self) -> list[str]:
        names = [self.participants.item(i).text() for i in range(self.participants.count())
                 if self.participants.item(i).checkState() == Qt.Checked]
        names += [name.strip() for name in self.others.text().split(",") if name.strip()]
        return names

    # -- validation and saving ------------------------------------------------------------------
    def problems(self) -> str:
        if not self.date.valid:
            return "Controleer de datum."
        if not self.title_edit.text().strip():
            return "Geef een titel (verplicht)."
        if self.kind == "document" and not (self.decision_date.valid and self.received_on.valid):
            return "Controleer de datums van het document."
        if self.kind == "gesprek":
            for number, (who, what, due, _done, _id) in enumerate(self._agreement_rows(), start=1):
                if not who.strip() or not what.strip():
                    return f"Afspraak {number}: vul in wie wat doet."
                if due.strip():
                    try:
                        parse_date(due)
                    except ValueError:
                        return f"Afspraak {number}: schrijf de datum als dag-maand-jaar, bijvoorbeeld 14-12-2026."
        return ""

    def store(self) -> None:
        common = {"occurred_on": self.date.value(), "title": self.title_edit.text().strip()}
        case_id = self.case.currentData()
        body = self.notes.toPlainText()
        if self.entry_id is not None:
            self._store_existing(common, body, case_id)
            return
        if self.kind == "gesprek":
            agreements = [(who.strip(), what.strip(), parse_date(due) if due.strip() else None)
                          for who, what, due, _done, _id in self._agreement_rows()]
            self.entry_id = self.session.add_conversation(
                **common, body=body, case_id=case_id, location=self.location.text().strip(),
                topic=self.topic.text().strip(), participants=self._checked_names(), agreements=agreements,
                report_status=self.report_status.currentData())
        elif self.kind == "document":
            self.entry_id = self.session.add_document(
                **common, body=body, case_id=case_id, doc_kind=self.doc_kind.currentData(),
                direction=self.direction.currentData(), sender=self.sender.text().strip(),
                kenmerk=self.kenmerk.text().strip(), decision_date=self.decision_date.value(),
                received_on=self.received_on.value(), inaccuracies=self.inaccuracies.toPlainText())
        elif self.kind == "opname":
            self.entry_id = self.session.add_recording(
                **common, body=body, case_id=case_id, consent=self.consent.isChecked(),
                duration_seconds=self.duration.value() * 60, participants=self._checked_names())
        else:
            self.entry_id = self.session.add_note(text=body or common["title"], title=common["title"],
                                                  occurred_on=common["occurred_on"], case_id=case_id)
        if self.attachments.pending:
            self.attachments.store_pending(self.entry_id)


    def _store_existing(self, common: dict, body: str, case_id) -> None:
        self.session.update_entry(self.entry_id, title=common["title"], occurred_on=common["occurred_on"],
                                  body=body, case=case_id)
        if self.kind == "gesprek":
            agreements = [{"who": who.strip(), "what": what.strip(), "due_date": parse_date(due) if due.strip() else None,
                           "done": done, "id": agreement_id}
                          for who, what, due, done, agreement_id in self._agreement_rows()]
            self.session.update_conversation(
                self.entry_id, location=self.location.text().strip(), topic=self.topic.text().strip(),
                report_status=self.report_status.currentData(), participants=self._checked_names(),
                agreements=agreements)
        elif self.kind == "document":
            self.session.update_document(
                self.entry_id, doc_kind=self.doc_kind.currentData(), direction=self.direction.currentData(),
                sender=self.sender.text().strip(), kenmerk=self.kenmerk.text().strip(),
                decision_date=self.decision_date.value(), received_on=self.received_on.value(),
                inaccuracies=self.inaccuracies.toPlainText())
        elif self.kind == "opname":
            self.session.update_recording(self.entry_id, consent=self.consent.isChecked(),
                                          duration_seconds=self.duration.value() * 60,
                                          participants=self._checked_names())


class DeadlineEditor(FormDialog):
    """A deadline added by hand, or computed from a legal rule and a start date."""

    form_id = "termijn"

    def __init__(self, session, parent=None):
        from dossier_app.deadlines import RULES

        super().__init__(session, "nieuw", "nieuwe termijn", parent)
        self.title_edit = _line("Omschrijving")
        self.rule = QComboBox()
        self.rule.setAccessibleName("Wettelijke regel")
        self.rule.addItem("Zelf een datum kiezen", "")
        for rule in RULES.values():
            self.rule.addItem(f"{rule.title} ({rule.basis})", rule.id)
        self.date = DateField("Datum")
        self.date_label = QLabel("Laatste dag *")
        self.case = QComboBox()
        self.case.setAccessibleName("Traject")
        self.case.addItem("(geen traject)", None)
        for case in session.cases():
            self.case.addItem(case["title"], case["id"])
        self.form.addRow("Omschrijving *", self.title_edit)
        self.form.addRow("Berekenen", self.rule)
        self.form.addRow(self.date_label, self.date)
        self.form.addRow("Traject", self.case)
        self.rule.currentIndexChanged.connect(self._rule_changed)
        self.watch(self.title_edit, self.rule, self.date.edit, self.case)
        self.finish_layout()

    def _rule_changed(self, _index):
        from dossier_app.deadlines import RULES

        rule_id = self.rule.currentData()
        self.date_label.setText(f"{RULES[rule_id].start_label} *" if rule_id else "Laatste dag *")

    def collect(self) -> dict:
        return {"title": self.title_edit.text(), "rule": self.rule.currentData(), "date": self.date.text()}

    def restore(self, payload: dict) -> None:
        self.title_edit.setText(payload.get("title", ""))
        self.date.set_text(payload.get("date", ""))
        if payload.get("rule"):
            self.rule.setCurrentIndex(max(0, self.rule.findData(payload["rule"])))

    def problems(self) -> str:
        if not self.title_edit.text().strip() and not self.rule.currentData():
            return "Geef de termijn een omschrijving (verplicht)."
        return "" if self.date.valid else "Controleer de datum."

    def store(self) -> None:
        self.session.add_deadline(self.title_edit.text().strip(), self.date.value(),
                                  rule_id=self.rule.currentData(), case_id=self.case.currentData())


class ContactEditor(FormDialog):
    form_id = "contact"

    def __init__(self, session, contact: dict | None = None, parent=None):
        super().__init__(session, str(contact["id"]) if contact else "nieuw",
                         "contact bewerken" if contact else "nieuw contact", parent)
        contact = contact or {}
        self.contact_id = contact.get("id")
        self.role = _combo(CONTACT_ROLES, "Rol", contact.get("role", ""))
        self.form.addRow("Rol *", self.role)
        self.add_line_fields((("name", "Naam *"), ("organisation", "Organisatie"),
                              ("department", "Afdeling / t.a.v."), ("contact_person", "Contactpersoon"),
                              ("salutation", "Aanhef in brieven"), ("street", "Straat of postbus"),
                              ("postcode", "Postcode"), ("city", "Plaats"), ("email", "E-mail"),
                              ("phone", "Telefoon")), contact)
        self.notes = _text("Notities", contact.get("notes", ""), 3)
        self.form.addRow("Notities", self.notes)
        self.watch(self.role, self.notes)
        self.finish_layout()

    def collect(self) -> dict:
        return dict(self.line_values(), role=self.role.currentData(), notes=self.notes.toPlainText())

    def has_content(self) -> bool:
        return any(self.line_values(strip=True).values())

    def restore(self, payload: dict) -> None:
        self.restore_lines(payload)
        self.notes.setPlainText(payload.get("notes", ""))
        if payload.get("role"):
            self.role.setCurrentIndex(max(0, self.role.findData(payload["role"])))

    def problems(self) -> str:
        return "" if self.fields["name"].text().strip() else "Vul een naam in (verplicht)."

    def store(self) -> None:
        values = dict(self.line_values(strip=True), notes=self.notes.toPlainText())
        name = values.pop("name")
        if self.contact_id:
            self.session.update_contact(self.contact_id, name=name, role=self.role.currentData(), **values)
        else:
            self.contact_id = self.session.add_contact(self.role.currentData(), name, **values)


class PersonEditor(FormDialog):
    form_id = "gezinslid"

    def __init__(self, session, person: dict | None = None, parent=None):
        super().__init__(session, str(person["id"]) if person else "nieuw",
                         "gezinslid bewerken" if person else "nieuw gezinslid", parent)
        person = person or {}
        self.person_id = person.get("id")
        self.role = _combo(PERSON_ROLES, "Rol", person.get("role", ""))
        self.form.addRow("Rol *", self.role)
        self.add_line_fields((("name", "Naam *"), ("street", "Straat en huisnummer"), ("postcode", "Postcode"),
                              ("city", "Woonplaats"), ("phone", "Telefoon"), ("email", "E-mail")), person)
        self.birth_date = DateField("Geboortedatum", required=False, value=person.get("birth_date"))
        self.form.addRow("Geboortedatum", self.birth_date)
        self.notes = _text("Notities", person.get("notes", ""), 3)
        self.form.addRow("Notities", self.notes)
        self.watch(self.role, self.birth_date.edit, self.notes)
        self.finish_layout()

    def collect(self) -> dict:
        return dict(self.line_values(), role=self.role.currentData(), birth_date=self.birth_date.text(),
                    notes=self.notes.toPlainText())

    def has_content(self) -> bool:
        return any(self.line_values(strip=True).values())

    def restore(self, payload: dict) -> None:
        self.restore_lines(payload)
        self.birth_date.set_text(payload.get("birth_date", ""))
        self.notes.setPlainText(payload.get("notes", ""))

    def problems(self) -> str:
        if not self.fields["name"].text().strip():
            return "Vul een naam in (verplicht)."
        return "" if self.birth_date.valid else "Controleer de geboortedatum."

    def store(self) -> None:
        values = dict(self.line_values(strip=True), birth_date=self.birth_date.value(),
                      notes=self.notes.toPlainText())
        name = values.pop("name")
        if self.person_id:
            self.session.update_person(self.person_id, name=name, role=self.role.currentData(), **values)
        else:
            self.person_id = self.session.add_person(self.role.currentData(), name, **values)


class CaseEditor(FormDialog):
    form_id = "traject"

    def __init__(self, session, parent=None):
        super().__init__(session, "nieuw", "nieuw traject", parent)
        self.title_edit = _line("Naam van het traject")
        self.title_edit.setPlaceholderText("bijvoorbeeld: Aanvraag jeugd-ggz Noor 2026")
        self.status = _combo(CASE_STATUSES, "Status")
        self.child = QComboBox()
        self.child.setAccessibleName("Kind")
        self.child.addItem("(geen)", None)
        for person in session.people("kind"):
            self.child.addItem(person["name"], person["id"])
        self.opened = DateField("Begonnen op", value=dt.date.today())
        self.notes = _text("Hulpvraag en notities", "", 4)
        self.form.addRow("Naam *", self.title_edit)
        self.form.addRow("Status", self.status)
        self.form.addRow("Kind", self.child)
        self.form.addRow("Begonnen op *", self.opened)
        self.form.addRow("Hulpvraag / notities", self.notes)
        self.watch(self.title_edit, self.status, self.child, self.opened.edit, self.notes)
        self.finish_layout()

    def collect(self) -> dict:
        return {"title": self.title_edit.text(), "status": self.status.currentData(), "opened": self.opened.text(),
                "notes": self.notes.toPlainText()}

    def has_content(self) -> bool:
        return bool(self.title_edit.text().strip() or self.notes.toPlainText().strip())

    def restore(self, payload: dict) -> None:
        self.title_edit.setText(payload.get("title", ""))
        self.opened.set_text(payload.get("opened", ""))
        self.notes.setPlainText(payload.get("notes", ""))

    def problems(self) -> str:
        if not self.title_edit.text().strip():
            return "Geef het traject een naam (verplicht)."
        return "" if self.opened.valid else "Controleer de datum."

    def store(self) -> None:
        self.session.add_case(self.title_edit.text().strip(), status=self.status.currentData(),
                              opened_on=self.opened.value(), child_id=self.child.currentData(),
                              notes=self.notes.toPlainText())


__all__ = ["EntryEditor", "DeadlineEditor", "ContactEditor", "PersonEditor", "CaseEditor", "save_all_drafts",
           "open_editors"]
