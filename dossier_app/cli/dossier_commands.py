"""Commands on the dossier itself: create, demo, notes, search, backups, passphrase, keychain, attachments."""

from __future__ import annotations

import getpass
from pathlib import Path

from dossier_app.errors import KeychainUnavailable, UsageError
from dossier_app.cli.lazy import service
from dossier_app.cli.common import (
    NEW_PASSPHRASE_ENV, date_argument, given_passphrase, interactive, new_passphrase, number_argument,
    open_session, print_json, require_new_file, say, take_from_environment, unlock, warn,
)

RECOVERY_KEY_ENV = "DOSSIER_RECOVERY_KEY"

attachments, backups, keys, recovery, search, session, timeline = (
    service(name) for name in ("attachments", "backups", "keys", "recovery", "search", "session", "timeline"))
external_tools = service("external_tools")
integrity = service("integrity")


def cmd_init(args) -> int:
    path = Path(args.path)
    sheet_file = require_new_file(Path(args.herstelblad)) if args.herstelblad else None
    opened = session.create_dossier(path, new_passphrase(args), name=args.name)
    with opened:
        sheet = recovery.make_recovery_key(opened)
        if args.remember:
            try:
                keys.remember_key(opened)
                say("De sleutel is bewaard in de sleutelhanger van deze computer.")
            except KeychainUnavailable as exc:
                warn(str(exc))
    say(f"Dossier {path} is aangemaakt en versleuteld.")
    _give_sheet(sheet, sheet_file)
    return 0


def _give_sheet(sheet, sheet_file: Path | None) -> None:
    """The recovery key, once: as a PDF to print, or on the screen."""
    if sheet_file is not None:
        try:
            recovery.write_sheet_pdf(sheet, sheet_file)
        except Exception:
            warn("Het herstelblad kon niet worden geschreven; hier is de herstelsleutel:")
        else:
            say(f"Het herstelblad staat in {sheet_file}. Druk het af, bewaar het veilig (bijvoorbeeld bij uw "
                "paspoort) en verwijder daarna het PDF-bestand.")
            return
    say("")
    say("Uw herstelsleutel (u ziet hem maar één keer):")
    say("")
    say("    " + sheet.key)
    say("")
    say("Schrijf hem op en bewaar hem veilig, bijvoorbeeld bij uw paspoort. Bent u het wachtwoord kwijt, dan")
    say(f"opent 'dossier-app recover {sheet.file_name}' het dossier met deze sleutel en kiest u een nieuw")
    say(f"wachtwoord. Wie de sleutel heeft, kan het dossier openen. Het bestand {sheet.file_name}"
        f"{recovery.SIDECAR_SUFFIX} hoort bij het dossier.")


def cmd_recovery_sheet(args) -> int:
    out = require_new_file(Path(args.out))
    with open_session(args, args.path) as opened:
        sheet = recovery.make_recovery_key(opened)
    _give_sheet(sheet, out)
    if sheet.replaced_earlier:
        say("Een eerder herstelblad van dit dossier werkt vanaf nu niet meer; vernietig het.")
    return 0


def cmd_recover(args) -> int:
    path = Path(args.path)
    key = take_from_environment(args, RECOVERY_KEY_ENV)
    if key is None:
        if not interactive():
            raise UsageError(f"Geen herstelsleutel opgegeven: gebruik de variabele {RECOVERY_KEY_ENV}.")
        key = getpass.getpass("Herstelsleutel (9 groepjes van 4 tekens): ")
    recovery.check_key_and_file(path, key)      # a typo or a missing file is said before a new passphrase
    passphrase = new_passphrase(args, file_attr="new_passphrase_file", env=NEW_PASSPHRASE_ENV)
    opened = session.DossierSession(path)
    notes = recovery.recover(opened, key, passphrase)
    opened.lock()
    say(f"{path.name} is geopend met de herstelsleutel en heeft een nieuw wachtwoord.")
    for note in notes:
        say(note)
    say(f"Een nieuw herstelblad: dossier-app recovery-sheet {path} --out HERSTELBLAD.pdf")
    return 0


def cmd_demo(args) -> int:
    given = given_passphrase(args)
    with session.create_demo(Path(args.path), given or session.demo_passphrase(), today=args.today):
        pass
    say(f"Demodossier {args.path} is aangemaakt (fictieve familie De Vries).")
    if given is None:
        say(f"Wachtwoord van het demodossier: {session.demo_passphrase()}")
    return 0


def cmd_note(args) -> int:
    if not args.text.strip():
        raise UsageError("Een notitie mag niet leeg zijn.")
    with open_session(args, args.path) as opened:
        entry_id = timeline.add_note(opened, args.text, occurred_on=args.date, traject_id=args.traject)
    say(f"Notitie {entry_id} is toegevoegd.")
    return 0


def cmd_search(args) -> int:
    with open_session(args, args.path) as opened:
        hits = search.search(opened, args.query)
    if args.json:
        print_json([hit.as_dict() for hit in hits])
        return 0
    if not hits:
        say("Niets gevonden.")
    for hit in hits:
        date = hit.date or "          "
        say(f"{date}  {search.kind_label(hit.type):<18} {hit.title}")
        if hit.snippet and hit.snippet != hit.title:
            say(f"            {hit.snippet}")
    return 0


def cmd_check(args) -> int:
    """The full walk over every page (opening checks only a few): exit 4 naming what is damaged."""
    with open_session(args, args.path) as opened:
        integrity.verify(opened)
    say(f"{Path(args.path).name} is volledig gecontroleerd: elke pagina is in orde.")
    return 0


def cmd_backup(args) -> int:
    out = require_new_file(Path(args.out))
    with open_session(args, args.path) as opened:
        backups.backup_to(opened, out)
    say(f"Versleutelde back-up geschreven naar {out}.")
    return 0


def cmd_restore(args) -> int:
    out = backups.restore(Path(args.file), require_new_file(Path(args.out)), lambda restored: unlock(args, restored))
    say(f"Back-up teruggezet als {out}; het dossier opent met het wachtwoord van de back-up.")
    return 0


def cmd_passwd(args) -> int:
    path = Path(args.path)
    with open_session(args, path) as opened:
        passphrase = new_passphrase(args, file_attr="new_passphrase_file", env=NEW_PASSPHRASE_ENV)
        notes = keys.change_passphrase(opened, passphrase)
    say(f"Het wachtwoord van {path.name} is gewijzigd.")
    for note in notes:
        say(note)
    return 0


def cmd_remember(args) -> int:
    with open_session(args, args.path) as opened:
        keys.remember_key(opened)
    say("De sleutel is bewaard in de sleutelhanger van deze computer.")
    return 0


def cmd_forget(args) -> int:
    keys.forget_key(Path(args.path))
    say("De sleutel van dit dossier is uit de sleutelhanger verwijderd.")
    return 0


def cmd_attach(args) -> int:
    with open_session(args, args.path) as opened:
        attachment_id = attachments.add_file(opened, args.entry, Path(args.file))
        shown = attachments.describe(opened, attachment_id).display_name
    say(f"Bijlage {attachment_id} ({shown}) is versleuteld toegevoegd.")
    return 0


def cmd_export_attachment(args) -> int:
    out = require_new_file(Path(args.out))
    with open_session(args, args.path) as opened:
        attachments.export(opened, args.attachment, out)
    say(f"Bijlage opgeslagen als {out}.")
    return 0


def cmd_programs(args) -> int:
    """Which helper programs (LibreOffice, Tesseract, pdftoppm) are found; exit 0 either way."""
    tools = external_tools.status()
    if args.json:
        print_json([{"programma": tool.name, "gevonden": tool.path, "nodig_om": tool.needed_for,
                     "installeren": tool.install} for tool in tools])
        return 0
    for tool in tools:
        say(tool.sentence())
    return 0


def add_commands(command) -> None:
    sub = command("programmas", cmd_programs, "Toon of LibreOffice (PDF) en Tesseract (scans lezen) gevonden zijn, "
                  "en hoe u ze installeert.", dossier=False, passphrase=False)
    sub.add_argument("--json", action="store_true", help="als JSON")
    sub = command("init", cmd_init, "Maak een nieuw, leeg dossier.")
    sub.add_argument("--name", help="naam van het dossier (standaard de bestandsnaam)")
    sub.add_argument("--remember", action="store_true", help="onthoud de sleutel op deze computer")
    sub.add_argument("--herstelblad", metavar="BESTAND.pdf",
                     help="schrijf het herstelblad (met de herstelsleutel) als PDF in plaats van de sleutel te tonen")
    sub = command("demo", cmd_demo, "Maak het demodossier van de fictieve familie De Vries.")
    sub.add_argument("--today", type=date_argument, help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)")
    sub = command("note", cmd_note, "Voeg een notitie toe.")
    sub.add_argument("text", help="de tekst van de notitie")
    sub.add_argument("--date", type=date_argument, help="datum van de notitie (standaard vandaag)")
    add_traject_option(sub)
    sub = command("search", cmd_search, "Zoek in het hele dossier.")
    sub.add_argument("query", help="zoekwoorden")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    command("check", cmd_check, "Controleer het hele dossier, elke pagina (exit 4 bij schade, met de weg terug "
            "via een back-up).")
    sub = command("backup", cmd_backup, "Maak een versleutelde back-up.")
    sub.add_argument("--out", required=True, help="het back-upbestand dat wordt gemaakt")
    sub = command("restore", cmd_restore, "Zet een back-up terug als nieuw dossier.", dossier=False)
    sub.add_argument("file", help="het back-upbestand")
    sub.add_argument("--out", required=True, help="het nieuwe dossierbestand")
    sub = command("passwd", cmd_passwd, "Wijzig het wachtwoord van een dossier.")
    sub.add_argument("--new-passphrase-file", help="bestand met het nieuwe wachtwoord")
    sub = command("recover", cmd_recover, "Open een dossier met de herstelsleutel en kies een nieuw wachtwoord "
                  f"(sleutel uit ${RECOVERY_KEY_ENV} of gevraagd).", passphrase=False)
    sub.add_argument("--new-passphrase-file", help="bestand met het nieuwe wachtwoord")
    sub = command("recovery-sheet", cmd_recovery_sheet, "Maak een nieuwe herstelsleutel met herstelblad (PDF); "
                  "een eerder herstelblad werkt daarna niet meer.")
    sub.add_argument("--out", required=True, help="het PDF-bestand dat wordt gemaakt")
    command("remember", cmd_remember, "Onthoud de sleutel in de sleutelhanger van deze computer.")
    command("forget", cmd_forget, "Verwijder de onthouden sleutel van deze computer.", passphrase=False)
    sub = command("attach", cmd_attach, "Voeg een bestand versleuteld toe aan een item.")
    sub.add_argument("entry", type=number_argument, help="nummer van het item")
    sub.add_argument("file", help="het bestand")
    sub = command("export-attachment", cmd_export_attachment, "Sla een bijlage onversleuteld op.")
    sub.add_argument("attachment", type=number_argument, help="nummer van de bijlage")
    sub.add_argument("--out", required=True, help="waar het bestand komt")


def add_traject_option(sub) -> None:
    """--traject (and the older --case) names the traject by its number."""
    sub.add_argument("--traject", "--case", dest="traject", type=number_argument, help="nummer van het traject")
