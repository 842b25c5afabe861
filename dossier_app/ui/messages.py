"""Errors as calm, true Dutch messages (no dossier content, no tracebacks)."""

from __future__ import annotations

from dossier_app.diagnostics import log_file, record_error
from dossier_app.errors import DossierError


def describe(exc: BaseException, *, draft_kept: bool = False) -> str:
    """What to show. Only say that typed text was kept when a draft really was saved."""
    if isinstance(exc, DossierError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"Het bestand kon niet worden gelezen of geschreven ({exc.strerror or 'onbekende fout'})."
    record_error(exc)
    text = f"Er ging iets onverwachts mis ({type(exc).__name__})."
    if draft_kept:
        text += " Wat u typte is als concept bewaard."
    return text + (f" Wilt u helpen het op te lossen? Stuur dan het logbestand {log_file()} mee; "
                   "daarin staat niets uit uw dossier.")
