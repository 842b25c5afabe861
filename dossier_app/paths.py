"""Where things live on disk (one place for platform differences)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from dossier_app import APP_NAME

TEMPLATES_ENV = "GEZINSDOSSIER_TEMPLATES"
USER_TEMPLATES_ENV = "GEZINSDOSSIER_SJABLONEN"
CONFIG_ENV = "GEZINSDOSSIER_CONFIG"
DATA_ENV = "GEZINSDOSSIER_DATA"


def templates_dir() -> Path:
    """The built-in letter templates (``templates/`` next to the package)."""
    if os.environ.get(TEMPLATES_ENV):
        return Path(os.environ[TEMPLATES_ENV])
    return Path(__file__).resolve().parent.parent / "templates"


def user_templates_dir() -> Path:
    """A folder where a user may put their own versions of letter templates."""
    if os.environ.get(USER_TEMPLATES_ENV):
        return Path(os.environ[USER_TEMPLATES_ENV])
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "sjablonen"


def config_dir() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def documents_dir() -> Path:
    """Where new dossiers are proposed (the user's Documents folder)."""
    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()


def default_backup_dir() -> Path:
    return data_dir() / "backups"


def reference_docx() -> Path:
    return templates_dir() / "reference.docx"
