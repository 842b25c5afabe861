"""Small reusable widgets: a validated date field, a form error label."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from dossier_app.dutch import parse_date, short_date
from dossier_app.ui import theme

# Every window opens within a small laptop screen: 1366×768 less a task bar, at 100 % scaling,
# and within the screen it is on. What does not fit scrolls inside the window.
SMALL_SCREEN = QSize(1366, 728)
WINDOW_FRAME = QSize(16, 40)        # borders and title bar around a window


def screen_room(widget: QWidget | None = None) -> QSize:
    """The largest size a window may open with (its frame not counted)."""
    room = SMALL_SCREEN
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        room = room.boundedTo(screen.availableGeometry().size())
    return room - WINDOW_FRAME


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open ``window`` at the size it would like, but never larger than ``screen_room``."""
    window.resize(QSize(width, height).boundedTo(screen_room(window)))



class ErrorLabel(QLabel):
    changed = Signal()      # a message was shown or cleared: a dialog may need to grow to show it whole

    def __init__(self, parent=None):
        super().__init__(parent)
        theme.apply(self, "error")
        self.setWordWrap(True)
        self.setAccessibleName("Foutmelding")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        self.changed.emit()


class DateField(QWidget):
    """A date typed the Dutch way (14-12-2026), checked as you type."""

    validity_changed = Signal(bool)

    def __init__(self, label: str, *, required: bool = True, value: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.required = required
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("dd-mm-jjjj")
        self.edit.setAccessibleName(label)
        self.edit.setMaximumWidth(140)
        self.error = ErrorLabel()
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addStretch(1)
        if value:
            self.edit.setText(short_date(value))
        self.edit.textChanged.connect(self._check)
        self._valid = True
        self._check()

    def _check(self) -> None:
        text = self.edit.text().strip()
        message = ""
        if not text:
            message = "Vul een datum in." if self.required else ""
        else:
            try:
                parse_date(text)
            except ValueError:
                message = "Schrijf de datum als dag-maand-jaar, bijvoorbeeld 14-12-2026."
        self.error.show_message(message)
        valid = not message
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        self._valid = valid

    @property
    def valid(self) -> bool:
        return self._valid

    def value(self) -> dt.date | None:
        text = self.edit.text().strip()
        return parse_date(text) if text else None

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
