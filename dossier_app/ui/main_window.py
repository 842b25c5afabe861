"""The main window: start page, the dossier (sidebar + pages), the lock screen."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow,
    QMessageBox, QPushButton, QStackedWidget, QStyle, QVBoxLayout, QWidget,
)

from dossier_app import APP_NAME, paths
from dossier_app import settings as settings_store
from dossier_app.demo import DEMO_PASSPHRASE
from dossier_app.session import Session
from dossier_app.ui import editors
from dossier_app.ui.attachments_panel import cleanup_opened_files
from dossier_app.ui.dialogs import CreateDialog, SettingsDialog, UnlockDialog, UnlockPanel, show_about
from dossier_app.ui.messages import describe
from dossier_app.ui.pages import (
    DeadlinesPage, FamilyPage, LettersPage, ListPage, OverviewPage, SearchPage, TimelinePage,
)
from dossier_app.ui.table_models import ContactsModel
from dossier_app.ui.workers import busy, run_in_background, wait_all

SIDEBAR = ["Overzicht", "Tijdlijn", "Gesprekken", "Documenten", "Opnames", "Termijnen", "Brieven", "Contacten",
           "Gezin"]
ICON_PATH = Path(__file__).resolve().parents[2] / "resources" / "icon.svg"


class IdleWatcher(QObject):
    """Locks the dossier after a number of minutes without keyboard or mouse."""

    def __init__(self, minutes: int, on_idle, parent=None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(on_idle)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int):
        self.timer.setInterval(max(1, minutes) * 60 * 1000)

    def start(self):
        self.timer.start()

    def stop(self):
        self.timer.stop()

    def eventFilter(self, _obj, event):
        if self.timer.isActive() and event.type() in (QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove,
                                                      QEvent.Wheel):
            self.timer.start()
        return False


class StartPage(QWidget):
    def __init__(self, window: "MainWindow"):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 40, 60, 40)
        layout.addWidget(QLabel(f"<h1>{APP_NAME}</h1>"))
        intro = QLabel("Uw eigen dossier over de jeugdhulp voor uw kind: gesprekken, verslagen, opnames, "
                       "afspraken, termijnen en brieven. Versleuteld, alleen op deze computer.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("Nieuw dossier…")
        self.open_button = QPushButton("Dossier openen…")
        self.demo_button = QPushButton("Demodossier openen")
        for button, handler in ((self.new_button, window.new_dossier), (self.open_button, window.open_dossier_dialog),
                                (self.demo_button, window.open_demo)):
            button.clicked.connect(handler)
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Recent geopend</b>"))
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent geopende dossiers")
        self.recent.setMaximumHeight(240)
        self.recent.itemActivated.connect(lambda item: window.open_path(Path(item.data(Qt.UserRole))))
        layout.addWidget(self.recent)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def refresh(self, settings):
        self.recent.clear()
        for text in settings.recent:
            path = Path(text)
            item = QListWidgetItem(path.name)   # file names only
            item.setData(Qt.UserRole, text)
            self.recent.addItem(item)
        if not settings.recent:
            self.hint.setText("U heeft nog geen dossier. Kijk eerst rond in het demodossier van de (verzonnen) "
                              "familie De Vries, of maak meteen uw eigen dossier.")
        else:
            self.hint.clear()


class DossierView(QWidget):
    """Sidebar, a search field and the pages."""

    def __init__(self, window: "MainWindow", session: Session):
        super().__init__()
        self.session = session
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName("Onderdelen van het dossier")
        self.sidebar.setMaximumWidth(190)
        self.sidebar.setIconSize(QSize(20, 20))
        icons = [QStyle.SP_DesktopIcon, QStyle.SP_FileDialogDetailedView, QStyle.SP_MessageBoxInformation,
                 QStyle.SP_FileIcon, QStyle.SP_MediaVolume, QStyle.SP_BrowserReload, QStyle.SP_DialogSaveButton,
                 QStyle.SP_DirHomeIcon, QStyle.SP_DirIcon]
        for label, icon in zip(SIDEBAR, icons, strict=True):
            self.sidebar.addItem(QListWidgetItem(self.style().standardIcon(icon), label))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Zoeken in het hele dossier (Ctrl+F)")
        self.search.setAccessibleName("Zoeken")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.stack = QStackedWidget()
        self.pages = [
            OverviewPage(session),
            TimelinePage(session, "Tijdlijn", None, ("gesprek", "document", "opname", "notitie")),
            TimelinePage(session, "Gesprekken", "gesprek", ("gesprek",)),
            TimelinePage(session, "Documenten", "document", ("document",)),
            TimelinePage(session, "Opnames", "opname", ("opname",)),
            DeadlinesPage(session),
            LettersPage(session),
            ListPage(session, "Contacten", ContactsModel(), session.contacts, [("contact", "Contact toevoegen")]),
            FamilyPage(session),
        ]
        self.search_page = SearchPage(session)
        self.search_page.open_other = self._open_search_hit
        for page in self.pages + [self.search_page]:
            self.stack.addWidget(page)
            page.open_entry.connect(window.edit_entry)
            page.new_entry.connect(window.new_entry)
        contacts, family = self.pages[7], self.pages[8]
        contacts.add_row.connect(lambda _k: window.edit_contact(None))
        contacts.edit_row.connect(window.edit_contact)
        family.add_item.connect(window.add_family_item)
        family.edit_person.connect(window.edit_person)
        self.sidebar.currentRowChanged.connect(self.show_page)
        right = QVBoxLayout()
        right.addWidget(self.search)
        right.addWidget(self.stack)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sidebar)
        layout.addLayout(right, 1)
        self.sidebar.setCurrentRow(0)

    def show_page(self, row: int):
        if row < 0:
            return
        page = self.pages[row]
        self.stack.setCurrentWidget(page)
        if self.session.is_open:
            page.refresh()

    def current_page(self):
        return self.stack.currentWidget()

    def run_search(self):
        text = self.search.text().strip()
        if not text:
            return
        self.stack.setCurrentWidget(self.search_page)
        self.sidebar.blockSignals(True)
        self.sidebar.clearSelection()
        self.sidebar.setCurrentRow(-1)
        self.sidebar.blockSignals(False)
        return self.search_page.run(text)

    def _open_search_hit(self, hit):
        if hit.source == "contact":
            self.sidebar.setCurrentRow(7)
        else:
            self.sidebar.setCurrentRow(8)

    def refresh(self):
        page = self.current_page()
        if page is self.search_page:
            self.run_search()
        else:
            page.refresh()

    def clear(self):
        for page in self.pages + [self.search_page]:
            page.clear()


class LockPage(QWidget):
    def __init__(self, window: "MainWindow", session: Session):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addWidget(QLabel(f"<h2>{APP_NAME} is vergrendeld</h2>"))
        self.panel = UnlockPanel(session, self, offer_remember=False)
        self.panel.unlocked.connect(window.after_unlock)
        layout.addWidget(self.panel)
        close = QPushButton("Dossier sluiten")
        close.clicked.connect(window.close_dossier)
        layout.addWidget(close, 0, Qt.AlignLeft)
        layout.addStretch()


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.settings = settings_store.load()
        self.session: Session | None = None
        self.view: DossierView | None = None
        self.lock_page: LockPage | None = None
        self._return_to = (0, None)
        self.stack = QStackedWidget()
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        if ICON_PATH.exists():
            self.setWindowIcon(QIcon(str(ICON_PATH)))
        self.idle = IdleWatcher(self.settings.auto_lock_minutes, self.lock, self)
        self._build_menus()
        self.start_page.refresh(self.settings)
        self._update_title()
        self._update_actions()
        geometry = QSettings(APP_NAME, APP_NAME).value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)

    # -- menus -------------------------------------------------------------------------
    def _action(self, menu, text, handler, shortcut=None, *, needs_dossier=False):
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        menu.addAction(action)
        if needs_dossier:
            self._dossier_actions.append(action)
        return action

    def _build_menus(self):
        self._dossier_actions = []
        bar = self.menuBar()
        file_menu = bar.addMenu("&Bestand")
        self._action(file_menu, "&Nieuw dossier…", self.new_dossier, "Ctrl+Shift+N")
        self._action(file_menu, "&Openen…", self.open_dossier_dialog, QKeySequence.Open)
        self._action(file_menu, "&Demodossier openen", self.open_demo)
        file_menu.addSeparator()
        self._action(file_menu, "&Back-up maken…", self.make_backup, needs_dossier=True)
        self._action(file_menu, "&Vergrendelen", self.lock, "Ctrl+L", needs_dossier=True)
        self._action(file_menu, "Dossier &sluiten", self.close_dossier, "Ctrl+W", needs_dossier=True)
        file_menu.addSeparator()
        self._action(file_menu, "&Afsluiten", self.close, QKeySequence.Quit)
        edit_menu = bar.addMenu("Be&werken")
        for kind, label, key in (("gesprek", "Nieuw &gesprek…", "Ctrl+G"), ("document", "Nieuw &document…", "Ctrl+D"),
                                 ("opname", "Nieuwe &opname…", None), ("notitie", "Nieuwe &notitie…", "Ctrl+N")):
            self._action(edit_menu, label, lambda k=kind: self.new_entry(k), key, needs_dossier=True)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Zoeken", self.focus_search, QKeySequence.Find, needs_dossier=True)
        self._action(edit_menu, "&Instellingen…", self.show_settings, QKeySequence.Preferences)
        view_menu = bar.addMenu("&Beeld")
        for number, label in enumerate(SIDEBAR, start=1):
            self._action(view_menu, label, lambda row=number - 1: self.show_page(row), f"Ctrl+{number}",
                         needs_dossier=True)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, f"&Over {APP_NAME}", lambda: show_about(self), "F1")

    def _update_actions(self):
        unlocked = self.session is not None and self.session.is_open
        for action in self._dossier_actions:
            action.setEnabled(unlocked)

    def _update_title(self):
        if self.session is None:
            self.setWindowTitle(APP_NAME)
        elif self.session.is_open:
            self.setWindowTitle(f"{APP_NAME} — {self.session.name}")
        else:
            self.setWindowTitle(f"{APP_NAME} — {self.session.path.stem} (vergrendeld)")

    # -- opening -------------------------------------------------------------------------
    def new_dossier(self):
        dialog = CreateDialog(self, default_folder=paths.documents_dir())
        if dialog.exec() != CreateDialog.Accepted:
            return
        values = dialog.values()
        self.create_dossier(**values)

    def _busy(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QApplication.setOverrideCursor(Qt.WaitCursor)

    def _not_busy(self) -> None:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.statusBar().clearMessage()

    def create_dossier(self, path: Path, passphrase: str, name=None, remember=False, on_ready=None):
        def work():
            return Session.create(path, passphrase, name=name, remember=remember)

        self._busy("Het dossier wordt versleuteld aangemaakt…")
        run_in_background(work, lambda session: self._opened(session, on_ready), self._open_failed)

    def open_dossier_dialog(self):
        chosen, _ = QFileDialog.getOpenFileName(self, "Dossier openen", str(Path.home()),
                                                "Gezinsdossier (*.dossier);;Alle bestanden (*)")
        if chosen:
            self.open_path(Path(chosen))

    def open_path(self, path: Path):
        if not path.exists():
            QMessageBox.warning(self, APP_NAME, f"{path.name} bestaat niet (meer).")
            self.settings.forget_recent(path)
            settings_store.save(self.settings)
            self.start_page.refresh(self.settings)
            return
        session = Session(path)
        try:
            remembered = session.unlock_with_keychain()
        except Exception as exc:  # noqa: BLE001 - e.g. not a dossier at all
            QMessageBox.warning(self, APP_NAME, describe(exc))
            return
        if remembered:
            self._opened(session)
            return
        dialog = UnlockDialog(session, self)
        if dialog.exec() == UnlockDialog.Accepted:
            self._opened(session)

    def open_demo(self, on_ready=None):
        folder = paths.data_dir() / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "demo.dossier"
        if self.session is not None and self.session.path == path:
            self.close_dossier()
        path.unlink(missing_ok=True)
        shutil.rmtree(path.with_name(path.name + "-bijlagen"), ignore_errors=True)
        for leftover in folder.glob("demo.dossier*"):
            leftover.unlink(missing_ok=True)
        self._busy("Het demodossier wordt gemaakt…")
        run_in_background(Session.create_demo, lambda session: self._opened(session, on_ready), self._open_failed,
                          path, DEMO_PASSPHRASE)

    def _open_failed(self, exc):
        self._not_busy()
        QMessageBox.warning(self, APP_NAME, describe(exc))

    def _opened(self, session: Session, on_ready=None):
        self._not_busy()
        if self.session is not None:
            self.close_dossier()
        self.session = session
        self.settings.add_recent(session.path)
        settings_store.save(self.settings)
        self.view = DossierView(self, session)
        self.lock_page = LockPage(self, session)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.lock_page)
        self.stack.setCurrentWidget(self.view)
        self.view.show_page(0)
        self.idle.set_minutes(self.settings.auto_lock_minutes)
        self.idle.start()
        self._update_title()
        self._update_actions()
        self._automatic_backup()
        if on_ready:
            on_ready()

    def _automatic_backup(self):
        session = self.session

        def work():
            if session.is_open:
                session.automatic_backup(self.settings.effective_backup_folder, self.settings.backup_count)

        run_in_background(work, lambda _r: None, lambda exc: self.statusBar().showMessage(
            "Automatische back-up mislukt: " + describe(exc), 10000))

    # -- locking and closing --------------------------------------------------------------------
    def lock(self):
        if self.session is None or not self.session.is_open:
            return
        if busy():
            # Never close the database under running work; lock as soon as it is done.
            QTimer.singleShot(200, self.lock)
            return
        page = self.view.sidebar.currentRow()
        self._return_to = (page, self.view.current_page().selected_id())
        for editor in editors.open_editors():
            editor.close_for_lock()
        editors.save_all_drafts()
        cleanup_opened_files()
        self.session.lock()
        self.view.clear()
        self.idle.stop()
        self.lock_page.panel.refresh_title()
        self.stack.setCurrentWidget(self.lock_page)
        self.lock_page.panel.passphrase.setFocus()
        self._update_title()
        self._update_actions()

    def after_unlock(self):
        self.stack.setCurrentWidget(self.view)
        page, selected = self._return_to
        if page is None or page < 0:
            page = 0
        self.view.sidebar.setCurrentRow(page)
        self.view.show_page(page)
        if selected is not None:
            self.view.current_page().select_id(selected)
        self.idle.start()
        self._update_title()
        self._update_actions()

    def close_dossier(self):
        if self.session is None:
            return
        wait_all()
        for editor in editors.open_editors():
            editor.close_for_lock()
        cleanup_opened_files()
        self.session.close()
        for widget in (self.view, self.lock_page):
            if widget is not None:
                self.stack.removeWidget(widget)
                widget.deleteLater()
        self.view = self.lock_page = None
        self.session = None
        self.idle.stop()
        self.stack.setCurrentWidget(self.start_page)
        self.start_page.refresh(self.settings)
        self._update_title()
        self._update_actions()

    def closeEvent(self, event):
        QSettings(APP_NAME, APP_NAME).setValue("window/geometry", self.saveGeometry())
        self.close_dossier()
        super().closeEvent(event)

    # -- editing ------------------------------------------------------------------------------------
    def _refresh(self):
        if self.view is not None and self.session is not None and self.session.is_open:
            self.view.refresh()

    def _run_editor(self, editor):
        editor.accepted.connect(self._refresh)
        editor.show()
        return editor

    def new_entry(self, kind: str):
        if self.session is None or not self.session.is_open:
            return None
        if kind == "termijn":
            return self._run_editor(editors.DeadlineEditor(self.session, parent=self))
        return self._run_editor(editors.EntryEditor(self.session, kind, parent=self))

    def edit_entry(self, entry_id: int):
        if self.session is None or not self.session.is_open or entry_id is None:
            return None
        kind = self.session.entry(entry_id).kind
        if kind in ("termijn", "brief"):
            self.show_page(5 if kind == "termijn" else 6)
            return None
        return self._run_editor(editors.EntryEditor(self.session, kind, entry_id, parent=self))

    def edit_contact(self, contact):
        return self._run_editor(editors.ContactEditor(self.session, contact, parent=self))

    def edit_person(self, person):
        return self._run_editor(editors.PersonEditor(self.session, person, parent=self))

    def add_family_item(self, key: str):
        if key == "traject":
            return self._run_editor(editors.CaseEditor(self.session, parent=self))
        return self.edit_person(None)

    def show_page(self, row: int):
        if self.view is not None:
            self.view.sidebar.setCurrentRow(row)

    def focus_search(self):
        if self.view is not None:
            self.view.search.setFocus()
            self.view.search.selectAll()

    def show_settings(self):
        session = self.session or Session(Path("geen"))
        dialog = SettingsDialog(self.settings, session, self)
        if dialog.exec() == SettingsDialog.Accepted:
            self.idle.set_minutes(self.settings.auto_lock_minutes)
            self._refresh()

    def make_backup(self):
        from dossier_app.store.backup import BACKUP_SUFFIX

        default = self.settings.effective_backup_folder / f"{self.session.path.stem}{BACKUP_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(self, "Back-up opslaan als", str(default),
                                                f"Back-up (*{BACKUP_SUFFIX})")
        if not chosen:
            return

        def saved(path):
            self._not_busy()
            self.statusBar().showMessage(f"Versleutelde back-up opgeslagen: {Path(path).name}", 8000)

        self._busy("Back-up wordt gemaakt…")
        run_in_background(self.session.backup_to, saved, self._open_failed, Path(chosen))
