"""What every command shares: the Dutch argument parser, output, passphrases, unlocking."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dossier_app.cli.lazy import service
from dossier_app.dutch import parse_date
from dossier_app.errors import DossierInUse, KeychainUnavailable, UsageError, WrongPassphrase

if TYPE_CHECKING:
    from dossier_app.services.session import DossierSession

keys, outputs, sessions = service("keys"), service("outputs"), service("session")

PASSPHRASE_ENV = "DOSSIER_PASSPHRASE"
NEW_PASSPHRASE_ENV = "DOSSIER_NEW_PASSPHRASE"


class DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        raise UsageError(f"Ongeldige opdracht: {message}. Zie 'dossier-app --help'.")


def date_argument(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{_shown(text)}' is geen geldige datum (gebruik bijvoorbeeld "
                                         "14-12-2026)") from None


MAX_NUMBER = 2**63 - 1   # the largest number SQLite stores
MAX_WEEKS = 520          # ten years: more than any verdaging or uitstel in practice


def number_argument(text: str) -> int:
    """The number of an item, traject, letter, …: a whole number from 1."""
    value = _whole_number(text)
    if not 1 <= value <= MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"'{_shown(text)}' is geen geldig nummer (een heel getal vanaf 1)")
    return value


def weeks_argument(text: str) -> int:
    """A number of weeks (verdaging, uitstel): 0 to MAX_WEEKS."""
    value = _whole_number(text)
    if not 0 <= value <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"'{_shown(text)}' weken kan niet (van 0 tot en met {MAX_WEEKS})")
    return value


def _whole_number(text: str) -> int:
    stripped = text.strip()
    if not stripped or len(stripped) > 25 or not stripped.lstrip("-").isascii() or not stripped.lstrip("-").isdigit():
        raise argparse.ArgumentTypeError(f"'{_shown(text)}' is geen heel getal")
    return int(stripped)


def _shown(text: str, limit: int = 40) -> str:
    """An argument as it may be printed: no control characters or lone surrogates, not too long."""
    cleaned = "".join(ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else "\ufffd" for ch in text)
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


def say(message: str = "") -> None:
    _print(message, sys.stdout)


def warn(message: str) -> None:
    _print(message, sys.stderr)


def _print(message: str, stream) -> None:
    """Print, also when the text holds characters the terminal cannot show (a file name with
    undecodable bytes): those are shown as escapes instead of stopping the command."""
    try:
        print(message, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        print(message.encode(encoding, "backslashreplace").decode(encoding), file=stream)


def print_json(data) -> None:
    say(json.dumps(data, ensure_ascii=False, indent=2))


def require_new_file(path: Path) -> Path:
    """Refuse to overwrite: every command that writes a file writes a new one (services.outputs)."""
    return outputs.check_output(Path(path), overwrite=False)


# -- passphrases -------------------------------------------------------------------
def read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        raise UsageError(f"Het wachtwoordbestand {path} kan niet worden gelezen.") from None
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise UsageError(f"Het wachtwoordbestand {path} is leeg.")
    return passphrase


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def take_from_environment(args, name: str) -> str | None:
    """Read a passphrase variable once (per command) and remove it from this process's
    environment, so no helper program (LibreOffice, a crash reporter) ever inherits it."""
    slot = "_taken_" + name
    if slot not in vars(args):
        setattr(args, slot, os.environ.pop(name, None))
    return getattr(args, slot) or None


def given_passphrase(args) -> str | None:
    if getattr(args, "passphrase_file", None):
        return read_passphrase_file(args.passphrase_file)
    return take_from_environment(args, PASSPHRASE_ENV)


def new_passphrase(args, *, file_attr="passphrase_file", env=PASSPHRASE_ENV) -> str:
    """A passphrase for a new dossier (or a new passphrase): file, env, or asked twice."""
    if getattr(args, file_attr, None):
        return read_passphrase_file(getattr(args, file_attr))
    taken = take_from_environment(args, env)
    if taken:
        return taken
    if not interactive():
        raise UsageError(f"Geen wachtwoord opgegeven: gebruik --passphrase-file of de variabele {env}.")
    first = getpass.getpass("Nieuw wachtwoord: ")
    second = getpass.getpass("Herhaal het wachtwoord: ")
    if first != second:
        raise UsageError("De twee wachtwoorden zijn niet gelijk; er is niets gewijzigd.")
    return first


def _take_over(args, session: DossierSession) -> bool:
    """--overnemen: say what it does before doing it. Only a lock written by another computer (or
    left by a process that is gone) is taken over; a live process on this computer keeps its lock."""
    if not getattr(args, "take_over", False) or getattr(args, "read_only", False):
        return False
    owner = sessions.recorded_lock_owner(session.path)
    if owner is not None and owner.host and owner.host != sessions.this_host():
        since = f" sinds {owner.since.replace('T', ' ')}" if owner.since else ""
        warn(f"{session.path.name} staat nog als geopend op {owner.host}{since}. Deze computer neemt het nu "
             "over; is het daar toch nog open, sluit het daar dan zonder op te slaan.")
    return True


def unlock(args, session: DossierSession) -> DossierSession:
    """--passphrase-file, else $DOSSIER_PASSPHRASE, else the keychain, else a prompt."""
    read_only = bool(getattr(args, "read_only", False))
    try:
        return _unlock(args, session, read_only)
    except DossierInUse as exc:
        if exc.stale_possible and not getattr(args, "take_over", False):
            exc.with_hint(" Gebruik daarvoor --overnemen.")
        raise


def _unlock(args, session: DossierSession, read_only: bool) -> DossierSession:
    take_over = _take_over(args, session)
    given = given_passphrase(args)
    if given is not None:
        session.unlock(given, read_only=read_only, take_over_lock=take_over)
        return session
    try:
        remembered = keys.remembered_key(session.path)
    except KeychainUnavailable as exc:
        remembered = None
        if interactive():
            warn(str(exc))
    if remembered is not None:
        try:
            session.unlock_with_key(remembered, read_only=read_only, take_over_lock=take_over)
            return session
        except WrongPassphrase:
            warn("De onthouden sleutel voor dit dossier klopt niet meer; voer het wachtwoord in.")
    if not interactive():
        raise UsageError(
            f"Geen wachtwoord opgegeven: gebruik --passphrase-file of de variabele {PASSPHRASE_ENV}.")
    session.unlock(getpass.getpass(f"Wachtwoord voor {session.path.name}: "), read_only=read_only,
                   take_over_lock=take_over)
    return session


def open_session(args, path) -> DossierSession:
    """The dossier at ``path``, unlocked (use it in a ``with`` block); tells why it is read-only."""
    opened = unlock(args, sessions.DossierSession(Path(path)))
    if opened.read_only_reason:
        warn(opened.read_only_reason)
    if opened.side_file_notice:
        warn(opened.side_file_notice)
    return opened
