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
    window.show()
    try:
        return app.exec()
    finally:
        cleanup_opened_files()
