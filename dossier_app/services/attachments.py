"""Attachments: add encrypted, export, and open a private temporary copy.

Opened copies live in private folders (``gezinsdossier-open-PID-*``, owner only)
that are removed on lock, close and exit, and at the next start after a crash. The folder names the
process that made it: another running copy of the app (or a CLI command) never removes the copies a running
process has open — only those of a process that has ended.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dossier_app.services import outputs
from dossier_app.services.handle import StoreHandle, needs_open, store_handle
from dossier_app.store import attachments as files

OPEN_FOLDER_PREFIX = "gezinsdossier-open-"
# Folders in which an imported scan is read: another running copy of the app may
# be reading one right now, so only those older than this are taken for debris.
WORK_FOLDER_PREFIX = "gezinsdossier-lezen-"
WORK_FOLDER_STALE_SECONDS = 3600
_open_folders: list[Path] = []


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    size: int
    media_type: str

    @property
    def display_name(self) -> str:
        """The name as shown: control characters (such as a right-to-left override) made visible."""
        return "".join(char if char.isprintable() else "\ufffd" for char in self.filename)

    @property
    def file_name(self) -> str:
        """A name to save or open a copy under: without control characters, so the extension
        the user sees is the one the system uses."""
        name = "".join(char for char in Path(self.filename).name if char.isprintable())
        return name.strip(". ") or "bijlage"


@needs_open
def add_file(session: StoreHandle, entry_id: int, source: Path) -> int:
    return files.add_file(store_handle(session), entry_id, Path(source))


@needs_open
def describe(session: StoreHandle, attachment_id: int) -> AttachmentInfo:
    row = files.describe(attachment_id)
    return AttachmentInfo(row["id"], row["filename"], row["size"], row["media_type"])


@needs_open
def export(session: StoreHandle, attachment_id: int, target: Path, *, overwrite: bool = False) -> Path:
    """Decrypt to ``target`` chosen by the user (written atomically, owner-only).

    Never over a dossier, backup or attachment folder; over another existing
    file only with ``overwrite=True`` (OutputExists otherwise: ask first)."""
    return files.export(store_handle(session), attachment_id, outputs.check_output(target, overwrite=overwrite))


@needs_open
def open_private_copy(session: StoreHandle, attachment_id: int) -> Path:
    """Decrypt into a new private folder, for viewing in another program."""
    name = describe(session, attachment_id).file_name
    folder = Path(tempfile.mkdtemp(prefix=f"{OPEN_FOLDER_PREFIX}{os.getpid()}-"))
    folder.chmod(0o700)
    _open_folders.append(folder)
    return files.export(store_handle(session), attachment_id, folder / name)


@contextlib.contextmanager
def private_work_folder() -> Iterator[Path]:
    """A private folder (owner only) for work on plaintext, such as the page images of a scan
    being read; wiped when the block ends, and at the next start if the app was killed."""
    with private_work_folder_on_demand() as folder:
        yield folder()


@contextlib.contextmanager
def private_work_folder_on_demand() -> Iterator[Callable[[], Path]]:
    """As ``private_work_folder``, but made only when first asked for (``folder()``): reading a PDF's text
    layer or an e-mail needs none, and making and wiping a folder costs about a millisecond."""
    made: list[Path] = []

    def folder() -> Path:
        if not made:
            made.append(Path(tempfile.mkdtemp(prefix=WORK_FOLDER_PREFIX)))
            made[0].chmod(0o700)
            _open_folders.append(made[0])
        return made[0]

    try:
        yield folder
    finally:
        for path in made:
            shutil.rmtree(path, ignore_errors=True)
            if path in _open_folders:
                _open_folders.remove(path)


def remove_private_copies() -> None:
    """Remove every copy opened for viewing in this run (on lock, close and exit)."""
    while _open_folders:
        shutil.rmtree(_open_folders.pop(), ignore_errors=True)


def remove_stale_private_copies() -> int:
    """Remove copies left behind by an earlier run that was killed; returns how many folders."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(OPEN_FOLDER_PREFIX + "*"):
        if folder in _open_folders or not folder.is_dir() or _owner_running(folder):
            continue
        try:
            if folder.stat().st_uid != _my_uid():
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    for folder in Path(tempfile.gettempdir()).glob(WORK_FOLDER_PREFIX + "*"):
        try:
            if (folder in _open_folders or not folder.is_dir() or folder.stat().st_uid != _my_uid()
                    or time.time() - folder.stat().st_mtime < WORK_FOLDER_STALE_SECONDS):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _owner_running(folder: Path) -> bool:
    """Whether the process named in an open-copy folder's name (``gezinsdossier-open-PID-…``) still runs. A
    folder without a process number (made before this rule) is an earlier run's. Where a process cannot be
    asked without touching it (Windows: os.kill would stop it), a folder younger than a day counts as in use."""
    number = folder.name.removeprefix(OPEN_FOLDER_PREFIX).split("-", 1)[0]
    if not number.isdigit():
        return False
    if os.name == "nt":
        try:
            return time.time() - folder.stat().st_mtime < 24 * 3600
        except OSError:
            return False
    try:
        os.kill(int(number), 0)
    except (ProcessLookupError, OverflowError):      # ended (or no process number at all)
        return False
    except PermissionError:                          # runs, as another user
        return True
    return True


def _my_uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0
