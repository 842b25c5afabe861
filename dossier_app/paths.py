"""Where things live on disk (one place for platform differences)."""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

import platformdirs

from dossier_app import APP_NAME

# Two different folders, two clearly different names (see docs/ARCHITECTURE.md, glossary):
BUILTIN_TEMPLATES_ENV = "GEZINSDOSSIER_BUILTIN_TEMPLATES"   # the app's own templates (development, tests)
USER_TEMPLATES_ENV = "GEZINSDOSSIER_USER_TEMPLATES"         # a user's own versions of letter templates
OLD_USER_TEMPLATES_ENV = "GEZINSDOSSIER_SJABLONEN"          # the earlier name of USER_TEMPLATES_ENV, still read
CONFIG_ENV = "GEZINSDOSSIER_CONFIG"
DATA_ENV = "GEZINSDOSSIER_DATA"


@functools.cache
def package_folder(package: str) -> Path:
    """The folder of one of the app's data packages (``templates``, ``resources``, ``store.migrations``).

    Read with importlib.resources, so that it is found the same way in the source tree (editable install:
    ``templates/`` and ``resources/`` at the top of the repository, mapped into the package by pyproject.toml),
    in an installed wheel and in a PyInstaller bundle. The app never runs from a zip file, so the folder is a
    real folder (Jinja and python-docx read files by path). Found once per process: a letter asks some twenty
    times."""
    folder = resources.files(f"dossier_app.{package}")
    path = Path(str(folder))
    if not path.is_dir():
        raise FileNotFoundError(f"De map met {package} van de app ontbreekt ({path}); installeer de app opnieuw.")
    return path


def templates_dir() -> Path:
    """The built-in letter templates (``templates/`` of the repository, ``dossier_app/templates`` when installed)."""
    if os.environ.get(BUILTIN_TEMPLATES_ENV):
        return Path(os.environ[BUILTIN_TEMPLATES_ENV])
    return package_folder("templates")


def resource_path(*parts: str) -> Path:
    """A help text or icon (``resources/`` of the repository, ``dossier_app/resources`` when installed)."""
    return package_folder("resources").joinpath(*parts)


def user_templates_dir() -> Path:
    """A folder where a user may put their own versions of letter templates."""
    for name in (USER_TEMPLATES_ENV, OLD_USER_TEMPLATES_ENV):
        if os.environ.get(name):
            return Path(os.environ[name])
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "sjablonen"


def config_dir() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return _user_config_dir(*(os.environ.get(name) for name in _USER_CONFIG_VARIABLES))


# What platformdirs makes the user's config folder from: XDG_CONFIG_HOME or the home folder (Linux), the home
# folder (macOS), the system's folder or APPDATA (Windows). Its answer is kept per value of these (settings.json
# is looked for on every import of a file: platformdirs took half the time of reading the settings).
_USER_CONFIG_VARIABLES = ("XDG_CONFIG_HOME", "HOME", "APPDATA", "USERPROFILE")


@functools.lru_cache(maxsize=16)
def _user_config_dir(*_environment: str | None) -> Path:
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
