"""Turning errors into calm Dutch messages (no dossier content, no tracebacks)."""

from __future__ import annotations

import logging

from dossier_app.errors import DossierError

log = logging.getLogger("gezinsdossier")


def describe(exc: BaseException) -> str:
    if isinstance(exc, DossierError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"Het bestand kon niet worden gelezen of geschreven ({exc.strerror or 'onbekende fout'})."
    log.error("Onverwachte fout: %s", type(exc).__name__)
    return (f"Er ging iets onverwachts mis ({type(exc).__name__}). Er is niets verloren: "
            "wat u typte is als concept bewaard.")
