"""The app as it is installed: a real (non-editable) wheel carries every data file and makes a dossier."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "dossier_app"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _data_files() -> set[str]:
    """Every file the app reads at run time, as its path inside the installed package."""
    found = set()
    for folder, prefix in ((ROOT / "templates", "dossier_app/templates"),
                           (ROOT / "resources", "dossier_app/resources"), (PACKAGE, "dossier_app")):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
                found.add(f"{prefix}/{path.relative_to(folder).as_posix()}")
    return found


def test_every_code_folder_is_a_listed_package():
    """The packages are listed by name in pyproject.toml; a new sub-package must not be left out of the wheel."""
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    on_disk = {".".join(path.parent.relative_to(ROOT).parts) for path in PACKAGE.rglob("*.py")
               if "__pycache__" not in path.parts}
    assert on_disk - listed == set()
    assert {"dossier_app.templates", "dossier_app.resources"} <= listed


def test_paths_are_found_through_the_package(monkeypatch):
    from dossier_app import paths

    monkeypatch.delenv(paths.BUILTIN_TEMPLATES_ENV, raising=False)
    assert (paths.templates_dir() / "letters" / "bezwaarschrift.md.j2").is_file()
    assert paths.reference_docx().is_file()
    assert paths.resource_path("icon.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    assert (paths.resource_path("help") / "brieven.md").is_file()
    assert sorted(paths.package_folder("store.migrations").glob("0001_*.sql"))


# Left out of the copy the wheel is built from: what is not source, and what a build writes.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
                                     ".hypothesis", "tests", "bench", "docs")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout: setuptools writes build/ and *.egg-info into the folder it builds,
    so two builds of the checkout at once (two xdist workers, or a developer's `make wheel-check`) break each other
    (CI, stop 33: "error removing build/bdist…egg-info: Directory not empty")."""
    source = tmp_path_factory.mktemp("source") / "gezinsdossier"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
                           capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        pytest.fail(f"pip wheel failed ({built.returncode}):\n{built.stdout[-3000:]}\n{built.stderr[-3000:]}")
    (found,) = out.glob("gezinsdossier-*.whl")
    return found


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_wheel_carries_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = _data_files() - names
    assert missing == set()
    assert "dossier_app/store/migrations/0001_core.sql" in names
    assert not any("__pycache__" in name for name in names)


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_wheel_in_a_fresh_virtualenv_makes_a_dossier_and_a_letter(wheel, tmp_path, passphrase_file):
    """pip install of the wheel into a new virtualenv, run from a folder outside the repository.

    The dependencies are not downloaded again: the new environment sees this one's site-packages through a
    .pth file (a plain path, so this environment's editable install of the app is NOT visible there);
    `make wheel-check` does the same with a full `pip install`."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    work = tmp_path / "elders"
    work.mkdir()
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH",)}
    environment["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    environment.pop("GEZINSDOSSIER_BUILTIN_TEMPLATES", None)
    where = subprocess.run([str(python), "-c", "import dossier_app, dossier_app.paths as p;"
                            "print(dossier_app.__file__); print(p.templates_dir())"],
                           cwd=work, env=environment, check=True, capture_output=True, text=True).stdout.split()
    assert all(str(env_dir) in line for line in where), where
    app = env_dir / "bin" / "dossier-app"
    dossier = work / "gezin.dossier"
    result = subprocess.run([str(app), "demo", str(dossier), "--passphrase-file", str(passphrase_file)],
                            cwd=work, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    letter = work / "bezwaar.docx"
    result = subprocess.run([str(app), "letter", str(dossier), "bezwaarschrift", "--out", str(letter),
                             "--passphrase-file", str(passphrase_file)],
                            cwd=work, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    from docx import Document

    text = "\n".join(paragraph.text for paragraph in Document(str(letter)).paragraphs)
    assert "Sanne de Vries" in text and "JGT-2026-0412" in text


def _bundle_files():
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import bundle_files
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    return bundle_files


def test_the_bundle_carries_every_data_file_the_app_reads():
    """The spec's hand-made data list (packaging/bundle_files.py) against a walk of the package and its data."""
    bundle_files = _bundle_files()
    carried = {f"{target}/{Path(source).name}" for source, target in bundle_files.app_data(ROOT)}
    assert _data_files() - carried == set()
    for pattern, _target in bundle_files.APP_DATA:
        assert list(ROOT.glob(pattern)), f"{pattern} matches no file"
    assert {"dossier_app/templates/__init__.py", "dossier_app/resources/__init__.py"} <= carried


def test_babel_and_qt_translations_are_trimmed_to_dutch_and_english():
    bundle_files = _bundle_files()
    assert bundle_files.keep_babel_locale("babel/locale-data/nl_NL.dat")
    assert bundle_files.keep_babel_locale("babel/locale-data/root.dat")
    assert not bundle_files.keep_babel_locale("babel/locale-data/de_DE.dat")
    assert bundle_files.keep_qt_translation("PySide6/Qt/translations/qtbase_nl.qm")
    assert not bundle_files.keep_qt_translation("PySide6/Qt/translations/qtbase_pt_BR.qm")
    assert bundle_files.keep_qt_translation("dossier_app/templates/letters/klacht.toml")
    assert "setuptools" in bundle_files.EXCLUDES and "pkg_resources" in bundle_files.EXCLUDES
    assert not bundle_files.keep_binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not bundle_files.keep_binary("libgtk-3.so.0")
    assert bundle_files.keep_binary("libglib-2.0.so.0") and bundle_files.keep_binary("PySide6/Qt/lib/libQt6Gui.so.6")


def test_third_party_notices_name_every_runtime_package_and_its_licence(tmp_path):
    target = tmp_path / "THIRD-PARTY-NOTICES.txt"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "third_party_notices.py"), str(target)], check=True,
                   capture_output=True, timeout=120)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("Gezinsdossier ") and "GPL-3.0-or-later" in text
    for requirement in _pyproject()["project"]["dependencies"]:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group(0)).lower()
        assert any(line.startswith(f"- {name} ") for line in text.splitlines()), name
    assert "libx265" in text and "pytest" not in text.lower().split("python itself")[0]


def test_licence_is_declared():
    project = _pyproject()["project"]
    assert project["license"] == "GPL-3.0-or-later"
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    assert "Version 3" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]


@pytest.mark.slow
def test_selftest_passes_in_a_bare_environment(tmp_path):
    """`dossier-app --selftest` with no HOME content, no settings: every step ok, exit 0."""
    program = Path(sys.executable).parent / "dossier-app"
    home = tmp_path / "home"
    home.mkdir()
    environment = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen",
                   "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run([str(program), "--selftest"], cwd=tmp_path, env=environment, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Zelftest Gezinsdossier") and lines[-1].startswith("Zelftest geslaagd")
    assert sum(line.startswith("  ok  ") for line in lines) == 9
    from dossier_app.services import help_topics

    assert f"{len(help_topics.topics())} hulpteksten gelezen" in result.stdout
    from dossier_app.letters.catalogue import KIND_IDS

    assert f"{len(KIND_IDS)} brieven gemaakt" in result.stdout
    assert "eigen sjabloon gemaakt in het aparte proces" in result.stdout
    assert not list(home.rglob("*.dossier"))


def test_selftest_names_the_first_step_that_fails(monkeypatch, qapp):
    import io

    from dossier_app.services import search
    from dossier_app.ui import selftest

    monkeypatch.setattr(search, "search", lambda session, text: [])
    out = io.StringIO()
    assert selftest.run(out=out) == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "MISLUKT bij 'notitie': AssertionError: de notitie wordt niet gevonden"
    assert sum(line.startswith("  ok  ") for line in lines) == 2


def test_startup_probe_reports_when_the_unlock_dialog_shows(tmp_path, passphrase_file):
    """packaging/measure-startup.sh relies on it: the clock is printed once the dossier's unlock dialog is up."""
    import time

    program = Path(sys.executable).parent / "dossier-app"
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", GEZINSDOSSIER_STARTUP_PROBE="1",
                       GEZINSDOSSIER_CONFIG=str(tmp_path / "config"), GEZINSDOSSIER_DATA=str(tmp_path / "data"))
    dossier = tmp_path / "gezin.dossier"
    subprocess.run([str(program), "init", str(dossier), "--passphrase-file", str(passphrase_file)], env=environment,
                   check=True, capture_output=True, timeout=120)
    started = time.time()
    result = subprocess.run([str(program), str(dossier)], env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    shown = float(result.stdout.strip().splitlines()[-1])
    assert started < shown < time.time()


def test_windows_and_macos_recipes_register_the_dossier_file_type():
    import plistlib

    plist = plistlib.loads((ROOT / "packaging" / "macos" / "Info.plist").read_bytes())
    (document,) = plist["CFBundleDocumentTypes"]
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert document["LSItemContentTypes"] == [uti["UTTypeIdentifier"]]
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["dossier"]
    assert uti["UTTypeTagSpecification"]["public.mime-type"] == ["application/x-gezinsdossier"]

    inno = (ROOT / "packaging" / "windows" / "gezinsdossier.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in inno and "{userprograms}\\Gezinsdossier" in inno
    assert 'Subkey: "Software\\Classes\\.dossier"' in inno and "Root: HKCU" in inno
    assert '""{app}\\gezinsdossier.exe"" ""%1""' in inno
    assert "HKLM" not in inno


@pytest.mark.parametrize("system", ["linux", "windows", "macos"])
def test_each_ci_workflow_builds_and_runs_the_selftest(system):
    workflow = (ROOT / "packaging" / "ci" / f"{system}.yml").read_text(encoding="utf-8")
    assert "--selftest" in workflow or "make package-check" in workflow
    assert "gezinsdossier.spec" in workflow or "make package" in workflow
    assert "\t" not in workflow
    # Secrets are named, never written in.
    assert not re.search(r"(?i)(password|pfx|p12)\s*:\s*['\"]?[A-Za-z0-9+/]{12,}", workflow)


def test_selftest_fails_when_child_programs_would_load_the_bundles_libraries(monkeypatch, tmp_path, qapp):
    """The runtime hook must give tesseract/soffice/xdg-open the user's LD_LIBRARY_PATH, not the bundle's."""
    import io

    from dossier_app.ui import selftest

    bundle = str(tmp_path / "_internal")
    monkeypatch.setattr(sys, "_MEIPASS", bundle, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", bundle)
    out = io.StringIO()
    assert selftest.run(out=out) == 1
    assert out.getvalue().splitlines()[-1].startswith("MISLUKT bij 'omgeving': AssertionError: hulpprogramma's")


def test_runtime_hook_restores_the_users_library_path_and_sets_a_locale(tmp_path):
    hook = ROOT / "packaging" / "runtime_hook.py"
    probe = "import os, runpy, sys; runpy.run_path(sys.argv[1]); print(os.environ.get('LD_LIBRARY_PATH', '-'), " \
            "os.environ.get('LANG', '-'))"
    # As in the bundle: no C-locale coercion by a python executable (it would set LC_CTYPE itself).
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONCOERCECLOCALE": "0"}
    run = lambda env: subprocess.run([sys.executable, "-c", probe, str(hook)], env=env, capture_output=True,  # noqa: E731
                                     text=True, check=True).stdout.split()
    assert run(dict(base, LD_LIBRARY_PATH="/bundel", LD_LIBRARY_PATH_ORIG="/eigen")) == ["/eigen", "C.UTF-8"]
    assert run(dict(base, LD_LIBRARY_PATH="/bundel", LANG="nl_NL.UTF-8")) == ["-", "nl_NL.UTF-8"]


def test_a_macos_process_serial_number_is_not_taken_for_an_argument(cli):
    code, out, err = cli("-psn_0_1234567", "programmas")
    assert code == 0 and "LibreOffice" in out and err == ""
