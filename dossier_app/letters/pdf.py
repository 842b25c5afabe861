"""PDF through LibreOffice, when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from dossier_app.errors import DossierError, UsageError

NOT_INSTALLED = ("Voor een PDF is LibreOffice nodig, en dat is niet gevonden op deze computer. "
                 "Installeer LibreOffice, of open het .docx-bestand en sla het daar op als PDF.")


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    found = soffice_path()
    if not found:
        raise UsageError(NOT_INSTALLED)
    return found


def convert_to_pdf(docx_path: Path, timeout: int = 180) -> Path:
    """Convert next to the .docx; a private, throw-away LibreOffice profile."""
    soffice = require_soffice()
    docx_path = Path(docx_path).resolve()
    with tempfile.TemporaryDirectory(prefix="gezinsdossier-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)]
        try:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout,
                           check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise DossierError("LibreOffice deed er te lang over; er is geen PDF gemaakt.") from None
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        raise DossierError("LibreOffice kon de brief niet omzetten naar PDF.")
    return pdf
