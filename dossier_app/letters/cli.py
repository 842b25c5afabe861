"""CLI commands for letters: catalogue, render to .docx/PDF, log, template check."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from dossier_app.cli import _date, print_json, require_new_file
from dossier_app.errors import UsageError


def cmd_letters(args) -> int:
    from dossier_app.letters.catalogue import all_kinds

    kinds = all_kinds()
    if args.json:
        print_json([kind.as_dict() for kind in kinds])
        return 0
    for kind in kinds:
        print(f"{kind.id}\n  {kind.title}\n  {kind.description}")
        required = [f.name for f in kind.fields if f.required]
        if required:
            print(f"  Nodig: {', '.join(required)}")
        print()
    return 0


def cmd_letter(args) -> int:
    from dossier_app.cli import open_dossier
    from dossier_app.letters import pdf
    from dossier_app.letters.render import parse_assignments, render_letter
    from dossier_app.store import letter_log

    out = require_new_file(Path(args.out))
    if out.suffix.lower() != ".docx":
        raise UsageError("Het uitvoerbestand moet op .docx eindigen.")
    if not out.parent.is_dir():
        raise UsageError(f"De map {out.parent} bestaat niet.")
    if args.pdf:
        pdf.require_soffice()
    answers = parse_assignments(args.set)
    today = args.today or dt.date.today()
    with open_dossier(args, Path(args.path)) as dossier:
        rendered = render_letter(args.kind, case_id=args.case, answers=answers, today=today)
        data = rendered.to_docx()
        partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.deel")
        try:
            with open(partial, "wb") as handle:
                handle.write(data)
            entry_id = letter_log.record(dossier, rendered, data, on=today)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    print(f"Brief '{rendered.kind.title}' opgeslagen als {out} (nummer {entry_id} in het brievenlogboek).")
    if args.pdf:
        made = pdf.convert_to_pdf(out)
        print(f"PDF opgeslagen als {made}.")
    return 0


def cmd_letter_log(args) -> int:
    from dossier_app.cli import open_dossier
    from dossier_app.store import letter_log

    with open_dossier(args, Path(args.path)):
        rows = letter_log.letters()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("Nog geen brieven.")
    for row in rows:
        state = f"verstuurd {row['sent_on']} ({row['send_method']})" if row["sent_on"] else "nog niet verstuurd"
        if row["receipt_confirmed_on"]:
            state += f", ontvangst bevestigd {row['receipt_confirmed_on']}"
        print(f"{row['id']:>4}  {row['date']}  {row['kind']:<26} {state}")
    return 0


def cmd_letter_sent(args) -> int:
    from dossier_app.cli import open_dossier
    from dossier_app.store import letter_log

    with open_dossier(args, Path(args.path)):
        letter_log.mark_sent(args.id, args.date, args.method, args.tracking or "")
    print("Verzending vastgelegd. Vraag om een ontvangstbevestiging.")
    return 0


def cmd_letter_received(args) -> int:
    from dossier_app.cli import open_dossier
    from dossier_app.store import letter_log

    with open_dossier(args, Path(args.path)):
        created = letter_log.confirm_receipt(args.id, args.date)
    print("Ontvangst vastgelegd." + (" De wettelijke termijn is toegevoegd." if created else ""))
    return 0


def cmd_letter_export(args) -> int:
    from dossier_app.cli import open_dossier
    from dossier_app.store import letter_log

    out = require_new_file(Path(args.out))
    with open_dossier(args, Path(args.path)) as dossier:
        data = letter_log.docx_bytes(dossier, args.id)
    out.write_bytes(data)
    print(f"Brief opgeslagen als {out}.")
    return 0


def cmd_templates(args) -> int:
    from dossier_app.letters.lint import check_templates

    if args.action != "check":
        raise UsageError("Gebruik: dossier-app templates check")
    problems = check_templates(Path(args.dir) if args.dir else None)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden.")
        return 1
    print("Alle sjablonen zijn in orde.")
    return 0


def add_commands(command) -> None:
    from dossier_app.store.vocabulary import SEND_METHODS

    sub = command("letters", cmd_letters, "Toon alle briefsoorten met wat ze nodig hebben.", dossier=False,
                  passphrase=False)
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("letter", cmd_letter, "Maak een brief (.docx) uit het dossier.")
    sub.add_argument("kind", help="de briefsoort (zie 'dossier-app letters')")
    sub.add_argument("--out", required=True, help="het .docx-bestand dat wordt gemaakt")
    sub.add_argument("--case", type=int, help="nummer van het traject (standaard het meest recente dat past)")
    sub.add_argument("--set", action="append", metavar="VELD=WAARDE",
                     help="vul een veld in; blokken=a,b kiest de argumentblokken")
    sub.add_argument("--pdf", action="store_true", help="maak er ook een PDF van (met LibreOffice)")
    sub.add_argument("--today", type=_date, help="datum van de brief (standaard vandaag)")
    sub = command("letter-log", cmd_letter_log, "Toon het brievenlogboek.")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("letter-sent", cmd_letter_sent, "Leg vast dat een brief is verstuurd.")
    sub.add_argument("id", type=int, help="nummer van de brief")
    sub.add_argument("--date", type=_date, required=True, help="verzenddatum")
    sub.add_argument("--method", required=True, choices=list(SEND_METHODS), help="hoe verstuurd")
    sub.add_argument("--tracking", help="verzendnummer bij aangetekend")
    sub = command("letter-received", cmd_letter_received, "Leg vast dat de ontvangst is bevestigd.")
    sub.add_argument("id", type=int, help="nummer van de brief")
    sub.add_argument("--date", type=_date, required=True, help="datum van ontvangst")
    sub = command("letter-export", cmd_letter_export, "Sla een opgeslagen brief opnieuw op als .docx.")
    sub.add_argument("id", type=int, help="nummer van de brief")
    sub.add_argument("--out", required=True, help="het .docx-bestand")
    sub = command("templates", cmd_templates, "Controleer de briefsjablonen.", dossier=False, passphrase=False)
    sub.add_argument("action", choices=["check"], help="check")
    sub.add_argument("--dir", help="een andere sjablonenmap (met letters/ en reference.docx)")
