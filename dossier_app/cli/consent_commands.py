"""The consent register (toestemmingen) on the command line: add, list, withdraw."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from dossier_app.cli.common import date_argument, number_argument, open_session, print_json, say
from dossier_app.cli.lazy import service
from dossier_app.services.vocabulary import WITHDRAWAL_METHODS

if TYPE_CHECKING:     # the CLI loads its services only when a command runs (cli/lazy.py)
    from dossier_app.services.consents import Consent

consents = service("consents")


def _as_dict(item: Consent) -> dict:
    return {"id": item.id, "recipient": item.recipient, "purpose": item.purpose,
            "given_on": item.given_on.isoformat() if item.given_on else None, "contact_id": item.contact_id,
            "confirmation": item.confirmation_name or None,
            "withdrawn_on": item.withdrawn_on.isoformat() if item.withdrawn_on else None,
            "withdrawn_how": item.withdrawn_how or None}


def cmd_consent_add(args) -> int:
    with open_session(args, args.path) as opened:
        consent_id = consents.add_consent(opened, args.recipient or "", args.purpose,
                                          given_on=args.given_on or dt.date.today(), contact_id=args.contact,
                                          notes=args.notes or "")
        if args.confirmation:
            consents.attach_confirmation(opened, consent_id, Path(args.confirmation))
    say(f"Toestemming {consent_id} staat in het register."
        + (" De schriftelijke bevestiging is versleuteld bewaard." if args.confirmation else
           " Bewaar de schriftelijke bevestiging als u die krijgt (consent-add --confirmation)."))
    return 0


def cmd_consents(args) -> int:
    with open_session(args, args.path) as opened:
        items = consents.consents(opened)
    if args.json:
        print_json([_as_dict(item) for item in items])
        return 0
    if not items:
        say("Nog geen toestemmingen in het register.")
    for item in items:
        given = item.given_on.isoformat() if item.given_on else "datum onbekend"
        proof = ", bevestiging bewaard" if item.confirmation_id else ""
        say(f"{item.id:>4}  {given}  aan {item.recipient}: {item.purpose}  [{item.status}{proof}]")
    return 0


def cmd_consent_withdraw(args) -> int:
    with open_session(args, args.path) as opened:
        consents.withdraw(opened, args.consent, args.on or dt.date.today(), args.how or "")
    say(f"Toestemming {args.consent} is ingetrokken. Leg het schriftelijk vast met de brief "
        f"'intrekking-toestemming' (letter … intrekking-toestemming --set toestemming={args.consent}).")
    return 0


def add_commands(command) -> None:
    sub = command("consent-add", cmd_consent_add, "Zet een gegeven toestemming in het register.")
    sub.add_argument("purpose", help="waarvoor u toestemming gaf")
    sub.add_argument("--recipient", help="aan wie (standaard de naam van het contact)")
    sub.add_argument("--contact", type=number_argument, help="nummer van het contact aan wie u toestemming gaf")
    sub.add_argument("--given-on", type=date_argument, help="datum van de toestemming (standaard vandaag)")
    sub.add_argument("--confirmation", help="bestand met de schriftelijke bevestiging (wordt versleuteld bewaard)")
    sub.add_argument("--notes", help="notities")
    sub = command("consents", cmd_consents, "Toon het register van toestemmingen.")
    sub.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sub = command("consent-withdraw", cmd_consent_withdraw, "Leg vast dat u een toestemming introk.")
    sub.add_argument("consent", type=number_argument, help="nummer van de toestemming")
    sub.add_argument("--on", type=date_argument, help="datum van intrekken (standaard vandaag)")
    sub.add_argument("--how", choices=list(WITHDRAWAL_METHODS), help="hoe: mondeling, email of brief")
