"""A full check of the dossier: every page authenticated and SQLite's structure sound.

Opening only checks a few pages (fast at any size); this walk reads the whole
file, so the app runs it in the background after the window shows, and on
demand from the menu. A damaged dossier raises DamagedDossier.
"""

from __future__ import annotations

from dossier_app.services.session import DossierSession, needs_open, store_handle


@needs_open
def verify(session: DossierSession) -> None:
    store_handle(session).verify_integrity()
