"""What every timeline entry editor has: date, title, traject, own notes and attachments."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

from dossier_app.errors import UsageError
from dossier_app.services import family, timeline
from dossier_app.services.vocabulary import ENTRY_KINDS
from dossier_app.ui.attachments_panel import AttachmentsPanel
from dossier_app.ui.editors.base import FormDialog, letter_label, line_edit, select_data, text_edit, traject_combo
from dossier_app.ui.widgets import DateField


class EntryEditor(FormDialog):
    """A new or existing entry of ``kind``; subclasses add the fields of their kind."""

    kind = ""
    participants: QListWidget       # set by the editors of a gesprek and an opname (participants_list)
    others: QLineEdit
    notes_label = "Aantekeningen (alleen voor uzelf)"
    title_feeds_letters = False     # a document's title is named in letters (the besluit, the verslag)
    notes_help = "Alleen voor uzelf: aantekeningen komen nooit in een brief."

    def __init__(self, session, entry_id: int | None = None, parent=None, traject_id=None):
        self.form_id = f"entry-{self.kind}"
        self.entry_id = entry_id
        details = timeline.entry(session, entry_id) if entry_id else None
        label = ENTRY_KINDS[self.kind].lower()
        super().__init__(session, str(entry_id or "nieuw"), f"{label} bewerken" if details else f"nieuw: {label}",
                         parent)
        self.details = details
        fields = details.fields if details else {}
        self.date = DateField("Datum", value=details.date if details else dt.date.today())
        self.title_edit = line_edit("Titel", details.title if details else "")
        self.traject = traject_combo(session, details.case_id if details else traject_id,
                                     suggest_single=details is None)
        self.notes = text_edit(self.notes_label, details.body if details else "", 5)
        self.notes.setToolTip(self.notes_help)
        self.form.addRow("Datum *", self.date)
        self.form.addRow(letter_label("Titel *") if self.title_feeds_letters else "Titel *", self.title_edit)
        self.form.addRow("Traject", self.traject)
        self.watch(self.date.edit, self.title_edit, self.traject, self.notes)
        self.add_kind_fields(fields)
        self.form.addRow(self.notes_label, self.notes)
        self.attachments = AttachmentsPanel(session, entry_id, confirm_export=self.confirm_export, parent=self)
        self.body.addWidget(self.attachments)
        self.finish_layout()

    # -- hooks for the kinds -----------------------------------------------------------
    def add_kind_fields(self, fields: dict) -> None:
        pass

    def collect_kind(self) -> dict:
        return {}

    def restore_kind(self, payload: dict) -> None:
        pass

    def kind_problems(self) -> str:
        return ""

    def create_entry(self, title: str, occurred_on: dt.date, body: str, traject_id) -> int:
        raise NotImplementedError

    def update_kind(self) -> None:
        pass

    def saved_entry_id(self) -> int:
        """The id of the entry being edited (update_kind runs only for one that is stored)."""
        if self.entry_id is None:
            raise UsageError("Dit item is nog niet opgeslagen.")
        return self.entry_id

    def confirm_export(self) -> bool:
        """Asked before an attachment leaves the dossier (recordings without consent)."""
        return True

    # -- participants (gesprek and opname) -------------------------------------------------
    def participants_list(self, chosen=()) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName("Deelnemers")
        widget.setMinimumHeight(110)
        names = [person.name for person in family.people(self.session)]
        names += [contact.contact_person or contact.name for contact in family.contacts(self.session)]
        for name in dict.fromkeys(names):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            widget.addItem(item)
        self.watch(widget)
        return widget

    def others_edit(self, participants: QListWidget, chosen) -> QLineEdit:
        listed = {participants.item(i).text() for i in range(participants.count())}
        edit = line_edit("Andere deelnemers", ", ".join(name for name in chosen if name not in listed))
        edit.setPlaceholderText("namen gescheiden door komma's")
        return edit

    def checked_names(self) -> list[str]:
        names = [self.participants.item(i).text() for i in range(self.participants.count())
                 if self.participants.item(i).checkState() == Qt.CheckState.Checked]
        names += [name.strip() for name in self.others.text().split(",") if name.strip()]
        return names

    def restore_participants(self, payload: dict) -> None:
        chosen = set(payload.get("participants", []))
        for index in range(self.participants.count()):
            item = self.participants.item(index)
            item.setCheckState(Qt.CheckState.Checked if item.text() in chosen else Qt.CheckState.Unchecked)
        self.others.setText(payload.get("others", ""))

    # -- the common part ------------------------------------------------------------------------
    def collect(self) -> dict:
        data = {"date": self.date.text(), "title": self.title_edit.text(), "notes": self.notes.toPlainText(),
                "traject": self.traject.currentData()}
        data.update(self.collect_kind())
        return data

    def restore(self, payload: dict) -> None:
        self.date.set_text(payload.get("date", ""))
        self.title_edit.setText(payload.get("title", ""))
        self.notes.setPlainText(payload.get("notes", ""))
        select_data(self.traject, payload.get("traject"))
        self.restore_kind(payload)

    typed_keys = ("title", "notes", "location", "topic", "others", "sender", "kenmerk", "inaccuracies")

    def has_content(self) -> bool:
        """Something the user typed (not the prefilled date or a choice in a list)."""
        data = self.collect()
        return any(str(data.get(key, "")).strip() for key in self.typed_keys) or bool(data.get("agreements"))

    def problems(self) -> str:
        if not self.date.valid:
            return "Controleer de datum."
        if not self.title_edit.text().strip():
            return "Geef een titel (verplicht)."
        return self.kind_problems()

    def store(self) -> None:
        title, occurred_on = self.title_edit.text().strip(), self.date.value()
        if occurred_on is None:          # problems() asks for a valid, required date before anything is stored
            raise UsageError("Vul een datum in.")
        body, traject_id = self.notes.toPlainText(), self.traject.currentData()
        if self.entry_id is not None:
            timeline.update_entry(self.session, self.entry_id, title=title, occurred_on=occurred_on, body=body,
                                  traject_id=traject_id)
            self.update_kind()
            return
        self.entry_id = self.create_entry(title, occurred_on, body, traject_id)
        if self.attachments.pending:
            self.attachments.store_pending(self.entry_id)
