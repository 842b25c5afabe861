"""The keyboard goes back to the window under a dialog that closes.

A window manager normally does this. Without one (a bare X server, some kiosk and remote set-ups) nobody did:
after the unlock dialog closed the app had no active window, so no shortcut worked — Ctrl+Q did nothing.
Only a dialog that had the keyboard hands it back, so the app never takes it from another program.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class ReturnFocusToParent(QObject):
    """Installed once on the application (``install``)."""

    def eventFilter(self, watched, event):      # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow()
                and watched.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Window)
                and watched.parentWidget() is not None and QApplication.activeWindow() in (watched, None)):
            below = watched.parentWidget().window()
            QTimer.singleShot(0, below, lambda: _activate(below))
        return False


def _activate(window: QWidget) -> None:
    if window.isVisible() and QApplication.activeWindow() is None:
        window.activateWindow()


def install(app: QApplication) -> ReturnFocusToParent:
    keeper = ReturnFocusToParent(app)
    app.installEventFilter(keeper)
    return keeper
