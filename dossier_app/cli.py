"""`dossier-app`: the headless command line (Dutch messages, scriptable).

Exit codes: 0 ok; 2 usage or missing input; 3 cannot unlock (wrong
passphrase); 4 damaged or not a dossier. Every error is one line on stderr,
never a traceback, and a failing command leaves the dossier untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path

from dossier_app import __version__
from dossier_app.dutch import parse_date, weekday_date
from dossier_app.store.database import DATABASE_ERRORS
from dossier_app.errors import (
    DamagedDossier, DossierError, KeychainUnavailable, UsageError, WrongPassphrase,
)

PASSPHRASE_ENV = "DOSSIER_PASSPHRASE"
NEW_PASSPHRASE_ENV = "DOSSIER_NEW_PASSPHRASE"


class DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        raise UsageError(f"Ongeldige opdracht: {message}. Zie 'dossier-app --help'.")


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _say(message: str = "") -> None:
    print(message)


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def print_json(data) -> None:
    _say(json.dumps(data, ensure_ascii=False, indent=2))


def require_new_file(path: Path) -> Path:
    """Refuse to overwrite: every command that writes a file writes a new one."""
    if path.exists():
        raise UsageError(f"{path} bestaat al; kies een andere naam.")
    return path


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


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _given_passphrase(args) -> str | None:
    if getattr(args, "passphrase_file", None):
        return _read_passphrase_file(args.passphrase_file)
    return os.environ.get(PASSPHRASE_ENV) or None


def new_passphrase(args, *, file_attr="passphrase_file", env=PASSPHRASE_ENV) -> str:
    """A passphrase for a new dossier (or a new passphrase): file, env, or asked twice."""
    if getattr(args, file_attr, None):
        return _read_passphrase_file(getattr(args, file_attr))
    if os.environ.get(env):
        return os.environ[env]
    if not _interactive():
        raise UsageError(f"Geen wachtwoord opgegeven: gebruik --passphrase-file of de variabele {env}.")
    first = getpass.getpass("Nieuw wachtwoord: ")
    second = getpass.getpass("Herhaal het wachtwoord: ")
    if first != second:
        raise UsageError("De twee wachtwoorden zijn niet gelijk; er is niets gewijzigd.")
    return first


def open_dossier(args, path: Path):
    """Unlock: --passphrase-file, else $DOSSIER_PASSPHRASE, else keychain, else a prompt."""
    from dossier_app.security import keychain
    from dossier_app.store.dossier import Dossier

    salt = Dossier.read_salt(path)
    given = _given_passphrase(args)
    if given is not None:
        return Dossier.unlock(path, given)
    from dossier_app.security.keys import key_id

    try:
        remembered = keychain.load_key(key_id(salt))
    except KeychainUnavailable as exc:
        remembered = None
        if _interactive():
            _warn(str(exc))
    if remembered is not None:
        try:
            return Dossier.unlock(path, key=remembered)
        except WrongPassphrase:
            _warn("De onthouden sleutel voor dit dossier klopt niet meer; voer het wachtwoord in.")
    if not _interactive():
        raise UsageError(
            f"Geen wachtwoord opgegeven: gebruik --passphrase-file of de variabele {PASSPHRASE_ENV}.")
    return Dossier.unlock(path, getpass.getpass(f"Wachtwoord voor {path.name}: "))


# -- commands --------------------------------------------------------------------------
def cmd_init(args) -> int:
    from dossier_app.store.dossier import Dossier

    path = Path(args.path)
    dossier = Dossier.create(path, new_passphrase(args), name=args.name)
    try:
        if args.remember:
            _remember(dossier)
    finally:
        dossier.close()
    _say(f"Dossier {path} is aangemaakt en versleuteld.")
    return 0


def _remember(dossier) -> None:
    from dossier_app.security import keychain

    try:
        keychain.store_key(dossier.key_id, dossier.key)
        _say("De sleutel is bewaard in de sleutelhanger van deze computer.")
    except KeychainUnavailable as exc:
        _warn(str(exc))


def cmd_demo(args) -> int:
    from dossier_app.demo import DEMO_PASSPHRASE, create_demo

    given = _given_passphrase(args)
    dossier = create_demo(Path(args.path), given or DEMO_PASSPHRASE, today=args.today)
    dossier.close()
    _say(f"Demodossier {args.path} is aangemaakt (fictieve familie De Vries).")
    if given is None:
        _say(f"Wachtwoord van het demodossier: {DEMO_PASSPHRASE}")
    return 0


def cmd_note(args) -> int:
    from dossier_app.store import entries

    if not args.text.strip():
        raise UsageError("Een notitie mag niet leeg zijn.")
    with open_dossier(args, Path(args.path)):
        entry_id = entries.add_note(args.text, occurred_on=args.date, case_id=args.case)
    _say(f"Notitie {entry_id} is toegevoegd.")
    return 0


def cmd_search(args) -> int:
    from dossier_app.store import search

    with open_dossier(args, Path(args.path)):
        hits = search.search(args.query)
    if args.json:
        print_json([hit.as_dict() for hit in hits])
        return 0
    if not hits:
        _say("Niets gevonden.")
    for hit in hits:
        date = hit.date or "          "
        _say(f"{date}  {search.kind_label(hit.type):<18} {hit.title}")
        if hit.snippet and hit.snippet != hit.title:
            _say(f"            {hit.snippet}")
    return 0


def cmd_backup(args) -> int:
    from dossier_app.store.backup import create_backup

    out = Path(args.out)
    with open_dossier(args, Path(args.path)) as dossier:
        create_backup(dossier, out)
    _say(f"Versleutelde back-up geschreven naar {out}.")
    return 0


def cmd_restore(args) -> int:
    from dossier_app.store.backup import restore_backup
    from dossier_app.store.dossier import attachments_dir_for

    out = Path(args.out)
    restore_backup(Path(args.file), out)
    try:
        open_dossier(args, out).close()
    except DossierError:
        import shutil

        out.unlink(missing_ok=True)
        shutil.rmtree(attachments_dir_for(out), ignore_errors=True)
        raise
    _say(f"Back-up teruggezet als {out}; het dossier opent met het wachtwoord van de back-up.")
    return 0


def cmd_passwd(args) -> int:
    from dossier_app.security import keychain

    path = Path(args.path)
    dossier = open_dossier(args, path)
    try:
        old_key_id = dossier.key_id
        try:
            remembered = keychain.is_available() and keychain.load_key(old_key_id) is not None
        except KeychainUnavailable:
            remembered = False
        passphrase = new_passphrase(args, file_attr="new_passphrase_file", env=NEW_PASSPHRASE_ENV)
        dossier.change_passphrase(passphrase)
        if remembered:
            keychain.forget_key(old_key_id)
            keychain.store_key(dossier.key_id, dossier.key)
    finally:
        dossier.close()
    _say(f"Het wachtwoord van {path.name} is gewijzigd.")
    return 0


def cmd_remember(args) -> int:
    with open_dossier(args, Path(args.path)) as dossier:
        from dossier_app.security import keychain

        keychain.store_key(dossier.key_id, dossier.key)
    _say("De sleutel is bewaard in de sleutelhanger van deze computer.")
    return 0


def cmd_forget(args) -> int:
    from dossier_app.security import keychain
    from dossier_app.security.keys import key_id
    from dossier_app.store.dossier import Dossier

    keychain.forget_key(key_id(Dossier.read_salt(Path(args.path))))
    _say("De sleutel van dit dossier is uit de sleutelhanger verwijderd.")
    return 0


def cmd_deadline(args) -> int:
    from dossier_app.deadlines import compute

    result = compute(args.rule, args.date, on=args.peildatum, **_term_facts(args))
    if args.json:
        print_json(result.as_dict())
        return 0
    _say(f"{result.title}: uiterlijk {weekday_date(result.deadline)}")
    _say(f"Grondslag: {result.basis}")
    _say(result.explanation)
    _say(f"Wat nu: {result.next_step}")
    return 0


def cmd_deadlines(args) -> int:
    from dossier_app.store import tracking

    today = args.today or dt.date.today()
    with open_dossier(args, Path(args.path)):
        items = tracking.open_items(today)
    if args.json:
        print_json([item.as_dict() for item in items])
        return 0
    if not items:
        _say("Geen open termijnen.")
    for item in items:
        status = "VERLOPEN" if item.overdue else f"nog {item.days_left} dagen"
        _say(f"{item.due_date.isoformat()}  {status:<15} {item.title}")
    return 0


def _term_facts(args) -> dict:
    """The facts that change a term (verdaging, opschorting, commissie, …) from the options."""
    return {"postponement_weeks": args.verdaging, "postponement_notice": args.verdaging_bericht,
            "consent_weeks": args.uitstel_instemming, "committee": args.commissie,
            "extension": args.verlenging, "extension_notice": args.verlenging_bericht,
            "suspensions": [tuple(pair) for pair in args.opschorting or ()]}


def cmd_deadline_add(args) -> int:
    from dossier_app.store import tracking

    facts = {key: value for key, value in _term_facts(args).items() if value}
    with open_dossier(args, Path(args.path)):
        if args.rule:
            entry_id = tracking.add_computed(args.rule, args.date, title=args.title, case_id=args.case, **facts)
        else:
            if facts:
                raise UsageError("Verdaging, opschorting en dergelijke horen bij een berekende termijn (--rule).")
            entry_id = tracking.add_manual(args.title, args.date, case_id=args.case)
    _say(f"Termijn {entry_id} is toegevoegd.")
    return 0


def cmd_deadline_adjust(args) -> int:
    from dossier_app.store import tracking
    from dossier_app.store.models import Deadline

    with open_dossier(args, Path(args.path)):
        if args.hersteltermijn:
            asked_on, until = args.hersteltermijn
            tracking.set_repair_term(args.id, asked_on, until, supplied_on=args.gronden_verstuurd)
            _say("Hersteltermijn vastgelegd; de beslistermijn op bezwaar is opnieuw berekend.")
            return 0
        if args.commissie:
            row = Deadline.get_or_none(Deadline.entry == args.id)
            if row is not None and row.rule_id == "beslistermijn-bezwaar" and row.entry.case_id:
                tracking.set_objection_committee(row.entry.case_id)
        suspensions = [tuple(pair) for pair in args.opschorting or ()]
        due = None
        for pair in suspensions or [None]:
            due = tracking.adjust(
                args.id, postponement_weeks=args.verdaging or None, postponement_notice=args.verdaging_bericht,
                consent_weeks=args.uitstel_instemming or None, suspension=pair,
                committee=True if args.commissie else None, extension=True if args.verlenging else None,
                extension_notice=args.verlenging_bericht)
    _say(f"Termijn {args.id} is opnieuw berekend: uiterlijk {weekday_date(due)}.")
    return 0


def _term_fact_options(sub) -> None:
    sub.add_argument("--verdaging", type=int, default=0, metavar="WEKEN", help="verdaging in weken")
    sub.add_argument("--verdaging-bericht", type=_date, metavar="DATUM",
                     help="datum van het bericht waarin de organisatie de termijn verdaagde")
    sub.add_argument("--uitstel-instemming", type=int, default=0, metavar="WEKEN",
                     help="verder uitstel waarmee u instemde (Awb 7:10 lid 4)")
    sub.add_argument("--commissie", action="store_true",
                     help="met advies- of klachtencommissie (bezwaar: bezwaarcommissie, twaalf weken)")
    sub.add_argument("--verlenging", action="store_true", help="AVG: termijn verlengd met twee maanden")
    sub.add_argument("--verlenging-bericht", type=_date, metavar="DATUM",
                     help="AVG: datum van het bericht over de verlenging")


def cmd_deadline_done(args) -> int:
    from dossier_app.store import tracking

    with open_dossier(args, Path(args.path)):
        if args.afspraak:
            tracking.mark_agreement_done(args.id)
        else:
            tracking.mark_done(args.id)
    _say("Afgevinkt.")
    return 0


def cmd_ics(args) -> int:
    from dossier_app.calendar_export import write_ics
    from dossier_app.store import tracking

    today = args.today or dt.date.today()
    with open_dossier(args, Path(args.path)):
        items = tracking.open_items(today)
    write_ics(items, Path(args.out))
    _say(f"{len(items)} termijnen geschreven naar {args.out}.")
    return 0


def cmd_attach(args) -> int:
    from dossier_app.store import attachments

    with open_dossier(args, Path(args.path)) as dossier:
        attachment_id = attachments.add_file(dossier, args.entry, Path(args.file))
    _say(f"Bijlage {attachment_id} is versleuteld toegevoegd.")
    return 0


def cmd_export_attachment(args) -> int:
    from dossier_app.store import attachments

    out = require_new_file(Path(args.out))
    with open_dossier(args, Path(args.path)) as dossier:
        attachments.export(dossier, args.attachment, out)
    _say(f"Bijlage opgeslagen als {out}.")
    return 0


def _gui(argv) -> int:
    from dossier_app.ui.app import main as gui_main

    return gui_main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(prog="dossier-app", description="Gezinsdossier: versleuteld dossier, "
                                 "termijnen en brieven. Zonder opdracht opent de app.")
    parser.add_argument("--version", action="version", version=f"Gezinsdossier {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=DutchArgumentParser)

    def command(name, handler, help_text, *, dossier=True, passphrase=True):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if dossier:
            sub.add_argument("path", help="het dossierbestand (bijvoorbeeld gezin.dossier)")
        if passphrase:
            sub.add_argument("--passphrase-file", help="bestand met het wachtwoord op de eerste regel")
        sub.set_defaults(handler=handler)
        return sub

    sub = command("init", cmd_init, "Maak een nieuw, leeg dossier.")
    sub.add_argument("--name", help="naam van het dossier (standaard de bestandsnaam)")
    sub.add_argument("--remember", action="store_true", help="onthoud de sleutel op deze computer")
    sub = command("demo", cmd_demo, "Maak het demodossier van de fictieve familie De Vries.")
    sub.add_argument("--today", type=_date, help="doe alsof het vandaag deze datum is (JJJJ-MM-DD)")
    sub = command("note", cmd_note, "Voeg een notitie toe.")
    sub.add_argument("text", help="de tekst van de notitie")
    sub.add_argument("--date", type=_date, help="datum van de notitie (standaard vandaag)")
    sub.add_argument("--case", type=int, help="nummer van het traject")
    sub = command("search", cmd_search, "Zoek in het hele dossier.")
    sub.add_argument("query", help="zoekwoorden")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("backup", cmd_backup, "Maak een versleutelde back-up.")
    sub.add_argument("--out", required=True, help="het back-upbestand dat wordt gemaakt")
    sub = command("restore", cmd_restore, "Zet een back-up terug als nieuw dossier.", dossier=False)
    sub.add_argument("file", help="het back-upbestand")
    sub.add_argument("--out", required=True, help="het nieuwe dossierbestand")
    sub = command("passwd", cmd_passwd, "Wijzig het wachtwoord van een dossier.")
    sub.add_argument("--new-passphrase-file", help="bestand met het nieuwe wachtwoord")
    command("remember", cmd_remember, "Onthoud de sleutel in de sleutelhanger van deze computer.")
    command("forget", cmd_forget, "Verwijder de onthouden sleutel van deze computer.", passphrase=False)

    from dossier_app.deadlines import rule_ids

    sub = command("deadline", cmd_deadline, "Bereken een wettelijke termijn.", dossier=False, passphrase=False)
    sub.add_argument("rule", help="de regel: " + ", ".join(rule_ids()))
    sub.add_argument("date", type=_date, help="de startdatum (JJJJ-MM-DD of DD-MM-JJJJ)")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    _term_fact_options(sub)
    sub.add_argument("--opschorting", nargs=2, type=_date, action="append", metavar=("GEVRAAGD", "AANGEVULD"),
                     help="de termijn stond stil van GEVRAAGD tot AANGEVULD (Awb 4:15; bezwaar: Awb 7:10 lid 2)")
    sub.add_argument("--peildatum", type=_date, help="ingebrekestelling: dwangsom op deze datum")
    sub = command("deadlines", cmd_deadlines, "Toon de open termijnen, verlopen eerst.")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub.add_argument("--today", type=_date, help="peildatum (standaard vandaag)")
    sub = command("deadline-add", cmd_deadline_add, "Voeg een termijn toe: met de hand, of berekend met --rule.")
    sub.add_argument("title", help="omschrijving")
    sub.add_argument("date", type=_date, help="laatste dag (of met --rule: de startdatum)")
    sub.add_argument("--rule", help="bereken vanaf DATE met deze regel")
    sub.add_argument("--case", type=int, help="nummer van het traject")
    _term_fact_options(sub)
    sub.add_argument("--opschorting", nargs=2, type=_date, action="append", metavar=("VAN", "TOT"),
                     help="de termijn stond stil van VAN tot TOT (mag vaker)")
    sub = command("deadline-adjust", cmd_deadline_adjust,
                  "Leg een verdaging, opschorting, commissie of verlenging vast en reken de termijn opnieuw uit.")
    sub.add_argument("id", type=int, help="nummer van de termijn")
    _term_fact_options(sub)
    sub.add_argument("--opschorting", nargs=2, type=_date, action="append", metavar=("VAN", "TOT"),
                     help="de termijn stond stil van VAN tot TOT (mag vaker)")
    sub.add_argument("--hersteltermijn", nargs=2, type=_date, metavar=("GEVRAAGD", "TOT"),
                     help="de gemeente vroeg op GEVRAAGD om de gronden van uw bezwaar, uiterlijk TOT (Awb 6:6)")
    sub.add_argument("--gronden-verstuurd", type=_date, metavar="DATUM",
                     help="met --hersteltermijn: u stuurde de gronden op DATUM")
    sub = command("deadline-done", cmd_deadline_done, "Vink een termijn of afspraak af.")
    sub.add_argument("id", type=int, help="nummer van de termijn (of met --afspraak: van de afspraak)")
    sub.add_argument("--afspraak", action="store_true", help="het nummer is dat van een afspraak")
    sub = command("ics", cmd_ics, "Exporteer de open termijnen als agendabestand (.ics).")
    sub.add_argument("--out", required=True, help="het .ics-bestand")
    sub.add_argument("--today", type=_date, help="peildatum (standaard vandaag)")
    sub = command("attach", cmd_attach, "Voeg een bestand versleuteld toe aan een item.")
    sub.add_argument("entry", type=int, help="nummer van het item")
    sub.add_argument("file", help="het bestand")
    sub = command("export-attachment", cmd_export_attachment, "Sla een bijlage onversleuteld op.")
    sub.add_argument("attachment", type=int, help="nummer van de bijlage")
    sub.add_argument("--out", required=True, help="waar het bestand komt")

    from dossier_app.letters import cli as letters_cli

    letters_cli.add_commands(command)
    return parser


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        return _gui(argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "handler", None):
            parser.print_help()
            return 2
        return args.handler(args)
    except DossierError as exc:
        _warn(f"Fout: {exc}")
        return exc.exit_code
    except DATABASE_ERRORS:
        _warn(f"Fout: {DamagedDossier('Het dossier is beschadigd en kan niet worden gelezen.')}")
        return DamagedDossier.exit_code
    except KeyboardInterrupt:
        _warn("Afgebroken; er is niets gewijzigd.")
        return 130
    except Exception as exc:  # noqa: BLE001 - never show a traceback (it may hold dossier data)
        if os.environ.get("DOSSIER_DEBUG"):
            raise
        _warn(f"Fout: er ging iets onverwachts mis ({type(exc).__name__}). "
              "Zet DOSSIER_DEBUG=1 om details te zien.")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
