"""Editor for a gesprek: where, who, the topic, the report, and the afspraken (who does what by when)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem

from dossier_app.dutch import parse_date, short_date
from dossier_app.services import timeline
from dossier_app.services.timeline import AgreementInput
from dossier_app.services.vocabulary import REPORT_STATUSES
from dossier_app.ui.editors.base import combo_box, line_edit, select_data
from dossier_app.ui.editors.entry import EntryEditor

DATE_HINT = "Schrijf de datum als dag-maand-jaar, bijvoorbeeld 14-12-2026."


class ConversationEditor(EntryEditor):
    kind = "gesprek"

    def add_kind_fields(self, fields: dict) -> None:
        chosen = self.details.participants if self.details else ()
        self.location = line_edit("Plaats van het gesprek", fields.get("location", ""))
        self.topic = line_edit("Onderwerp", fields.get("topic", ""))
        self.participants = self.participants_list(chosen)
        self.others = self.others_edit(self.participants, chosen)
        self.report_status = combo_box(REPORT_STATUSES, "Verslag", fields.get("report_status", ""))
        self.agreements = QTableWidget(0, 4)
        self.agreements.setHorizontalHeaderLabels(["Wie", "Wat", "Uiterlijk", "Gedaan"])
        self.agreements.setToolTip(DATE_HINT)
        self.agreements.setAccessibleName("Afspraken")
        header = self.agreements.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.agreements.verticalHeader().hide()
        self.agreements.setMinimumHeight(130)
        self.agreements.setColumnWidth(0, 150)
        self.agreements.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        for agreement in (self.details.agreements if self.details else []):
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
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        check.setData(Qt.ItemDataRole.UserRole, agreement_id)
        self.agreements.setItem(row, 3, check)

    def agreement_rows(self) -> list[list]:
        """[who, what, due, done, id] for every row that has something typed."""
        rows = []
        for row in range(self.agreements.rowCount()):
            cells = [self.agreements.item(row, column) for column in range(3)]
            values = [cell.text() if cell is not None else "" for cell in cells]
            check = self.agreements.item(row, 3)
            if any(value.strip() for value in values):
                rows.append(values + [bool(check and check.checkState() == Qt.CheckState.Checked),
                                      check.data(Qt.ItemDataRole.UserRole) if check else None])
        return rows

    def agreement_inputs(self) -> list[AgreementInput]:
        return [AgreementInput(who.strip(), what.strip(), parse_date(due) if due.strip() else None, done, agreement_id)
                for who, what, due, done, agreement_id in self.agreement_rows()]

    def collect_kind(self) -> dict:
        return {"location": self.location.text(), "topic": self.topic.text(), "others": self.others.text(),
                "report": self.report_status.currentData(), "agreements": self.agreement_rows(),
                "participants": self.checked_names()}

    def restore_kind(self, payload: dict) -> None:
        self.location.setText(payload.get("location", ""))
        self.topic.setText(payload.get("topic", ""))
        select_data(self.report_status, payload.get("report"))
        self.agreements.setRowCount(0)
        for row in payload.get("agreements", []):
            self.add_agreement_row(*row[:5])
        self.restore_participants(payload)

    def kind_problems(self) -> str:
        for number, (who, what, due, _done, _id) in enumerate(self.agreement_rows(), start=1):
            if not who.strip() or not what.strip():
                return f"Afspraak {number}: vul in wie wat doet."
            if due.strip():
                try:
                    parse_date(due)
                except ValueError:
                    return f"Afspraak {number}: {DATE_HINT[0].lower()}{DATE_HINT[1:]}"
        return ""

    def create_entry(self, title, occurred_on, body, traject_id) -> int:
        return timeline.add_conversation(
            self.session, occurred_on=occurred_on, title=title, body=body, traject_id=traject_id,
            location=self.location.text().strip(), topic=self.topic.text().strip(),
            participants=self.checked_names(), agreements=self.agreement_inputs(),
            report_status=self.report_status.currentData())

    def update_kind(self) -> None:
        timeline.update_conversation(
            self.session, self.saved_entry_id(), location=self.location.text().strip(), topic=self.topic.text().strip(),
            report_status=self.report_status.currentData(), participants=self.checked_names(),
            agreements=self.agreement_inputs())
