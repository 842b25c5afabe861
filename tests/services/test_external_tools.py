"""Issue 23: LibreOffice, Tesseract and pdftoppm are not bundled; the app finds them on PATH and in their usual
install places, tells in Instellingen (and `dossier-app programmas`) whether each is found and how to install it,
and a feature that needs a missing one says so in Dutch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dossier_app import external_tools
from dossier_app.services import external_tools as tools_service


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def empty_path(tmp_path, monkeypatch):
    folder = tmp_path / "leeg"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_found_on_path_first(empty_path):
    program = executable(empty_path / "tesseract")
    assert external_tools.find("tesseract", platform="linux") == str(program)


@pytest.mark.skipif(os.name != "posix", reason="executable bit")
def test_found_in_the_usual_place_of_each_system(empty_path, tmp_path, monkeypatch):
    """Not on PATH (a program started from the Dock or Start menu often has a short one)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    mac = executable(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert external_tools.find("libreoffice", platform="macos") == str(mac)

    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData"))
    windows = executable(tmp_path / "Program Files" / "Tesseract-OCR" / "tesseract.exe")
    assert external_tools.find("tesseract", platform="windows") == str(windows.with_name("tesseract.exe"))


def test_an_unset_windows_folder_is_no_place(empty_path, monkeypatch):
    for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    assert external_tools.find("libreoffice", platform="windows") is None


def test_a_file_that_is_not_a_program_does_not_count(empty_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    plain = tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    plain.parent.mkdir(parents=True)
    plain.write_text("", encoding="utf-8")
    plain.chmod(0o644)
    assert external_tools.find("libreoffice", platform="macos") is None


@pytest.mark.parametrize("platform", ["linux", "windows", "macos"])
def test_missing_sentence_is_dutch_and_says_how_to_install(platform):
    for tool_id, name in (("libreoffice", "LibreOffice"), ("tesseract", "Tesseract"), ("pdftoppm", "pdftoppm")):
        sentence = external_tools.missing_sentence(tool_id, platform)
        assert sentence.startswith("Om ") and f"is {name}" in sentence and "niet gevonden op deze computer" in sentence
        assert "Installeer" in sentence
    assert "brew install tesseract" in external_tools.missing_sentence("tesseract", "macos")
    assert "libreoffice.org" in external_tools.missing_sentence("libreoffice", "windows")


def test_cli_programmas_tells_found_and_missing(cli, monkeypatch):
    monkeypatch.setattr(external_tools, "find",
                        lambda tool_id, platform=None: "/opt/lo/soffice" if tool_id == "libreoffice" else None)
    code, out, err = cli("programmas")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "LibreOffice is gevonden (/opt/lo/soffice): u kunt een brief als PDF bewaren."
    assert "Tesseract nodig, en dat is niet gevonden" in lines[1] and "Installeer" in lines[1]
    assert len(lines) == 3


def test_letter_pdf_without_libreoffice_says_so_in_one_dutch_sentence(cli, demo_path, passphrase_file, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setattr(external_tools, "find", lambda tool_id, platform=None: None)
    code, out, err = cli("letter", demo_path, "bezwaarschrift", "--out", tmp_path / "brief.docx", "--pdf",
                         "--passphrase-file", passphrase_file)
    assert code == 2
    assert "Voor een PDF is LibreOffice nodig, en dat is niet gevonden op deze computer." in err
    assert "Traceback" not in err


def test_a_scanned_pdf_without_pdftoppm_says_so(monkeypatch, tmp_path):
    import io

    from pypdf import PdfWriter

    from dossier_app.errors import UsageError
    from dossier_app.intake import extract

    monkeypatch.setattr(external_tools, "find",
                        lambda tool_id, platform=None: None if tool_id == "pdftoppm" else "/usr/bin/tesseract")
    monkeypatch.setattr(extract, "ocr_available", lambda: True)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    data = io.BytesIO()
    writer.write(data)
    with pytest.raises(UsageError, match="^Om gescande PDF-brieven lezen is pdftoppm \\(Poppler\\) nodig, en dat is "
                                         "niet gevonden op deze computer. Installeer"):
        extract.text_from_pdf(data.getvalue(), tmp_path)


def test_instellingen_shows_whether_each_program_is_found(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from dossier_app.ui.dialogs import SettingsDialog
    from tests.support.uihelpers import trigger_menu, when_modal

    monkeypatch.setattr(external_tools, "find",
                        lambda tool_id, platform=None: "/opt/lo/soffice" if tool_id == "libreoffice" else None)
    seen = {}

    def read_and_close(dialog):
        for tool in tools_service.status():
            label = dialog.findChild(QLabel, f"programma-{tool.id}")
            seen[tool.id] = (label.text(), label.accessibleName())
        dialog.reject()

    when_modal(qtbot, SettingsDialog, read_and_close)
    trigger_menu(window, "Bewerken", "Instellingen…")
    assert seen["libreoffice"] == ("✓ LibreOffice is gevonden (/opt/lo/soffice): u kunt een brief als PDF bewaren.",
                                   "LibreOffice: gevonden")
    text, name = seen["tesseract"]
    assert text.startswith("✗ Om scans en foto's van brieven lezen") and "Installeer" in text
    assert name == "Tesseract: niet gevonden"
    assert seen["pdftoppm"][1] == "pdftoppm (Poppler): niet gevonden"
