"""The timeline (every entry, newest first) and the pages of one kind: gesprekken, documenten, opnames."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton

from dossier_app.dutch import count
from dossier_app.services import family, timeline
from dossier_app.services.vocabulary import ENTRY_KINDS
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import TimelineModel


class TimelinePage(Page):
    kind: str | None = None
    new_kinds: tuple = ()

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.model = TimelineModel(self)
        self.view = RowsTable(self.model, self.title)
        self.view.row_activated.connect(lambda item: self.open_entry.emit(item.id))
        filters = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kind-filter")
        self.kind_filter.setAccessibleName("Soort")          # as its visible label; the value is read after it
        self.kind_filter.addItem("Alle soorten", None)
        for key, label in ENTRY_KINDS.items():
            self.kind_filter.addItem(label, key)
        self.kind_filter.setVisible(self.kind is None)
        self.traject_filter = QComboBox()
        self.traject_filter.setObjectName("traject-filter")
        self.traject_filter.setAccessibleName("Traject")
        # Visible labels, tied to their drop-downs (a screen reader says "Soort: Alle soorten").
        kind_label = QLabel("&Soort:")
        kind_label.setBuddy(self.kind_filter)
        kind_label.setVisible(self.kind is None)
        traject_label = QLabel("T&raject:")
        traject_label.setBuddy(self.traject_filter)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload_rows())
        self.traject_filter.currentIndexChanged.connect(lambda _i: self.reload_rows())
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_filter)
        filters.addWidget(traject_label)
        filters.addWidget(self.traject_filter)
        filters.addStretch()
        for combo in (self.kind_filter, self.traject_filter):     # a long traject title does not widen the page
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        self.layout_.addLayout(filters)
        self.layout_.addWidget(self.view)
        # Below the table, as on the Overzicht: the filters and the four buttons on one row did not fit a small
        # screen (150 %).
        below = QHBoxLayout()
        self.count = QLabel()                 # its text ("39 items") is what a screen reader reads
        self.count.setObjectName("item-count")
        below.addWidget(self.count)
        below.addStretch()
        for new_kind in self.new_kinds:
            button = QPushButton(f"Nieuw: {ENTRY_KINDS[new_kind].lower()}")
            button.setObjectName(f"new-{new_kind}")
            button.clicked.connect(lambda _c=False, k=new_kind: self.new_entry.emit(k))
            below.addWidget(button)
        self.layout_.addLayout(below)

    def refresh(self):
        current = self.traject_filter.currentData()
        self.traject_filter.blockSignals(True)
        self.traject_filter.clear()
        self.traject_filter.addItem("Alle trajecten", None)
        for traject in family.trajecten(self.session):
            self.traject_filter.addItem(traject.title, traject.id)
        if current is not None:
            self.traject_filter.setCurrentIndex(max(0, self.traject_filter.findData(current)))
        self.traject_filter.blockSignals(False)
        self.reload_rows()

    def reload_rows(self):
        if not self.session.is_open:
            return
        kind = self.kind or self.kind_filter.currentData()
        traject_id = self.traject_filter.currentData()
        session = self.session

        def page(limit, last):
            return timeline.timeline(session, kind=kind, traject_id=traject_id, limit=limit, after=last)

        total = timeline.count_entries(session, kind, traject_id)
        self.model.set_source(page, total)
        self.view.resizeColumnsToContents()
        self.count.setText(count(total, "item", "items"))

    def clear(self):
        self.traject_filter.blockSignals(True)
        self.traject_filter.clear()
        self.traject_filter.blockSignals(False)
        self.view.set_rows([])
        self.count.clear()

    def selected_id(self):
        return self.view.selected_id()

    def select_id(self, entry_id):
        if not self.view.select_id(entry_id):
            self.model.fetch_all()         # it may lie beyond the pages loaded so far
            self.view.select_id(entry_id)


class AllEntriesPage(TimelinePage):
    name, title = "tijdlijn", "Tijdlijn"
    new_kinds = ("gesprek", "document", "opname", "notitie")


class ConversationsPage(TimelinePage):
    name, title, kind, new_kinds = "gesprekken", "Gesprekken", "gesprek", ("gesprek",)


class DocumentsPage(TimelinePage):
    name, title, kind, new_kinds = "documenten", "Documenten", "document", ("document",)


class RecordingsPage(TimelinePage):
    name, title, kind, new_kinds = "opnames", "Opnames", "opname", ("opname",)
