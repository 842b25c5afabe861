"""Service modules the CLI loads only when a command runs.

``dossier-app --help`` and a mistyped command need argparse and the command
names, not peewee, SQLCipher, keyring or babel. Each command module names
its services through ``service("letters")``: a stand-in that imports
``dossier_app.services.letters`` the first time one of its attributes is used
(inside a command function), and is that module from then on.
"""

from __future__ import annotations

import importlib
from types import ModuleType

SERVICES = "dossier_app.services"


class LazyService:
    __slots__ = ("_name", "_module")

    def __init__(self, name: str):
        self._name = f"{SERVICES}.{name}"
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<service {self._name} ({'loaded' if self._module else 'not loaded yet'})>"


def service(name: str) -> LazyService:
    """A service module of dossier_app.services, imported on first use."""
    if not name.isidentifier():
        raise ValueError(name)
    return LazyService(name)


class LazyText:
    """A help text made only when it is shown (``sub --help``), for texts that list
    what a service knows (rule ids, section ids): argparse formats it with ``%``."""

    def __init__(self, make):
        self._make = make

    def __str__(self) -> str:
        return self._make()

    def __mod__(self, params) -> str:
        return str(self) % params

    def __bool__(self) -> bool:
        return True

    def strip(self) -> str:
        return str(self).strip()

    def __contains__(self, part: str) -> bool:
        return part in str(self)
