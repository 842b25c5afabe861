"""Commands for letters: the kinds, make one (.docx/PDF), the letter log, the template check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dossier_app.cli.common import date_argument, number_argument, open_session, print_json, require_new_file, say, warn
from dossier_app.cli.dossier_commands import add_traject_option
from dossier_app.errors import UsageError
from dossier_app.cli.lazy import service
from dossier_app.services.vocabulary import SEND_METHODS

letters = service("letters")


def cmd_letters(args) -> int:
    kinds = letters.kinds()
    if args.json:
        print_json([kind.as_dict() for kind in kinds])
        return 0
    for kind in kinds:
        say(f"{kind.id}\n  {kind.title}\n  {kind.description}")
        required = [f.name for f in kind.fields if f.required]
        if required:
            say(f"  Nodig: {', '.join(required)}")
        say()
    return 0


def cmd_letter(args) -> int:
    out = letters.check_output_path(require_new_file(Path(args.out)))
    if args.pdf:
        letters.require_pdf()
    answers = letters.parse_assignments(args.set)
    about = letters.parse_about(args.over)
    today = args.today or dt.date.today()
    with open_session(args, args.path) as opened:
        rendered = letters.prepare(opened, args.kind, traject_id=args.traject, answers=answers, today=today,
                                   about=about)
        entry_id = letters.save_docx(opened, rendered, out, on=today)
    for message in rendered.warnings:
        warn(f"Let op: {message}")
    say(f"Brief '{rendered.kind.title}' opgeslagen als {out} (nummer {entry_id} in het brievenlogboek).")
    if args.pdf:
        say(f"PDF opgeslagen als {letters.make_pdf(out)}.")
    return 0


def cmd_letter_log(args) -> int:
    with open_session(args, args.path) as opened:
        records = letters.letter_records(opened)
    if args.json:
        print_json([record.as_dict() for record in records])
        return 0
    if not records:
        say("Nog geen brieven.")
    for record in records:
        state = (f"verstuurd {record.sent_on.isoformat()} ({record.send_method})" if record.sent_on
                 else "nog niet verstuurd")
        if record.receipt_confirmed_on:
            state += f", ontvangst bevestigd {record.receipt_confirmed_on.isoformat()}"
        say(f"{record.id:>4}  {record.date.isoformat()}  {record.kind:<26} {state}")
    return 0


def cmd_letter_sent(args) -> int:
    with open_session(args, args.path) as opened:
        letters.mark_sent(opened, args.id, args.date, args.method, args.tracking or "")
    say("Verzending vastgelegd. Vraag om een ontvangstbevestiging.")
    return 0


def cmd_letter_received(args) -> int:
    with open_session(args, args.path) as opened:
        created = letters.confirm_receipt(opened, args.id, args.date)
    say("Ontvangst vastgelegd." + (" De wettelijke termijn is toegevoegd." if created else ""))
    return 0


def cmd_letter_export(args) -> int:
    out = require_new_file(Path(args.out))
    with open_session(args, args.path) as opened:
        letters.export_again(opened, args.id, out)
    say(f"Brief opgeslagen als {out}.")
    return 0


def cmd_templates(args) -> int:
    if args.action != "check":
        raise UsageError("Gebruik: dossier-app templates check")
    problems = letters.check_templates(Path(args.dir) if args.dir else None)
    for problem in problems:
        say(problem)
    if problems:
        say(f"{len(problems)} probleem/problemen gevonden.")
        return 1
    say("Alle sjablonen zijn in orde.")
    return 0


def add_commands(command) -> None:
    sub = command("letters", cmd_letters, "Toon alle briefsoorten met wat ze nodig hebben.", dossier=False,
                  passphrase=False)
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("letter", cmd_letter, "Maak een brief (.docx) uit het dossier.")
    sub.add_argument("kind", help="de briefsoort (zie 'dossier-app letters')")
    sub.add_argument("--out", required=True, help="het .docx-bestand dat wordt gemaakt")
    add_traject_option(sub)
    sub.add_argument("--set", action="append", metavar="VELD=WAARDE",
                     help="vul een veld in; blokken=a,b kiest de argumentblokken")
    sub.add_argument("--over", action="append", metavar="ONDERDEEL=NUMMER",
                     help="over welk item de brief gaat als het niet het nieuwste is, bijvoorbeeld "
                          "beschikking=12 (ook: verslag, advies, verzoek, gesprek, beslissing_op_bezwaar)")
    sub.add_argument("--pdf", action="store_true", help="maak er ook een PDF van (met LibreOffice)")
    sub.add_argument("--today", type=date_argument, help="datum van de brief (standaard vandaag)")
    sub = command("letter-log", cmd_letter_log, "Toon het brievenlogboek.")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("letter-sent", cmd_letter_sent, "Leg vast dat een brief is verstuurd.")
    sub.add_argument("id", type=number_argument, help="nummer van de brief")
    sub.add_argument("--date", type=date_argument, required=True, help="verzenddatum")
    sub.add_argument("--method", required=True, choices=list(SEND_METHODS), help="hoe verstuurd")
    sub.add_argument("--tracking", help="verzendnummer bij aangetekend")
    sub = command("letter-received", cmd_letter_received, "Leg vast dat de ontvangst is bevestigd.")
    sub.add_argument("id", type=number_argument, help="nummer van de brief")
    sub.add_argument("--date", type=date_argument, required=True, help="datum van ontvangst")
    sub = command("letter-export", cmd_letter_export, "Sla een opgeslagen brief opnieuw op als .docx.")
    sub.add_argument("id", type=number_argument, help="nummer van de brief")
    sub.add_argument("--out", required=True, help="het .docx-bestand")
    sub = command("templates", cmd_templates, "Controleer de briefsjablonen.", dossier=False, passphrase=False)
    sub.add_argument("action", choices=["check"], help="check")
    sub.add_argument("--dir", help="een andere sjablonenmap (met letters/ en reference.docx)")
