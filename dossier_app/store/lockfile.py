"""One writer per dossier: an OS-level lock on a small file next to it.

``NAME.dossier.lock`` (like LibreOffice's ``.~lock`` and KeePassXC's
``.lock`` files) holds who opened the dossier and since when — host name,
user name, process id, time; never content. The file itself is not the lock:
the lock is an OS lock on it (``flock`` on POSIX, ``msvcrt.locking`` on
Windows), which the OS drops when the process dies. So a lock file whose OS
lock is free was left by a crash and is taken over; a lock file written by
another computer is only taken over when the caller says so (the OS lock may
not reach across a network share).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier_app.errors import DossierInUse, DossierWriteError

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so others can still read it


def lock_path_for(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + LOCK_SUFFIX)


def _host() -> str:
    return socket.gethostname() or "onbekende computer"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse
        return ""


@dataclass(frozen=True)
class LockOwner:
    host: str
    user: str
    pid: int
    since: str  # ISO time

    @classmethod
    def read(cls, path: Path) -> LockOwner | None:
        try:
            data = _read_json(path)
            return cls(str(data.get("host", "")), str(data.get("user", "")), int(data.get("pid", 0)),
                       str(data.get("since", "")))
        except (OSError, ValueError, TypeError, AttributeError):
            return None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
FILE_RECORD_KEY = "bestand"  # which version of NAME.dossier the side files belong to (store/sidefiles.py)


def _read_json(path: Path) -> dict[str, Any]:
    """The lock file's text as JSON, read without following a link or waiting on a pipe."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("geen gewoon bestand")
        data = json.loads(os.read(fd, 8192).decode("utf-8"))
    finally:
        os.close(fd)
    if not isinstance(data, dict):
        raise ValueError("geen object")
    return data


def read_file_record(dossier_path: Path) -> dict[str, Any] | None:
    """The fingerprint of the dossier file the side files belong to, as the last writer recorded it."""
    try:
        record = _read_json(lock_path_for(dossier_path)).get(FILE_RECORD_KEY)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return record if isinstance(record, dict) else None


def _refuse_odd_lock_file(path: Path, dossier_path: Path) -> None:
    """A lock file that is a link, a folder, a pipe or a device is never opened for writing."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise DossierWriteError(
            f"{Path(dossier_path).name} kan niet worden vergrendeld voor schrijven: {path.name} is geen gewoon "
            "bestand (maar bijvoorbeeld een snelkoppeling of map). Verwijder het of open het dossier "
            "alleen-lezen.")


def _open_lock_file(path: Path, dossier_path: Path) -> int:
    """Create the lock file exclusively, or open the existing one; never through a link."""
    _refuse_odd_lock_file(path, dossier_path)
    try:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            fd = os.open(path, os.O_RDWR | _NOFOLLOW | _NONBLOCK)
    except OSError as exc:
        if os.path.islink(path):
            _refuse_odd_lock_file(path, dossier_path)
        raise DossierWriteError(
            f"{Path(dossier_path).name} kan niet worden vergrendeld voor schrijven "
            f"({exc.strerror}); open het alleen-lezen.") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        _refuse_odd_lock_file(path, dossier_path)
        raise DossierWriteError(f"{Path(dossier_path).name} kan niet worden vergrendeld voor schrijven; "
                                "open het alleen-lezen.")
    return fd


def _try_os_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt   # this platform's locking module only

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)   # type: ignore[attr-defined]  # Windows only
        except OSError:
            return False
        return True
    import fcntl   # this platform's locking module only

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover
        import msvcrt   # this platform's locking module only

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)   # type: ignore[attr-defined]  # Windows only
        except OSError:
            pass
        return
    import fcntl   # this platform's locking module only

    fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    if os.name == "nt":  # pragma: no cover - st_ino is reliable enough on NTFS for this check
        return True
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


class DossierLock:
    """The held lock of one dossier; ``release()`` removes the lock file."""

    def __init__(self, path: Path, fd: int, recovered_stale: bool):
        self.path = path
        self._fd: int | None = fd
        self.recovered_stale = recovered_stale

    @classmethod
    def acquire(cls, dossier_path: Path, *, take_over: bool = False) -> DossierLock:
        """Take the lock, or raise DossierInUse naming the computer and the time it was opened."""
        path = lock_path_for(dossier_path)
        for _attempt in range(20):
            fd = _open_lock_file(path, dossier_path)
            if not _try_os_lock(fd):
                owner = LockOwner.read(path)
                os.close(fd)
                raise DossierInUse(Path(dossier_path).name, owner, stale_possible=False)
            if _same_file(fd, path):
                break
            # The holder removed the file between our open and our lock: try the new one.
            _os_unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - only under a storm of openers
            raise DossierInUse(Path(dossier_path).name, None, stale_possible=False)
        try:
            owner = LockOwner.read(path)
            recovered = owner is not None
            if owner is not None and owner.host != _host() and not take_over:
                # Written on another computer: its OS lock may not reach us (network share).
                _os_unlock(fd)
                raise DossierInUse(Path(dossier_path).name, owner, stale_possible=True)
            record = {"host": _host(), "user": _user(), "pid": os.getpid(),
                      "since": dt.datetime.now().isoformat(timespec="seconds")}
            _rewrite(fd, record)
        except BaseException:
            os.close(fd)
            raise
        lock = cls(path, fd, recovered)
        lock._record = record
        return lock

    def record_file(self, fingerprint: dict[str, Any] | None, state: str, *, durable: bool) -> None:
        """Note which version of the dossier file the side files belong to (see store/sidefiles.py)."""
        if self._fd is None:
            return
        record = dict(getattr(self, "_record", {}))
        record[FILE_RECORD_KEY] = dict(fingerprint or {}, state=state)
        try:
            _rewrite(self._fd, record, durable=durable)
        except OSError:
            pass
        self._record = record

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        # Remove the file while still holding the lock, so nobody sees it unlocked but present.
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        try:
            _os_unlock(fd)
        finally:
            os.close(fd)


def _rewrite(fd: int, record: dict[str, Any], *, durable: bool = True) -> None:
    """Write the record over the old one in place: a shorter record is padded with spaces (JSON allows
    trailing white space), so no truncation — every write, and its sync, stays one small data write."""
    data = json.dumps(record).encode("utf-8")
    size = os.fstat(fd).st_size
    if len(data) < size:
        data = data.ljust(size)
    os.pwrite(fd, data, 0)
    if durable:
        getattr(os, "fdatasync", os.fsync)(fd)


def current_owner(dossier_path: Path) -> LockOwner | None:
    """Who holds the lock now (None when nobody does): for a read-only notice."""
    path = lock_path_for(dossier_path)
    if not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDWR | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return LockOwner.read(path)
    try:
        if _try_os_lock(fd):
            _os_unlock(fd)
            return None
        return LockOwner.read(path)
    finally:
        os.close(fd)
