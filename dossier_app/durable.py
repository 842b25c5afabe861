"""Making a written file, or a rename in a folder, survive a crash or power loss (fsync).

Used by every layer that writes files: the store, the recovery sidecar (security)
and the outputs the user saves (services)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries (POSIX only: Windows cannot open a folder to flush it)."""
    if os.name != "posix" and Path(path).is_dir():
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` readable by the owner only, atomically (temp file + rename) and
    durably (the file and then its folder flushed). A partial file never stays behind."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.deel")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    fsync_path(target.parent)
