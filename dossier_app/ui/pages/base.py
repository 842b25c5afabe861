"""What every page shares: a heading, the session, the signals it sends to the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from dossier_app.ui.table_models import ID_ROLE, ROW_ROLE, sorted_view_model

RESIZE_PRECISION_ROWS = 60
NARROWEST_COLUMN = 60


def shared_widths(natural: list[int], available: int, narrowest: int = NARROWEST_COLUMN) -> list[int]:
    """Column widths that fit ``available``: a column that needs less than an equal share keeps its own width,
    the wider ones share what is left equally (never below ``narrowest``)."""
    if sum(natural) <= available:
        return list(natural)
    widths = list(natural)
    left, open_columns = available, sorted(range(len(natural)), key=lambda column: natural[column])
    while open_columns:
        share = left // len(open_columns)
        column = open_columns[0]
        if natural[column] > share:
            for wide in open_columns:
                widths[wide] = max(narrowest, share)
            break
        left -= natural[column]
        open_columns.pop(0)
    return widths


class Page(QWidget):
    open_entry = Signal(int)
    new_entry = Signal(str)

    name = ""
    title = ""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName(f"page-{self.name}")
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

    def select_id(self, _item_id):
        pass


class RowsTable(QTableView):
    """A sortable, read-only table over a RowsModel; ``activated`` (double-click, Enter) opens a row once."""

    row_activated = Signal(object)

    def __init__(self, model, name: str, parent=None):
        super().__init__(parent)
        self.source = model
        self._natural_widths: list[int] = []
        self.proxy = sorted_view_model(model, self)
        self.setModel(self.proxy)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.activated.connect(lambda index: self.row_activated.emit(self.proxy.data(index, ROW_ROLE)))

    def set_rows(self, rows) -> None:
        self.source.set_rows(rows)
        self.resizeColumnsToContents()

    def resizeColumnsToContents(self) -> None:       # noqa: N802 (Qt's name)
        super().resizeColumnsToContents()
        header = self.horizontalHeader()      # (the last section is stretched: its size is not its content's)
        self._natural_widths = [max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
                                for column in range(header.count())]
        self._fit_columns()

    def resizeEvent(self, event):       # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The columns share the visible width (long text is cut short with …, its tooltip has it in full):
        a table that scrolls sideways hides the columns on the right on a small screen."""
        if not self._natural_widths:
            return
        for column, width in enumerate(shared_widths(self._natural_widths, self.viewport().width())):
            self.horizontalHeader().resizeSection(column, width)

    def selected_row(self):
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.proxy.data(rows[0], ROW_ROLE) if rows else None

    def selected_id(self):
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.proxy.data(rows[0], ID_ROLE) if rows else None

    def select_id(self, item_id) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, ID_ROLE) == item_id:
                self.selectRow(row)
                self.scrollTo(index)
                return True
        return False
