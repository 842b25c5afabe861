"""The recovery key and its printable sheet (herstelblad): make, print, and unlock with it.

A recovery key opens this dossier file when the passphrase is forgotten and
then sets a new passphrase. It is shown once (the dossier keeps only a key
derived from it); ``NAME.dossier.herstel`` next to the dossier holds the
dossier key encrypted under it. See docs/SECURITY.md, "Herstelsleutel".
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier_app import paths
from dossier_app.errors import DamagedDossier, DossierError, ReadOnlyDossier, WrongPassphrase
from dossier_app.security import keys as key_rules
from dossier_app.security import recovery as core
from dossier_app.services import keys, outputs
from dossier_app.services.sidecar import MADE_ON_ROW, WRAP_KEY_ROW, recovery_wrap_key
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store.database import translate_errors
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import DossierInfo

SIDECAR_SUFFIX = core.SIDECAR_SUFFIX
RecoveryKeyMistyped = core.RecoveryKeyMistyped
WrongRecoveryKey = core.WrongRecoveryKey
RecoveryFileMissing = core.RecoveryFileMissing


@dataclass(frozen=True)
class RecoverySheet:
    """What the herstelblad shows. ``key`` exists only here, once."""

    key: str                                   # nine groups of four, separated by spaces
    groups: tuple[str, ...]
    dossier_name: str
    file_name: str
    made_on: dt.date
    replaced_earlier: bool                     # an older sheet of this dossier no longer works
    qr: tuple[tuple[bool, ...], ...]           # the QR code's modules (dark = True), quiet zone included

    @property
    def qr_text(self) -> str:
        return "-".join(self.groups)


def sheet_texts() -> dict[str, Any]:
    """The sheet's Dutch texts (``templates/herstelblad.toml``), for the PDF and the dialog alike."""
    with open(paths.templates_dir() / "herstelblad.toml", "rb") as handle:
        return tomllib.load(handle)


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    return core.sidecar_path(Path(path))


@needs_open
def has_recovery_key(session: DossierSession) -> bool:
    return recovery_wrap_key() is not None


@needs_open
def made_on(session: DossierSession) -> dt.date | None:
    row = DossierInfo.get_or_none(DossierInfo.key == MADE_ON_ROW)
    try:
        return dt.date.fromisoformat(row.value) if row else None
    except ValueError:
        return None


def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    import segno

    code = segno.make(text, error="m", micro=False)
    return tuple(tuple(bool(cell) for cell in row) for row in code.matrix_iter(scale=1, border=4))


@needs_open
def make_recovery_key(session: DossierSession, *, today: dt.date | None = None) -> RecoverySheet:
    """A new recovery key for this dossier; an earlier one stops working. Show the result once.

    The sidecar is written first and the dossier's row after it: a crash in
    between leaves the earlier key working (the next unlock puts it back)."""
    dossier = store_handle(session)
    if dossier.read_only:
        raise ReadOnlyDossier("Het dossier is alleen-lezen geopend; een herstelblad maken kan nu niet.")
    replaced = recovery_wrap_key() is not None
    raw = core.new_recovery_key()
    wrap_key = core.wrapping_key(raw)
    today = today or dt.date.today()
    core.write_sidecar(dossier.path, wrap_key, [(dossier.salt, dossier.key)])
    with dossier.db.atomic():
        DossierInfo.insert(key=WRAP_KEY_ROW, value=wrap_key.hex()).on_conflict_replace().execute()
        DossierInfo.insert(key=MADE_ON_ROW, value=today.isoformat()).on_conflict_replace().execute()
    groups = tuple(core.groups(raw))
    return RecoverySheet(key=" ".join(groups), groups=groups, dossier_name=dossier.name,
                         file_name=dossier.path.name, made_on=today, replaced_earlier=replaced,
                         qr=qr_modules("-".join(groups)))


def write_sheet_pdf(sheet: RecoverySheet, target: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """The herstelblad as a PDF at ``target`` (owner-only; never over a dossier; OutputExists → ask)."""
    from dossier_app.security.recovery_sheet import render_pdf

    target = outputs.check_output(Path(target), overwrite=overwrite)
    data = render_pdf(sheet_texts(), key_groups=list(sheet.groups), qr=sheet.qr, dossier_name=sheet.dossier_name,
                      file_name=sheet.file_name, made_on=sheet.made_on.strftime("%d-%m-%Y"))
    outputs.write_private_atomic(target, data)
    return target


# -- unlocking with the recovery key -----------------------------------------------------------
def sidecar_problem(path: str | os.PathLike[str]) -> str:
    """What stands in the way before any key is typed ('' when the recovery file is there and readable)."""
    try:
        core.read_sidecar(Path(path))
    except DossierError as exc:
        return str(exc)
    return ""


def check_key_and_file(path: str | os.PathLike[str], recovery_key: str) -> None:
    """Read-only check before asking for a new passphrase: the key as typed, the sidecar, the key
    against this dossier. Raises what ``recover`` would; changes nothing."""
    path = Path(path)
    raw = core.parse_key(recovery_key)
    with translate_errors():
        salt = Dossier.read_salt(path)
    core.unwrap(core.read_sidecar(path), raw, salt, path.name)


def recover(session: DossierSession, recovery_key: str, new_passphrase: str) -> list[str]:
    """Unlock ``session`` with the recovery key and set ``new_passphrase`` (slow: off the GUI thread).

    Everything is checked before anything changes: the key as typed
    (RecoveryKeyMistyped), the sidecar (RecoveryFileMissing, DamagedDossier),
    the key against this dossier (WrongRecoveryKey), the new passphrase. On
    success the session stays open; the notes are for the user."""
    raw = core.parse_key(recovery_key)
    key_rules.check_new_passphrase(new_passphrase)
    path = session.path
    salt = Dossier.read_salt(path)
    db_key = core.unwrap(core.read_sidecar(path), raw, salt, path.name)
    try:
        session.unlock_with_key(db_key)
    except WrongPassphrase:
        raise DamagedDossier(f"Het herstelbestand past niet bij {path.name}; er is niets gewijzigd.") from None
    try:
        notes = keys.change_passphrase(session, new_passphrase)
    except BaseException:
        session.lock()
        raise
    return ["Uw herstelblad blijft werken. Denkt u dat iemand anders het heeft gezien, maak dan een nieuw "
            "herstelblad."] + notes
