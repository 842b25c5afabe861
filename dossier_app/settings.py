"""App settings (Qt-free): a small JSON file in the user's config folder.

Holds preferences and the recent-dossier list (paths only, never content or
keys). The families' own names (personal data) are kept only when the user
agreed to it in Mijn gezinnen (``remember_family_names``). Unknown or damaged
settings fall back to defaults without losing the file silently: a damaged
file is kept aside as ``settings.json.defect``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dossier_app import paths

MAX_RECENT = 10
MAX_LOCK_MINUTES = 240     # the settings dialog's range
MAX_BACKUP_COUNT = 100


@dataclass
class Settings:
    auto_lock_minutes: int = 10
    backup_folder: str = ""
    backup_count: int = 10
    backup_on_close: bool = True
    recent: list[str] = field(default_factory=list)
    window_geometry: str = ""      # "WxH:" (the screen's room) + Qt's saveGeometry() in base64 (ui/main_window.py)
    limits: dict[str, int] = field(default_factory=dict)   # raised resource limits (dossier_app/limits.toml)
    remember_family_names: bool = False     # the user agreed to keep the names below on this computer
    family_names: dict[str, str] = field(default_factory=dict)     # resolved path → the family's own name
    last_folder: str = ""          # where the file dialogs open (the folder used last)

    # Not saved: a Dutch line to show once when the file was damaged and defaults are used.
    notice = ""

    @property
    def effective_backup_folder(self) -> Path:
        return Path(self.backup_folder) if self.backup_folder else paths.default_backup_dir()

    def add_recent(self, dossier_path: str | os.PathLike[str]) -> None:
        text = str(Path(dossier_path).resolve())
        self.recent = [text] + [item for item in self.recent if item != text]
        del self.recent[MAX_RECENT:]

    def forget_recent(self, dossier_path: str | os.PathLike[str]) -> None:
        text = str(Path(dossier_path).resolve())
        self.recent = [item for item in self.recent if item != text]
        self.family_names.pop(text, None)

    def keep_family_names(self, names: dict[str, str]) -> None:
        """Remember families' names, only when the user agreed (``remember_family_names``)."""
        if self.remember_family_names:
            self.family_names.update({str(Path(path).resolve()): name for path, name in names.items()})


def settings_file() -> Path:
    return paths.config_dir() / "settings.json"


DEFAULTS_NOTICE = ("De instellingen konden niet worden gelezen; de app gebruikt de standaardinstellingen. "
                   "Het oude bestand is bewaard als settings.json.defect.")


def load() -> Settings:
    """The settings; a damaged file gives the defaults, and ``settings.notice`` says so (show it)."""
    path = settings_file()
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        known = {key: value for key, value in data.items() if key in Settings.__dataclass_fields__}
        settings = Settings(**known)
        settings.auto_lock_minutes = min(MAX_LOCK_MINUTES, max(1, int(settings.auto_lock_minutes)))
        settings.backup_count = min(MAX_BACKUP_COUNT, max(1, int(settings.backup_count)))
        settings.backup_on_close = bool(settings.backup_on_close)
        settings.backup_folder = settings.backup_folder if isinstance(settings.backup_folder, str) else ""
        if not isinstance(settings.window_geometry, str):
            settings.window_geometry = ""
        if not isinstance(settings.limits, dict):
            settings.limits = {}
        if not isinstance(settings.last_folder, str):
            settings.last_folder = ""
        if not isinstance(settings.recent, list):
            raise ValueError("recent is not a list")
        settings.recent = [item for item in settings.recent if isinstance(item, str)][:MAX_RECENT]
        settings.remember_family_names = settings.remember_family_names is True
        names = settings.family_names if isinstance(settings.family_names, dict) else {}
        settings.family_names = ({path: name for path, name in names.items()
                                  if isinstance(path, str) and isinstance(name, str)}
                                 if settings.remember_family_names else {})
        settings.notice = ""
        return settings
    except (ValueError, TypeError, OSError, AttributeError, RecursionError, OverflowError):
        try:
            os.replace(path, path.with_name(path.name + ".defect"))
        except OSError:
            pass
        settings = Settings()
        settings.notice = DEFAULTS_NOTICE
        return settings


def save(settings: Settings) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".deel")
    # ASCII with escapes: a path with undecodable bytes (a lone surrogate) is kept exactly.
    partial.write_text(json.dumps(asdict(settings), indent=2, ensure_ascii=True), encoding="utf-8")
    os.replace(partial, path)
