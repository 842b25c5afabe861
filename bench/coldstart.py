"""Cold-start probes, each run as a fresh process by bench.runner.

``app``: the desktop app until its main window is shown (offscreen), as
dossier_app.ui.app.main does it; prints time.time() at that moment.
``bare-qt``: a bare QApplication + QMainWindow, shown. ``bare-search DOSSIER
PASSFILE``: Argon2id + sqlcipher3 open + one FTS5 query, the bare version
of a CLI search.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def app() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dossier_app.ui import app as ui_app
    from dossier_app.ui.main_window import MainWindow

    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    application = QApplication(sys.argv[:1])
    if hasattr(ui_app, "_install_dutch_qt_texts"):
        ui_app._install_dutch_qt_texts(application)
    window = MainWindow()
    window.show()
    application.processEvents()
    print(time.time(), flush=True)


def bare_qt() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    application = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    application.processEvents()
    print(time.time(), flush=True)


def bare_search(path: str, passfile: str) -> None:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
    from sqlcipher3 import dbapi2

    passphrase = Path(passfile).read_text().splitlines()[0]
    with open(path, "rb") as handle:
        salt = handle.read(16)
    key = Argon2id(salt=salt, length=32, iterations=3, lanes=4, memory_cost=64 * 1024).derive(passphrase.encode())
    connection = dbapi2.connect(path)
    connection.execute(f"PRAGMA key = \"x'{key.hex()}{salt.hex()}'\"")
    rows = connection.execute("SELECT title FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 200",
                              ('"wachtlijst"*',)).fetchall()
    print(len(rows))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "app":
        app()
    elif mode == "bare-qt":
        bare_qt()
    else:
        bare_search(*sys.argv[2:4])
