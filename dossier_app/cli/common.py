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
from dossier_app.errors import KeychainUnavailable, UsageError, WrongPassphrase

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
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def say(message: str = "") -> None:
    print(message)


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def print_json(data) -> None:
    say(json.dumps(data, ensure_ascii=False, indent=2))


def require_new_file(path: Path) -> Path:
    """Refuse to overwrite: every command that writes a file writes a new one (services.outputs)."""
    return outputs.check_output(Path(path), overwrite=False)


# -- passphrases -------------------------------------------------------------------
def _read_passphrase_file(path: str) -> str:
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
        return _read_passphrase_file(args.passphrase_file)
    return take_from_environment(args, PASSPHRASE_ENV)


def new_passphrase(args, *, file_attr="passphrase_file", env=PASSPHRASE_ENV) -> str:
    """A passphrase for a new dossier (or a new passphrase): file, env, or asked twice."""
    if getattr(args, file_attr, None):
        return _read_passphrase_file(getattr(args, file_attr))
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


def unlock(args, session: DossierSession) -> DossierSession:
    """--passphrase-file, else $DOSSIER_PASSPHRASE, else the keychain, else a prompt."""
    read_only = bool(getattr(args, "read_only", False))
    given = given_passphrase(args)
    if given is not None:
        session.unlock(given, read_only=read_only)
        return session
    try:
        remembered = keys.remembered_key(session.path)
    except KeychainUnavailable as exc:
        remembered = None
        if interactive():
            warn(str(exc))
    if remembered is not None:
        try:
            session.unlock_with_key(remembered, read_only=read_only)
            return session
        except WrongPassphrase:
            warn("De onthouden sleutel voor dit dossier klopt niet meer; voer het wachtwoord in.")
    if not interactive():
        raise UsageError(
            f"Geen wachtwoord opgegeven: gebruik --passphrase-file of de variabele {PASSPHRASE_ENV}.")
    session.unlock(getpass.getpass(f"Wachtwoord voor {session.path.name}: "), read_only=read_only)
    return session


def open_session(args, path) -> DossierSession:
    """The dossier at ``path``, unlocked (use it in a ``with`` block); tells why it is read-only."""
    opened = unlock(args, sessions.DossierSession(Path(path)))
    if opened.read_only_reason:
        warn(opened.read_only_reason)
    return opened
