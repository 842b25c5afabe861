"""The keyboard follows the app's own windows, also without a window manager.

A window manager normally gives the keyboard to a window the app opens and back to the window below when it
closes. Without one (a bare X server, some kiosk and remote set-ups) nobody did: the letter assistant or the
help opened without the keyboard, and after the unlock dialog closed the app had no active window at all, so
no shortcut worked — Ctrl+Q did nothing. Only while the user is working in the app does it move the keyboard,
so it never takes it from another program.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

WINDOW_TYPES = (Qt.WindowType.Dialog, Qt.WindowType.Window)


class KeyboardFollowsWindows(QObject):
    """Installed once on the application (``install``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._opened_from: dict[int, QWidget] = {}     # window → the window that had the keyboard when it opened

    def eventFilter(self, watched, event):      # noqa: N802 (Qt's name)
        kind = event.type()
        if (kind in (QEvent.Type.Show, QEvent.Type.Hide) and isinstance(watched, QWidget) and watched.isWindow()
                and watched.windowType() in WINDOW_TYPES and watched.parentWidget() is not None):
            active = QApplication.activeWindow()
            if kind == QEvent.Type.Show:
                self._opened_from.pop(id(watched), None)      # (a window deleted while shown left its entry)
                if active not in (None, watched):
                    self._opened_from[id(watched)] = active
                    QTimer.singleShot(0, watched, lambda: _activate(watched, when_none_active=False))
            elif kind == QEvent.Type.Hide:
                opener = self._opened_from.pop(id(watched), None)
                # Back to where the user was (the help from the assistant: the assistant), else the window below.
                back = opener if opener is not None and shiboken6.isValid(opener) else watched.parentWidget().window()
                if active in (watched, None):
                    QTimer.singleShot(0, back, lambda: _activate(back, when_none_active=True))
        return False


def _activate(window: QWidget, *, when_none_active: bool) -> None:
    if not window.isVisible() or QApplication.activeWindow() is window:
        return
    if when_none_active and QApplication.activeWindow() is not None:
        return          # another window of the app (or a dialog that opened meanwhile) has the keyboard
    window.activateWindow()


def install(app: QApplication) -> KeyboardFollowsWindows:
    keeper = KeyboardFollowsWindows(app)
    app.installEventFilter(keeper)
    return keeper
