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

    from PySide6.QtWidgets import QApplication   # after the environment above is set

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gezinsdossier")

    from dossier_app.ui.main_window import MainWindow   # after the environment above is set
    from dossier_app.ui.tasks import runner   # after the environment above is set

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
    _letter_shots(window, out, scratch, settle)
    window.lock()
    settle()
    window.grab().save(str(out / "09-vergrendeld.png"))
    window.close()
    print(f"Schermafbeeldingen opgeslagen in {out}")
    return 0


def _letter_shots(window, out: Path, scratch: Path, settle) -> None:
    """The letter assistant step by step (from the Overzicht's next-step button), Brieven and the help."""
    import datetime as dt   # after the environment above is set

    from PySide6.QtWidgets import QApplication   # after the environment above is set

    from dossier_app.services import letters   # after the environment above is set
    from dossier_app.ui.letters.assistant import LetterAssistant   # after the environment above is set

    window.show_page("brieven")
    chooser = window.new_letter()
    chooser.resize(1060, 700)
    settle(0.6)
    chooser.grab().save(str(out / "10-brief-1-soort.png"))
    chooser.close()
    window.show_page("overzicht")
    settle()
    button = next(b for b in window.view.page("overzicht").step_buttons if "bezwaarschrift" in b.text())
    button.click()
    settle(0.6)
    assistant = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LetterAssistant) and w.isVisible())
    assistant.resize(1060, 760)
    settle(1.0)
    assistant.grab().save(str(out / "12-brief-3-gegevens.png"))
    assistant.go(1)
    settle()
    assistant.grab().save(str(out / "11-brief-2-traject.png"))
    assistant.go(2)
    settle(0.6)
    assistant.go(3)
    settle(0.6)
    assistant.grab().save(str(out / "13-brief-4-tekst.png"))
    assistant.go(4)
    assistant.save_step.folder.setText(str(scratch))
    assistant.save_step.pdf.setChecked(False)
    assistant.save()
    settle()
    assistant.grab().save(str(out / "14-brief-5-opslaan.png"))
    letter_id = assistant.controller.saved_id
    assistant.close()
    letters.mark_sent(window.session, letter_id, dt.date.today(), "aangetekend", "3SDEMO1234567")
    window.show_page("brieven")
    window.view.current_page().select_id(letter_id)
    settle()
    window.grab().save(str(out / "15-brieven.png"))
    window.show_page("overzicht")
    settle()
    window.grab().save(str(out / "16-overzicht-na-bezwaar.png"))
    help_dialog = window.show_help("beschikking")
    settle()
    help_dialog.grab().save(str(out / "17-uitleg.png"))
    help_dialog.close()


if __name__ == "__main__":
    raise SystemExit(main())
