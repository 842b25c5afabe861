"""Shared test set-up: Qt offscreen, never the real keychain, private temp folders."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses started by tests must never reach a real keychain either.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ.pop("DOSSIER_PASSPHRASE", None)
# One app per user (ui/single_instance.py): the tests' app never hands dossiers to, or takes them from, a real one.
os.environ["GEZINSDOSSIER_INSTANCE"] = f"gezinsdossier-tests-{os.getpid()}"

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

PASSPHRASE = "correct paard batterij nietje"


def _remember_derived_keys() -> None:
    """Key derivation (Argon2id, 64 MiB) is deliberately slow, and the suite unlocks the same copied dossiers
    with the same passphrase hundreds of times. In this test process a key derived once for a (passphrase,
    salt) is remembered: the same bytes the derivation gives, so a wrong passphrase still fails and every test
    still opens the real file. GEZINSDOSSIER_TEST_DERIVE_EVERY_TIME=1 turns this off. Child processes started
    by tests always derive."""
    import functools

    from dossier_app.security import keys

    if os.environ.get("GEZINSDOSSIER_TEST_DERIVE_EVERY_TIME") == "1":
        return
    derive = keys.derive_key
    remembered = functools.lru_cache(maxsize=512)(derive)

    @functools.wraps(derive)
    def derive_key(passphrase: str, salt: bytes) -> bytes:
        if not isinstance(passphrase, str) or not passphrase:
            return derive(passphrase, salt)      # the app's own refusal
        return remembered(passphrase, bytes(salt))

    keys.derive_key = derive_key


_remember_derived_keys()


class MemoryKeyring(KeyringBackend):
    """An in-memory keychain for tests."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@pytest.fixture(autouse=True)
def memory_keyring():
    """Every test gets a fresh in-memory keychain, explicitly trusted as a real one.

    The app accepts only platform keychains (security/keychain.py); this is the
    one documented exception, made in code by the test suite itself."""
    from dossier_app.security import keychain

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    keychain.trust_backend_for_tests(MemoryKeyring)
    yield backend
    keychain.untrust_backend_for_tests(MemoryKeyring)
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def private_folders(tmp_path_factory, monkeypatch):
    """Every test its own settings, data, log and user-template folders (never the user's, never another
    test's): tests then do not depend on each other's files or order, also with pytest-xdist workers."""
    home = tmp_path_factory.mktemp("profiel")
    for name, folder in (("GEZINSDOSSIER_CONFIG", "config"), ("GEZINSDOSSIER_DATA", "data"),
                         ("GEZINSDOSSIER_LOGS", "logs"), ("GEZINSDOSSIER_USER_TEMPLATES", "sjablonen")):
        monkeypatch.setenv(name, str(home / folder))
    return home


@pytest.fixture(autouse=True)
def _close_open_dossier():
    """Whatever a test left open is closed (there is no "current" dossier: every open one)."""
    yield
    from dossier_app.store.dossier import Dossier

    for opened in Dossier.all_open():
        opened.close()


@pytest.fixture(autouse=True)
def _forget_last_folder():
    """The folder file dialogs open in is remembered per run: each test starts without one."""
    yield
    folders = sys.modules.get("dossier_app.ui.folders")
    if folders is not None:
        folders.forget()


def bound_dossier():
    """The store Dossier bound in this context (``with dossier:``, ``with session:``, a fixture), for test
    helpers that call store functions taking the dossier itself; there is no global "current" dossier."""
    from dossier_app.store.models import bound_target

    target = bound_target()
    return target.require_open() if hasattr(target, "require_open") else target


@pytest.fixture
def passphrase_file(tmp_path) -> Path:
    path = tmp_path / "wachtwoord.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


# -- prepared dossiers, made once per test process and copied per test ------------------------------------
# Making a dossier derives its key (Argon2id, deliberately slow) and builds the schema; the demo also writes
# its letters. A test gets its own copy of a dossier made once per process instead: the same file a fresh
# one would be (same passphrase; only the random salt and dossier id are shared between the copies).
def copy_dossier(source: Path, target: Path) -> Path:
    """A closed dossier and its attachment folder, copied to ``target``."""
    import shutil

    from dossier_app.store.dossier import attachments_dir_for

    shutil.copyfile(source, target)
    if attachments_dir_for(source).is_dir():
        shutil.copytree(attachments_dir_for(source), attachments_dir_for(target))
    return target


@contextmanager
def _private_profile(folder: Path):
    """Never the user's folders, also while preparing a dossier outside a test."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("GEZINSDOSSIER_CONFIG", "GEZINSDOSSIER_DATA", "GEZINSDOSSIER_LOGS",
                     "GEZINSDOSSIER_USER_TEMPLATES"):
            patch.setenv(name, str(folder / "profiel" / name.lower()))
        yield


@pytest.fixture(scope="session")
def prepared_dossiers(tmp_path_factory) -> dict:
    """Closed dossiers made once per test process: "leeg" (empty, with its key) and "demo"."""
    import datetime as dt

    from dossier_app.demo import create_demo
    from dossier_app.store.dossier import Dossier

    folder = tmp_path_factory.mktemp("voorbereid")
    with _private_profile(folder):
        (folder / "leeg").mkdir()
        empty = Dossier.create(folder / "leeg" / "gezin.dossier", PASSPHRASE)    # named as the tests' copy
        key = empty.key
        empty.close()
        create_demo(folder / "demo.dossier", PASSPHRASE, today=dt.date(2026, 11, 22)).close()
    return {"leeg": folder / "leeg" / "gezin.dossier", "key": key, "demo": folder / "demo.dossier"}


@pytest.fixture
def dossier(tmp_path, prepared_dossiers):
    """An open, empty dossier (passphrase PASSPHRASE): a copy of one made once per test process."""
    from dossier_app.store.dossier import Dossier

    path = copy_dossier(prepared_dossiers["leeg"], tmp_path / "gezin.dossier")
    opened = Dossier.unlock(path, key=prepared_dossiers["key"])
    with opened.bound():          # store calls in the test read and write this dossier
        yield opened
    if opened.is_open:
        opened.close()


@pytest.fixture
def demo_path(tmp_path, prepared_dossiers) -> Path:
    """A closed demo dossier (today fixed at 2026-11-22), passphrase PASSPHRASE: a copy of one made once
    per test process."""
    return copy_dossier(prepared_dossiers["demo"], tmp_path / "demo.dossier")


@pytest.fixture
def demo_session(demo_path):
    """The demo dossier unlocked in a DossierSession (as the app and the CLI hold it); closed afterwards."""
    from dossier_app.services.session import DossierSession

    opened = DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def prepared_family_17_13(tmp_path_factory) -> tuple:
    """The family with a 17- and a 13-year-old, built once per test process: (closed file, key, ids)."""
    from tests.support.family_17_13 import build_family_17_13
    from dossier_app.store.dossier import Dossier

    folder = tmp_path_factory.mktemp("voorbereid-17-13")
    with _private_profile(folder):
        opened = Dossier.create(folder / "gezin-17-13.dossier", PASSPHRASE)
        with opened.bound():
            ids = build_family_17_13()
        key = opened.key
        opened.close()
    return folder / "gezin-17-13.dossier", key, ids


@pytest.fixture
def family_17_13(tmp_path, prepared_family_17_13):
    """An open demo-like dossier with a 17-year-old (Lina) and a 13-year-old (Daan); yields the ids
    from ``family_17_13.build_family_17_13`` (letter date 2026-11-22). A copy of one built per process."""
    import copy

    from dossier_app.store.dossier import Dossier

    source, key, ids = prepared_family_17_13
    opened = Dossier.unlock(copy_dossier(source, tmp_path / "gezin-17-13.dossier"), key=key)
    with opened.bound():
        yield copy.deepcopy(ids)
    if opened.is_open:
        opened.close()


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from dossier_app.cli import main

    def run(*args):
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pdf_pages(data: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def convert_all_to_pdf(docx_files: list[Path], folder: Path) -> list[bytes]:
    """Every .docx to PDF in ONE LibreOffice run (a private, throw-away profile): the PDFs' bytes, in order.

    Starting LibreOffice once per letter costs seconds each; the app's own convert_to_pdf is tested apart."""
    import subprocess
    import tempfile

    from dossier_app.letters import pdf

    with tempfile.TemporaryDirectory(prefix="gezinsdossier-lo-") as profile:
        subprocess.run([pdf.soffice_path(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, docx_files)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=600,
                       check=False, env=pdf.helper_environment())
    made = [folder / (Path(item).stem + ".pdf") for item in docx_files]
    return [item.read_bytes() if item.exists() else b"" for item in made]


def run_cli_subprocess(*args, env_extra=None, cwd=None):
    import subprocess

    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "dossier_app", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The desktop app's main window with private settings, data and log folders; closed afterwards."""
    from dossier_app import paths
    from dossier_app.ui.main_window import MainWindow
    from tests.support.uihelpers import WAIT_MS, message_boxes, wait_idle

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setenv("GEZINSDOSSIER_LOGS", str(tmp_path / "logs"))
    main = MainWindow()
    main.show()
    main.activateWindow()
    yield main
    wait_idle(qtbot)
    from PySide6.QtWidgets import QApplication

    for box in message_boxes():
        box.close()
    for widget in QApplication.topLevelWidgets():     # dialogs a test left open
        if widget is not main and widget.isVisible() and widget.isWindow():
            widget.close()
    main.close()
    qtbot.waitUntil(lambda: not main.isVisible(), timeout=WAIT_MS)
    main.deleteLater()


# -- the made-up corpus of received letters (tests/support/intake_corpus.py), shared per test process -----------------
@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Text PDFs, e-mails, .msg and .docx of ten letters: one LibreOffice run per test process."""
    import shutil

    from tests.support import intake_corpus

    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice en pdftoppm zijn nodig voor het testcorpus")
    return intake_corpus.build(tmp_path_factory.mktemp("corpus"), with_scans=False)


@pytest.fixture(scope="session")
def scan_corpus(corpus, tmp_path_factory):
    """The corpus plus its scans and HEIC phone photos (rasterised and degraded)."""
    from tests.support import intake_corpus

    return intake_corpus.add_scans(corpus, tmp_path_factory.mktemp("scans"))


SLOW_FIXTURES = {"corpus", "scan_corpus"}


def pytest_collection_modifyitems(config, items):
    """Tests starting a second process are slow. Tests on the intake corpus are slow (LibreOffice) and run
    on one xdist worker (--dist loadgroup), so the corpus is built once."""
    for item in items:
        if item.get_closest_marker("multiprocess"):
            item.add_marker(pytest.mark.slow)         # starts a second Python process
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group("intake-corpus"))


def _intake_report() -> list[str]:
    corpus_module = sys.modules.get("tests.support.intake_corpus")
    return list(corpus_module.REPORT) if corpus_module is not None else []


_WORKER_REPORTS: list[str] = []


def pytest_sessionfinish(session):
    """An xdist worker hands its recognition report to the controller (which prints it)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["intake_report"] = _intake_report()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _WORKER_REPORTS.extend(getattr(node, "workeroutput", {}).get("intake_report", []))


def pytest_terminal_summary(terminalreporter):
    """The import's recognition accuracy per field (tests/intake/test_intake.py), shown without -s."""
    lines = _intake_report() + _WORKER_REPORTS
    if lines:
        terminalreporter.section("Herkenning bij importeren (testcorpus)")
        for line in lines:
            terminalreporter.write_line(line)
