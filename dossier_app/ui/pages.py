"""The pages of the main window. They lay out and ask; the session does the work."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QStyle, QStyledItemDelegate,
    QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from dossier_app.dutch import weekday_date
from dossier_app.store.search import MARK_END, MARK_START
from dossier_app.store.vocabulary import ENTRY_KINDS
from dossier_app.ui.table_models import (
    CasesModel, DeadlineModel, LettersModel, PeopleModel, SearchModel, TimelineModel,
)


def make_table(model, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    return view


class Page(QWidget):
    open_entry = Signal(int)
    new_entry = Signal(str)

    title = ""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(f"<h2>{self.title}</h2>")
        heading.setAccessibleName(self.title)
        self.layout_.addWidget(heading)

    def refresh(self):
        pass

    def clear(self):
        pass

    def selected_id(self):
        return None

    def select_id(self, _entry_id):
        pass


class TimelinePage(Page):
    """Every entry newest first (or one kind), filter by type and case."""

    def __init__(self, session, title: str, kind: str | None = None, new_kinds=(), parent=None):
        self.title = title
        super().__init__(session, parent)
        self.kind = kind
        self.model = TimelineModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = make_table(self.proxy, title)
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        filters = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Filter op soort")
        self.kind_filter.addItem("Alle soorten", None)
        for key, label in ENTRY_KINDS.items():
            self.kind_filter.addItem(label, key)
        self.kind_filter.setVisible(kind is None)
        self.case_filter = QComboBox()
        self.case_filter.setAccessibleName("Filter op traject")
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.case_filter.currentIndexChanged.connect(lambda _i: self._reload_rows())
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.case_filter)
        filters.addStretch()
        for new_kind in new_kinds:
            button = QPushButton(f"Nieuw: {ENTRY_KINDS[new_kind].lower()}")
            button.clicked.connect(lambda _c=False, k=new_kind: self.new_entry.emit(k))
            filters.addWidget(button)
        self.layout_.addLayout(filters)
        self.layout_.addWidget(self.view)
        self.count = QLabel()
        self.layout_.addWidget(self.count)

    def refresh(self):
        current = self.case_filter.currentData()
        self.case_filter.blockSignals(True)
        self.case_filter.clear()
        self.case_filter.addItem("Alle trajecten", None)
        for case in self.session.cases():
            self.case_filter.addItem(case["title"], case["id"])
        if current is not None:
            self.case_filter.setCurrentIndex(max(0, self.case_filter.findData(current)))
        self.case_filter.blockSignals(False)
        self._reload_rows()

    def _reload_rows(self):
        if not self.session.is_open:
            return
        kind = self.kind or self.kind_filter.currentData()
        rows = self.session.timeline(kind=kind, case_id=self.case_filter.currentData())
        self.model.set_rows(rows)
        self.view.resizeColumnToContents(0)
        self.view.resizeColumnToContents(1)
        self.count.setText(f"{len(rows)} items")

    def clear(self):
        self.case_filter.blockSignals(True)
        self.case_filter.clear()
        self.case_filter.blockSignals(False)
        self.model.set_rows([])

    def _activate(self, index):
        self.open_entry.emit(self.proxy.data(index, Qt.UserRole + 1))

    def selected_id(self):
        indexes = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.proxy.data(indexes[0], Qt.UserRole + 1) if indexes else None

    def select_id(self, entry_id):
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, Qt.UserRole + 1) == entry_id:
                self.view.selectRow(row)
                self.view.scrollTo(index)
                return


class DeadlinesPage(Page):
    title = "Termijnen"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        intro = QLabel("Open termijnen en afspraken, verlopen eerst. Kies er een voor de uitleg: hoe de datum "
                       "is berekend, op welk wetsartikel hij rust en wat u kunt doen.")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.model = DeadlineModel(self)
        self.view = make_table(self.model, "Open termijnen")
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show())
        self.explanation = QTextBrowser()
        self.explanation.setAccessibleName("Uitleg bij de termijn")
        self.done_button = QPushButton("Afvinken als gedaan")
        self.done_button.clicked.connect(self._done)
        self.add_button = QPushButton("Nieuwe termijn…")
        self.add_button.clicked.connect(lambda: self.new_entry.emit("termijn"))
        self.layout_.addWidget(self.view, 2)
        self.layout_.addWidget(self.explanation, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        buttons.addWidget(self.done_button)
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.model.set_rows(self.session.open_items())
        for column in range(3):
            self.view.resizeColumnToContents(column)
        self._show()

    def clear(self):
        self.model.set_rows([])
        self.explanation.clear()

    def _current(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _show(self):
        item = self._current()
        if item is None:
            self.explanation.setHtml("<p>Kies een termijn.</p>")
            return
        overdue = " — <span style='color:#b00020'>verlopen</span>" if item.overdue else ""
        parts = [f"<h3>{html.escape(item.title)}</h3>",
                 f"<p><b>Laatste dag:</b> {html.escape(weekday_date(item.due_date))}{overdue}</p>"]
        if item.basis:
            parts.append(f"<p><b>Grondslag:</b> {html.escape(item.basis)}</p>")
        if item.explanation:
            parts.append(f"<p><b>Hoe berekend:</b> {html.escape(item.explanation)}</p>")
        if item.next_step:
            parts.append(f"<p><b>Wat nu:</b> {html.escape(item.next_step)}</p>")
        self.explanation.setHtml("".join(parts))

    def _done(self):
        item = self._current()
        if item is not None:
            self.session.mark_deadline_done(item)
            self.refresh()


class OverviewPage(Page):
    title = "Overzicht"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(QLabel("<b>Eerstvolgende en verlopen termijnen</b>"))
        self.model = DeadlineModel(self)
        self.view = make_table(self.model, "Termijnen in het overzicht")
        self.layout_.addWidget(self.view)
        buttons = QHBoxLayout()
        for kind in ("gesprek", "document", "opname", "notitie"):
            button = QPushButton(f"Nieuw: {ENTRY_KINDS[kind].lower()}")
            button.clicked.connect(lambda _c=False, k=kind: self.new_entry.emit(k))
            buttons.addWidget(button)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        items = self.session.open_items()
        self.model.set_rows(items[:12])
        for column in range(3):
            self.view.resizeColumnToContents(column)
        overdue = sum(1 for item in items if item.overdue)
        entries = len(self.session.timeline())
        text = f"Dossier <b>{html.escape(self.session.name)}</b>: {entries} items in de tijdlijn, {len(items)} open termijnen"
        if overdue:
            text += f", waarvan <span style='color:#b00020'><b>{overdue} verlopen</b></span>"
        text += "."
        if not self.session.people():
            text += ("<br><br><b>Om te beginnen:</b> vul bij <i>Gezin</i> uw eigen naam en adres in en die van "
                     "uw kind. Leg daarna bij <i>Tijdlijn</i> vast wat er al is gebeurd: gesprekken, brieven en "
                     "besluiten. De app rekent dan de termijnen voor u uit.")
        self.summary.setText(text)

    def clear(self):
        self.model.set_rows([])
        self.summary.clear()


class ListPage(Page):
    """Contacts or family: a table and buttons to add and edit."""

    edit_row = Signal(object)
    add_row = Signal(str)

    def __init__(self, session, title: str, model, loader, add_buttons, parent=None):
        self.title = title
        super().__init__(session, parent)
        self.model = model
        self.loader = loader
        self.view = make_table(model, title)
        self.view.doubleClicked.connect(lambda index: self.edit_row.emit(self.model.row(index.row())))
        self.layout_.addWidget(self.view)
        buttons = QHBoxLayout()
        for key, label in add_buttons:
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, k=key: self.add_row.emit(k))
            buttons.addWidget(button)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.model.set_rows(self.loader())
        self.view.resizeColumnsToContents()

    def clear(self):
        self.model.set_rows([])


class FamilyPage(Page):
    title = "Gezin en trajecten"
    edit_person = Signal(object)
    add_item = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.people = PeopleModel(self)
        self.cases = CasesModel(self)
        self.people_view = make_table(self.people, "Gezinsleden")
        self.people_view.doubleClicked.connect(lambda index: self.edit_person.emit(self.people.row(index.row())))
        self.cases_view = make_table(self.cases, "Trajecten")
        self.layout_.addWidget(QLabel("<b>Gezinsleden</b>"))
        self.layout_.addWidget(self.people_view)
        self.layout_.addWidget(QLabel("<b>Trajecten</b> (bijvoorbeeld een aanvraag met alles wat erbij hoort)"))
        self.layout_.addWidget(self.cases_view)
        buttons = QHBoxLayout()
        for key, label in (("gezinslid", "Gezinslid toevoegen"), ("traject", "Traject toevoegen")):
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, k=key: self.add_item.emit(k))
            buttons.addWidget(button)
        buttons.addStretch()
        self.layout_.addLayout(buttons)

    def refresh(self):
        self.people.set_rows(self.session.people())
        self.cases.set_rows(self.session.cases())
        self.people_view.resizeColumnsToContents()
        self.cases_view.resizeColumnsToContents()

    def clear(self):
        self.people.set_rows([])
        self.cases.set_rows([])


class HighlightDelegate(QStyledItemDelegate):
    """Draws a search snippet with the matched words highlighted."""

    def paint(self, painter, option, index):
        text = index.data(Qt.DisplayRole) or ""
        marked = (html.escape(text).replace(MARK_START, "<b style='background:#ffe066'>")
                  .replace(MARK_END, "</b>"))
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(marked)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.translate(option.rect.topLeft())
        document.drawContents(painter)
        painter.restore()


class SearchPage(Page):
    title = "Zoekresultaten"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.query_label = QLabel()
        self.layout_.addWidget(self.query_label)
        self.model = SearchModel(self)
        self.view = make_table(self.model, "Zoekresultaten")
        self.view.setItemDelegateForColumn(2, HighlightDelegate(self.view))
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.layout_.addWidget(self.view)
        self.open_other = None

    def run(self, text: str):
        hits = self.session.search(text)
        self.model.set_rows(hits)
        self.view.resizeColumnToContents(0)
        self.view.resizeColumnToContents(1)
        self.query_label.setText(f"{len(hits)} resultaten voor “{html.escape(text)}”" if hits
                                 else f"Niets gevonden voor “{html.escape(text)}”.")
        return hits

    def clear(self):
        self.model.set_rows([])
        self.query_label.clear()

    def _activate(self, index):
        hit = self.model.row(index.row())
        if hit.source == "entry":
            self.open_entry.emit(hit.ref)
        elif self.open_other:
            self.open_other(hit)


class LettersPage(Page):
    title = "Brieven"

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        intro = QLabel("Alle brieven die u met de app maakte, met wanneer en hoe ze zijn verstuurd. Een nieuwe brief "
                       "maakt u nu nog met de opdrachtregel (dossier-app letter); in de app volgt dat binnenkort.")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.model = LettersModel(self)
        self.view = make_table(self.model, "Brieven")
        self.view.doubleClicked.connect(lambda index: self.open_entry.emit(self.model.row(index.row())["id"]))
        self.layout_.addWidget(self.view)

    def refresh(self):
        self.model.set_rows(self.session.letters())
        self.view.resizeColumnsToContents()

    def clear(self):
        self.model.set_rows([])


__all__ = ["TimelinePage", "DeadlinesPage", "OverviewPage", "ListPage", "FamilyPage", "SearchPage", "LettersPage"]
