"""Qt table models over plain rows from the core (no widget per row)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from dossier_app.dutch import short_date
from dossier_app.store.vocabulary import CONTACT_ROLES, ENTRY_KINDS, PERSON_ROLES

OVERDUE_COLOUR = QColor("#b00020")


class RowsModel(QAbstractTableModel):
    """Rows are dicts or objects; columns are (header, getter) pairs."""

    columns: list = []

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int):
        return self._rows[index]

    def rows(self):
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.columns[section][0]
        return None

    def display(self, row, column: int):
        value = self.columns[column][1](row)
        if isinstance(value, dt.date):
            return short_date(value)
        return "" if value is None else str(value)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return self.display(row, index.column())
        if role == Qt.UserRole:
            return row
        if role == Qt.ToolTipRole and index.column() == len(self.columns) - 1:
            return self.display(row, index.column())
        return None


class TimelineModel(RowsModel):
    """The timeline, filled lazily: a page at a time as the view scrolls.

    ``set_source(fetch_page, total)`` loads the first page and lets Qt ask for
    more (canFetchMore/fetchMore) — ``fetch_page(limit, offset, last)`` returns
    the next rows, where ``last`` is the last row loaded so far (or None), for
    keyset paging such as ``entries.timeline(limit=limit, after=last)``.
    ``set_rows`` still shows a fixed list; ``rows()`` returns what is loaded.
    """

    PAGE_SIZE = 200

    columns = [
        ("Datum", lambda item: item.date),
        ("Soort", lambda item: ENTRY_KINDS.get(item.kind, item.kind)),
        ("Traject", lambda item: item.case_title),
        ("Titel", lambda item: item.title),
    ]

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fetch_page = None
        self._total: int | None = None

    def set_rows(self, rows) -> None:
        self._fetch_page = None
        self._total = None
        super().set_rows(rows)

    def set_source(self, fetch_page, total: int | None = None, page_size: int | None = None) -> None:
        if page_size:
            self.PAGE_SIZE = page_size
        self.beginResetModel()
        self._fetch_page = fetch_page
        self._total = total
        first = list(fetch_page(self.PAGE_SIZE, 0, None))
        self._rows = first
        if len(first) < self.PAGE_SIZE:
            self._fetch_page = None
        self.endResetModel()

    def total_count(self) -> int:
        """All rows of the source (loaded or not), when known; else what is loaded."""
        if self._fetch_page is None:
            return len(self._rows)
        return self._total if self._total is not None else len(self._rows)

    def canFetchMore(self, parent=QModelIndex()):
        if parent.isValid() or self._fetch_page is None:
            return False
        return self._total is None or len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()):
        if not self.canFetchMore(parent):
            return
        more = list(self._fetch_page(self.PAGE_SIZE, len(self._rows), self._rows[-1] if self._rows else None))
        if more:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        if len(more) < self.PAGE_SIZE:
            self._fetch_page = None
            self._total = None

    def fetch_all(self) -> None:
        """Load every remaining row (e.g. before selecting an id far down)."""
        while self.canFetchMore():
            self.fetchMore()

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.UserRole + 1 and index.isValid():
            return self._rows[index.row()].id
        return super().data(index, role)


class DeadlineModel(RowsModel):
    columns = [
        ("Laatste dag", lambda item: item.due_date),
        ("Status", lambda item: "Verlopen" if item.overdue else f"nog {item.days_left} dagen"),
        ("Grondslag", lambda item: item.basis),
        ("Wat", lambda item: item.title),
    ]

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid() and self._rows[index.row()].overdue:
            return QBrush(OVERDUE_COLOUR)
        return super().data(index, role)


class ContactsModel(RowsModel):
    columns = [
        ("Naam", lambda row: row["name"]),
        ("Rol", lambda row: CONTACT_ROLES.get(row["role"], row["role"])),
        ("Organisatie", lambda row: row["organisation"]),
        ("Plaats", lambda row: row["city"]),
    ]


class PeopleModel(RowsModel):
    columns = [
        ("Naam", lambda row: row["name"]),
        ("Rol", lambda row: PERSON_ROLES.get(row["role"], row["role"])),
        ("Geboortedatum", lambda row: row["birth_date"]),
        ("Adres", lambda row: " ".join(part for part in (row["street"], row["postcode"], row["city"]) if part)),
    ]


class CasesModel(RowsModel):
    columns = [
        ("Traject", lambda row: row["title"]),
        ("Status", lambda row: row["status"]),
        ("Sinds", lambda row: row["opened_on"]),
    ]


class LettersModel(RowsModel):
    columns = [
        ("Datum", lambda row: row["date"]),
        ("Brief", lambda row: row["subject"]),
        ("Verstuurd", lambda row: row["sent_on"] or "nog niet"),
        ("Ontvangst bevestigd", lambda row: row["receipt_confirmed_on"] or "nee"),
    ]


def _iso_date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class SearchModel(RowsModel):
    columns = [
        ("Datum", lambda hit: _iso_date(hit.date)),
        ("Soort", lambda hit: ENTRY_KINDS.get(hit.type, hit.type)),
        ("Gevonden", lambda hit: hit.snippet),
    ]

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and index.isValid() and index.column() == 2:
            # With the match markers, for the highlighting delegate.
            return self._rows[index.row()].marked
        return super().data(index, role)
