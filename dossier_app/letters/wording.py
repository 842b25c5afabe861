"""The Dutch wording of the letter context: sentences and address lines built from the dossier's facts.

Pure functions of plain values (no SQL, no rules about what a letter may claim: see ``letters/claims.py``).
The letter texts themselves are in templates/letters; these are the few phrases the context hands them
ready-made (an address block, a salutation, a quoted title, the dwangsom bands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dossier_app.dutch import euro, long_date

NO_SENDER = "Vul eerst uw eigen naam en adres in bij Gezin (de afzender van de brief)."
NO_ADDRESSEE = "Voeg eerst de organisatie toe waaraan u schrijft (bij Contacten), met haar adres."
NO_CHILD = "Voeg eerst uw kind toe bij Gezin (naam en geboortedatum)."
NO_COURT = ("Voeg eerst de rechtbank toe bij Contacten (rol Rechtbank), met haar adres. Het is de "
            "rechtbank in het gebied waar uw gemeente ligt; het adres staat op rechtspraak.nl.")
NO_COURT_FOLLOWUP = "Voeg eerst de rechtbank toe bij Contacten (rol 'Rechtbank'), met haar adres."
CONSENT_WITHOUT_CONTACT = ("Koppel de toestemming eerst aan een contact met adres (bij Toestemmingen), "
                           "zodat de brief weet aan wie hij gaat.")
DEFAULT_SALUTATION = "Geachte heer, mevrouw,"
COLLEGE_SALUTATION = "Geacht college,"
DATA_PROTECTION_OFFICER = "de functionaris gegevensbescherming"
# How a consent was withdrawn, as the letter says it.
WITHDRAWN_HOW = {"mondeling": "mondeling", "email": "per e-mail", "brief": "per brief"}


def lines(*parts: str) -> list[str]:
    """The parts that are filled in, in order (address lines)."""
    return [part for part in parts if part]


def quoted(text: str) -> str:
    """Dutch quotes around a title: single outside, so quotes inside become double."""
    return "‘" + text.replace("‘", "“").replace("’", "”").replace("'", '"') + "’"


def contact_ways(phone: str, email: str) -> str:
    """How the addressee can reach the parent, as the letter says it."""
    ways = lines(f"op telefoonnummer {phone}" if phone else "", f"per e-mail via {email}" if email else "")
    return " of ".join(ways) or "via mijn adres hierboven"


def address_lines(organisation: str, *, name: str, role: str, department: str, contact_person: str,
                  street: str, postcode: str, city: str, attention: str = "") -> list[str]:
    """The addressee's address block: the organisation, whom it is for (t.a.v.), street and place."""
    result = [organisation]
    if department and department != organisation and not attention:
        result.append(f"t.a.v. {department}" if role == "gemeente" else department)
    if attention:
        result.append(f"t.a.v. {attention}")
    elif contact_person and contact_person != organisation:
        result.append(f"t.a.v. {contact_person}")
    elif name != organisation and role not in ("gemeente",):
        result.append(f"t.a.v. {name}")
    return result + lines(street, f"{postcode}  {city.upper()}".strip())


def salutation(*, own: str, role: str, contact_person: str, attention: str = "") -> str:
    """The opening line: the contact's own, else the college of a gemeente, else the neutral one."""
    if attention:
        return DEFAULT_SALUTATION
    if own:
        return own
    if role == "gemeente" and not contact_person:
        return COLLEGE_SALUTATION
    return DEFAULT_SALUTATION


def dwangsom(bands: Iterable[tuple[int, int, int]]) -> dict[str, str | int]:
    """The dwangsom bands (Awb 4:17) as the letter states them: per day, the days, the maximum."""
    bands = list(bands)
    parts = [f"{euro(amount)} per dag voor dag {first} tot en met {last}" for first, last, amount in bands]
    per_day = ", ".join(parts[:-1]) + " en " + parts[-1]
    return {"per_dag": per_day, "max_dagen": bands[-1][1],
            "maximum": euro(sum((last - first + 1) * amount for first, last, amount in bands))}


def decision_summary(title: str, decided: dt.date) -> str:
    """Only what is meant for letters: the title and the date; never the entry's own notes."""
    return f"Uw besluit {quoted(title)} van {long_date(decided)}."


def data_to_remove(child_name: str, requested_on: dt.date, title: str) -> str:
    """What a request to remove data (AVG art. 17) asks to be removed."""
    return (f"Alle gegevens over {child_name} die u heeft opgevraagd of ontvangen naar "
            f"aanleiding van uw verzoek van {long_date(requested_on)} "
            f"({quoted(title)}), zoals een diagnostisch rapport of een "
            "behandelplan, met alle kopieën daarvan.")


def data_description(child_name: str, case_title: str) -> str:
    """Which personal data an AVG request is about."""
    return (f"Alle persoonsgegevens die u over mij en over {child_name} verwerkt, "
            f"in het bijzonder in het dossier over {quoted(case_title)}.")


def provider_help(provider: str) -> str:
    return f"Jeugdhulp bij {provider}."


def provider_without_contract(provider: str) -> str:
    return f"{provider} heeft geen contract met de gemeente. Hulp in natura is daar dus niet mogelijk."


def attention_of_manager(helper: str) -> str:
    return f"de leidinggevende van {helper}" if helper else "de leidinggevende"


def optional_date(day: dt.date | None) -> str:
    return long_date(day) if day else ""
