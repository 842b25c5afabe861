"""Small reusable widgets: a validated date field, a form error label, a password field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from dossier_app.dutch import parse_date, short_date


def passphrase_edit(name: str) -> QLineEdit:
    """A password field (echo hidden) with its accessible name, shared by every dialog that asks for one."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.Password)
    edit.setAccessibleName(name)
    edit.setObjectName("passphrase")
    return edit


ERROR_STYLE = "color: #b00020;"


class ErrorLabel(QLabel):
    changed = Signal()      # a message was shown or cleared: a dialog may need to grow to show it whole

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
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
