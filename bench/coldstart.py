"""Cold-start probes, each run as a fresh process by bench.runner.

``app``: the desktop app until its main window is shown (offscreen), as
dossier_app.ui.app.main does it; prints time.time() at that moment.
``app-dossier DOSSIER`` (key in hex in BENCH_KEY): the same, then the dossier opened with that key and
its Overzicht shown — the cold start a parent waits for, without the (deliberately slow) key derivation.
``bare-qt``: a bare QApplication + QMainWindow, shown. ``bare-dossier DOSSIER``: the same plus
sqlcipher3 opening the dossier with the key and reading its open terms. ``bare-search DOSSIER
PASSFILE``: Argon2id + sqlcipher3 open + one FTS5 query, the bare version
of a CLI search.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def app(dossier: str | None = None) -> None:
    from dossier_app.ui import app as ui_app     # first, as the app's entry points (main.py, gezinsdossier) do

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dossier_app.ui.main_window import MainWindow

    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    application = QApplication(sys.argv[:1])
    install = getattr(ui_app, "install_dutch_qt_texts", None) or getattr(ui_app, "_install_dutch_qt_texts", None)
    if install:
        install(application)
    # As main() does: the keyboard-follows-windows filter. Its first event for an object of a class PySide has
    # no type for (a QAnimationTimer, a QGestureManager) makes PySide build the types of every QObject class of
    # the loaded Qt modules, ~150 enums, 20-30 ms: the app pays it, so the figure must too.
    from dossier_app.ui import focus

    focus.install(application)
    window = MainWindow()
    window.show()
    if dossier:
        from dossier_app.services.session import DossierSession

        session = DossierSession(dossier)
        session.unlock_with_key(bytes.fromhex(os.environ["BENCH_KEY"]))
        # The integrity check and the backup start in the background once the window shows: not part of
        # the figure, and not run here (each start would otherwise back up the bench dossier again).
        window.dossier.check_integrity = lambda **_options: None
        window.dossier._automatic_backup = lambda: None
        window.dossier._show(session)      # what the controller does once a dossier is unlocked
    application.processEvents()
    print(time.time(), flush=True)
    if dossier:
        session.lock()
    os._exit(0)     # measured; Qt's teardown at interpreter exit is not part of it (and can crash offscreen)


def bare_qt(dossier: str | None = None) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    application = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    if dossier:
        from sqlcipher3 import dbapi2

        with open(dossier, "rb") as handle:
            salt = handle.read(16)
        connection = dbapi2.connect(dossier)
        connection.execute(f"PRAGMA key = \"x'{os.environ['BENCH_KEY']}{salt.hex()}'\"")
        connection.execute("SELECT e.title, d.due_date FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id "
                           "WHERE d.status = 'open'").fetchall()
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
    elif mode == "app-dossier":
        app(sys.argv[2])
    elif mode == "bare-qt":
        bare_qt()
    elif mode == "bare-dossier":
        bare_qt(sys.argv[2])
    else:
        bare_search(*sys.argv[2:4])
