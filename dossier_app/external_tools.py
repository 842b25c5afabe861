"""The programs the app uses but does not carry: LibreOffice (PDF), Tesseract (OCR of scans), pdftoppm.

One place that finds them: on PATH first, then where their installers put them on each system (a program started
from the Windows Start menu, the macOS Dock or a Linux desktop file often has a short PATH without Homebrew,
/opt or Program Files). Each has a Dutch sentence for what it is for and how to install it, used by Instellingen,
the command line and every feature that needs one (services/external_tools.py).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    commands: tuple[str, ...]          # program names looked up on PATH
    needed_for: str                    # Dutch: what does not work without it
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)   # platform → usual paths (glob patterns)
    install: dict[str, str] = field(default_factory=dict)              # platform → how to install (Dutch)


def _platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


TOOLS: dict[str, Tool] = {tool.id: tool for tool in (
    Tool("libreoffice", "LibreOffice", ("soffice", "libreoffice"), "een brief als PDF bewaren",
         places={
             "windows": (r"%PROGRAMFILES%\LibreOffice\program\soffice.exe",
                         r"%PROGRAMFILES(X86)%\LibreOffice\program\soffice.exe",
                         r"%LOCALAPPDATA%\Programs\LibreOffice\program\soffice.exe"),
             "macos": ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                       "~/Applications/LibreOffice.app/Contents/MacOS/soffice"),
             "linux": ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice",
                       "/snap/bin/libreoffice", "/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice",
                       "~/.local/share/flatpak/exports/bin/org.libreoffice.LibreOffice"),
         },
         install={
             "windows": "Installeer LibreOffice (gratis) van libreoffice.org en start de app daarna opnieuw.",
             "macos": "Installeer LibreOffice (gratis) van libreoffice.org in de map Programma's.",
             "linux": "Installeer LibreOffice met het softwarecentrum of met 'sudo apt install libreoffice-writer'.",
         }),
    Tool("tesseract", "Tesseract", ("tesseract",), "scans en foto's van brieven lezen (tekstherkenning)",
         places={
             "windows": (r"%PROGRAMFILES%\Tesseract-OCR\tesseract.exe",
                         r"%LOCALAPPDATA%\Programs\Tesseract-OCR\tesseract.exe"),
             "macos": ("/opt/homebrew/bin/tesseract", "/usr/local/bin/tesseract", "/opt/local/bin/tesseract"),
             "linux": ("/usr/bin/tesseract", "/usr/local/bin/tesseract"),
         },
         install={
             "windows": "Installeer Tesseract met de Nederlandse taal (de installer van UB Mannheim, "
                        "github.com/UB-Mannheim/tesseract) en start de app daarna opnieuw.",
             "macos": "Installeer Tesseract met Homebrew: 'brew install tesseract tesseract-lang'.",
             "linux": "Installeer Tesseract met 'sudo apt install tesseract-ocr tesseract-ocr-nld'.",
         }),
    Tool("pdftoppm", "pdftoppm (Poppler)", ("pdftoppm",), "gescande PDF-brieven lezen",
         places={
             "windows": (r"%PROGRAMFILES%\poppler*\Library\bin\pdftoppm.exe",
                         r"%LOCALAPPDATA%\Programs\poppler*\Library\bin\pdftoppm.exe"),
             "macos": ("/opt/homebrew/bin/pdftoppm", "/usr/local/bin/pdftoppm", "/opt/local/bin/pdftoppm"),
             "linux": ("/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"),
         },
         install={
             "windows": "Installeer Poppler voor Windows (github.com/oschwartz10612/poppler-windows).",
             "macos": "Installeer Poppler met Homebrew: 'brew install poppler'.",
             "linux": "Installeer Poppler met 'sudo apt install poppler-utils'.",
         }),
)}


def _expand(pattern: str) -> list[str]:
    """The existing paths a pattern names: ~ and Windows' %VARIABLE% filled in (a variable that is not set
    means no such place here), the newest /opt/libreofficeX.Y first."""
    unset = []

    def variable(match: re.Match[str]) -> str:
        value = os.environ.get(match.group(1))
        if value is None:
            unset.append(match.group(1))
        return value or ""

    expanded = re.sub(r"%([A-Za-z0-9_()]+)%", variable, pattern)
    if unset:
        return []
    expanded = os.path.expanduser(expanded).replace("\\", os.sep)
    return sorted(glob.glob(expanded), reverse=True)


def find(tool_id: str, platform: str | None = None) -> str | None:
    """The full path of the program, or None when it is not installed (PATH first, then the usual places)."""
    tool = TOOLS[tool_id]
    for command in tool.commands:
        found = shutil.which(command)
        if found:
            return found
    for pattern in tool.places.get(platform or _platform(), ()):
        for candidate in _expand(pattern):
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None


def install_hint(tool_id: str, platform: str | None = None) -> str:
    return TOOLS[tool_id].install[platform or _platform()]


def missing_sentence(tool_id: str, platform: str | None = None) -> str:
    """One Dutch sentence (and the way to install): what cannot be done because the program is not found."""
    tool = TOOLS[tool_id]
    return (f"Om {tool.needed_for} is {tool.name} nodig, en dat is niet gevonden op deze computer. "
            f"{install_hint(tool_id, platform)}")
