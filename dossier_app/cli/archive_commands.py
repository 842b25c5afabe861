"""Open export: `export` (the whole dossier as a readable archive) and `import-archive` (into a new dossier)."""

from __future__ import annotations

import getpass
from pathlib import Path

from dossier_app.errors import UsageError
from dossier_app.cli.lazy import service
from dossier_app.cli.common import (
    read_passphrase_file, interactive, new_passphrase, open_session, require_new_file, say,
    take_from_environment, warn,
)

archive = service("archive")

ARCHIVE_PASSPHRASE_ENV = "DOSSIER_ARCHIVE_PASSPHRASE"

PLAIN_WARNING = ("Let op: dit archief wordt NIET versleuteld. Iedereen die het bestand krijgt of vindt, kan alles "
                 "lezen: gesprekken, brieven, bijlagen en het BSN. Bewaar het alleen op een plek die u vertrouwt "
                 "en verwijder het als u het niet meer nodig hebt.")


def _archive_passphrase(args, *, twice: bool) -> str:
    if getattr(args, "archive_passphrase_file", None):
        return read_passphrase_file(args.archive_passphrase_file)
    taken = take_from_environment(args, ARCHIVE_PASSPHRASE_ENV)
    if taken:
        return taken
    if not interactive():
        raise UsageError("Geen wachtwoord voor het archief opgegeven: gebruik --archive-passphrase-file of "
                         f"de variabele {ARCHIVE_PASSPHRASE_ENV}.")
    first = getpass.getpass("Wachtwoord voor het archief: ")
    if twice:
        if getpass.getpass("Herhaal het wachtwoord voor het archief: ") != first:
            raise UsageError("De twee wachtwoorden zijn niet gelijk; er is niets gemaakt.")
    return first


def cmd_export(args) -> int:
    out = require_new_file(Path(args.out))
    with open_session(args, args.path) as opened:    # first the dossier's passphrase, then the archive's
        if args.onversleuteld:
            warn(PLAIN_WARNING)
            passphrase = None
        else:
            passphrase = _archive_passphrase(args, twice=True)
            archive.check_archive_passphrase(passphrase)
        result = archive.export_archive(opened, out, passphrase=passphrase, plain=args.onversleuteld)
    how = "versleuteld (AES-256)" if result.encrypted else "ONVERSLEUTELD"
    say(f"Het dossier is {how} geëxporteerd naar {result.path}, met {result.attachments} "
        f"bijlage{'n' if result.attachments != 1 else ''}.")
    return 0


def cmd_import_archive(args) -> int:
    out = require_new_file(Path(args.out))
    info = archive.inspect_archive(Path(args.file))
    archive_passphrase = _archive_passphrase(args, twice=False) if info.encrypted else None
    passphrase = new_passphrase(args)
    archive.import_archive(Path(args.file), out, passphrase, archive_passphrase=archive_passphrase)
    say(f"Het archief is ingelezen als nieuw dossier {out}; het opent met het nieuwe wachtwoord.")
    return 0


def add_commands(command) -> None:
    sub = command("export", cmd_export, "Exporteer het hele dossier als leesbaar archief (JSON en bijlagen, "
                  "standaard versleuteld met een eigen wachtwoord; zie docs/EXPORT.md).")
    sub.add_argument("--out", required=True, help="het archief dat wordt gemaakt (bijvoorbeeld gezin-export.zip)")
    sub.add_argument("--archive-passphrase-file",
                     help=f"bestand met het wachtwoord voor het archief (of de variabele {ARCHIVE_PASSPHRASE_ENV})")
    sub.add_argument("--onversleuteld", action="store_true",
                     help="maak het archief zonder versleuteling (iedereen met het bestand kan het lezen)")
    sub = command("import-archive", cmd_import_archive, "Lees een archief (van export, of zelf gemaakt volgens "
                  "docs/EXPORT.md) in als nieuw dossier.", dossier=False)
    sub.add_argument("file", help="het archief (.zip)")
    sub.add_argument("--out", required=True, help="het nieuwe dossierbestand (eindigt op .dossier)")
    sub.add_argument("--archive-passphrase-file",
                     help=f"bestand met het wachtwoord van het archief (of de variabele {ARCHIVE_PASSPHRASE_ENV})")
