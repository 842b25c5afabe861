"""Render the main screens to PNG files (`make screenshots`, under Xvfb).

Uses a throw-away config and data folder, so the user's own settings and
dossiers are never touched. Only the fictional demo dossier is shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="gezinsdossier-screens-"))
    os.environ["GEZINSDOSSIER_CONFIG"] = str(scratch / "config")
    os.environ["GEZINSDOSSIER_DATA"] = str(scratch / "data")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gezinsdossier")

    from dossier_app.ui.main_window import MainWindow
    from dossier_app.ui.tasks import runner

    def settle(seconds=0.3):
        end = time.time() + seconds
        while time.time() < end or runner().busy:
            app.processEvents()
            time.sleep(0.02)

    window = MainWindow()
    window.resize(1200, 780)
    window.show()
    settle()
    window.grab().save(str(out / "01-start.png"))
    window.open_demo()
    while not window.dossier.is_open:
        settle(0.1)
    settle()
    shots = [("overzicht", "02-overzicht"), ("tijdlijn", "03-tijdlijn"), ("termijnen", "04-termijnen"),
             ("contacten", "05-contacten"), ("gezin", "06-gezin")]
    for page, name in shots:
        window.show_page(page)
        if page == "termijnen":
            window.view.current_page().view.selectRow(0)
        settle()
        window.grab().save(str(out / f"{name}.png"))
    window.view.search.setText("school")
    window.view.run_search()
    settle()
    window.grab().save(str(out / "07-zoeken.png"))
    window.show_page("gesprekken")
    settle()
    editor = window.edit_entry(window.view.current_page().model.row(0).id)
    settle()
    editor.grab().save(str(out / "08-gesprek.png"))
    editor.close_for_lock()
    window.lock()
    settle()
    window.grab().save(str(out / "09-vergrendeld.png"))
    window.close()
    print(f"Schermafbeeldingen opgeslagen in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
