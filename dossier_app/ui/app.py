"""Desktop entry point (`python main.py [DOSSIER]`, `gezinsdossier [DOSSIER]`, or `dossier-app`)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import cast

# The Qt-free modules first (cold start): once PySide6 is imported it reads the source of every module imported
# after it (its check for `from __feature__ import`), ~0.1-0.2 ms a module; the store, the services the window
# needs at start and their libraries (peewee, SQLCipher, cryptography, logging, tarfile, dateutil, ...) are
# ~110 modules that need no such check. Only services the window imports at start anyway belong here: one made
# lazy elsewhere must leave this list too.
from dossier_app import APP_NAME, diagnostics, settings  # noqa: F401 (settings: only to load it first)
from dossier_app.services import (  # noqa: F401 (most: only to load them first)
    attachments, backups, external_tools, help_topics, housekeeping, integrity, keys, location, recovery, timeline,
)

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from dossier_app.ui import focus, single_instance
from dossier_app.ui.dialogs import UnlockDialog
from dossier_app.ui.main_window import MainWindow
from dossier_app.ui.messages import describe


# Qt's own texts that its Dutch translation still lacks (their English source changed).
MISSING_QT_TEXTS = {
    ("QFileDialog", "&Look in:"): "&Zoeken in:",
    ("QFileDialog", "Files of &type:"): "Bestands&type:",
}


def install_dutch_qt_texts(app) -> list[QTranslator]:
    """Qt's own buttons and dialogs in Dutch (OK/Annuleren, file dialogs); returns the translators."""

    class MissingTexts(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return MISSING_QT_TEXTS.get((context, source), "")

        def isEmpty(self):
            return False

    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    missing = MissingTexts(app)
    app.installTranslator(missing)
    installed: list[QTranslator] = [missing]
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands), name, "_",
                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def _install_error_handler(window) -> None:
    """An unexpected error becomes a calm, true message and a content-free line in the log,
    never a crash or a traceback on screen; set DOSSIER_DEBUG=1 to see them."""
    if os.environ.get("DOSSIER_DEBUG"):
        return

    def handle(_type, exc, _traceback):
        try:
            QMessageBox.warning(window, APP_NAME, describe(exc))
        except Exception:  # noqa: BLE001 - the handler itself must never fail
            pass

    sys.excepthook = handle


def dossier_argument(argv) -> Path | None:
    """The dossier named on the command line (a double-clicked .dossier file), if any."""
    for argument in argv:
        if not argument.startswith("-"):
            return Path(argument)
    return None


# Measuring a cold start (packaging/measure-startup.sh, bench/): print the clock when the app is ready for the
# user — the unlock dialog of the dossier it was given, else the main window — and quit.
STARTUP_PROBE_ENV = "GEZINSDOSSIER_STARTUP_PROBE"


def _report_when_ready(app, window, expects_dossier: bool) -> None:
    def check():
        widgets = QApplication.topLevelWidgets()
        ready = (any(isinstance(widget, UnlockDialog) and widget.isVisible() for widget in widgets)
                 if expects_dossier else window.isVisible())
        if ready:
            print(f"{time.time():.4f}", flush=True)
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, UnlockDialog):
                    widget.reject()
            QTimer.singleShot(0, app.quit)
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)


def selftest() -> int:
    """`gezinsdossier --selftest` (dossier_app/ui/selftest.py)."""
    from dossier_app.ui.selftest import run   # cold start: the self-test (and keyring) load only for --selftest

    return run()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))   # ours is a QApplication
    requested = dossier_argument(argv)

    if single_instance.hand_over([requested] if requested is not None else []):
        return 0           # the app already runs for this user: it has the dossier now and comes to the front
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    try:
        diagnostics.setup()
    except OSError:
        pass       # no log folder: the app still works
    install_dutch_qt_texts(app)
    focus.install(app)
    attachments.remove_stale_private_copies()
    housekeeping.sweep_known_folders()     # what a crash left beside the known dossiers, before any unlock
    window = MainWindow()
    _install_error_handler(window)
    window.show()
    window.activateWindow()       # the keyboard to the app just started (no window manager does it on a bare X)
    instance = single_instance.attach(app, window)
    if requested is not None:
        QTimer.singleShot(0, lambda: window.open_path(requested.resolve()))
    if os.environ.get(STARTUP_PROBE_ENV):
        _report_when_ready(app, window, requested is not None)
    try:
        return app.exec()
    finally:
        instance.close()
        if instance.file_open_filter is not None:
            app.removeEventFilter(instance.file_open_filter)
        attachments.remove_private_copies()
