"""Screenshots for several families (issue 14): Mijn gezinnen, and a gespreksvoorbereiding page.

Run under Xvfb:  xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python docs/tools/screenshots_families.py
Everything is fictional and lives in a throw-away folder; the "keychain" is an
in-memory one made here (never the real keychain), with the documented test exception.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

PASSPHRASE = "gezinsdossier-demo"


class _MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


def _families(folder: Path, today: dt.date) -> list[Path]:
    from dossier_app.services import deadlines, family, keys, session, timeline

    demo = folder / "de-vries.dossier"
    with session.create_demo(demo, PASSPHRASE, today=today) as opened:
        timeline.add_conversation(opened, occurred_on=today - dt.timedelta(days=1), title="Telefoon met mevrouw Jansen",
                                  traject_id=1, agreements=[timeline.AgreementInput(
                                      "mevrouw L. Jansen", "stuurt de uitnodiging voor het vervolggesprek",
                                      today + dt.timedelta(days=5))])
        keys.remember_key(opened)
    second = folder / "bakker.dossier"
    with session.create_dossier(second, PASSPHRASE, name="Familie Bakker-Yilmaz") as opened:
        family.add_person(opened, "ouder", "Ayşe Bakker-Yilmaz", city="Veldhuizen")
        child = family.add_person(opened, "kind", "Mila Bakker", birth_date=dt.date(2009, 6, 3))
        traject = family.add_traject(opened, "Behandeling Mila", status="besluit", child_id=child,
                                     opened_on=today - dt.timedelta(days=60))
        timeline.add_document(opened, occurred_on=today - dt.timedelta(days=30), title="Beschikking behandeling Mila",
                              doc_kind="beschikking", decision_date=today - dt.timedelta(days=30),
                              traject_id=traject)
        timeline.add_conversation(opened, occurred_on=today - dt.timedelta(days=12), title="Gesprek met de GI",
                                  traject_id=traject, agreements=[timeline.AgreementInput(
                                      "Jeugdbescherming Oost-Veld", "stuurt het plan van aanpak",
                                      today - dt.timedelta(days=2))])
        keys.remember_key(opened)
    third = folder / "claes.dossier"
    with session.create_dossier(third, PASSPHRASE, name="Familie Claes") as opened:
        deadlines.add_deadline(opened, "Bellen met de school", today + dt.timedelta(days=1))
    return [demo, second, third]


def main() -> int:
    dark = "--donker" in sys.argv[1:]           # as with a dark system theme: donker-10-mijn-gezinnen.png only
    folders = [argument for argument in sys.argv[1:] if argument != "--donker"]
    out = Path(folders[0] if folders else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="gezinsdossier-screens-"))
    os.environ["GEZINSDOSSIER_CONFIG"] = str(scratch / "config")
    os.environ["GEZINSDOSSIER_DATA"] = str(scratch / "data")
    from dossier_app.security import keychain

    keyring.set_keyring(_MemoryKeyring())
    keychain.trust_backend_for_tests(_MemoryKeyring)
    today = dt.date.today()
    folder = scratch / "dossiers"
    folder.mkdir()
    made = _families(folder, today)

    from dossier_app import settings as settings_store

    settings = settings_store.Settings()
    for path in reversed(made):
        settings.add_recent(path)
    settings_store.save(settings)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gezinsdossier")
    if dark:
        from dossier_app.ui import theme

        app.setPalette(theme.dark_palette())
    from dossier_app.ui.main_window import MainWindow
    from dossier_app.ui.tasks import runner

    def settle(seconds=0.3):
        end = time.time() + seconds
        while time.time() < end or runner().busy:
            app.processEvents()
            time.sleep(0.02)

    from dossier_app.ui.widgets import fit_to_screen

    window = MainWindow()
    fit_to_screen(window, 1366, 768)
    window.show()
    settle()
    window.show_caseload()
    while window.caseload_page.result is None:
        settle(0.1)
    settle()
    window.grab().save(str(out / f"{'donker-' if dark else ''}10-mijn-gezinnen.png"))
    window.close()
    if dark:
        return 0

    from dossier_app.services import preparation
    from dossier_app.services.session import DossierSession

    opened = DossierSession(made[0])
    opened.unlock(PASSPHRASE, read_only=True)
    try:
        made_doc = preparation.prepare(opened, 1, today=today)
    finally:
        opened.lock()
    docx = preparation.save_docx(made_doc, scratch / "gespreksvoorbereiding.docx")
    pdf = preparation.make_pdf(docx)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(scratch / "pagina")],
                   check=True)
    page = next(scratch.glob("pagina*.png"))
    (out / "11-gespreksvoorbereiding.png").write_bytes(page.read_bytes())
    print(f"Schermafbeeldingen opgeslagen in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
