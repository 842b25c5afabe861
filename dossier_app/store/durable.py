"""Making a written file, or a rename in a folder, survive a crash or power loss (fsync)."""

from __future__ import annotations

import os
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
