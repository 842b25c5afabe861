"""A content-free, rotating log of errors (Qt-free), for a user to send when something goes wrong.

Only the kind of error and where in the program it happened are written:
never the error's message (it may quote dossier content), never variables,
never a dossier's folder (at most a file name).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path

import platformdirs

from dossier_app import APP_NAME

LOG_ENV = "GEZINSDOSSIER_LOGS"
LOG_NAME = "gezinsdossier.log"
LOGGER = "gezinsdossier"
MAX_BYTES = 256 * 1024
KEEP = 3

log = logging.getLogger(LOGGER)


def log_dir() -> Path:
    if os.environ.get(LOG_ENV):
        return Path(os.environ[LOG_ENV])
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


_QUOTED_BYTES = re.compile(r"b'(?:[^'\\]|\\.)*'" + r'|b"(?:[^"\\]|\\.)*"')


def without_quoted_bytes(record: logging.LogRecord) -> bool:
    """A library's log line without the bytes of the file it quotes (``b'...'``): no content in the log."""
    record.msg = _QUOTED_BYTES.sub("b'…'", record.getMessage())
    record.args = ()
    return True


def setup() -> Path:
    """Attach the rotating file handler once; returns the log file."""
    path = log_file()
    if any(handler.get_name() == LOGGER for handler in log.handlers):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    handler.set_name(LOGGER)            # ours: setup() twice attaches it once
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # pypdf's remarks on odd PDFs go to this log (never to stderr), without the bytes they quote.
    pdf_log = logging.getLogger("pypdf")
    pdf_log.addHandler(handler)
    pdf_log.addFilter(without_quoted_bytes)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path


def _where(tb) -> str:
    """'module.py:12 in function' for each frame, without source lines or values."""
    frames = traceback.extract_tb(tb)
    return " <- ".join(f"{_short(frame.filename)}:{frame.lineno} in {frame.name}" for frame in reversed(frames))


def _short(filename: str) -> str:
    parts = Path(filename).parts
    if "dossier_app" in parts:
        return "/".join(parts[parts.index("dossier_app"):])
    return Path(filename).name


def record_error(exc: BaseException, context: str = "") -> None:
    """Write the error's kind and its frames; ``context`` is a fixed text such as 'export'."""
    where = _where(exc.__traceback__) if exc.__traceback__ else "?"
    log.error("%s%s at %s", f"{context}: " if context else "", type(exc).__name__, where)
