"""The resource limits a user may raise (Instellingen → Grenzen): which ones, in force now, and saving them.

The table is ``dossier_app/limits.toml`` (rows with ``setting = true``); what is chosen is kept in
settings.json under ``limits`` and read by ``limits.value`` at every check, so a saved value applies to
the next file read. Byte limits are shown and chosen in MB. A value is never above the row's ceiling
and never below 1; a value equal to the table's is not stored (a later version may change the default).
"""

from __future__ import annotations

from dataclasses import dataclass

from dossier_app import limits, settings
from dossier_app.errors import UsageError

MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class LimitSetting:
    name: str            # the key in limits.toml and settings.json
    label: str           # what is counted, in Dutch ("pagina's per PDF")
    explanation: str     # when a user needs more, in Dutch
    value: int           # in force now (in MB for byte limits)
    default: int         # the table's value (same unit)
    ceiling: int         # the most it can be (same unit)
    unit: str            # '' or 'MB'


def shown(number: int) -> str:
    """A number the Dutch way (40.000.000), as the refusals show it."""
    return limits.shown(number)


def _in_mb(name: str) -> bool:
    return name.endswith("_bytes")


def adjustable() -> list[LimitSetting]:
    """Every limit a user may change, in the order of limits.toml."""
    rows = []
    for name, row in limits.table().items():
        if not row.get("setting"):
            continue
        scale = MEGABYTE if _in_mb(name) else 1
        label = str(row["shown"]).replace("bytes ", "MB ", 1) if _in_mb(name) else str(row["shown"])
        rows.append(LimitSetting(name, label, str(row.get("uitleg", "")), limits.value(name) // scale,
                                 int(row["value"]) // scale, int(row["ceiling"]) // scale,
                                 "MB" if _in_mb(name) else ""))
    return rows


def save(chosen: dict[str, int]) -> dict[str, int]:
    """Keep the chosen values (in the units of ``adjustable``); names not given keep what they had.
    Returns what settings.json now holds under ``limits`` (a window's own copy of the settings takes it)."""
    known = {item.name: item for item in adjustable()}
    current = settings.load()
    kept = dict(current.limits) if isinstance(current.limits, dict) else {}
    for name, number in chosen.items():
        item = known.get(name)
        if item is None:
            raise UsageError(f"'{name}' is geen grens die u kunt instellen.")
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= item.ceiling:
            raise UsageError(f"De grens voor {item.label} moet tussen 1 en {limits.shown(item.ceiling)} liggen.")
        if number == item.default:
            kept.pop(name, None)
        else:
            kept[name] = number * (MEGABYTE if _in_mb(name) else 1)
    current.limits = kept
    settings.save(current)
    return dict(kept)
