"""PDF through LibreOffice, when it is installed."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from dossier_app import external_tools
from dossier_app.errors import DossierError, UsageError

NOT_INSTALLED = ("Voor een PDF is LibreOffice nodig, en dat is niet gevonden op deze computer. "
                 f"{external_tools.install_hint('libreoffice')} "
                 "Of open het .docx-bestand en sla het daar op als PDF.")


def soffice_path() -> str | None:
    """LibreOffice's program: on PATH or where its installer puts it (dossier_app/external_tools.py)."""
    return external_tools.find("libreoffice")


def require_soffice() -> str:
    found = soffice_path()
    if not found:
        raise UsageError(NOT_INSTALLED)
    return found


# What LibreOffice may see of our environment: enough to run and find fonts and
# its display, nothing else (never DOSSIER_PASSPHRASE or other secrets).
_HELPER_ENV_KEYS = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
                    "TMP", "TEMP", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "USERPROFILE", "APPDATA",
                    "LOCALAPPDATA", "PROGRAMFILES", "PROGRAMFILES(X86)", "COMSPEC", "PATHEXT",
                    "FONTCONFIG_PATH", "FONTCONFIG_FILE", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_DIRS",
                    "SAL_USE_VCLPLUGIN")


def helper_environment() -> dict[str, str]:
    """A clean environment for helper programs: an allow-list of harmless variables."""
    return {key: value for key, value in os.environ.items() if key.upper() in _HELPER_ENV_KEYS}


def convert_to_pdf(docx_path: Path, timeout: int = 180) -> Path:
    """Convert next to the .docx; a private, throw-away LibreOffice profile."""
    soffice = require_soffice()
    docx_path = Path(docx_path).resolve()
    with tempfile.TemporaryDirectory(prefix="gezinsdossier-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)]
        try:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout,
                           check=False, stdin=subprocess.DEVNULL, env=helper_environment())
        except subprocess.TimeoutExpired:
            raise DossierError("LibreOffice deed er te lang over; er is geen PDF gemaakt.") from None
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        raise DossierError("LibreOffice kon de brief niet omzetten naar PDF.")
    try:
        os.chmod(pdf, 0o600)  # private, like every output
    except OSError:
        pass
    return pdf
