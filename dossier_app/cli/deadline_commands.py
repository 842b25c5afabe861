"""Commands for legal deadlines: compute one, list, add, tick off, export to a calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from dossier_app.cli.common import date_argument, number_argument, open_session, print_json, say, weeks_argument
from dossier_app.cli.dossier_commands import add_traject_option
from dossier_app.dutch import days_left, weekday_date
from dossier_app.cli.lazy import LazyText, service

if TYPE_CHECKING:     # the CLI loads its services only when a command runs (cli/lazy.py)
    from dossier_app.services.deadlines import TermFacts

deadlines = service("deadlines")


def term_facts(args) -> TermFacts:
    """The facts that change a term (verdaging, opschorting, commissie, …) from the options."""
    return deadlines.TermFacts(
        postponement_weeks=args.verdaging, postponement_notice=args.verdaging_bericht,
        consent_weeks=args.uitstel_instemming, committee=args.commissie, extension=args.verlenging,
        extension_notice=args.verlenging_bericht, suspensions=tuple(tuple(pair) for pair in args.opschorting or ()))


def cmd_deadline(args) -> int:
    result = deadlines.compute_deadline(args.rule, args.date, facts=term_facts(args), on=args.peildatum)
    if args.json:
        print_json(result.as_dict())
        return 0
    say(f"{result.title}: uiterlijk {weekday_date(result.deadline)}")
    say(f"Grondslag: {result.basis}")
    say(result.explanation)
    say(f"Wat nu: {result.next_step}")
    return 0


def cmd_deadlines(args) -> int:
    today = args.today or dt.date.today()
    with open_session(args, args.path) as opened:
        items = deadlines.open_items(opened, today)
    if args.json:
        print_json([item.as_dict() for item in items])
        return 0
    if not items:
        say("Geen open termijnen.")
    for item in items:
        status = "VERLOPEN" if item.overdue else days_left(item.days_left)
        say(f"{item.due_date.isoformat()}  {status:<15} {item.title}")
    return 0


def cmd_deadline_add(args) -> int:
    with open_session(args, args.path) as opened:
        entry_id = deadlines.add_deadline(opened, args.title, args.date, rule_id=args.rule or "",
                                          traject_id=args.traject, facts=term_facts(args))
    say(f"Termijn {entry_id} is toegevoegd.")
    return 0


def cmd_deadline_adjust(args) -> int:
    with open_session(args, args.path) as opened:
        if args.hersteltermijn:
            asked_on, until = args.hersteltermijn
            deadlines.set_repair_term(opened, args.id, asked_on, until, supplied_on=args.gronden_verstuurd)
            say("Hersteltermijn vastgelegd; de beslistermijn op bezwaar is opnieuw berekend.")
            return 0
        due = deadlines.adjust_deadline(opened, args.id, term_facts(args))
    say(f"Termijn {args.id} is opnieuw berekend: uiterlijk {weekday_date(due)}.")
    return 0


SUSPENSION_HELP = ("opschorting: GEVRAAGD is de datum van het verzoek om aanvulling of herstel, AANGEVULD de "
                   "datum waarop u aanvulde of de termijn daarvoor ongebruikt verstreek; de termijn staat stil "
                   "vanaf de dag na GEVRAAGD tot (niet tot en met) AANGEVULD")


def add_term_fact_options(sub, *, suspension_help: str) -> None:
    sub.add_argument("--verdaging", type=weeks_argument, default=0, metavar="WEKEN", help="verdaging in weken")
    sub.add_argument("--verdaging-bericht", type=date_argument, metavar="DATUM",
                     help="datum van het bericht waarin de organisatie de termijn verdaagde")
    sub.add_argument("--uitstel-instemming", type=weeks_argument, default=0, metavar="WEKEN",
                     help="verder uitstel waarmee u instemde (Awb 7:10 lid 4)")
    sub.add_argument("--commissie", action="store_true",
                     help="met advies- of klachtencommissie (bezwaar: bezwaarcommissie, twaalf weken)")
    sub.add_argument("--verlenging", action="store_true", help="AVG: termijn verlengd met twee maanden")
    sub.add_argument("--verlenging-bericht", type=date_argument, metavar="DATUM",
                     help="AVG: datum van het bericht over de verlenging")
    sub.add_argument("--opschorting", nargs=2, type=date_argument, action="append",
                     metavar=("GEVRAAGD", "AANGEVULD"), help=suspension_help)


def cmd_deadline_done(args) -> int:
    with open_session(args, args.path) as opened:
        deadlines.mark_done(opened, args.id, is_agreement=args.afspraak)
    say("Afgevinkt.")
    return 0


def cmd_withdraw(args) -> int:
    with open_session(args, args.path) as opened:
        changed = deadlines.withdraw(opened, args.traject, args.what, args.date or dt.date.today())
    for line in changed or ["Er liep in dit traject niets dat hierop wachtte."]:
        say(line)
    return 0


def cmd_ics(args) -> int:
    today = args.today or dt.date.today()
    with open_session(args, args.path) as opened:
        count = deadlines.export_calendar(opened, Path(args.out), today=today, overwrite=False)
    say(f"{count} termijnen geschreven naar {args.out}.")
    return 0


def add_commands(command) -> None:
    sub = command("deadline", cmd_deadline, "Bereken een wettelijke termijn.", dossier=False, passphrase=False)
    sub.add_argument("rule", help=LazyText(lambda: "de regel: " + ", ".join(deadlines.rule_ids())))
    sub.add_argument("date", type=date_argument, help="de startdatum (JJJJ-MM-DD of DD-MM-JJJJ)")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    add_term_fact_options(sub, suspension_help=SUSPENSION_HELP + " (Awb 4:15 lid 1; bezwaar: Awb 7:10 lid 2)")
    sub.add_argument("--peildatum", type=date_argument, help="ingebrekestelling: dwangsom op deze datum")
    sub = command("deadlines", cmd_deadlines, "Toon de open termijnen, verlopen eerst.")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub.add_argument("--today", type=date_argument, help="peildatum (standaard vandaag)")
    sub = command("deadline-add", cmd_deadline_add, "Voeg een termijn toe: met de hand, of berekend met --rule.")
    sub.add_argument("title", help="omschrijving")
    sub.add_argument("date", type=date_argument, help="laatste dag (of met --rule: de startdatum)")
    sub.add_argument("--rule", help="bereken vanaf DATE met deze regel")
    add_traject_option(sub)
    add_term_fact_options(sub, suspension_help=SUSPENSION_HELP + " (mag vaker)")
    sub = command("deadline-adjust", cmd_deadline_adjust,
                  "Leg een verdaging, opschorting, commissie of verlenging vast en reken de termijn opnieuw uit.")
    sub.add_argument("id", type=number_argument, help="nummer van de termijn")
    add_term_fact_options(sub, suspension_help=SUSPENSION_HELP + " (mag vaker)")
    sub.add_argument("--hersteltermijn", nargs=2, type=date_argument, metavar=("GEVRAAGD", "TOT"),
                     help="de gemeente vroeg op GEVRAAGD om de gronden van uw bezwaar, uiterlijk TOT (een termijn "
                          "die de gemeente stelt; Awb 6:6 zegt niet hoe lang)")
    sub.add_argument("--gronden-verstuurd", type=date_argument, metavar="DATUM",
                     help="met --hersteltermijn: u stuurde de gronden op DATUM")
    sub = command("deadline-done", cmd_deadline_done, "Vink een termijn of afspraak af.")
    sub.add_argument("id", type=number_argument, help="nummer van de termijn (of met --afspraak: van de afspraak)")
    sub.add_argument("--afspraak", action="store_true", help="het nummer is dat van een afspraak")
    sub = command("withdraw", cmd_withdraw, "Leg vast dat u een aanvraag of bezwaar introk: de termijnen die "
                                            "erop wachtten, stoppen.")
    sub.add_argument("what", choices=["aanvraag", "bezwaar"], help="wat u introk")
    sub.add_argument("--traject", type=number_argument, required=True, help="nummer van het traject")
    sub.add_argument("--date", type=date_argument, help="datum van intrekken (standaard vandaag)")
    sub = command("ics", cmd_ics, "Exporteer de open termijnen als agendabestand (.ics).")
    sub.add_argument("--out", required=True, help="het .ics-bestand")
    sub.add_argument("--today", type=date_argument, help="peildatum (standaard vandaag)")
