"""Making a written file, or a rename in a folder, survive a crash or power loss (fsync).

Used by every layer that writes files: the store, the recovery sidecar (security)
and the outputs the user saves (services)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import BinaryIO
import time
import uuid
from pathlib import Path

# Linux: a file opened with O_TMPFILE has no name until it is linked in, so a crash (kill -9, power)
# leaves nothing behind. Elsewhere, or on a file system without it, a hidden ``.NAME.xxxxxxxx.deel``.
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
PARTIAL_SUFFIX = ".deel"


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries (POSIX only: Windows cannot open a folder to flush it)."""
    if os.name != "posix" and Path(path).is_dir():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def partial_name(target: Path) -> Path:
    """The hidden name an output has while it is written, where it cannot be written without one."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")


def _unnamed_file(folder: Path) -> int:
    """A private file without a name in ``folder`` (Linux O_TMPFILE), or -1 where that is not possible."""
    if not _O_TMPFILE or not os.path.isdir("/proc/self/fd"):
        return -1
    try:
        return os.open(folder, _O_TMPFILE | os.O_RDWR, 0o600)
    except OSError:   # this file system cannot (e.g. some network and FUSE file systems)
        return -1


def _link_in(fd: int, target: Path) -> None:
    """Give the unnamed file ``fd`` the name ``target`` (replacing a file the caller agreed to overwrite)."""
    source = f"/proc/self/fd/{fd}"
    # linkat(…, AT_SYMLINK_FOLLOW) through /proc: Python only calls linkat (not link, which would link the
    # /proc entry itself) when a dir_fd is given.
    folder = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            os.link(source, target.name, dst_dir_fd=folder, follow_symlinks=True)
            return
        except FileExistsError:
            pass
        temporary = partial_name(target)     # complete and flushed already: only for the moment of the rename
        os.link(source, temporary.name, dst_dir_fd=folder, follow_symlinks=True)
        try:
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    finally:
        os.close(folder)


@contextlib.contextmanager
def private_new_file(target: Path) -> Iterator[BinaryIO]:
    """A binary handle (``w+b``, owner only) whose bytes become ``target`` only when the block ends
    without an error, flushed to disk. Until then the file has no name where the OS allows it (Linux
    O_TMPFILE), so a crash leaves no plaintext behind; elsewhere it is a hidden ``.NAME.xxxxxxxx.deel``,
    held with an OS lock while it is written, that the next start of the app removes (see
    ``services/housekeeping``). Raise in the block to discard everything."""
    target = Path(target)
    fd = _unnamed_file(target.parent)
    partial = None
    if fd < 0:
        partial = partial_name(target)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        hold_fd(fd)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if partial is None:
                _link_in(handle.fileno(), target)
            else:
                os.replace(partial, target)
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)
    fsync_path(target.parent)


def write_private_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` readable by the owner only, atomically and durably (the file and then
    its folder flushed). A partial file never stays behind (``private_new_file``)."""
    with private_new_file(target) as handle:
        handle.write(data)


# -- work files and folders: "in use" is an OS lock, so a crashed writer's debris is recognised at once --
def hold_fd(fd: int) -> None:
    """Mark an open file or folder as in use by this process (an OS lock the OS drops when it dies)."""
    try:
        import fcntl
    except ImportError:   # Windows: the sweep goes by age there
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pass


_held_folders: dict[str, int] = {}


def new_work_folder(prefix: str, parent: Path) -> Path:
    """A private work folder ``parent/PREFIXxxxx``, marked as in use until ``remove_work_folder``."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return folder
    hold_fd(fd)
    _held_folders[str(folder)] = fd
    return folder


def remove_work_folder(folder: Path) -> None:
    """Remove a work folder of ``new_work_folder`` (errors ignored) and let go of it."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    fd = _held_folders.pop(str(folder), None)
    if fd is not None:
        os.close(fd)


def abandoned(path: Path, *, min_age: float) -> bool:
    """Whether a work file or folder is debris: nobody holds it (its writer died), or — where in use
    cannot be asked (Windows) — it is older than ``min_age`` seconds."""
    try:
        import fcntl
    except ImportError:
        try:
            return time.time() - os.lstat(path).st_mtime >= min_age
        except OSError:
            return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False        # held: work in progress
    finally:
        os.close(fd)        # closing drops our own lock again
    return True
