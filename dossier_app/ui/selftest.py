"""`gezinsdossier --selftest`: proves that an installed app (above all the bundle) misses nothing.

In a temporary folder, with the fictional demo family only (never the user's dossiers, settings or keychain):
create an encrypted dossier, write and search a note, compute a term, render one letter of every kind to .docx,
render a user's own template in the separate process, read every help text, open the main window offscreen
and close it.
Prints one line per step; exit 0, or 1 with the first step that failed (the error's type and message).
"""

from __future__ import annotations

import datetime as dt
import importlib
import locale
import os
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import keyring
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from dossier_app import __version__, paths
from dossier_app.errors import UsageError
from dossier_app.services import deadlines, help_topics, keys, letters, search, session, timeline
from dossier_app.ui.main_window import MainWindow
from dossier_app.ui import icons

TODAY = dt.date(2026, 11, 22)          # the demo family's "today": every letter kind has its facts then
PASSPHRASE = "zelftest paard batterij nietje"
PLACEHOLDER = "Zelftest"
# keyring's entry point and the modules it needs, per platform.
PLATFORM_BACKENDS = {
    "linux": (("SecretService", "keyring.backends.SecretService"), ("SecretService", "secretstorage"),
              ("KWallet", "keyring.backends.kwallet")),
    "win32": (("Windows", "keyring.backends.Windows"),),
    "darwin": (("macOS", "keyring.backends.macOS"),),
}
NOTE = "Zelftest: notitie met het woord zelftestwoordje"


def _isolate(folder: Path) -> None:
    """Settings, data and own templates in the temporary folder; Qt offscreen unless a screen is asked for."""
    for name, sub in ((paths.CONFIG_ENV, "config"), (paths.DATA_ENV, "data"), (paths.USER_TEMPLATES_ENV, "eigen")):
        (folder / sub).mkdir()
        os.environ[name] = str(folder / sub)
    os.environ.pop(paths.BUILTIN_TEMPLATES_ENV, None)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class SelfTest:
    def __init__(self, folder: Path, out=sys.stdout):
        self.folder = folder
        self.out = out
        self.session: session.DossierSession | None = None

    def dossier(self) -> str:
        made = session.create_demo(self.folder / "zelftest.dossier", PASSPHRASE, today=TODAY)
        made.lock()
        made.unlock(PASSPHRASE)
        self.session = made
        header = (self.folder / "zelftest.dossier").read_bytes()[:16]
        if header.startswith(b"SQLite format 3"):
            raise AssertionError("het dossier is niet versleuteld")
        return "versleuteld dossier gemaakt, gesloten en weer geopend"

    def _opened(self) -> session.DossierSession:
        if self.session is None:
            raise AssertionError("het dossier is niet gemaakt")
        return self.session

    def note(self) -> str:
        timeline.add_note(self._opened(), NOTE, occurred_on=TODAY)
        hits = search.search(self._opened(), "zelftestwoordje")
        if not hits:
            raise AssertionError("de notitie wordt niet gevonden")
        return f"notitie geschreven en gevonden ({len(hits)} treffer(s))"

    def term(self) -> str:
        result = deadlines.compute_deadline("bezwaartermijn", dt.date(2026, 11, 2))
        # Six weeks from the day after 2 November 2026: Monday 14 December 2026.
        if result.deadline != dt.date(2026, 12, 14):
            raise AssertionError(f"bezwaartermijn klopt niet: {result.deadline}")
        return f"bezwaartermijn berekend ({result.deadline.isoformat()})"

    def letters(self) -> str:
        made = 0
        for kind in letters.kinds():
            answers: dict[str, str] = {}
            for _attempt in range(3):
                try:
                    rendered = letters.prepare(self._opened(), kind.id, answers=answers, today=TODAY)
                    break
                except UsageError as exc:
                    missing = getattr(exc, "missing", None)
                    if not missing:
                        raise
                    answers.update({name: PLACEHOLDER for name, _question in missing})
            else:
                raise AssertionError(f"brief {kind.id}: velden blijven ontbreken")
            out = self.folder / f"{kind.id}.docx"
            letters.save_docx(self._opened(), rendered, out, on=TODAY)
            if out.stat().st_size < 5000:
                raise AssertionError(f"brief {kind.id}: het .docx-bestand is te klein")
            made += 1
        return f"{made} brieven gemaakt (.docx), één van elke soort"

    def own_template(self) -> str:
        folder = paths.user_templates_dir()
        (folder / "avg-inzage.md.j2").write_text(
            "{% extends '_brief.md.j2' %}{% block romp %}Eigen sjabloon van de zelftest.{% endblock %}",
            encoding="utf-8")
        try:
            rendered = letters.prepare(self._opened(), "avg-inzage", today=TODAY)
        finally:
            (folder / "avg-inzage.md.j2").unlink()
        if "Eigen sjabloon van de zelftest." not in rendered.text:
            raise AssertionError("het eigen sjabloon werd niet gebruikt")
        return "eigen sjabloon gemaakt in het aparte proces"

    def help(self) -> str:
        shown = [help_topics.topic_html(topic.name) for topic in help_topics.topics()]
        if not shown or not all("<h" in html or "<p>" in html for html in shown):
            raise AssertionError("de hulpteksten ontbreken")
        return f"{len(shown)} hulpteksten gelezen"

    def window(self) -> str:
        if self.session is not None:
            self.session.lock()
        app = QApplication.instance() or QApplication(sys.argv[:1])
        window = MainWindow()
        window.show()
        QCoreApplication.processEvents()
        if not window.isVisible():
            raise AssertionError("het hoofdvenster verschijnt niet")
        if not icons.drawn_from_font() or icons.icon("overzicht").pixmap(18, 18).isNull():
            raise AssertionError("het lettertype van de pictogrammen (Font Awesome in qtawesome) ontbreekt")
        window.close()
        QCoreApplication.processEvents()
        del app
        return f"hoofdvenster geopend en gesloten, pictogrammen getekend (Qt-platform {QApplication.platformName()})"

    def keychain(self) -> str:
        """The platform's keychain backend is carried and registered (keyring finds backends through its entry
        points, i.e. its package metadata); whether a keychain is running here is only reported (a bare
        environment has none)."""
        needed = PLATFORM_BACKENDS.get(sys.platform, PLATFORM_BACKENDS["linux"])
        registered = {entry.name: entry.value for entry in metadata.entry_points(group="keyring.backends")}
        for name, module in needed:
            if name not in registered:
                raise AssertionError(f"keyring kent de sleutelhanger {name} niet (metadata van keyring ontbreekt)")
            importlib.import_module(module)
        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        trusted = "bruikbaar" if keys.keychain_available() else "niet bruikbaar: het wachtwoord wordt gevraagd"
        return f"sleutelhanger: {name} ({trusted})"

    def environment(self) -> str:
        """What programs started by the app (tesseract, soffice, xdg-open) inherit: never the bundle's own
        library folder (packaging/runtime_hook.py), and a UTF-8 locale."""
        bundle = getattr(sys, "_MEIPASS", None)
        if bundle and bundle in os.environ.get("LD_LIBRARY_PATH", ""):
            raise AssertionError("hulpprogramma's zouden de bibliotheken van de bundel laden (LD_LIBRARY_PATH)")
        encoding = locale.getpreferredencoding(False).lower().replace("-", "")
        if encoding != "utf8":
            raise AssertionError(f"de tekenset is {encoding}, niet UTF-8")
        return "omgeving voor hulpprogramma's in orde (UTF-8)"

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [("omgeving", self.environment), ("dossier", self.dossier), ("notitie", self.note),
                ("termijn", self.term),
                ("brieven", self.letters), ("eigen sjabloon", self.own_template), ("hulp", self.help),
                ("venster", self.window),
                ("sleutelhanger", self.keychain)]

    def run(self) -> int:
        started = time.monotonic()
        print(f"Zelftest Gezinsdossier {__version__} ({'bundel' if getattr(sys, 'frozen', False) else 'Python'})",
              file=self.out)
        try:
            for name, step in self.steps():
                try:
                    print(f"  ok  {step()}", file=self.out, flush=True)
                except Exception as exc:  # noqa: BLE001 - the first failure is the answer
                    print(f"MISLUKT bij '{name}': {type(exc).__name__}: {exc}", file=self.out, flush=True)
                    return 1
        finally:
            if self.session is not None and self.session.is_open:
                self.session.lock()
        print(f"Zelftest geslaagd in {time.monotonic() - started:.1f} s.", file=self.out)
        return 0


def run(out=sys.stdout) -> int:
    saved = dict(os.environ)
    try:
        with tempfile.TemporaryDirectory(prefix="gezinsdossier-zelftest-") as name:
            folder = Path(name)
            _isolate(folder)
            return SelfTest(folder, out).run()
    finally:
        os.environ.clear()
        os.environ.update(saved)
