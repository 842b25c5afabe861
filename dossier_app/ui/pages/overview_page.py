"""The first page answers 'what now?': per traject the open deadlines with a traffic light and the
letter that is the next step; open afspraken; letters waiting for a receipt; the last entries.
An empty dossier shows the first three steps instead.

One tree (model/view, not a widget per item): a group per traject shows its first steps and a
"meer…" row that reads the next page; Enter or a double-click on a step, or the button under the
tree, opens its letter."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeView, QVBoxLayout,
                               QWidget)

from dossier_app.dutch import count, days_left, short_date, weekday_date
from dossier_app.services import next_steps, timeline
from dossier_app.services.vocabulary import ENTRY_KINDS
from dossier_app.ui import theme
from dossier_app.ui.pages.base import Page

LIGHT = {next_steps.RED: "error", next_steps.ORANGE: "attention", next_steps.GREEN: "success"}   # theme roles
LIGHT_WORD = {next_steps.RED: "verlopen", next_steps.ORANGE: "binnenkort", next_steps.GREEN: "op tijd"}
STEP_ROLE = Qt.ItemDataRole.UserRole + 1       # the NextStep of a row
MORE_ROLE = Qt.ItemDataRole.UserRole + 2       # (group key, all its steps) of a "meer…" row
LETTER_ROLE = Qt.ItemDataRole.UserRole + 3     # (kind id, traject id, button text) of a traject's next-step row
MORE_PAGE = 25                    # steps read each time "meer…" is chosen
COLUMNS = ("Wat", "Wanneer", "Volgende stap")
NO_STEP = "Kies een stap met een brief"


def days_text(step) -> str:
    return days_left(step.days_left)


def _label(text: str, *, name="") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if name:
        label.setObjectName(name)
    return label


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, 12, 12)
    painter.end()
    return QIcon(pixmap)


def _cell(text: str = "", *, role: str = "", bold=False, italic=False) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if role:
        item.setForeground(theme.color(role))
    if bold or italic:
        font = QFont()
        font.setBold(bold)
        font.setItalic(italic)
        item.setFont(font)
    return item


class OverviewPage(Page):
    name, title = "overzicht", "Overzicht"
    letter_requested = Signal(str, object)     # kind id, traject id

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.summary = _label("", name="overview-summary")
        self.layout_.addWidget(self.summary)
        self.first_steps = QWidget()
        self.first_steps.setObjectName("overview-first-steps")
        self.first_steps_layout = QVBoxLayout(self.first_steps)
        self.first_steps_layout.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.first_steps)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.tree = QTreeView()
        self.tree.setObjectName("overview-tree")
        self.tree.setAccessibleName("Wat nu? Open termijnen en afspraken per traject")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setWordWrap(True)
        self.tree.setExpandsOnDoubleClick(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.tree.activated.connect(self._activated)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.layout_.addWidget(self.tree, 1)
        self.step_button = QPushButton(NO_STEP)
        self.step_button.setObjectName("next-step-button")
        self.step_button.setToolTip("Opent de brief van de gekozen stap, al ingevuld uit het dossier.")
        self.step_button.setEnabled(False)
        self.step_button.clicked.connect(self._open_current)
        step_row = QHBoxLayout()
        step_row.addWidget(self.step_button)
        step_row.addStretch()
        self.layout_.addLayout(step_row)
        buttons = QHBoxLayout()
        self.bottom_buttons: list[QPushButton] = []
        for kind in ("gesprek", "document", "opname", "notitie"):
            button = QPushButton(f"Nieuw: {ENTRY_KINDS[kind].lower()}")
            button.clicked.connect(lambda _c=False, k=kind: self.new_entry.emit(k))
            self.bottom_buttons.append(button)
        letter = QPushButton("Nieuwe brief…")
        letter.clicked.connect(lambda _c=False: self.letter_requested.emit("", None))
        self.bottom_buttons.append(letter)
        for button in self.bottom_buttons:
            buttons.addWidget(button)
        buttons.addStretch()
        self.layout_.addLayout(buttons)
        # Reading order: the tree, the next step it offers, then the five buttons for something new.
        order = [self.tree, self.step_button, *self.bottom_buttons]
        for before, after in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(before, after)

    # -- filling --------------------------------------------------------------------------------
    def refresh(self):
        overview = next_steps.overview(self.session)
        entries = timeline.count_entries(self.session)
        text = (f"Dossier <b>{html.escape(self.session.name)}</b>: {count(entries, 'item', 'items')} in de "
                f"tijdlijn, {count(overview.open_count, 'open termijn of afspraak', 'open termijnen en afspraken')}")
        if overview.overdue_count:
            text += ", waarvan " + theme.span("error", f"<b>{overview.overdue_count} verlopen</b>")
        self.summary.setText(text + ".")
        self._clear_first_steps()
        self.model.removeRows(0, self.model.rowCount())
        self.tree.setVisible(not overview.is_empty)
        if overview.is_empty:
            self._first_steps(overview.first_steps)
        else:
            self._what_now(overview)
        self._select_first_letter()

    def _clear_first_steps(self):
        while self.first_steps_layout.count():
            item = self.first_steps_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _first_steps(self, first_steps):
        self.first_steps_layout.addWidget(_label("<h3>Om te beginnen</h3>"))
        for number, (step, why) in enumerate(first_steps, start=1):
            self.first_steps_layout.addWidget(_label(f"<p><b>{number}. {html.escape(step)}</b><br>"
                                                     f"{theme.span('muted', html.escape(why))}</p>",
                                                     name="first-step"))
        self.first_steps_layout.addStretch(1)

    def _what_now(self, overview):
        self._dots = {colour: _dot(theme.color(role)) for colour, role in LIGHT.items()}
        root = self.model.invisibleRootItem()
        for group in overview.trajecten:
            status = f"({group.status})" if group.status else ""
            summary = count(group.total, "open termijn", "open termijnen") if group.total else "Geen open termijnen."
            parent = self._group(root, group.title, status, summary)
            for notice in group.notices:     # what the consequence model closed here, and why (service data)
                self._message(parent, notice)
            if group.steps:
                self._steps(parent, group.steps, group.traject_id, group.total)
            elif group.traject_id is not None:
                self._traject_advice(parent, group)
        if overview.agreements:
            parent = self._group(root, "Afspraken uit gesprekken", "",
                                 count(overview.agreements_total, "open afspraak", "open afspraken"))
            self._steps(parent, overview.agreements, next_steps.AGREEMENTS, overview.agreements_total)
        if overview.awaiting_receipt:
            parent = self._group(root, "Brieven die wachten op een ontvangstbevestiging", "", "")
            titles = next_steps.letter_titles()
            for record in overview.awaiting_receipt:
                parent.appendRow([_cell(f"{titles.get(record.kind, record.kind)}: {record.subject}"),
                                  _cell(f"verstuurd op {short_date(record.sent_on)}", role="muted"), _cell()])
        if overview.recent:
            parent = self._group(root, "Laatst vastgelegd", "", "")
            for item in overview.recent:
                parent.appendRow([_cell(f"{ENTRY_KINDS.get(item.kind, item.kind)}: {item.title}"),
                                  _cell(short_date(item.date), role="muted"), _cell()])
        self.tree.expandAll()

    def _group(self, root: QStandardItem, title: str, status: str, summary: str) -> QStandardItem:
        parent = _cell(title, bold=True)
        root.appendRow([parent, _cell(status, role="muted"), _cell(summary, role="muted")])
        return parent

    def _message(self, parent: QStandardItem, text: str) -> None:
        item = _cell(text, role="muted", italic=True)
        item.setToolTip(text)             # a long closing (the dwangsom owed) is cut at the tree's width
        parent.appendRow([item, _cell(), _cell()])
        self.tree.setFirstColumnSpanned(parent.rowCount() - 1, parent.index(), True)

    def _traject_advice(self, parent: QStandardItem, group) -> None:
        """A traject without open terms: its next step from the consequence model, and the letter for it."""
        advice = _cell(group.advice or "Geen open termijnen.", role="muted", italic=True)
        if group.letter_kind:
            advice.setData((group.letter_kind, group.traject_id, group.letter_label), LETTER_ROLE)
            advice.setToolTip("Enter of dubbelklik: opent de brief, al ingevuld uit het dossier.")
        parent.appendRow([advice, _cell(), _cell(group.letter_label)])

    def _steps(self, parent: QStandardItem, steps, group_key, total: int) -> None:
        for step in steps:
            parent.appendRow(self._step_row(step))
        self._more_row(parent, group_key, total)

    @staticmethod
    def _shown(parent: QStandardItem) -> int:
        return sum(1 for row in range(parent.rowCount()) if parent.child(row).data(STEP_ROLE) is not None)

    def _more_row(self, parent: QStandardItem, group_key, total: int) -> None:
        """A "meer…" row when the group has steps that are not shown yet."""
        more = total - self._shown(parent)
        if more <= 0:
            return
        item = _cell(f"meer… (nog {more})", italic=True)
        item.setData((group_key, total), MORE_ROLE)
        item.setToolTip("Enter of dubbelklik: toon de volgende stappen.")
        parent.appendRow([item, _cell(), _cell()])

    def _step_row(self, step) -> list[QStandardItem]:
        light = LIGHT[step.colour]
        what = _cell(step.title + (f"\n{step.advice}" if step.advice and not step.has_letter else ""))
        what.setIcon(self._dots[step.colour])
        what.setToolTip(LIGHT_WORD[step.colour])
        what.setData(f"{LIGHT_WORD[step.colour]}: {step.title}", Qt.ItemDataRole.AccessibleTextRole)
        what.setData(step, STEP_ROLE)
        when = _cell(f"{days_text(step)}\n{weekday_date(step.due_date)}", role=light, bold=True)
        if step.has_letter:
            action = _cell(step.label)
            action.setToolTip("Enter of dubbelklik: opent de brief, al ingevuld uit het dossier.")
        else:
            action = _cell(step.label if step.label != step.title else "", role="muted", italic=True)
        return [what, when, action]

    # -- acting ---------------------------------------------------------------------------------
    def _step_at(self, index: QModelIndex):
        return index.siblingAtColumn(0).data(STEP_ROLE) if index.isValid() else None

    def _letter_at(self, index: QModelIndex):
        """(kind id, traject id, button text) of the letter a row offers, or None."""
        if not index.isValid():
            return None
        step = self._step_at(index)
        if step is not None:
            return (step.kind_id, step.traject_id, step.label) if step.has_letter else None
        return index.siblingAtColumn(0).data(LETTER_ROLE)

    def _select_first_letter(self) -> None:
        root = self.model.invisibleRootItem()
        for row in range(root.rowCount()):
            group = root.child(row)
            for child in range(group.rowCount()):
                if self._letter_at(group.child(child).index()) is not None:
                    self.tree.setCurrentIndex(group.child(child).index())
                    return
        self._current_changed(QModelIndex())

    def _current_changed(self, index: QModelIndex, _previous=None) -> None:
        letter = self._letter_at(index)
        if letter is not None:
            self.step_button.setText(letter[2])
            self.step_button.setEnabled(True)
        else:
            self.step_button.setText(NO_STEP)
            self.step_button.setEnabled(False)

    def _open_current(self) -> None:
        letter = self._letter_at(self.tree.currentIndex())
        if letter is not None:
            self.letter_requested.emit(letter[0], letter[1])

    def _activated(self, index: QModelIndex) -> None:
        first = index.siblingAtColumn(0)
        more = first.data(MORE_ROLE)
        if more is not None:
            self._show_more(first, *more)
            return
        letter = self._letter_at(index)
        if letter is not None:
            self.letter_requested.emit(letter[0], letter[1])

    def _show_more(self, index: QModelIndex, group_key, total: int) -> None:
        """Replace the "meer…" row with the next page of the group's steps (and a new "meer…")."""
        parent = self.model.itemFromIndex(index.parent())
        shown = self._shown(parent)
        parent.removeRow(index.row())
        first_new = parent.rowCount()
        for step in next_steps.more_steps(self.session, group_key, shown, MORE_PAGE):
            parent.appendRow(self._step_row(step))
        self._more_row(parent, group_key, total)
        if parent.rowCount() > first_new:
            self.tree.setCurrentIndex(parent.child(first_new).index())

    def clear(self):
        self._clear_first_steps()
        self.model.removeRows(0, self.model.rowCount())
        self.summary.clear()
        self._current_changed(QModelIndex())
