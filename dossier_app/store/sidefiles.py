"""SQLite's side files (``-wal``, ``-shm``, ``-journal``) belong to exactly one version of the dossier file.

SQLite cannot tell whether a ``-wal`` beside ``NAME.dossier`` was written for
that file: it applies any log whose own checksums are right. When the dossier
is replaced from outside (a sync program, a restore by hand) while a ``-wal``
of the old version lies beside it, opening it would lay the old pages over the
new version. So:

- while a dossier is open for writing, its lock file records which file the
  side files belong to: device, inode, size, modification and change times and
  a hash of the first and last page (so a change with the same size and time
  is still seen); before each checkpoint only the identity is recorded (the
  file is about to change);
- every close checkpoints and removes the side files (also after an outside
  change and after a read-only open);
- at opening, a side file whose record names another file is moved aside
  (``NAME.dossier-wal.vreemd-JJJJMMDD-UUMMSS``) and never applied; a
  ``-journal`` is always foreign (dossiers use a write-ahead log) and is moved
  aside as well. A side file without a record (an older version of the app) is
  applied as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import struct
import sys
from pathlib import Path
from typing import Any

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
FOREIGN_MARK = ".vreemd-"
_PAGE = 4096
Fingerprint = dict[str, Any]     # dev, ino, size, mtime_ns, ctime_ns, head (and state in a record)
STATE_AT_REST = "rust"          # the record holds the whole fingerprint
STATE_CHECKPOINT = "checkpoint"  # a checkpoint is running: only the identity is known


def side_path(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def fingerprint(path: Path) -> Fingerprint | None:
    """Identity and state of the file; None when it cannot be read."""
    try:   # plain reads on a descriptor (no buffered file object: this runs twice per write)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)
            digest = hashlib.blake2b(_read_page(fd), digest_size=16)
            if info.st_size > _PAGE:
                os.lseek(fd, max(_PAGE, info.st_size - _PAGE), os.SEEK_SET)
                digest.update(_read_page(fd))
        finally:
            os.close(fd)
    except OSError:
        return None
    return {"dev": info.st_dev, "ino": info.st_ino, "size": info.st_size, "mtime_ns": info.st_mtime_ns,
            "ctime_ns": info.st_ctime_ns, "head": digest.hexdigest()}


def _read_page(fd: int) -> bytes:
    """One page from the descriptor's offset, or what is left before the end."""
    data = os.read(fd, _PAGE)
    while data and len(data) < _PAGE:
        more = os.read(fd, _PAGE - len(data))
        if not more:
            break
        data += more
    return data


def same_identity(one: Fingerprint | None, other: Fingerprint | None) -> bool:
    if not one or not other:
        return False
    if os.name == "nt":  # pragma: no cover - inode numbers are not stable there
        return True
    return (one.get("dev"), one.get("ino")) == (other.get("dev"), other.get("ino"))


def belongs(record: Fingerprint | None, current: Fingerprint | None) -> bool:
    """True when side files recorded with ``record`` belong to the file now at the path.

    No record at all (an older version of the app, a lock file emptied by a
    crash) is trusted, as SQLite would."""
    if not isinstance(record, dict) or not record:
        return True
    if current is None:
        return False
    if record.get("state") == STATE_CHECKPOINT:
        return same_identity(record, current)
    keys: tuple[str, ...] = ("dev", "ino", "size", "mtime_ns", "ctime_ns", "head")
    if os.name == "nt":  # pragma: no cover - no stable inode, ctime is the creation time
        keys = ("size", "mtime_ns", "head")
    return all(record.get(key) == current.get(key) for key in keys)


def present(path: Path) -> list[Path]:
    return [side_path(path, suffix) for suffix in SIDE_SUFFIXES if os.path.lexists(side_path(path, suffix))]


def set_aside(path: Path, files: list[Path]) -> list[Path]:
    """Rename ``files`` to ``…vreemd-STAMP`` beside them (never delete: the user may want them)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = []
    for item in files:
        target = item.with_name(f"{item.name}{FOREIGN_MARK}{stamp}")
        number = 1
        while os.path.lexists(target):
            number += 1
            target = item.with_name(f"{item.name}{FOREIGN_MARK}{stamp}-{number}")
        os.replace(item, target)
        moved.append(target)
    return moved


def foreign_notice(path: Path, moved: list[Path]) -> str:
    names = ", ".join(item.name for item in moved)
    return (f"Naast {path.name} stond een hulpbestand van een andere versie van het dossier (het bestand is "
            "buiten Gezinsdossier vervangen). Het is niet toegepast, zodat deze versie niet wordt "
            f"overschreven, maar opzijgezet als: {names}.")


def remove_empty_or_stale(path: Path, *, include_wal: bool) -> None:
    """Remove ``-shm`` (and ``-wal`` when ``include_wal``) beside ``path``; failures are ignored."""
    suffixes = ("-shm", "-wal") if include_wal else ("-shm",)
    for suffix in suffixes:
        try:
            side_path(path, suffix).unlink(missing_ok=True)
        except OSError:
            pass


# SQLite (unix VFS) keeps a shared lock on one byte of ``-shm`` for as long as a connection is open
# (the "DMS" byte: 120 + 8 lock bytes = offset 128; see os_unix.c, UNIX_SHM_DMS), read-only ones too.
_SHM_DMS_BYTE = 128


def opened_elsewhere(path: Path) -> bool:
    """Whether another process has ``path`` open through SQLite (also read-only), seen from the lock
    SQLite holds on ``-shm``. F_GETLK only asks: it takes no lock, and never reports our own
    process's locks. False where this cannot be asked (then the caller's after-close check remains)."""
    if not sys.platform.startswith("linux"):
        return False
    import fcntl

    shm = side_path(path, "-shm")
    try:
        fd = os.open(shm, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        # struct flock on Linux: l_type, l_whence (short); l_start, l_len (off_t); l_pid (pid_t); padding
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        return bool(struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK)
    except OSError:
        return False
    finally:
        os.close(fd)
