"""A full check of the dossier: every page authenticated and SQLite's structure sound.

Opening only checks a few pages (fast at any size); this walk reads the whole
file, so the app runs it in the background after the window shows, and on
demand from the menu; ``dossier-app check`` runs it on the command line. A
damaged dossier raises DamagedDossier naming what is affected and how to put a
backup back (the newest backup of this dossier in the backup folder, when
there is one).
"""

from __future__ import annotations

from pathlib import Path

from dossier_app.errors import DamagedDossier
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app import settings as settings_store
from dossier_app.store.backup import BACKUP_SUFFIX

# What a damaged table means to a parent (tables not named here: "overige gegevens").
AFFECTED = {
    "dossier_info": "de gegevens van het dossier zelf",
    "person": "de gezinsleden",
    "contact": "de contacten",
    "traject": "de trajecten",
    "entry": "de tijdlijn",
    "conversation": "de gesprekken",
    "participant": "de deelnemers aan gesprekken",
    "document": "de brieven en documenten",
    "recording": "de opnames",
    "deadline": "de termijnen",
    "attachment": "de lijst met bijlagen",
    "letter": "de geschreven brieven",
    "agreement": "de afspraken",
    "consent": "de toestemmingen",
    "draft": "de concepten",
    "sqlite_master": "de inhoudsopgave van het bestand (alles)",
}


@needs_open
def verify(session: DossierSession) -> None:
    try:
        store_handle(session).verify_integrity()
    except DamagedDossier as exc:
        raise DamagedDossier(damage_report(session.path, getattr(exc, "affected", []))) from None


def newest_backup(path: Path) -> Path | None:
    """The newest automatic backup of this dossier in the backup folder of the settings, if any."""
    try:
        folder = settings_store.load().effective_backup_folder
        found = [item for item in folder.glob(f"{Path(path).stem}-*{BACKUP_SUFFIX}") if item.is_file()]
    except OSError:
        return None
    return max(found, key=lambda item: item.stat().st_mtime, default=None)


def damage_report(path: Path, affected: list[str]) -> str:
    """What is damaged and the way back, in Dutch (the app and the CLI show this)."""
    path = Path(path)
    parts = sorted({AFFECTED.get(name, "overige gegevens") for name in affected})
    what = ", ".join(parts) if parts else "de opbouw van het bestand (de gegevens zelf lijken leesbaar)"
    newest = newest_backup(path)
    backup = (f" De nieuwste back-up van dit dossier is {newest}." if newest is not None
              else " Gebruik de nieuwste back-up die u hebt.")
    return (f"{path.name} is beschadigd; geraakt: {what}. Maak geen nieuwe wijzigingen. Zet een back-up terug "
            "als nieuw dossier: in de app met Bestand > Back-up terugzetten…, op de opdrachtregel met "
            f"'dossier-app restore BACK-UP --out NIEUW.dossier'.{backup}")
