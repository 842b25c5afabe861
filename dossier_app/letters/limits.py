"""Limits for rendering templates: how long, how large, and which files they may read.

A template from the user's own folder is code written by someone else (a helper, a
download): it may loop for ever, build a gigabyte string, or include a file through a
link. Built-in templates get the same sandbox limits; user templates are also rendered
in a separate process that is stopped when it takes too long or needs too much memory
(see ``isolated.py``).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier_app.errors import UsageError

SECONDS = 10.0               # a letter renders in well under a second
MAX_OUTPUT_CHARS = 20_000_000  # a letter with a 1 MB answer is about 1.3 million characters
MAX_RANGE = 10_000           # range() in a template
MAX_POWER_BITS = 10_000      # 2 ** 10000 is fine, 10 ** 10 ** 9 is not
MEMORY_BYTES = 1_500_000_000  # address space of the separate rendering process (POSIX)

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("template_deadline", default=None)


class TemplateTooSlow(UsageError):
    """A template ran past its time limit; nothing was written."""


class TemplateTooLarge(UsageError):
    """A template's output (or a value it builds) passed the size limit; nothing was written."""


class TemplateOutsideFolder(UsageError):
    """An include or import that would leave the template folder (a link, or ``..``)."""


def too_slow(name: str) -> TemplateTooSlow:
    return TemplateTooSlow(f"Het sjabloon {name} duurt te lang (meer dan {SECONDS:g} seconden) en is gestopt. "
                           "Er is niets opgeslagen; controleer de lussen in het sjabloon.")


def too_large(name: str) -> TemplateTooLarge:
    return TemplateTooLarge(f"Het sjabloon {name} wordt te groot en is gestopt. Er is niets opgeslagen; "
                            "controleer het sjabloon.")


@contextlib.contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """While rendering: loops over range() and every output chunk check this deadline."""
    token = _deadline.set(time.monotonic() + (SECONDS if seconds is None else seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise _Stopped("tijd")


class _Stopped(Exception):
    """Raised inside the template; turned into TemplateTooSlow/TemplateTooLarge with the template's name."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _LimitedRange:
    """range() for templates: at most MAX_RANGE numbers, and it stops at the deadline."""

    def __init__(self, *args: int) -> None:
        self._numbers = range(*args)
        if len(self._numbers) > MAX_RANGE:
            raise _Stopped("tijd")

    def __len__(self) -> int:
        return len(self._numbers)

    def __iter__(self) -> Iterator[int]:
        for number in self._numbers:
            check_time()
            yield number


def limited_range(*args: int) -> _LimitedRange:
    return _LimitedRange(*args)


def checked_binop(operator: str, left: Any, right: Any) -> Any:
    """``*`` and ``**`` in a template, without building huge strings, lists or numbers."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
                if len(sequence) * max(times, 0) > MAX_OUTPUT_CHARS:
                    raise _Stopped("grootte")
        return left * right
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if abs(left).bit_length() * right > MAX_POWER_BITS:
                raise _Stopped("grootte")
        return left ** right
    raise ValueError(operator)  # pragma: no cover - only * and ** are intercepted


def render(template: Any, names: dict[str, Any], *, label: str, seconds: float | None = None) -> str:
    """Render with the time and size limits; a stopped template raises a clear Dutch error."""
    parts: list[str] = []
    size = 0
    try:
        with time_limit(seconds):
            for chunk in template.generate(**names):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise _Stopped("grootte")
                parts.append(chunk)
                check_time()
    except _Stopped as stop:
        raise (too_slow(label) if stop.reason == "tijd" else too_large(label)) from None
    except (MemoryError, OverflowError):
        raise too_large(label) from None
    except RecursionError:
        raise TemplateTooLarge(f"Het sjabloon {label} roept zichzelf eindeloos aan en is gestopt. "
                               "Er is niets opgeslagen.") from None
    return "".join(parts)


def confined(root: Path, filename: str) -> None:
    """Refuse a template file that lies outside ``root`` once links are followed."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(filename)
    if os.path.commonpath([real_root, real]) != real_root:
        raise TemplateOutsideFolder(
            f"Het sjabloon {Path(filename).name} verwijst naar een bestand buiten de sjablonenmap "
            "(via een snelkoppeling of '..'); dat wordt niet gelezen.")
