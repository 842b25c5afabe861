"""Resource limits on everything read from outside: the table is limits.toml (Qt-free).

``value(name)`` gives the limit in force: the table's value, or a larger one
from settings.json (``"limits": {name: number}``) for the limits marked
``setting``, never above the table's ``ceiling``. ``too_large(...)`` words
the one Dutch sentence every refusal ends in.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tomllib
from importlib import resources
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from dossier_app.errors import UsageError
from dossier_app import settings


class LimitExceeded(UsageError):
    """Input over one of the limits in limits.toml (exit code 2, like other input the app refuses)."""


@functools.lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    with resources.files("dossier_app").joinpath("limits.toml").open("rb") as handle:
        return tomllib.load(handle)


# Within ``settled()``: the limits chosen in the settings, read once at its start.
_SETTLED: ContextVar[dict[str, Any] | None] = ContextVar("limits_settled", default=None)


# The limits last read from settings.json, with the file's identity and state then (path, inode, size, mtime):
# the file is read again only when it changed (settings.save replaces it: a new inode).
_LAST_READ: tuple[tuple[Any, ...], dict[str, Any]] | None = None


def _chosen() -> dict[str, Any]:
    global _LAST_READ
    try:
        path = settings.settings_file()
        state = os.stat(path)
        key: tuple[Any, ...] = (str(path), state.st_dev, state.st_ino, state.st_size, state.st_mtime_ns)
    except OSError:
        key = ()
    last = _LAST_READ
    if key and last is not None and last[0] == key:
        return last[1]
    try:
        chosen = getattr(settings.load(), "limits", {}) or {}
        chosen = dict(chosen) if isinstance(chosen, dict) else {}
    except Exception:  # noqa: BLE001 - unreadable settings: the table's values
        return {}
    if key:
        _LAST_READ = (key, chosen)
    return chosen


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """Within the block (in this thread) the settings are read once for every limit asked, not for each: an
    import asks four limits per file, and reading settings.json each time cost a quarter of a millisecond. A
    change to the settings counts from the next block on."""
    token = _SETTLED.set(_chosen())
    try:
        yield
    finally:
        _SETTLED.reset(token)


def _from_settings(name: str) -> Any:
    chosen = _SETTLED.get()
    return (chosen if chosen is not None else _chosen()).get(name)


def value(name: str) -> int:
    row = table()[name]
    default = int(row["value"])
    if not row.get("setting"):
        return default
    chosen = _from_settings(name)
    if isinstance(chosen, bool) or not isinstance(chosen, int) or chosen < 1:
        return default
    return min(int(chosen), int(row["ceiling"]))


def shown(number: int) -> str:
    """A number the Dutch way: 40.000.000."""
    return f"{number:,}".replace(",", ".")


def raise_hint(name: str) -> str:
    if table()[name].get("setting"):
        return f" (de grens staat in de instellingen als '{name}')"
    return ""


def refuse(name: str, what: str, found: int | None = None) -> LimitExceeded:
    """One Dutch sentence: what is too large, found versus the limit, and where the limit can be raised."""
    limit = value(name)
    seen = f" ({shown(found)})" if found is not None else ""
    return LimitExceeded(f"{what} is te groot om veilig te lezen{seen}: de app leest ten hoogste {shown(limit)} "
                         f"{table()[name]['shown']}{raise_hint(name)}.")


def refuse_slow(name: str, what: str) -> LimitExceeded:
    """One Dutch sentence for work stopped at a time limit: what took too long, the limit, where to raise it."""
    return LimitExceeded(f"{what} kost te veel tijd om te lezen: de app neemt ten hoogste {shown(value(name))} "
                         f"{table()[name]['shown']}{raise_hint(name)}.")


def zip_entry_count(data: bytes) -> int | None:
    """How many members a ZIP says it has, from its end record alone (before any member is read)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count = int.from_bytes(data[end + 10:end + 12], "little")
    if count == 0xFFFF:   # ZIP64: the count is in the ZIP64 end record just before
        start = data.rfind(b"PK\x06\x06", max(0, end - 4096), end)
        if start >= 0 and start + 40 <= len(data):
            count = int.from_bytes(data[start + 32:start + 40], "little")
    return count


def zip_entry_count_of_file(path: str | os.PathLike[str]) -> int | None:
    """``zip_entry_count`` of a ZIP file on disk, reading only its last 64 KiB."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 65_557))
            return zip_entry_count(handle.read())
    except OSError:
        return None
