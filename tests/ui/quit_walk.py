"""Walk the desktop app like a person, in its own process, and quit (used by tests/ui/test_ui_quit.py).

    python tests/ui/quit_walk.py <new dossier path>

Ctrl+Shift+N → fill in the new-dossier dialog → Enter → the herstelblad shows → Esc → "Toch sluiten" →
Ctrl+Q. The real app (``dossier_app.ui.app.main``) runs its own event loop; a timer drives the keys.
Prints STEP lines; a walk that gets stuck exits with code 3.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dossier_app.ui import app as app_module

PASSPHRASE = "correct paard batterij nietje"


def visible(name: str):
    return next((widget for widget in QApplication.topLevelWidgets()
                 if widget.objectName() == name and widget.isVisible()), None)


def window():
    return visible("main-window")


def press(widget, key, modifiers=Qt.NoModifier):
    widget.activateWindow()
    QApplication.processEvents()
    QTest.keyClick(widget, key, modifiers)


def new_dossier():
    press(window(), Qt.Key_N, Qt.ControlModifier | Qt.ShiftModifier)     # runs a modal dialog
    return True


def fill_in(target: Path):
    from dossier_app.ui.dialogs import CreateDialog

    dialog = next((widget for widget in QApplication.topLevelWidgets()
                   if isinstance(widget, CreateDialog) and widget.isVisible()), None)
    if dialog is None:
        return False
    dialog.path_edit.setText(str(target))
    QTest.keyClicks(dialog.name_edit, "Gezin Proef")
    QTest.keyClicks(dialog.passphrase, PASSPHRASE)
    QTest.keyClicks(dialog.repeat, PASSPHRASE)
    QTest.keyClick(dialog.repeat, Qt.Key_Return)
    return True


def close_sheet():
    sheet = visible("herstelblad-dialog")
    if sheet is None:
        return False
    press(sheet, Qt.Key_Escape)
    return True


def close_anyway():
    box = visible("herstelblad-niet-bewaard")
    if box is None:
        return False
    button = next(button for button in box.buttons() if button.text() == "Toch sluiten")
    QTest.mouseClick(button, Qt.LeftButton)
    return True


def quit_app():
    if visible("herstelblad-dialog") is not None:
        return False
    press(window(), Qt.Key_Q, Qt.ControlModifier)
    return True


def main() -> int:
    target = Path(sys.argv[1])
    application = QApplication(sys.argv[:1])
    steps = [new_dossier, lambda: fill_in(target), close_sheet, close_anyway, quit_app]
    names = ["nieuw dossier", "gegevens", "herstelblad sluiten", "toch sluiten", "afsluiten"]

    running = []          # a step presses keys and lets events run: a tick inside it must not start a step too

    def tick():
        if not steps or window() is None:
            return
        QTimer.singleShot(100, tick)           # before the step: a step may run a modal dialog
        step, name = steps[0], names[0]
        if step is new_dossier:                # done as soon as pressed (its dialog runs inside the press)
            steps.pop(0), names.pop(0)
            print("STEP", name, flush=True)
            step()
            return
        if running:
            return
        running.append(name)
        try:
            done = step()
        finally:
            running.pop()
        if done:
            steps.pop(0), names.pop(0)
            print("STEP", name, flush=True)

    QTimer.singleShot(300, tick)
    QTimer.singleShot(90_000, lambda: (print("STUCK", names, flush=True), os._exit(3)))
    code = app_module.main([])
    print("LEFT", steps == [], flush=True)
    del application
    return code


if __name__ == "__main__":
    sys.exit(main())
