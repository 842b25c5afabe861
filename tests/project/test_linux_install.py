"""Issue 23: the Linux tarball's install and uninstall scripts, with a temporary HOME and XDG folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP_ID = "nl.gezinsdossier.Gezinsdossier.desktop"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux desktop integration")


@pytest.fixture
def unpacked(tmp_path) -> Path:
    """The tarball's layout (as packaging/linux/make-tarball.sh makes it), with a stand-in program."""
    folder = tmp_path / "gezinsdossier-0.1.0-linux-x86_64"
    (folder / "app").mkdir(parents=True)
    (folder / "share").mkdir()
    program = folder / "app" / "gezinsdossier"
    program.write_text("#!/bin/sh\necho \"gestart met: $*\"\n", encoding="utf-8")
    program.chmod(0o755)
    (folder / "app" / "_internal").mkdir()
    (folder / "app" / "_internal" / "libstandin.so").write_bytes(b"\0")
    for name in ("install.sh", "uninstall.sh"):
        shutil.copy(LINUX / name, folder / name)
    for name in (DESKTOP_ID, "gezinsdossier-mime.xml"):
        shutil.copy(LINUX / name, folder / "share" / name)
    shutil.copy(ROOT / "resources" / "icon.svg", folder / "share" / "gezinsdossier.svg")
    return folder


@pytest.fixture
def home(tmp_path) -> dict:
    home = tmp_path / "home"
    home.mkdir()
    return {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(home / ".config"), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "XDG_DATA_DIRS": str(home / ".local" / "share")}


def run(script: Path, environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(script)], env=environment, capture_output=True, text=True, timeout=120)


def test_install_registers_menu_entry_icon_and_dossier_file_type(unpacked, home):
    result = run(unpacked / "install.sh", home)
    assert result.returncode == 0, result.stderr
    assert "Klaar." in result.stdout
    base = Path(home["HOME"])
    data = Path(home["XDG_DATA_HOME"])
    program = base / ".local" / "lib" / "gezinsdossier" / "app" / "gezinsdossier"
    assert subprocess.run([str(program), "x.dossier"], capture_output=True, text=True).stdout == \
        "gestart met: x.dossier\n"
    assert (base / ".local" / "lib" / "gezinsdossier" / "app" / "_internal" / "libstandin.so").is_file()
    assert (base / ".local" / "bin" / "gezinsdossier").resolve() == program.resolve()

    desktop = (data / "applications" / DESKTOP_ID).read_text(encoding="utf-8")
    assert f"Exec={program} %f" in desktop and "MimeType=application/x-gezinsdossier;" in desktop
    assert "@EXEC@" not in desktop and "Icon=gezinsdossier" in desktop
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(data / "applications" / DESKTOP_ID)],
                               capture_output=True, text=True)
        assert check.returncode == 0 and "error" not in check.stdout.lower(), check.stdout

    mime = ET.parse(data / "mime" / "packages" / "gezinsdossier.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", ns)
    assert kind.get("type") == "application/x-gezinsdossier"
    assert [glob.get("pattern") for glob in kind.findall("m:glob", ns)] == ["*.dossier"]
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "gezinsdossier.svg").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "mimetypes" / "application-x-gezinsdossier.svg").is_file()
    if shutil.which("update-mime-database"):
        assert "application/x-gezinsdossier:*.dossier" in (data / "mime" / "globs2").read_text(encoding="utf-8")
    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"application/x-gezinsdossier={DESKTOP_ID};" in cache
    if shutil.which("gio"):
        # What the file manager (GLib/GIO) sees: a .dossier is our type, and our app opens it.
        dossier = base / "gezin.dossier"
        dossier.write_bytes(os.urandom(256))          # an encrypted dossier looks like noise
        info = subprocess.run(["gio", "info", "-a", "standard::content-type", str(dossier)], env=home,
                              capture_output=True, text=True)
        assert "standard::content-type: application/x-gezinsdossier" in info.stdout
        default = subprocess.run(["gio", "mime", "application/x-gezinsdossier"], env=home, capture_output=True,
                                 text=True)
        assert DESKTOP_ID in default.stdout.splitlines()[0]
    if shutil.which("xdg-mime"):
        answer = subprocess.run(["xdg-mime", "query", "default", "application/x-gezinsdossier"], env=home,
                                capture_output=True, text=True)
        assert answer.stdout.strip() in ("", DESKTOP_ID)


def test_installing_again_replaces_the_program_whole(unpacked, home):
    assert run(unpacked / "install.sh", home).returncode == 0
    lib = Path(home["HOME"]) / ".local" / "lib" / "gezinsdossier" / "app"
    (lib / "_internal" / "left-over-from-old-version.so").write_bytes(b"\0")
    assert run(unpacked / "install.sh", home).returncode == 0
    assert not (lib / "_internal" / "left-over-from-old-version.so").exists()
    assert (lib / "_internal" / "libstandin.so").is_file()


def test_uninstall_removes_everything_it_installed_and_no_dossier(unpacked, home):
    base = Path(home["HOME"])
    own = base / "Documenten" / "gezin.dossier"
    own.parent.mkdir()
    own.write_bytes(b"versleuteld")
    settings = base / ".config" / "Gezinsdossier" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{}", encoding="utf-8")
    before = {path for path in base.rglob("*")}
    assert run(unpacked / "install.sh", home).returncode == 0
    result = run(base / ".local" / "lib" / "gezinsdossier" / "uninstall.sh", home)
    assert result.returncode == 0, result.stderr
    assert "niet aangeraakt" in result.stdout
    assert own.read_bytes() == b"versleuteld" and settings.is_file()
    data = Path(home["XDG_DATA_HOME"])
    assert not (base / ".local" / "lib" / "gezinsdossier").exists()
    assert not (base / ".local" / "bin" / "gezinsdossier").exists()
    assert not (data / "applications" / DESKTOP_ID).exists()
    assert not (data / "mime" / "packages" / "gezinsdossier.xml").exists()
    if shutil.which("update-mime-database"):
        assert "*.dossier" not in (data / "mime" / "globs2").read_text(encoding="utf-8")
    leftovers = [path for path in base.rglob("*") if path not in before and path.is_file()
                 and "gezinsdossier" in path.name.lower()]
    assert leftovers == []


def test_install_refuses_a_folder_without_the_program(unpacked, home):
    shutil.rmtree(unpacked / "app")
    result = run(unpacked / "install.sh", home)
    assert result.returncode == 2 and "app/gezinsdossier ontbreekt" in result.stderr
    assert not (Path(home["HOME"]) / ".local" / "lib").exists()
