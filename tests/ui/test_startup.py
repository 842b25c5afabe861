"""What the desktop app loads before its window first shows (no timing: see bench/).

The window must come up without python-docx, Jinja, the calendar export, the
passphrase rater, the keychain, Markdown, the intake readers or the icon font:
those load when a page, editor or dialog that needs them is first used.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from tests.conftest import PASSPHRASE
from tests.support.uihelpers import WAIT_MS, open_with_passphrase, page, trigger_menu, wait_idle

DEFERRED = ("docx", "jinja2", "icalendar", "zxcvbn", "keyring", "markdown_it", "qtawesome",
            "dossier_app.letters.render", "dossier_app.services.intake", "dossier_app.ui.pages.letters_page",
            "dossier_app.ui.editors.deadline")

PROBE = f"""
import sys
from PySide6.QtWidgets import QApplication
from dossier_app.ui.main_window import MainWindow
application = QApplication(sys.argv[:1])
window = MainWindow()
window.show()
application.processEvents()
print("LOADED", sorted(name for name in {DEFERRED!r} if name in sys.modules))
"""


@pytest.mark.slow
def test_the_main_window_shows_before_letters_editors_and_icons_load(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"))
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED")]
    assert lines, result.stderr
    assert lines[-1] == "LOADED []"


def test_menus_get_their_icons_and_pages_work_once_a_dossier_opens(qtbot, window, tmp_path):
    def lock_action():
        return next(action for menu in window.menuBar().findChildren(QMenu) for action in menu.actions()
                    if action.text() == "&Vergrendelen")

    assert lock_action().icon().isNull()          # nothing loaded for it before a dossier is open
    from dossier_app.services import family, session

    path = tmp_path / "gezin.dossier"
    with session.create_dossier(path, PASSPHRASE) as opened:
        family.add_person(opened, "ouder", "Sanne Test", city="Lindenhoven")
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    assert not lock_action().icon().isNull()
    page_actions = [action for menu in window.menuBar().findChildren(QMenu) for action in menu.actions()
                    if action.text() in ("Overzicht", "Brieven", "Toestemmingen")]
    assert len(page_actions) == 3 and all(not action.icon().isNull() for action in page_actions)
    # Only the Overzicht is built when the dossier opens; each other page the first time it is shown,
    # and then found by name.
    assert page(window, "overzicht").isVisible()
    assert window.findChild(QWidget, "page-brieven") is None
    for name, label in (("tijdlijn", "Tijdlijn"), ("brieven", "Brieven"), ("termijnen", "Termijnen"),
                        ("toestemmingen", "Toestemmingen")):
        trigger_menu(window, "Beeld", label)
        assert page(window, name).isVisible()


def test_the_lock_page_does_not_ask_the_keychain_it_never_offers(qtbot, monkeypatch, tmp_path):
    """The lock page is built each time a dossier opens and offers no 'remember': asking the keychain
    there only cost start-up time (keyring's import, a desktop keyring waking up)."""
    from dossier_app.services import keys
    from dossier_app.services.session import DossierSession
    from dossier_app.ui.dialogs import UnlockPanel

    asked = []
    monkeypatch.setattr(keys, "keychain_available", lambda: asked.append(True) or True)
    panel = UnlockPanel(DossierSession(tmp_path / "gezin.dossier"), offer_remember=False)
    qtbot.addWidget(panel)
    panel.show()
    QApplication.processEvents()
    assert asked == []
    assert not panel.remember.isVisible() and not panel.remember.isChecked()

    offered = UnlockPanel(DossierSession(tmp_path / "gezin.dossier"))
    qtbot.addWidget(offered)
    qtbot.waitUntil(lambda: asked == [True], timeout=WAIT_MS)


OPENED = ("docx", "markdown_it", "jinja2", "babel", "keyring", "pypdf", "PIL", "icalendar", "zxcvbn", "qtawesome",
          "qtpy", "dossier_app.letters.render", "dossier_app.services.letters", "dossier_app.ui.pages.letters_page",
          "dossier_app.ui.pages.timeline_page", "dossier_app.ui.pages.search_page")

OPENED_PROBE = f"""
import sys
from PySide6.QtWidgets import QApplication
from dossier_app.services.session import DossierSession
from dossier_app.ui.main_window import MainWindow
application = QApplication(sys.argv[:1])
window = MainWindow()
window.show()
opened = DossierSession(sys.argv[1])
opened.unlock(sys.argv[2])
window.dossier.check_integrity = lambda **_options: None
window.dossier._automatic_backup = lambda: None
window.dossier._show(opened)
application.processEvents()
assert window.view.current_name() == "overzicht"
assert all(not window.view.sidebar.item(row).icon().isNull() for row in range(window.view.sidebar.count()))
print("OVERZICHT", sorted(name for name in {OPENED!r} if name in sys.modules), flush=True)
from dossier_app.letters import catalogue
print("CATALOGUS", catalogue._load.cache_info().currsize, flush=True)
window.show_page("brieven")
application.processEvents()
from dossier_app.letters import blocks, docx_writer
docx_writer.write_docx(blocks.parse("Beste mevrouw,"))
print("BRIEVEN", sorted(name for name in ("jinja2", "docx", "markdown_it", "dossier_app.ui.pages.letters_page")
                        if name in sys.modules), flush=True)
opened.lock()
"""


@pytest.mark.slow
def test_a_dossier_opens_on_its_overzicht_before_letters_babel_and_the_other_pages_load(tmp_path):
    """Cold start (issue 25): showing the demo dossier's Overzicht (trajecten, a dwangsom owed, letters
    awaiting a receipt) loads no python-docx, Jinja, Markdown, babel, keychain, PDF or image reader, nor
    qtawesome's Qt layer (the sidebar has its icons all the same), builds no other page and parses no whole
    letter catalogue; showing Brieven and writing a letter loads them."""
    from dossier_app.services import session

    path = tmp_path / "demo.dossier"
    session.create_demo(path, PASSPHRASE).lock()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"))
    result = subprocess.run([sys.executable, "-c", OPENED_PROBE, str(path), PASSPHRASE],
                            capture_output=True, text=True, env=env, timeout=120)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines()
                 if line.startswith(("OVERZICHT", "CATALOGUS", "BRIEVEN")))
    assert lines.get("OVERZICHT") == "[]", result.stderr[-3000:]
    # The Overzicht reads the letter kinds' titles and triggers alone, not the whole catalogue (fields,
    # blocks, explanations of 26 files): that is parsed when a letter is first made.
    assert lines.get("CATALOGUS") == "0", result.stderr[-3000:]
    loaded = "['docx', 'dossier_app.ui.pages.letters_page', 'jinja2', 'markdown_it']"
    assert lines.get("BRIEVEN") == loaded, result.stderr[-3000:]


QT_FREE_FIRST = ("peewee", "sqlcipher3", "cryptography", "logging.handlers", "tarfile", "dateutil",
                 "dossier_app.store.database", "dossier_app.store.dossier", "dossier_app.diagnostics",
                 "dossier_app.services.attachments", "dossier_app.services.timeline", "dossier_app.deadlines.engine")

ORDER_PROBE = f"""
import sys
import dossier_app.ui.app
order = list(sys.modules)
print("LATER", [name for name in {QT_FREE_FIRST!r} if order.index(name) > order.index("PySide6")])
"""


def test_the_entry_point_loads_the_qt_free_modules_before_pyside(tmp_path):
    """Cold start: once PySide6 is imported it reads the source of every module imported after it (its check
    for `from __feature__ import`). The entry point imports the store, the services it needs at start and their
    libraries first: 70 modules read at a cold start with the Overzicht instead of 182 (~20-30 ms)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"))
    result = subprocess.run([sys.executable, "-c", ORDER_PROBE], capture_output=True, text=True, env=env,
                            timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("LATER")]
    assert lines == ["LATER []"], result.stderr[-3000:]
