"""Qt table models over plain rows from the services, with named columns and roles.

Each model lists its ``Column``s: a name to find it by, the header, how to
show a row, and how to sort it. ``ROW_ROLE`` gives the whole row, ``ID_ROLE``
its id, ``SORT_ROLE`` a value that sorts right (dates as dates, not text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush

from dossier_app.dutch import days_left, short_date
from dossier_app.services.vocabulary import CONTACT_ROLES, DOCUMENT_KINDS, ENTRY_KINDS, PERSON_ROLES, SEND_METHODS
from dossier_app.ui import theme

ROW_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
SOON_DAYS = 7


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    value: Callable


class RowsModel(QAbstractTableModel):
    columns: tuple[Column, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    # -- rows ---------------------------------------------------------------------------
    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int):
        return self._rows[index]

    def rows(self) -> list:
        return list(self._rows)

    def row_id(self, row) -> int | None:
        return getattr(row, "id", None)

    @classmethod
    def column(cls, name: str) -> int:
        return next(number for number, column in enumerate(cls.columns) if column.name == name)

    # -- Qt -----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        # The tooltip too: a narrow column (a table that shares its width) cuts its header short.
        if role in (Qt.DisplayRole, Qt.ToolTipRole) and orientation == Qt.Horizontal:
            return self.columns[section].header
        return None

    def display(self, row, column: int) -> str:
        value = self.columns[column].value(row)
        if isinstance(value, dt.date):
            return short_date(value)
        return "" if value is None else str(value)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return self.display(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            value = self.columns[index.column()].value(row)
            if isinstance(value, dt.date):
                return value.isoformat()
            return value if isinstance(value, int | float) else ("" if value is None else str(value).lower())
        if role == Qt.ToolTipRole:         # columns share the width (pages/base.RowsTable): a cut cell in full
            return self.display(row, index.column())
        return None


def sorted_view_model(model: RowsModel, parent) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


class TimelineModel(RowsModel):
    """The timeline, filled lazily: a page at a time as the view scrolls.

    ``set_source(fetch_page, total)`` loads the first page and lets Qt ask for
    more (canFetchMore/fetchMore); ``fetch_page(limit, last)`` returns the next
    rows after ``last``, the last row loaded so far (or None): keyset paging.
    ``set_rows`` still shows a fixed list; ``rows()`` returns what is loaded.
    """

    PAGE_SIZE = 200

    columns = (
        Column("date", "Datum", lambda item: item.date),
        Column("kind", "Soort", lambda item: _entry_kind_label(item)),
        Column("traject", "Traject", lambda item: item.case_title),
        Column("title", "Titel", lambda item: item.title),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._fetch_page = None
        self._total: int | None = None

    def set_rows(self, rows) -> None:
        self._fetch_page = None
        self._total = None
        super().set_rows(rows)

    def set_source(self, fetch_page, total: int | None = None) -> None:
        self.beginResetModel()
        self._fetch_page = fetch_page
        self._total = total
        self._rows = list(fetch_page(self.PAGE_SIZE, None))
        if len(self._rows) < self.PAGE_SIZE:
            self._fetch_page = None
        self.endResetModel()

    def total_count(self) -> int:
        """All rows of the source (loaded or not), when known; else what is loaded."""
        if self._fetch_page is None or self._total is None:
            return len(self._rows) if self._total is None else self._total
        return self._total

    def canFetchMore(self, parent=QModelIndex()):
        if parent.isValid() or self._fetch_page is None:
            return False
        return self._total is None or len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()):
        if not self.canFetchMore(parent):
            return
        more = list(self._fetch_page(self.PAGE_SIZE, self._rows[-1] if self._rows else None))
        if more:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()
        if len(more) < self.PAGE_SIZE:
            self._fetch_page = None

    def fetch_all(self) -> None:
        """Load every remaining row (e.g. before selecting an id far down)."""
        while self.canFetchMore():
            self.fetchMore()


def _entry_kind_label(item) -> str:
    """'Beschikking (besluit)' rather than 'Document/verslag' where the document's kind is known."""
    if item.doc_kind:
        return DOCUMENT_KINDS.get(item.doc_kind, item.doc_kind)
    return ENTRY_KINDS.get(item.kind, item.kind)


def _status(item) -> str:
    if item.overdue:
        return "Verlopen"
    text = days_left(item.days_left)
    return text[0].upper() + text[1:]


class DeadlineModel(RowsModel):
    columns = (
        Column("due", "Laatste dag", lambda item: item.due_date),
        Column("status", "Status", _status),
        Column("basis", "Grondslag", lambda item: item.basis),
        Column("what", "Wat", lambda item: item.title),
    )

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid():
            item = self._rows[index.row()]
            if item.overdue:
                return QBrush(theme.color("error"))
            if item.days_left <= SOON_DAYS:
                return QBrush(theme.color("attention"))
        return super().data(index, role)


class ContactsModel(RowsModel):
    columns = (
        Column("name", "Naam", lambda row: row.name),
        Column("role", "Rol", lambda row: CONTACT_ROLES.get(row.role, row.role)),
        Column("organisation", "Organisatie", lambda row: row.organisation),
        Column("city", "Plaats", lambda row: row.city),
    )


class PeopleModel(RowsModel):
    columns = (
        Column("name", "Naam", lambda row: row.name),
        Column("role", "Rol", lambda row: PERSON_ROLES.get(row.role, row.role)),
        Column("gezag", "Gezag", lambda row: {"ja": "ja", "nee": "nee"}.get(row.gezag, "niet ingevuld")
               if row.role == "ouder" else ""),
        Column("birth_date", "Geboortedatum", lambda row: row.birth_date),
        Column("address", "Adres", lambda row: row.address),
    )


class TrajectenModel(RowsModel):
    columns = (
        Column("title", "Traject", lambda row: row.title),
        Column("status", "Status", lambda row: row.status),
        Column("opened_on", "Sinds", lambda row: row.opened_on),
    )


class LettersModel(RowsModel):
    columns = (
        Column("date", "Datum", lambda row: row.date),
        Column("subject", "Brief", lambda row: row.subject),
        Column("sent", "Verstuurd", lambda row: (f"{short_date(row.sent_on)} ({SEND_METHODS.get(row.send_method, '')})"
                                                 if row.sent_on else "nog niet")),
        Column("receipt", "Ontvangst bevestigd", lambda row: row.receipt_confirmed_on or "nee"),
    )


def _iso_date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class SearchModel(RowsModel):
    columns = (
        Column("date", "Datum", lambda hit: _iso_date(hit.date)),
        Column("kind", "Soort", lambda hit: ENTRY_KINDS.get(hit.type, hit.type)),
        Column("title", "Titel", lambda hit: hit.title),
        Column("found", "Gevonden", lambda hit: hit.plain_snippet),
    )

    def row_id(self, row):
        return row.ref

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and index.isValid() and index.column() == self.column("found"):
            return self._rows[index.row()].marked     # with the match markers, for the highlighting delegate
        return super().data(index, role)


class ConsentsModel(RowsModel):
    """The consent register (toestemmingen): the ones that still hold first."""

    columns = (
        Column("recipient", "Aan wie", lambda row: row.recipient),
        Column("purpose", "Waarvoor", lambda row: row.purpose),
        Column("given_on", "Gegeven op", lambda row: row.given_on),
        Column("confirmation", "Schriftelijke bevestiging", lambda row: row.confirmation_name or "nog niet bewaard"),
        Column("status", "Status", lambda row: row.status),
    )
