"""Small reusable widgets: a validated date field, a form error label, a password field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from dossier_app.dutch import parse_date, short_date, weekday_date
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


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say ``text`` now (Qt 6.8+: an announcement; older Qt: nothing extra, the
    label's own accessible name still follows its text)."""
    if not text:
        return
    try:
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent   # new in Qt 6.8: checked here
    except ImportError:      # Qt before 6.8
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def mark_required(form) -> None:
    """In a QFormLayout, a label ending in '*' ties itself to its field (buddy) and tells assistive
    technology that the field is required."""
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        if not isinstance(label, QLabel) or field_item is None:
            continue
        field = field_item.widget()
        if field is None and field_item.layout() is not None and field_item.layout().count():
            field = field_item.layout().itemAt(0).widget()
        if field is None:
            continue
        if isinstance(field, DateField):
            field = field.edit
        if label.buddy() is None:
            label.setBuddy(field)
        if label.text().rstrip().endswith("*"):
            description = field.accessibleDescription()
            if "verplicht" not in description:
                field.setAccessibleDescription(("verplicht veld. " + description).strip())


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open ``window`` at the size it would like, but never larger than ``screen_room``."""
    window.resize(QSize(width, height).boundedTo(screen_room(window)))


def passphrase_edit(name: str) -> QLineEdit:
    """A password field (echo hidden) with its accessible name, shared by every dialog that asks for one."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    edit.setObjectName("passphrase")
    return edit


class ErrorLabel(QLabel):
    changed = Signal()      # a message was shown or cleared: a dialog may need to grow to show it whole

    def __init__(self, parent=None):
        super().__init__(parent)
        theme.apply(self, "error")
        self.setWordWrap(True)
        # No fixed accessible name: a screen reader reads the message itself, and hears it when it appears.
        self.setAccessibleDescription("Foutmelding")
        self.hide()

    def show_message(self, text: str) -> None:
        changed = text != self.text()
        self.setText(text)
        self.setVisible(bool(text))
        if changed:
            announce(self, text, assertive=True)
        self.changed.emit()


class StatusLabel(QLabel):
    """A status line whose text is what a screen reader reads, and hears when it changes (politely)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        changed = text != self.text()
        super().setText(text)
        if changed:
            announce(self, text)


def buttons_last_in_tab_order(buttons: QWidget) -> None:
    """The Tab order of a form: its fields in reading order, then the buttons (which were made first).

    ``buttons`` is the button box (or a button) in its parent's layout: it is given to its parent again,
    which puts it at the end of the focus chain (QWidget.setTabOrder refuses to move it behind a
    compound widget such as the attachments panel), and put back in the same place of the layout."""
    parent = buttons.parentWidget()
    layout = parent.layout() if parent is not None else None
    index = layout.indexOf(buttons) if layout is not None else -1
    if layout is None or index < 0 or not hasattr(layout, "insertWidget"):
        return
    layout.removeWidget(buttons)
    buttons.setParent(None)
    buttons.setParent(parent)
    layout.insertWidget(index, buttons)
    buttons.show()


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
        self.parsed = QLabel()            # "= vrijdag 10 juni 2011": the date as the app understood it
        self.parsed.setObjectName("parsed-date")
        theme.apply(self.parsed, "muted")
        layout.addWidget(self.edit)
        layout.addWidget(self.parsed)
        layout.addWidget(self.error)
        layout.addStretch(1)
        if value:
            self.edit.setText(short_date(value))
        self.edit.textChanged.connect(self._check)
        self._valid = True
        self._check()

    def _check(self) -> None:
        text = self.edit.text().strip()
        message, understood = "", ""
        if not text:
            message = "Vul een datum in." if self.required else ""
        else:
            try:
                understood = "= " + weekday_date(parse_date(text))
            except ValueError:
                message = "Schrijf de datum als dag-maand-jaar, bijvoorbeeld 14-12-2026."
        self.parsed.setText(understood)
        self.parsed.setVisible(bool(understood))
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
