"""Render a letter from the user's own templates in a separate process that can be stopped.

The sandbox already limits range(), ``*`` and ``**`` and the output size, but a template
can still find slow or memory-hungry paths (nested loops over long strings, filters such
as ``center`` with a huge width). A child process gets the dossier values through a pipe
(never a file), a memory cap (POSIX) and a time limit, and is killed when it runs over;
the user then reads "het sjabloon … duurt te lang / wordt te groot".
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from dossier_app.errors import DossierError, UsageError
from dossier_app.letters import limits
from dossier_app.letters.templating import _new_environment, unescape

STARTUP_SECONDS = 10.0   # on top of limits.SECONDS: starting Python and importing Jinja
# The hidden sub-command of the app's own program that runs the child (`dossier-app --sjabloon-apart`). In a
# bundle (PyInstaller) sys.executable is the app itself, not a Python that understands `-m`.
CHILD_ARGUMENT = "--sjabloon-apart"


def child_command() -> list[str]:
    """How to start the child: the bundle's own program with the hidden sub-command, or this Python with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_ARGUMENT]
    return [sys.executable, "-m", "dossier_app.letters.isolated"]


@dataclass(frozen=True)
class Job:
    """What to render: the letter template and its enclosure lines, with the values."""

    builtin: Path
    user_folder: Path | None
    template_name: str
    enclosure_texts: list[str]
    extra_enclosures: list[str]
    names: dict[str, Any]
    label: str


# Each environment's enclosure lines compiled once (Jinja compiles a string to Python on every from_string; the
# lines are the letter kinds' own, a few dozen in all). Bounded all the same: a long session never grows it.
_COMPILED: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
COMPILED_MAX = 256


def _compiled(environment: Any, text: str) -> Any:
    known = _COMPILED.setdefault(environment, {})
    template = known.get(text)
    if template is None:
        if len(known) >= COMPILED_MAX:
            known.clear()
        template = known[text] = environment.from_string(text)
    return template


def render_parts(environment: Any, job: Job, seconds: float | None = None) -> tuple[list[str], str]:
    """(enclosures, markdown), rendered with the limits, in this process."""
    try:
        enclosures = [unescape(limits.render(_compiled(environment, text), job.names, label=job.label,
                                             seconds=seconds))
                      for text in job.enclosure_texts]
        enclosures += job.extra_enclosures
        markdown = limits.render(environment.get_template(job.template_name), dict(job.names, bijlagen=enclosures),
                                 label=job.label, seconds=seconds)
    except TemplateError as exc:
        raise DossierError(f"Het sjabloon {job.label} bevat een fout: {exc.message}") from None
    except DossierError:
        raise
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # A template is code: "a" + 1 or 1 / 0 is its own error, told as such (never the values).
        raise DossierError(f"Het sjabloon {job.label} bevat een fout ({type(exc).__name__}).") from None
    return enclosures, markdown


_ERRORS = {cls.__name__: cls for cls in (limits.TemplateTooSlow, limits.TemplateTooLarge,
                                          limits.TemplateOutsideFolder, UsageError, DossierError)}


def render_isolated(job: Job, seconds: float | None = None) -> tuple[list[str], str]:
    """The same as render_parts, in a child process that is stopped at the time limit."""
    seconds = limits.SECONDS if seconds is None else seconds
    payload = pickle.dumps((job, seconds))
    environment = {key: value for key, value in os.environ.items()
                   if key in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT", "TMPDIR", "TEMP")}
    try:
        result = subprocess.run(child_command(), input=payload,
                                capture_output=True, timeout=seconds + STARTUP_SECONDS, env=environment)
    except subprocess.TimeoutExpired:
        raise limits.too_slow(job.label) from None
    except OSError:
        raise DossierError(f"Het sjabloon {job.label} kon niet apart worden gemaakt: het hulpproces van de app "
                           "start niet. Installeer de app opnieuw.") from None
    try:
        answer = json.loads(result.stdout.decode("utf-8"))
    except ValueError:
        # Never show its output (it may hold dossier text). Killed (a signal) or out of memory: too large;
        # any other ending means the child could not start, which is not the template's fault.
        if result.returncode < 0 or b"MemoryError" in result.stderr:
            raise limits.too_large(job.label) from None
        raise DossierError(f"Het sjabloon {job.label} kon niet apart worden gemaakt: het hulpproces van de app "
                           "start niet. Installeer de app opnieuw.") from None
    if answer.get("ok"):
        return list(answer["enclosures"]), answer["markdown"]
    raise _ERRORS.get(answer.get("error"), DossierError)(str(answer.get("message", "")))


def run_child() -> int:
    """The child: read the job from stdin, answer one line of JSON on stdout."""
    if hasattr(os, "fork"):
        import resource  # POSIX only

        try:
            resource.setrlimit(resource.RLIMIT_AS, (limits.MEMORY_BYTES, limits.MEMORY_BYTES))
        except (ValueError, OSError):
            pass
    job, seconds = pickle.loads(sys.stdin.buffer.read())

    try:
        environment = _new_environment(job.builtin, job.user_folder)
        enclosures, markdown = render_parts(environment, job, seconds)
        answer = {"ok": True, "enclosures": enclosures, "markdown": markdown}
    except DossierError as exc:
        answer = {"ok": False, "error": type(exc).__name__ if type(exc).__name__ in _ERRORS else "DossierError",
                  "message": str(exc)}
    except MemoryError:
        answer = {"ok": False, "error": "TemplateTooLarge", "message": str(limits.too_large(job.label))}
    except Exception as exc:  # noqa: BLE001 - one Dutch line back, never a traceback with values
        answer = {"ok": False, "error": "DossierError",
                  "message": f"Het sjabloon {job.label} kon niet worden gebruikt ({type(exc).__name__})."}
    sys.stdout.write(json.dumps(answer, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(run_child())
