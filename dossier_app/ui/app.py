"""Desktop entry point."""

from __future__ import annotations

import sys


def main(argv=None) -> int:
    from PySide6.QtWidgets import QApplication

    from dossier_app import APP_NAME
    from dossier_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1] + list(argv or []))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    window = MainWindow()
    window.show()
    return app.exec()
