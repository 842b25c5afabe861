"""Desktop entry point (`python main.py`, `gezinsdossier`, or `dossier-app` with no arguments)."""

from __future__ import annotations

import sys


def _install_dutch_qt_texts(app) -> None:
    """Qt's own buttons and dialogs in Dutch (OK/Annuleren, file dialogs)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Dutch, QLocale.Netherlands), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Dutch, QLocale.Netherlands))


def _install_error_handler(window) -> None:
    """An unexpected error in the app becomes a calm message, never a crash or a traceback
    (tracebacks can hold dossier content); set DOSSIER_DEBUG=1 to see them."""
    import os

    from PySide6.QtWidgets import QMessageBox

    from dossier_app import APP_NAME
    from dossier_app.ui.messages import describe

    if os.environ.get("DOSSIER_DEBUG"):
        return

    def handle(_type, exc, _traceback):
        try:
            QMessageBox.warning(window, APP_NAME, describe(exc))
        except Exception:  # noqa: BLE001 - the handler itself must never fail
            pass

    sys.excepthook = handle


def main(argv=None) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dossier_app import APP_NAME
    from dossier_app.ui.attachments_panel import cleanup_opened_files
    from dossier_app.ui.main_window import MainWindow

    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1] + list(argv or []))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    _install_dutch_qt_texts(app)
    window = MainWindow()
    _install_error_handler(window)
    window.show()
    try:
        return app.exec()
    finally:
        cleanup_opened_files()
