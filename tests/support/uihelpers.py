"""Driving the desktop app as a person does: find things by name, click, type, press keys."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget

from dossier_app.ui.tasks import runner

WAIT_MS = 30000


def wait_idle(qtbot):
    qtbot.waitUntil(lambda: not runner().busy, timeout=WAIT_MS)


def page(window, name: str) -> QWidget:
    found = window.findChild(QWidget, f"page-{name}")
    assert found is not None, f"no page named {name}"
    return found


def click_sidebar(qtbot, window, label: str):
    sidebar = window.findChild(QWidget, "sidebar")
    for row in range(sidebar.count()):
        if sidebar.item(row).text() == label:
            rect = sidebar.visualItemRect(sidebar.item(row))
            qtbot.mouseClick(sidebar.viewport(), Qt.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no sidebar item {label}")


def row_point(view, row: int, column: int = 0) -> QPoint:
    index = view.model().index(row, column)
    view.scrollTo(index)
    return view.visualRect(index).center()


def double_click_row(qtbot, view, row: int, column: int = 0):
    """Two clicks, as a hand makes them: the first selects the row, the second makes it a double-click."""
    point = row_point(view, row, column)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point)
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=point)


def click_row(qtbot, view, row: int, column: int = 0):
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=row_point(view, row, column))


def row_texts(view, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def type_into(qtbot, widget, text: str, *, replace: bool = True):
    widget.setFocus()
    if replace:
        qtbot.keyClick(widget, Qt.Key_A, Qt.ControlModifier)
        qtbot.keyClick(widget, Qt.Key_Delete)
    qtbot.keyClicks(widget, text)


def press(qtbot, widget, key, modifier=Qt.NoModifier):
    """A key press in ``widget``'s window, made the active window first (as a person's typing would)."""
    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(widget, key, modifier)


def visible_dialogs(kind=QDialog) -> list:
    return [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, kind) and widget.isVisible()]


def open_editors() -> list:
    from dossier_app.ui.editors.base import FormDialog

    return visible_dialogs(FormDialog)


def message_boxes() -> list:
    return visible_dialogs(QMessageBox)


def click_message_button(qtbot, text: str):
    qtbot.waitUntil(lambda: bool(message_boxes()), timeout=WAIT_MS)
    box = message_boxes()[-1]
    button = next(b for b in box.buttons() if b.text().replace("&", "") == text)
    qtbot.mouseClick(button, Qt.LeftButton)


def flush_deletions():
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    QApplication.processEvents()


def unlock_dialog():
    from dossier_app.ui.dialogs import UnlockDialog

    dialogs = visible_dialogs(UnlockDialog)
    return dialogs[-1] if dialogs else None


def open_with_passphrase(qtbot, window, path, passphrase):
    """Bestand → Openen: the dossier's unlock dialog, the passphrase typed, Enter pressed."""
    window.open_path(path)
    qtbot.waitUntil(lambda: unlock_dialog() is not None, timeout=WAIT_MS)
    dialog = unlock_dialog()
    type_into(qtbot, dialog.panel.passphrase, passphrase)
    press(qtbot, dialog.panel.passphrase, Qt.Key_Return)
    return dialog


def when_modal(qtbot, kind, act):
    """Run ``act(dialog)`` on the next modal dialog of ``kind`` once it is shown (it blocks its caller)."""
    from PySide6.QtCore import QTimer

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is not None and isinstance(dialog, kind) and dialog.isVisible():
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def trigger_menu(window, *path: str):
    """Choose a menu item by its visible text, as with the mouse (e.g. 'Bestand', 'Wachtwoord wijzigen…')."""
    from PySide6.QtWidgets import QMenu

    menus = {menu.title().replace("&", ""): menu for menu in window.menuBar().findChildren(QMenu)}
    menu = menus[path[0]]
    action = next(a for a in menu.actions() if a.text().replace("&", "") == path[1])
    assert action.isEnabled(), f"{path[1]} is disabled"
    action.trigger()


# -- the Overzicht tree ------------------------------------------------------------------------
def overview_tree(window):
    tree = page(window, "overzicht").findChild(QWidget, "overview-tree")
    assert tree is not None, "no overview-tree"
    return tree


def tree_rows(tree, column: int = 0):
    """Every row of a tree as the eye reads it (groups and their rows, depth first): (index, text)."""
    model = tree.model()

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, column, parent)
            yield index, index.data() or ""
            yield from walk(model.index(row, 0, parent))

    return list(walk(QModelIndex()))


def overview_steps(window) -> list[str]:
    """What the Overzicht shows as next steps: the 'Volgende stap' column of its rows."""
    return [text for _index, text in tree_rows(overview_tree(window), 2) if text]


def choose_step(qtbot, window, text_start: str):
    """Click the Overzicht row whose next step starts with ``text_start``; returns the button that opens it."""
    tree = overview_tree(window)
    index = next(index for index, text in tree_rows(tree, 2) if text.startswith(text_start))
    tree.scrollTo(index)
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=tree.visualRect(index).center())
    button = page(window, "overzicht").findChild(QWidget, "next-step-button")
    assert button.isEnabled() and button.text().startswith(text_start), button.text()
    return button


# -- importing received letters by dropping files ----------------------------------------------------------
def drop(window, files, target=None):
    """What the window system does when files are let go over ``target`` (the window's middle when None):
    drag enter, then drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(item)) for item in files])
    where = QPointF(target.mapTo(window, target.rect().center()) if target is not None else window.rect().center())
    enter = QDragEnterEvent(where.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(where, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))


def review_dialog():
    """The import review that is open now, or None."""
    found = [widget for widget in QApplication.topLevelWidgets()
             if widget.objectName() == "intake-review" and widget.isVisible()]
    return found[-1] if found else None


def button(dialog, text):
    """The push button of ``dialog`` with exactly this text."""
    return next(item for item in dialog.findChildren(QPushButton) if item.text() == text)
