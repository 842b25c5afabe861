"""Where a dossier lies: a warning for folders that a sync program manages.

Dropbox, OneDrive, Google Drive, iCloud and Syncthing replace a file while
it is open, or bring in an older copy; a dossier that is open there can lose
what was written (the app stops writing when it notices). Keep the dossier in
a local folder and put the backups in the synced folder instead.
"""

from __future__ import annotations

import os
from pathlib import Path

# Folder names (compared case-insensitively, on any level of the path).
_EXACT_MARKERS = ("dropbox", "google drive", "googledrive", "my drive", "mijn drive", "icloud drive",
                  "iclouddrive", "mobile documents", "com~apple~clouddocs", "sync", "syncthing", "nextcloud",
                  "owncloud", "pcloud drive", "box sync")
_PREFIX_MARKERS = ("onedrive", "dropbox (", "google drive", "googledrive-", "icloud")
# Files or folders a sync program keeps in the synced folder itself.
_SIDE_MARKERS = (".stfolder", ".dropbox", ".dropbox.cache", "desktop.ini.sync", ".sync")

SYNCED_FOLDER_MESSAGE = (
    "Dit dossier staat in een map die wordt gesynchroniseerd ({service}). Zo'n programma kan het bestand "
    "vervangen terwijl het open is, en dan gaat werk verloren. Zet het dossier liever in een gewone map op "
    "deze computer en laat de back-ups in de gesynchroniseerde map maken.")


def synced_service(path: str | os.PathLike[str]) -> str | None:
    """The sync service whose folder holds ``path`` (a guess from folder names), or None."""
    path = Path(path).expanduser()
    try:
        path = path.resolve()
    except OSError:
        pass
    for folder in [path.parent, *path.parent.parents]:
        name = folder.name.lower()
        if name in _EXACT_MARKERS or name.startswith(_PREFIX_MARKERS):
            return str(folder.name)
        for marker in _SIDE_MARKERS:
            try:
                if (folder / marker).exists():
                    return "Syncthing" if marker == ".stfolder" else folder.name
            except OSError:
                continue
    return None


def synced_folder_warning(path: str | os.PathLike[str]) -> str | None:
    """A Dutch warning to show when ``path`` lies in a synced folder; None when it does not."""
    service = synced_service(path)
    return SYNCED_FOLDER_MESSAGE.format(service=service) if service else None
