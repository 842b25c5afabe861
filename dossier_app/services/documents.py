"""Writing a made document (.docx) to a place the user chose: never over a dossier or backup,
owner-only, atomically. Used by the gespreksvoorbereiding and the familiegroepsplan."""

from __future__ import annotations

from pathlib import Path

from dossier_app.errors import UsageError
from dossier_app.services import outputs

DOCX_SUFFIX = ".docx"


def check_docx_output(out: Path, *, overwrite: bool = False) -> Path:
    out = Path(out)
    if out.suffix.lower() != DOCX_SUFFIX:
        raise UsageError(f"Het uitvoerbestand moet op {DOCX_SUFFIX} eindigen.")
    return outputs.check_output(out, overwrite=overwrite)


def save_private_docx(data: bytes, out: Path, *, overwrite: bool = False) -> Path:
    """Write the .docx (private to this user). Nothing is kept in the dossier."""
    out = check_docx_output(out, overwrite=overwrite)
    outputs.write_private_atomic(out, data)
    return out
