"""The main window: start page, the open dossier (sidebar + pages), the lock screen.

This module lays out widgets and wires menus and signals; what happens when
is decided by ``DossierController`` and ``EditorManager``.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow,
    QMessageBox, QPushButton, QStackedWidget, QToolButton, QVBoxLayout, QWidget,
)

from dossier_app import APP_NAME, paths
from dossier_app import settings as settings_store
from dossier_app.services import help_topics, location
from dossier_app.services.backups import BACKUP_SUFFIX
from dossier_app.services.session import DOSSIER_SUFFIX
from dossier_app.ui import folders, theme
from dossier_app.ui.controllers.dossier_controller import DossierController
from dossier_app.ui.dialogs import CreateDialog, SettingsDialog, UnlockPanel, show_about
from dossier_app.ui.editors import EditorManager
from dossier_app.ui.icons import icon
from dossier_app.ui.pages.registry import PAGE_NAMES, SIDEBAR_PAGES
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import fit_to_screen, screen_room

ICON_PATH = paths.resource_path("icon.svg")
SIDEBAR_PADDING = 64


class IdleWatcher(QObject):
    """Locks the dossier after a number of minutes without keyboard or mouse.

    It listens to the application's events only while it runs (from opening or unlocking a dossier to
    locking or closing it): before, every event of the app went through this Python filter for nothing, also
    while the window and the dossier's first page were being built (cold start)."""

    def __init__(self, minutes: int, on_idle, parent=None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(on_idle)
        self.set_minutes(minutes)
        self.listening = False

    def set_minutes(self, minutes: int):
        self.timer.setInterval(max(1, minutes) * 60 * 1000)

    def start(self):
        self.timer.start()
        self._listen(True)

    def stop(self):
        self.timer.stop()
        self._listen(False)

    def _listen(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self.listening:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self.listening = on

    def eventFilter(self, _obj, event):
        if self.timer.isActive() and event.type() in (QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove,
                                                      QEvent.Wheel):
            self.timer.start()
        return False


class StartPage(QWidget):
    def __init__(self, window: MainWindow):
        super().__init__()
        self.setObjectName("page-start")
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
        self.families_button = QPushButton("Mijn gezinnen")
        for button, handler in ((self.new_button, window.new_dossier), (self.open_button, window.open_dossier_dialog),
                                (self.demo_button, window.open_demo), (self.families_button, window.show_caseload)):
            button.clicked.connect(lambda _c=False, h=handler: h())
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>Recent geopend</b>"))
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent geopende dossiers")
        self.recent.setMaximumHeight(240)
        self.recent.itemActivated.connect(lambda item: window.open_path(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.recent)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def refresh(self, settings, display_name=lambda text: Path(text).name):
        self.recent.clear()
        for text in settings.recent:
            item = QListWidgetItem(display_name(text))   # file name, or the family's name once unlocked (memory)
            item.setData(Qt.UserRole, text)
            self.recent.addItem(item)
        hints = [settings.notice] if settings.notice else []
        if not settings.recent:
            hints.append("U heeft nog geen dossier. Kijk eerst rond in het demodossier van de (verzonnen) "
                         "familie De Vries, of maak meteen uw eigen dossier.")
        self.hint.setText("\n\n".join(hints))


SEARCH_PAGE = "zoeken"      # SearchPage.name (its module loads with the first search)


class DossierView(QWidget):
    """Sidebar, a search field and the pages, found by name.

    A page is built the first time it is shown or asked for (cold start, issue 25: the Overzicht alone is
    built when a dossier opens); ``wire`` connects each page's signals as it is built."""

    def __init__(self, session, parent=None, *, wire=lambda _page: None):
        super().__init__(parent)
        self.setObjectName("dossier-view")
        self.session = session
        self._wire = wire
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Onderdelen van het dossier")
        self.sidebar.setIconSize(QSize(18, 18))
        for spec in SIDEBAR_PAGES:
            item = QListWidgetItem(icon(spec.name), spec.label)
            item.setData(Qt.UserRole, spec.name)
            self.sidebar.addItem(item)
        widest = max(self.sidebar.fontMetrics().horizontalAdvance(spec.label) for spec in SIDEBAR_PAGES)
        self.sidebar.setFixedWidth(widest + self.sidebar.iconSize().width() + SIDEBAR_PADDING)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Zoeken in het hele dossier: typ een woord en druk op Enter (Ctrl+F)")
        self.search.setAccessibleName("Zoeken")
        self.search.setClearButtonEnabled(True)
        search_action = self.search.addAction(icon("zoeken"), QLineEdit.LeadingPosition)
        search_action.setText("Zoeken")
        search_action.triggered.connect(lambda _c=False: self.search.returnPressed.emit())
        for button in self.search.findChildren(QToolButton):      # the icon and the clear button get names
            action = button.defaultAction()
            button.setAccessibleName(action.text() if action is not None and action.text()
                                     else "Zoekveld leegmaken")
        self.search.returnPressed.connect(self.run_search)
        self.stack = QStackedWidget()
        self.pages: dict = {}           # name -> page, those built so far (sidebar order is PAGE_NAMES)
        self._search_page = None
        self.sidebar.currentRowChanged.connect(lambda row: self.show_page(PAGE_NAMES[row]) if row >= 0 else None)
        self.notice = QLabel()
        self.notice.setObjectName("dossier-notice")
        self.notice.setWordWrap(True)
        theme.apply(self.notice, "warning", "padding: 6px;")
        self.notice.hide()
        right = QVBoxLayout()
        right.addWidget(self.notice)
        right.addWidget(self.search)
        right.addWidget(self.stack)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sidebar)
        layout.addLayout(right, 1)

    def show_notices(self, notices: list[str]) -> None:
        """Things to keep in mind while this dossier is open (read-only, a synced folder)."""
        self.notice.setText("<br>".join(html.escape(text) for text in notices))
        self.notice.setVisible(bool(notices))

    @property
    def search_page(self):
        """The search results, built with the first search."""
        if self._search_page is None:
            from dossier_app.ui.pages.search_page import SearchPage   # cold start: loads with the first search

            page = self._search_page = SearchPage(self.session)
            page.open_other.connect(self._open_search_hit)
            self._add(page)
        return self._search_page

    def page(self, name: str):
        """The page of this name, built now if it was not yet."""
        if name == SEARCH_PAGE:
            return self.search_page
        if name not in self.pages:
            spec = SIDEBAR_PAGES[PAGE_NAMES.index(name)]
            self.pages[name] = spec.page_class(self.session)
            self._add(self.pages[name])
        return self.pages[name]

    def _add(self, page) -> None:
        self.stack.addWidget(page)
        self._wire(page)

    def all_pages(self):
        """The pages built so far (one never shown holds nothing to clear)."""
        built = [self.pages[name] for name in PAGE_NAMES if name in self.pages]
        return built + ([self._search_page] if self._search_page is not None else [])

    def current_page(self):
        return self.stack.currentWidget()

    def current_name(self) -> str:
        return self.current_page().name

    def show_page(self, name: str):
        page = self.page(name)
        row = PAGE_NAMES.index(name) if name in PAGE_NAMES else -1
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        self.stack.setCurrentWidget(page)
        if self.session.is_open and name != SEARCH_PAGE:
            page.refresh()

    def run_search(self):
        text = self.search.text().strip()
        if not text:
            return
        self.show_page(SEARCH_PAGE)
        self.search_page.run(text)

    def _open_search_hit(self, hit):
        self.show_page("contacten" if hit.source == "contact" else "gezin")
        self.current_page().select_id(hit.ref)

    def refresh(self):
        if self.current_name() == SEARCH_PAGE:
            self.run_search()
        else:
            self.current_page().refresh()

    def clear(self):
        for page in self.all_pages():
            page.clear()


class LockPage(QWidget):
    def __init__(self, window: MainWindow, session):
        super().__init__()
        self.setObjectName("page-vergrendeld")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.addWidget(QLabel(f"<h2>{APP_NAME} is vergrendeld</h2>"))
        self.panel = UnlockPanel(session, self, offer_remember=False)
        self.panel.unlocked.connect(window.after_unlock)
        layout.addWidget(self.panel)
        close = QPushButton("Dossier sluiten")
        close.setAutoDefault(False)
        close.clicked.connect(lambda _c=False: window.close_dossier())
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setObjectName("main-window")
        self.settings = settings_store.load()
        folders.remember(self.settings.last_folder)
        self.editors = EditorManager(self)
        self.dossier = DossierController(self.settings, self.editors, self)
        self.view: DossierView | None = None
        self.lock_page: LockPage | None = None
        self._return_to = ("overzicht", None)
        self.stack = QStackedWidget()
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)
        self._caseload_page = None
        self.setCentralWidget(self.stack)
        if ICON_PATH.exists():
            self.setWindowIcon(QIcon(str(ICON_PATH)))
        self.idle = IdleWatcher(self.settings.auto_lock_minutes, self.lock, self)
        self._build_menus()
        self.dossier.opened.connect(self._opened)
        self.dossier.locked.connect(self._locked)
        self.dossier.closed.connect(self._closed)
        self.dossier.busy.connect(self._busy)
        self.dossier.idle.connect(self._not_busy)
        self.dossier.failed.connect(lambda message: QMessageBox.warning(self, APP_NAME, message))
        self.dossier.notice.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.dossier.recovery_sheet.connect(self.show_recovery_sheet)
        self.editors.saved.connect(self._refresh)
        self.theme = theme.install(QApplication.instance())
        # A slot of this window (not a lambda): Qt disconnects it when the window is deleted, so a closed
        # window never repaints actions that are gone (found by the light/dark test after other windows).
        self.theme.changed.connect(self._scheme_switched)
        self._intake = None
        self.setAcceptDrops(True)   # received letters dropped on the window or a page are imported
        self._show_start()
        self._update_title()
        self._update_actions()
        self._restore_geometry()

    def _restore_geometry(self) -> None:
        """The size and place of last time, if it was on a screen with this room; otherwise a size that fits.

        Saved as "WIDTHxHEIGHT:geometry": a size kept at 100 % came back as a cramped window on the same laptop
        at 150 % (Qt shrinks what does not fit its new screen as it sees fit)."""
        room = screen_room(self)
        saved_room, _, geometry = self.settings.window_geometry.rpartition(":")
        if geometry and saved_room == f"{room.width()}x{room.height()}":
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            fit_to_screen(self, 1100, 720)

    def _saved_geometry(self) -> str:
        room = screen_room(self)
        return f"{room.width()}x{room.height()}:" + bytes(self.saveGeometry().toBase64().data()).decode("ascii")

    @property
    def session(self):
        return self.dossier.session

    @property
    def caseload_page(self):
        """Mijn gezinnen, made the first time it is shown (start-up does not need it)."""
        if self._caseload_page is None:
            from dossier_app.ui.pages.caseload_page import CaseloadPage   # cold start: loads when first opened

            page = self._caseload_page = CaseloadPage(self.settings)
            page.display_name = self.dossier.display_name
            page.open_session = lambda: self.session
            page.open_family.connect(self.open_path)
            page.names_known.connect(self._names_known)
            page.back.connect(self._back_from_caseload)
            self.stack.addWidget(page)
        return self._caseload_page

    def _give_menu_icons(self):
        """The menu items that need a dossier get their icons when the first dossier opens:
        the icon font (qtawesome) is not loaded before the window first shows."""
        for action, name in self._icon_actions:
            action.setIcon(icon(name))
        self._iconed_actions = self._icon_actions
        self._icon_actions = []

    def _scheme_switched(self, _scheme) -> None:
        self._theme_changed()

    def _theme_changed(self):
        """Light ↔ dark while the app runs: icons in the scheme's colour, coloured texts redrawn."""
        if not self._icon_actions:               # icons were given (the icon font is loaded)
            for action, name in getattr(self, "_iconed_actions", []):
                action.setIcon(icon(name))
            if self.view is not None:
                for row in range(self.view.sidebar.count()):
                    item = self.view.sidebar.item(row)
                    item.setIcon(icon(item.data(Qt.UserRole)))
        self._refresh()

    def _clear_caseload(self):
        if self._caseload_page is not None:
            self._caseload_page.clear()

    @property
    def intake(self):
        """The import controller, made when first needed: it loads the readers for PDF,
        e-mail and scans, which the start of the app does not need."""
        if self._intake is None:
            from dossier_app.ui.intake import IntakeController   # cold start: loads when first opened

            self._intake = IntakeController(self)
            self._intake.imported.connect(self._refresh)
        return self._intake

    # -- menus -------------------------------------------------------------------------
    def _action(self, menu, text, handler, shortcut=None, *, needs_dossier=False, everywhere=False):
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            if everywhere:
                action.setShortcutContext(Qt.ApplicationShortcut)   # also inside an editor window
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
        self.recent_menu = file_menu.addMenu("&Recent")
        self.recent_menu.setObjectName("menu-recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        self._action(file_menu, "Mijn &gezinnen", self.show_caseload, "Ctrl+Shift+G")
        file_menu.addSeparator()
        self._action(file_menu, "Gespreks&voorbereiding…", self.prepare_conversation, "Ctrl+Shift+V",
                     needs_dossier=True)
        self._action(file_menu, "Familiegroeps&plan…", self.make_family_plan, needs_dossier=True)
        self._action(file_menu, "&Importeren…", self.import_files, "Ctrl+I", needs_dossier=True)
        self._action(file_menu, "&Back-up maken…", self.make_backup, needs_dossier=True)
        self._action(file_menu, "Dossier &controleren", lambda: self.dossier.check_integrity(), needs_dossier=True)
        self._action(file_menu, "Back-up &terugzetten…", self.restore_backup)
        self._action(file_menu, "&Exporteren (open formaat)…", self.export_open_format, needs_dossier=True)
        self._action(file_menu, "Archief &inlezen…", self.import_archive)
        self._action(file_menu, "&Wachtwoord wijzigen…", self.change_passphrase, needs_dossier=True)
        self._action(file_menu, "Herstel&blad maken…", self.make_recovery_sheet, needs_dossier=True)
        self.lock_action = self._action(file_menu, "&Vergrendelen", self.lock, "Ctrl+L", needs_dossier=True,
                                        everywhere=True)
        self._icon_actions = [(self.lock_action, "vergrendelen")]
        self._action(file_menu, "Dossier &sluiten", self.close_dossier, "Ctrl+W", needs_dossier=True)
        file_menu.addSeparator()
        quit_action = self._action(file_menu, "&Afsluiten", self.close, QKeySequence.Quit, everywhere=True)
        if quit_action.shortcut().isEmpty():      # Windows has no standard quit key: Ctrl+Q, like KeePassXC
            quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        edit_menu = bar.addMenu("Be&werken")
        for kind, label, key in (("gesprek", "Nieuw &gesprek…", "Ctrl+G"), ("document", "Nieuw &document…", "Ctrl+D"),
                                 ("opname", "Nieuwe &opname…", None), ("notitie", "Nieuwe &notitie…", "Ctrl+N")):
            self._action(edit_menu, label, lambda k=kind: self.new_entry(k), key, needs_dossier=True)
        edit_menu.addSeparator()
        self._action(edit_menu, "&Zoeken", self.focus_search, QKeySequence.Find, needs_dossier=True)
        self._action(edit_menu, "&Instellingen…", self.show_settings, QKeySequence.Preferences)
        view_menu = bar.addMenu("&Beeld")
        for number, spec in enumerate(SIDEBAR_PAGES, start=1):
            action = self._action(view_menu, spec.label, lambda name=spec.name: self.show_page(name),
                                  f"Ctrl+{number}" if number <= 9 else None, needs_dossier=True)
            self._icon_actions.append((action, spec.name))
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Uitleg bij deze pagina", self.show_help, QKeySequence.HelpContents,
                     everywhere=True)
        for topic in help_topics.topics():
            self._action(help_menu, topic.title, lambda name=topic.name: self.show_help(name))
        help_menu.addSeparator()
        self._action(help_menu, f"&Over {APP_NAME}", lambda: show_about(self))

    def _update_actions(self):
        for action in self._dossier_actions:
            action.setEnabled(self.dossier.is_open)

    def _update_title(self):
        if self.session is None:
            self.setWindowTitle(APP_NAME)
        elif self.session.is_open:
            self.setWindowTitle(f"{APP_NAME} — {self.session.name}")
        else:
            self.setWindowTitle(f"{APP_NAME} — {self.session.path.stem} (vergrendeld)")

    def _busy(self, message: str) -> None:
        self.statusBar().showMessage(message)
        if QApplication.overrideCursor() is None:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def _not_busy(self) -> None:
        while QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()
        self.statusBar().clearMessage()

    # -- opening ---------------------------------------------------------------------------
    def new_dossier(self):
        dialog = CreateDialog(self, default_folder=folders.start())
        accepted = dialog.exec() == CreateDialog.Accepted
        values = dialog.values()
        dialog.deleteLater()       # a dialog left behind under the window crashed the app on quit
        if accepted:
            self.create_dossier(values["path"], values["passphrase"], name=values["name"],
                                remember=values["remember"])

    def create_dossier(self, path: Path, passphrase: str, *, name=None, remember=False):
        self.dossier.create(Path(path), passphrase, name=name, remember=remember)

    def open_dossier_dialog(self):
        chosen, _ = QFileDialog.getOpenFileName(self, "Dossier openen", str(folders.start()),
                                                f"Gezinsdossier (*{DOSSIER_SUFFIX});;Alle bestanden (*)")
        if chosen:
            folders.remember(chosen)
            self.open_path(Path(chosen))

    def open_path(self, path: Path):
        self.dossier.open_path(Path(path), self)

    def open_demo(self):
        self.dossier.open_demo()

    # -- several families --------------------------------------------------------------------
    def _show_start(self):
        self._clear_caseload()
        self.start_page.refresh(self.settings, self.dossier.display_name)
        self.stack.setCurrentWidget(self.start_page)

    def _fill_recent_menu(self):
        """Bestand → Recent: the family's name once unlocked in this run (memory only), else the file name."""
        self.recent_menu.clear()
        for text in self.settings.recent:
            action = self.recent_menu.addAction(self.dossier.display_name(text))
            action.setToolTip(text)
            action.triggered.connect(lambda _checked=False, chosen=text: self.open_path(Path(chosen)))
        if not self.settings.recent:
            self.recent_menu.addAction("Nog geen dossiers").setEnabled(False)

    def _names_known(self, names: dict):
        self.dossier.remember_names(names)

    def show_caseload(self):
        """Mijn gezinnen: the open dossier stays open (the caseload reads each family through its own
        short-lived read-only session); "Terug" returns to it."""
        self.stack.setCurrentWidget(self.caseload_page)
        self.caseload_page.refresh()

    def _back_from_caseload(self):
        """Terug: to the open dossier (or its lock screen) when there is one, else to the start page."""
        if self.view is not None and self.dossier.is_open:
            self._clear_caseload()
            self.stack.setCurrentWidget(self.view)
            self.view.current_page().refresh()
        elif self.lock_page is not None and self.session is not None:
            self._clear_caseload()
            self.stack.setCurrentWidget(self.lock_page)
        else:
            self._show_start()

    def prepare_conversation(self):
        if not self.dossier.is_open:
            return None
        from dossier_app.ui.preparation_dialog import PreparationDialog   # cold start: loads when first opened

        dialog = PreparationDialog(self.session, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def make_family_plan(self):
        if not self.dossier.is_open:
            return None
        from dossier_app.ui.family_plan_dialog import FamilyPlanDialog   # cold start: loads when first opened

        dialog = FamilyPlanDialog(self.session, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _opened(self, session):
        self._remove_dossier_widgets()
        self._clear_caseload()
        self._give_menu_icons()
        self.view = DossierView(session, wire=self._wire_page)
        self.lock_page = LockPage(self, session)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.lock_page)
        self.stack.setCurrentWidget(self.view)
        self.view.show_page("overzicht")
        self.view.show_notices(self._notices(session))
        self.idle.set_minutes(self.settings.auto_lock_minutes)
        self.idle.start()
        self._update_title()
        self._update_actions()

    def _wire_page(self, page) -> None:
        """A page of the open dossier, just built: its requests go to the editors and the letter assistant."""
        page.open_entry.connect(self.edit_entry)
        page.new_entry.connect(self.new_entry)
        if page.name == "contacten":
            page.edit_contact.connect(lambda contact: self.editors.edit_contact(self.session, contact))
        elif page.name == "gezin":
            page.edit_person.connect(lambda person: self.editors.edit_person(self.session, person))
            page.new_traject.connect(lambda: self.editors.new_traject(self.session))
        elif page.name in ("overzicht", "brieven"):
            page.letter_requested.connect(self.new_letter)
        elif page.name == "toestemmingen":
            page.edit_consent.connect(lambda consent: self.editors.edit_consent(self.session, consent))

    @staticmethod
    def _notices(session) -> list[str]:
        notices = []
        if session.read_only:
            reason = session.read_only_reason or "U opende het dossier alleen-lezen."
            notices.append(f"Alleen-lezen: {reason} Wijzigingen kunnen nu niet worden opgeslagen.")
        if session.side_file_notice:
            notices.append(session.side_file_notice)
        synced = location.synced_folder_warning(session.path)
        if synced:
            notices.append(synced)
        return notices

    # -- locking and closing --------------------------------------------------------------------
    def lock(self):
        if self._caseload_page is not None:
            self._caseload_page.forget_keys()      # families unlocked in Mijn gezinnen are locked again
        if self.view is not None and self.dossier.is_open:
            self._return_to = (self.view.current_name(), self.view.current_page().selected_id())
        self.dossier.lock()

    def _locked(self):
        self.view.clear()
        self.idle.stop()
        self.lock_page.panel.refresh_title()
        self.stack.setCurrentWidget(self.lock_page)
        self.lock_page.panel.passphrase.setFocus()
        self._update_title()
        self._update_actions()

    def after_unlock(self):
        self.dossier.unlocked()
        self.stack.setCurrentWidget(self.view)
        name, selected = self._return_to
        self.view.show_page(name if name in PAGE_NAMES else "overzicht")
        if selected is not None:
            self.view.current_page().select_id(selected)
        self.idle.start()
        self._update_title()
        self._update_actions()

    def close_dossier(self):
        self.dossier.close_when_idle()

    def _closed(self):
        self._remove_dossier_widgets()
        self.idle.stop()
        self._show_start()
        self._update_title()
        self._update_actions()

    def _remove_dossier_widgets(self):
        for widget in (self.view, self.lock_page):
            if widget is not None:
                self.stack.removeWidget(widget)
                widget.deleteLater()
        self.view = self.lock_page = None

    def changeEvent(self, event):
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange) and hasattr(self, "theme"):
            self.theme.refresh()            # the palette turned light or dark: colours with a meaning follow
        super().changeEvent(event)

    def closeEvent(self, event):
        self.settings.window_geometry = self._saved_geometry()
        self.settings.last_folder = folders.last()
        settings_store.save(self.settings)
        if runner().busy:
            # Let running work finish (the window stays responsive), then close.
            event.ignore()
            self.statusBar().showMessage("Even geduld: lopend werk wordt afgerond…")
            runner().when_idle(self.close)
            return
        self.dossier.close()
        super().closeEvent(event)

    # -- editing ------------------------------------------------------------------------------------
    def _refresh(self):
        if self.view is not None and self.dossier.is_open:
            self.view.refresh()

    def new_entry(self, kind: str):
        if not self.dossier.is_open:
            return None
        return self.editors.new_entry(self.session, kind)

    def edit_entry(self, entry_id: int):
        if not self.dossier.is_open or entry_id is None:
            return None
        from dossier_app.services import timeline   # cold start: loads when first opened

        kind = timeline.entry(self.session, entry_id).kind
        if kind in ("termijn", "brief"):
            self.show_page("termijnen" if kind == "termijn" else "brieven")
            if self.view is not None:
                self.view.current_page().select_id(entry_id)
            return None
        return self.editors.edit_entry(self.session, entry_id)

    def new_letter(self, kind_id: str = "", traject_id=None):
        """The letter assistant (Brieven → Nieuwe brief…, or a next-step button on the Overzicht)."""
        if not self.dossier.is_open:
            return None
        from dossier_app.ui.letters.assistant import LetterAssistant   # cold start: loads when first opened

        assistant = LetterAssistant(self.session, kind_id=kind_id, traject_id=traject_id, parent=self)
        assistant.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        assistant.saved.connect(lambda _letter_id: self._refresh())
        assistant.show()
        return assistant

    def show_help(self, topic: str | None = None):
        """F1: the help for the page on screen; from the Help menu: the chosen topic."""
        from dossier_app.ui.help_view import HelpDialog   # cold start: loads when first opened

        place = ""
        if topic is None:
            # One F1 for the whole app: a window with help of its own (the letter assistant: the step on
            # screen) says which; otherwise the page on screen.
            context = getattr(QApplication.activeWindow(), "context_help", None)
            if callable(context):
                topic, place = context()
            else:
                topic = self.view.current_name() if self.view is not None and self.dossier.is_open else "start"
        dialog = HelpDialog(help_topics.page_topic(topic), self, place=place)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_page(self, name: str):
        if self.view is not None and self.dossier.is_open:
            self.view.show_page(name)

    def focus_search(self):
        if self.view is not None:
            self.view.search.setFocus()
            self.view.search.selectAll()

    def show_settings(self):
        dialog = SettingsDialog(self.settings, self.session, self)
        accepted = dialog.exec() == SettingsDialog.Accepted
        dialog.deleteLater()
        if accepted:
            self.idle.set_minutes(self.settings.auto_lock_minutes)
            self._refresh()

    def change_passphrase(self):
        from dossier_app.ui.security_dialogs import PassphraseDialog   # for cold start: only when asked

        dialog = PassphraseDialog(self.session, self)
        accepted = dialog.exec() == PassphraseDialog.Accepted
        notes = dialog.notes
        dialog.deleteLater()
        if accepted:
            QMessageBox.information(self, APP_NAME, "Het wachtwoord is gewijzigd.\n\n" + "\n\n".join(notes))

    def make_recovery_sheet(self):
        """Bestand → Herstelblad maken…: a new recovery key; an earlier sheet stops working (asked first)."""
        if not self.dossier.is_open:
            return
        if self.session.read_only:
            QMessageBox.information(self, APP_NAME, "Dit dossier is alleen-lezen geopend; een herstelblad maken "
                                                    "kan nu niet.")
            return
        from dossier_app.services import recovery   # for cold start: its key code loads only when asked

        if recovery.has_recovery_key(self.session):
            box = QMessageBox(QMessageBox.Question, APP_NAME,
                              "Dit dossier heeft al een herstelblad. Een nieuw herstelblad vervangt het oude: "
                              "de oude herstelsleutel werkt daarna niet meer. Doorgaan?", QMessageBox.NoButton, self)
            go = box.addButton("Nieuw herstelblad maken", QMessageBox.AcceptRole)
            box.addButton("Annuleren", QMessageBox.RejectRole)
            box.exec()
            if box.clickedButton() is not go:
                return
        self.dossier.make_recovery_sheet()

    def show_recovery_sheet(self, sheet):
        """The recovery key, once: print it or save it as a PDF."""
        from dossier_app.ui.recovery_dialogs import RecoverySheetDialog   # for cold start: only when asked

        dialog = RecoverySheetDialog(sheet, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def restore_backup(self):
        from dossier_app.ui.security_dialogs import RestoreDialog   # for cold start: only when asked

        dialog = RestoreDialog(self, self.settings.effective_backup_folder)
        restored = []
        dialog.restored.connect(restored.append)
        dialog.exec()
        dialog.deleteLater()
        if restored:
            self.open_path(restored[0])

    # -- open export (AVG art. 20) ---------------------------------------------------------------
    def export_open_format(self):
        """Bestand → Exporteren (open formaat)…: the whole dossier as a readable ZIP archive."""
        from dossier_app.ui.archive_dialogs import ExportDialog   # for cold start: the archive code loads on use

        dialog = ExportDialog(self.session, self)
        dialog.lock_requested.connect(self.lock)      # Ctrl+L during a long export: it is cancelled
        done = []
        dialog.exported.connect(done.append)
        dialog.exec()
        dialog.deleteLater()
        if done:
            result = done[0]
            how = ("versleuteld met het wachtwoord dat u koos" if result.encrypted
                   else "ONVERSLEUTELD — bewaar het op een veilige plek")
            self.statusBar().showMessage(f"Dossier geëxporteerd naar {result.path.name} ({how}).", 15000)

    def import_archive(self):
        """Bestand → Archief inlezen…: an archive becomes a new dossier, which is then opened."""
        from dossier_app.ui.archive_dialogs import ImportArchiveDialog   # for cold start: loads on use

        dialog = ImportArchiveDialog(self, closes_open_dossier=self.dossier.session is not None)
        dialog.before_start = self.dossier.after_closing
        imported = []
        dialog.imported.connect(imported.append)
        dialog.exec()
        dialog.deleteLater()
        if imported:
            self.open_path(imported[0])

    # -- importing received letters ---------------------------------------------------------------
    def import_files(self, files=None):
        """Bestand → Importeren… (or dropped files and folders): read, then review before storing."""
        if not self.dossier.is_open or self.session.read_only:
            if self.dossier.is_open:
                QMessageBox.information(self, APP_NAME, "Dit dossier is alleen-lezen geopend; er kan niets "
                                                        "worden ingelezen.")
            return
        if files is None:
            self.intake.choose_files(self.session, paths.documents_dir())
        else:
            self.intake.start(self.session, [Path(item) for item in files])

    @staticmethod
    def _dropped_paths(event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event):
        if self.dossier.is_open and self._dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):
        self.dragEnterEvent(event)

    def dropEvent(self, event):
        dropped = self._dropped_paths(event)
        if not dropped or not self.dossier.is_open:
            event.ignore()
            return
        event.acceptProposedAction()
        if len(dropped) == 1 and dropped[0].suffix == DOSSIER_SUFFIX:
            return   # a dossier is opened with Bestand → Openen, never imported
        self.import_files(dropped)

    def make_backup(self):
        default = self.settings.effective_backup_folder / f"{self.session.path.stem}{BACKUP_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(self, "Back-up opslaan als", str(default),
                                                f"Back-up (*{BACKUP_SUFFIX})")
        if chosen:
            self.dossier.backup_to(Path(chosen))
