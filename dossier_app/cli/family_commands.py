"""Commands for cliëntondersteuners and parents: prepare a conversation, the caseload across families."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from dossier_app.cli.common import date_argument, open_session, print_json, require_new_file, say
from dossier_app.cli.dossier_commands import add_traject_option
from dossier_app.dutch import days_left, long_date
from dossier_app.errors import UsageError
from dossier_app.cli.lazy import LazyText, service

if TYPE_CHECKING:     # the CLI loads its services only when a command runs (cli/lazy.py)
    from dossier_app.services.preparation import Choice

caseload, family_plan, preparation = service("caseload"), service("family_plan"), service("preparation")


def _ids(values) -> set[str]:
    return {part.strip() for value in values or () for part in value.split(",") if part.strip()}


def preparation_choice(args) -> Choice:
    sections = set(preparation.SECTION_IDS) - _ids(args.zonder)
    unknown = _ids(args.zonder) - set(preparation.SECTION_IDS)
    if unknown:
        raise UsageError(f"Onbekend onderdeel: {', '.join(sorted(unknown))}. "
                         f"Mogelijk: {', '.join(preparation.SECTION_IDS)}.")
    questions = _ids(args.vragen) if args.vragen else None
    return preparation.Choice(frozenset(sections), frozenset(questions) if questions is not None else None)


def cmd_prepare(args) -> int:
    out = preparation.check_output_path(require_new_file(Path(args.out)))
    if args.pdf:
        if not preparation.pdf_available():
            raise UsageError(preparation.PDF_NOT_AVAILABLE)
        require_new_file(out.with_suffix(".pdf"))
    choice = preparation_choice(args)
    with open_session(args, args.path) as opened:
        made = preparation.prepare(opened, args.traject, choice=choice, today=args.today)
    preparation.save_docx(made, out)
    say(f"Gespreksvoorbereiding opgeslagen als {out}.")
    if args.pdf:
        say(f"PDF opgeslagen als {preparation.make_pdf(out)}.")
    return 0


def cmd_family_plan(args) -> int:
    out = family_plan.check_output_path(require_new_file(Path(args.out)))
    with open_session(args, args.path) as opened:
        made = family_plan.prepare(opened, args.traject, today=args.today)
    family_plan.save_docx(made, out)
    say(f"Opzet voor een familiegroepsplan opgeslagen als {out}. Vul het aan met uw gezin en netwerk.")
    return 0


def cmd_prepare_questions(args) -> int:
    questions = preparation.questions()
    if args.json:
        print_json([{"id": q.id, "vraag": q.text, "toelichting": q.explanation, "bron": q.source,
                     "standaard": q.default} for q in questions])
        return 0
    for question in questions:
        say(f"{question.id}\n  {question.text}")
    return 0


def cmd_caseload(args) -> int:
    from dossier_app import settings as settings_store   # only here: --help need not load it

    paths = [Path(item) for item in args.paths] or [Path(item) for item in settings_store.load().recent]
    if not paths:
        raise UsageError("Er zijn nog geen dossiers bekend op deze computer; noem ze achter 'caseload'.")
    if args.ics:
        target = Path(args.ics)
        if target.suffix.lower() != caseload.CALENDAR_SUFFIX:
            raise UsageError(f"Het agendabestand moet op {caseload.CALENDAR_SUFFIX} eindigen.")
        require_new_file(target)
    result = caseload.load(paths, today=args.today or dt.date.today())
    if args.ics:
        choice = caseload.CalendarChoice(family_name=args.met_gezinsnaam, title=args.met_omschrijving,
                                         explanation=args.met_uitleg)
        count = caseload.export_calendar(result.items, Path(args.ics), choice=choice)
        say(f"{count} termijnen en afspraken geschreven naar {args.ics}.")
        return 0
    if args.json:
        print_json(result.as_dict())
        return 0
    for family in result.families:
        say(f"Gezin {family.number}: {family.label} — {family.state_label}")
        if family.message:
            say(f"    {family.message}")
    say()
    if not result.items:
        say("Geen open termijnen of afspraken in de dossiers die gelezen konden worden.")
    for item in result.items:
        when = long_date(item.due_date) if item.due_date else (item.kind_label if item.is_notice else "geen datum")
        status = "VERLOPEN" if item.overdue else (days_left(item.days_left) if item.days_left is not None else "")
        say(f"{when:<20} {status:<15} Gezin {item.family_number} ({item.family}): {item.title}")
    return 0


def add_commands(command) -> None:
    sub = command("prepare", cmd_prepare, "Maak een gespreksvoorbereiding voor een traject (.docx, en PDF).")
    add_traject_option(sub)
    sub.add_argument("--out", required=True, help="het .docx-bestand dat wordt gemaakt")
    sub.add_argument("--pdf", action="store_true", help="maak er ook een PDF van (LibreOffice nodig)")
    sub.add_argument("--zonder", action="append", metavar="ONDERDEEL",
                     help=LazyText(lambda: "laat dit onderdeel weg (mag vaker, of met komma's): "
                                   + ", ".join(preparation.SECTION_IDS)))
    sub.add_argument("--vragen", action="append", metavar="ID",
                     help="neem alleen deze vragen op (zie 'dossier-app prepare-questions')")
    sub.add_argument("--today", type=date_argument, help="peildatum (standaard vandaag)")
    sub = command("familiegroepsplan", cmd_family_plan,
                  "Maak een opzet voor een familiegroepsplan uit een traject (.docx): hulpvraag, netwerk, afspraken.")
    add_traject_option(sub)
    sub.add_argument("--out", required=True, help="het .docx-bestand dat wordt gemaakt")
    sub.add_argument("--today", type=date_argument, help="datum op de opzet (standaard vandaag)")
    sub = command("prepare-questions", cmd_prepare_questions, "Toon de vragen voor een gespreksvoorbereiding.",
                  dossier=False, passphrase=False)
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("caseload", cmd_caseload,
                  "Mijn gezinnen: termijnen en afspraken van alle dossiers met een onthouden sleutel.",
                  dossier=False, passphrase=False)
    sub.add_argument("paths", nargs="*", help="dossierbestanden (standaard de recent geopende)")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub.add_argument("--today", type=date_argument, help="peildatum (standaard vandaag)")
    sub.add_argument("--ics", metavar="BESTAND", help="schrijf de termijnen en afspraken als agendabestand (.ics)")
    sub.add_argument("--met-gezinsnaam", action="store_true",
                     help="agenda: de naam van het gezin, niet de schuilnaam ('Gezin K7QF')")
    sub.add_argument("--met-omschrijving", action="store_true", help="agenda: de omschrijving uit het dossier")
    sub.add_argument("--met-uitleg", action="store_true", help="agenda: wat de termijn betekent en wat u kunt doen")
