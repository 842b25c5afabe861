"""Render the main screens to PNG files (`make screenshots`, under Xvfb at 1366×768).

    python -m dossier_app.ui.screenshots [--donker] [folder]

``--donker`` renders them as with a dark system theme, into files named ``donker-…``.
Uses a throw-away config and data folder, so the user's own settings and
dossiers are never touched. Only the fictional demo dossier is shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


DARK_OPTION = "--donker"


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    dark = DARK_OPTION in argv
    folders = [argument for argument in argv if argument != DARK_OPTION]
    out = Path(folders[0] if folders else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="gezinsdossier-screens-"))
    os.environ["GEZINSDOSSIER_CONFIG"] = str(scratch / "config")
    os.environ["GEZINSDOSSIER_DATA"] = str(scratch / "data")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

    from PySide6.QtWidgets import QApplication   # after the environment above is set

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gezinsdossier")

    from dossier_app.ui import theme
    from dossier_app.ui.main_window import MainWindow
    from dossier_app.ui.tasks import runner
    from dossier_app.ui.widgets import fit_to_screen

    if dark:          # what the app does when the system turns dark (ui/theme.py)
        QApplication.setPalette(theme.dark_palette())
    prefix = "donker-" if dark else ""

    def save(widget, name: str) -> None:
        widget.grab().save(str(out / f"{prefix}{name}.png"))

    def settle(seconds=0.3):
        from PySide6.QtCore import QEvent

        end = time.time() + seconds
        while time.time() < end or runner().busy:
            app.processEvents()
            # Outside app.exec() Qt keeps widgets given to deleteLater (a rebuilt Overzicht painted over its
            # old self); the app's own event loop deletes them at once.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            time.sleep(0.02)

    window = MainWindow()
    fit_to_screen(window, 1366, 768)         # as large as a 1366×768 laptop allows
    window.show()
    settle()
    save(window, "01-start")
    window.open_demo()
    while not window.dossier.is_open:
        settle(0.1)
    settle()
    shots = [("overzicht", "02-overzicht"), ("tijdlijn", "03-tijdlijn"), ("termijnen", "04-termijnen"),
             ("contacten", "05-contacten"), ("gezin", "06-gezin")]
    view = window.view
    if view is None:
        raise RuntimeError("het demodossier is niet geopend")
    for page, name in shots:
        window.show_page(page)
        if page == "termijnen":
            view.current_page().view.selectRow(0)
        settle()
        save(window, name)
    view.search.setText("school")
    view.run_search()
    settle()
    save(window, "07-zoeken")
    window.show_page("gesprekken")
    settle()
    editor = window.edit_entry(view.current_page().model.row(0).id)
    settle()
    save(editor, "08-gesprek")
    editor.close_for_lock()
    _letter_shots(window, save, scratch, settle)
    window.lock()
    settle()
    save(window, "09-vergrendeld")
    window.close()
    print(f"Schermafbeeldingen opgeslagen in {out}")
    return 0


def _letter_shots(window, save, scratch: Path, settle) -> None:
    """The letter assistant step by step (from the Overzicht's next-step button), Brieven and the help."""
    import datetime as dt   # after the environment above is set

    from PySide6.QtCore import QModelIndex   # after the environment above is set
    from PySide6.QtWidgets import QApplication   # after the environment above is set

    from dossier_app.services import letters
    from dossier_app.ui.letters.assistant import LetterAssistant
    from dossier_app.ui.widgets import fit_to_screen

    window.show_page("brieven")
    chooser = window.new_letter()
    fit_to_screen(chooser, 1060, 760)
    settle(0.6)
    save(chooser, "10-brief-1-soort")
    chooser.close()
    window.show_page("overzicht")
    settle()
    overview = window.view.page("overzicht")
    model = overview.model

    def rows(parent=QModelIndex()):
        for number in range(model.rowCount(parent)):
            index = model.index(number, 0, parent)
            yield index
            yield from rows(index)

    # The step whose next step is the bezwaarschrift, chosen in the tree, opened with the button under it.
    overview.tree.setCurrentIndex(next(index for index in rows()
                                       if "bezwaarschrift" in (index.siblingAtColumn(2).data() or "")))
    overview.step_button.click()
    settle(0.6)
    assistant = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LetterAssistant) and w.isVisible())
    fit_to_screen(assistant, 1060, 760)
    settle(1.0)
    save(assistant, "12-brief-3-gegevens")
    assistant.go(1)
    settle()
    save(assistant, "11-brief-2-traject")
    assistant.go(2)
    settle(0.6)
    assistant.go(3)
    settle(0.6)
    save(assistant, "13-brief-4-tekst")
    assistant.go(4)
    assistant.save_step.folder.setText(str(scratch))
    assistant.save_step.pdf.setChecked(False)
    assistant.save()
    settle()
    save(assistant, "14-brief-5-opslaan")
    letter_id = assistant.controller.saved_id
    assistant.close()
    if letter_id is None:
        raise RuntimeError("de brief is niet opgeslagen")
    letters.mark_sent(window.session, letter_id, dt.date.today(), "aangetekend", "3SDEMO1234567")
    window.show_page("brieven")
    window.view.current_page().select_id(letter_id)
    settle()
    save(window, "15-brieven")
    window.show_page("overzicht")
    settle()
    save(window, "16-overzicht-na-bezwaar")
    help_dialog = window.show_help("beschikking")
    settle()
    save(help_dialog, "17-uitleg")
    help_dialog.close()


if __name__ == "__main__":
    raise SystemExit(main())
