"""Where the file dialogs open: the folder used last (in this run, and the previous one via the settings).

A person who saved a letter in "Jeugdzorg/2026" expects the next dialog to open there, not in Documenten.
"""

from __future__ import annotations

from pathlib import Path

from dossier_app import paths

_last: Path | None = None


def start(default: Path | None = None) -> Path:
    """The folder to open a file dialog in."""
    if _last is not None and _last.is_dir():
        return _last
    return Path(default) if default is not None else paths.documents_dir()


def start_file(name: str, default: Path | None = None) -> str:
    """A suggested file name in that folder, for a save dialog."""
    return str(start(default) / name)


def remember(chosen) -> None:
    """A file or folder the user chose: its folder is where the next dialog opens."""
    global _last
    if not chosen:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if folder.is_dir():
        _last = folder


def last() -> str:
    return str(_last) if _last is not None else ""


def forget() -> None:
    global _last
    _last = None
