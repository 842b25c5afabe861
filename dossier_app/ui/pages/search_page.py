"""Search results, the matched words highlighted; the search runs off the GUI thread."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate

from dossier_app.dutch import count
from dossier_app.services import search
from dossier_app.ui import theme
from dossier_app.ui.pages.base import Page, RowsTable
from dossier_app.ui.table_models import SearchModel
from dossier_app.ui.tasks import runner
from dossier_app.ui.messages import describe


class HighlightDelegate(QStyledItemDelegate):
    """Draws a search snippet with the matched words highlighted."""

    def paint(self, painter, option, index):
        text = index.data(Qt.DisplayRole) or ""
        marked = (html.escape(text).replace(search.MARK_START, f"<b style='{theme.css('mark')}'>")
                  .replace(search.MARK_END, "</b>"))
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
    name, title = "zoeken", "Zoekresultaten"
    open_other = Signal(object)     # a hit that is not a timeline entry (contact, person, traject)
    searched = Signal(list)

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.query_label = QLabel()
        self.query_label.setObjectName("search-summary")
        self.layout_.addWidget(self.query_label)
        self.model = SearchModel(self)
        self.view = RowsTable(self.model, "Zoekresultaten")
        self.view.setItemDelegateForColumn(SearchModel.column("found"), HighlightDelegate(self.view))
        self.view.row_activated.connect(self._activate)
        self.layout_.addWidget(self.view)
        self._task = None

    def run(self, text: str) -> None:
        if self._task is not None:
            self._task.cancel()
        self.query_label.setText(f"Bezig met zoeken naar “{html.escape(text)}”…")
        self._task = runner().run(self, search.search, self.session, text, cancellable=True,
                                  on_done=lambda hits: self._show(text, hits), on_failed=self._failed)

    def _show(self, text: str, hits):
        self._task = None
        self.view.set_rows(hits)
        self._fit_columns()
        if not hits:
            summary = f"Niets gevonden voor “{html.escape(text)}”."
        elif len(hits) >= search.RESULT_LIMIT:
            summary = (f"De {len(hits)} beste resultaten voor “{html.escape(text)}”. Er kunnen er meer zijn: "
                       "voeg een woord toe om preciezer te zoeken.")
        else:
            summary = f"{count(len(hits), 'resultaat', 'resultaten')} voor “{html.escape(text)}”"
        self.query_label.setText(summary)
        self.searched.emit(hits)

    # What was found matters most: it gets the room left after the date and the kind, and the
    # title at most a third of the width (longer titles end in "…").
    TITLE_SHARE = 1 / 3

    def _fit_columns(self) -> None:
        view, columns = self.view, SearchModel
        room = view.viewport().width()
        title = columns.column("title")
        view.setColumnWidth(title, min(view.columnWidth(title), int(room * self.TITLE_SHARE)))
        used = sum(view.columnWidth(column) for column in range(len(columns.columns))
                   if column != columns.column("found"))
        view.setColumnWidth(columns.column("found"), max(room - used, 120))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.model.rowCount():
            self._fit_columns()

    def _failed(self, exc):
        self._task = None
        self.query_label.setText(describe(exc))

    def clear(self):
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.view.set_rows([])
        self.query_label.clear()

    def _activate(self, hit):
        if hit.source == "entry":
            self.open_entry.emit(hit.ref)
        else:
            self.open_other.emit(hit)
