"""Build the letter context from the dossier: who writes, to whom, about what.

The context is plain dicts and strings (``CONTEXT_SCHEMA`` lists every key a
template may use); the template linter checks templates against it. This
module puts the context together; what it reads from the dossier is in
``context_queries.py``, what a letter may claim in ``claims.py`` (pure), and
the Dutch phrases in ``wording.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from dossier_app.deadlines import RULES
from dossier_app.dutch import long_date, number_word
from dossier_app.errors import MissingContact, UsageError
from dossier_app.letters import claims, complaints, followups, providers, rows, voice, wording
from dossier_app.letters import context_queries as queries
from dossier_app.letters.catalogue import age_phase, law_table
from dossier_app.letters.claims import CHOOSABLE_DOCUMENTS, CHOOSABLE_ITEMS, DECISION_TERMS  # noqa: F401 - API
from dossier_app.store.models import Contact, Deadline, Traject

CONTEXT_SCHEMA = {
    "afzender": {"naam", "straat", "postcode", "plaats", "telefoon", "email", "regels", "contact"},
    "geadresseerde": {"naam", "regels", "aanhef", "id", "rol", "is_fg", "bestuursorgaan", "commissie_van"},
    "kind": {"naam", "voornaam", "geboortedatum", "leeftijd", "leeftijd_woorden", "fase", "eigen_woorden", "bsn"},
    "tweede_ouder": {"naam"},
    "traject": {"id", "titel", "status", "hulpvraag", "omschrijving_gegevens"},
    "beschikking": {"titel", "titel_citaat", "datum", "kenmerk", "ontvangen", "samenvatting", "onjuistheden",
                    "iso_datum", "pgb_geweigerd"},
    "beslistermijn_verlopen": {"soort", "titel", "datum", "ontvangen", "beslistermijn_einde", "verdaging_bekend",
                               "artikel", "ontvangstbevestiging_kenmerk", "ontvangstbevestiging_datum"},
    "verzoek": {"titel", "titel_citaat", "datum", "afzender", "samenvatting", "te_verwijderen"},
    "advies": {"titel", "titel_citaat", "datum", "afzender", "samenvatting", "bezwaren"},
    "verslag": {"titel", "titel_citaat", "datum", "afzender", "onjuistheden"},
    "verwijzer": {"naam", "organisatie"},
    # Issue 22: a referral the traject records (not just a huisarts among the contacts).
    "verwijzing": {"naam", "organisatie"},
    "aanbieder": {"naam", "hulp", "wachtlijst", "gecontracteerd", "betaling", "in_traject", "naam_in_traject",
                  "geen_contract", "buiten_traject"},
    "beslissing_op_bezwaar": {"titel", "datum", "kenmerk", "ontvangen", "samenvatting", "afzender"},
    "toestemming": {"nummer", "aan", "waarvoor", "gegeven_op", "ingetrokken_op", "hoe_ingetrokken", "bevestiging"},
    "veilig_thuis": {"naam"},
    "klachtenregeling": {"aanwezig", "titel", "datum", "organisatie"},
    "dwangsom": {"per_dag", "max_dagen", "maximum"},
    # Issue 13: follow-up letters (see letters/followups.py).
    "gesprek": {"titel", "titel_citaat", "datum", "plaats", "onderwerp", "deelnemers", "besproken", "afspraken",
                "verslag_status", "verslag_ontvangen", "verslag_toegezegd", "hulpverlener", "organisatie",
                "organisatie_rol", "met_gemeente", "in_het_kort"},
    "aanwijzing": {"titel", "titel_citaat", "datum", "kenmerk", "afzender", "samenvatting", "termijn_einde",
                   "termijn_verlopen"},
    "kinderrechterzaak": {"titel", "titel_citaat", "datum", "zaaknummer", "verzoeker", "samenvatting",
                          "maatregelen"},
    "gezinsvoogd": {"naam", "organisatie"},
    "achterstand": {"soort", "titel", "titel_citaat", "datum", "verzonden", "ontvangen", "termijn_einde",
                    "artikel", "avg"},
    "avg_verzoek": {"titel", "titel_citaat", "datum", "verzonden", "ontvangen", "artikel", "termijn_einde",
                    "verlopen", "verlengd", "herinnering_datum", "antwoord", "organisatie"},
    "ingebrekestelling_verlopen": {"titel", "titel_citaat", "datum", "verzonden", "ontvangen", "termijn_einde",
                                   "soort", "aanvraag_titel", "aanvraag_datum", "beslistermijn_einde", "gemeente"},
    # Issue 22: whose letter it is (letters/voice.py).
    "stem": {"band", "van_jongere", "van_ouder", "namens_kind", "inspraak", "leeftijd_onbekend", "privacy",
             "beide_ouders_nodig", "bron_eigen", "bron_inspraak", "bron_dossier", "bron_namens", "adres_jongere",
             "ouder", "andere_ouder", "ondertekenaars", "meervoud", "gemachtigde", "kind_beslist_mee", "kind_eens",
             "kind_oneens", "kind_onder_16", "kind_vanaf_16", "eigen_gegevens_ouder"},
    "instanties": None,
    "wet": None,
    "termijnen": None,
    "plaats": None,
    "datum": None,
}
# Names every template gets besides the context itself.
TEMPLATE_NAMES = {"velden", "blokken", "bijlagen"}
# Context items that may be missing; a letter kind lists what it requires.
OPTIONAL_ITEMS = ("traject", "beschikking", "beslistermijn_verlopen", "verzoek", "advies", "verslag",
                  "verwijzer", "verwijzing", "aanbieder", "tweede_ouder",
                  "gesprek", "aanwijzing", "kinderrechterzaak", "gezinsvoogd", "achterstand", "avg_verzoek",
                  "ingebrekestelling_verlopen", "beslissing_op_bezwaar", "toestemming", "veilig_thuis")
def _sender() -> dict[str, Any]:
    parent = next(iter(rows.persons("ouder")), None)
    if parent is None:
        raise MissingContact(wording.NO_SENDER, "ouder")
    return {
        "naam": parent.name, "straat": parent.street, "postcode": parent.postcode, "plaats": parent.city,
        "telefoon": parent.phone, "email": parent.email, "contact": wording.contact_ways(parent.phone, parent.email),
        "regels": wording.lines(parent.name, parent.street, f"{parent.postcode} {parent.city}".strip(),
                                parent.phone, parent.email),
    }


def _addressee(contact: Contact | None, *, attention: str = "") -> dict[str, Any]:
    if contact is None:
        raise MissingContact(wording.NO_ADDRESSEE, "gemeente")
    organisation = contact.organisation or contact.name
    lines = wording.address_lines(organisation, name=contact.name, role=contact.role,
                                  department=contact.department, contact_person=contact.contact_person,
                                  street=contact.street, postcode=contact.postcode, city=contact.city,
                                  attention=attention)
    salutation = wording.salutation(own=contact.salutation, role=contact.role,
                                    contact_person=contact.contact_person, attention=attention)
    is_fg = contact.role == "fg" or attention == wording.DATA_PROTECTION_OFFICER
    return {"naam": contact.name, "regels": lines, "aanhef": salutation, "id": contact.id, "rol": contact.role,
            "is_fg": is_fg, "bestuursorgaan": claims.is_bestuursorgaan(contact.role), "commissie_van": ""}


def _first_contact(*roles: str) -> Contact | None:
    return rows.first_contact(*roles)


def item_choices(case_id: int | None, items: Iterable[str]) -> dict[str, list[tuple[int, str, dt.date]]]:
    """For each item a letter is about: (entry id, title, date) of every candidate, newest first."""
    choices = {}
    for item in items:
        if item == "gesprek":
            rows = followups.conversations(case_id)
        elif item in CHOOSABLE_DOCUMENTS:
            rows = [(row.entry.id, row.entry.title, row.entry.occurred_on)
                    for row in queries.documents(case_id, *CHOOSABLE_DOCUMENTS[item])]
        else:
            continue
        if rows:
            choices[item] = rows
    return choices


def _child(case: Traject | None, today: dt.date) -> dict[str, Any]:
    person = rows.person(case.child_id) if case is not None and case.child_id else None
    if person is None:
        person = next(iter(rows.persons("kind")), None)
    if person is None:
        raise MissingContact(wording.NO_CHILD, "kind")
    return _child_of(person, today)


def _child_of(person: Any, today: dt.date) -> dict[str, Any]:
    age = relativedelta(today, person.birth_date).years if person.birth_date else None
    phase, _ = age_phase(age)
    return {"naam": person.name, "voornaam": person.name.split()[0],
            "geboortedatum": long_date(person.birth_date) if person.birth_date else "",
            "leeftijd": age, "leeftijd_woorden": number_word(age) if age is not None else "",
            "fase": phase, "eigen_woorden": person.own_voice, "bsn": person.bsn,
            "_notes": person.notes, "_person": person}


def _second_parent() -> dict[str, Any] | None:
    name = queries.second_parent_name()
    return {"naam": name} if name is not None else None


def gezag_warnings(kind_id: str = "", context: dict[str, Any] | None = None) -> list[str]:
    """What a parent should know before sending a care or AVG letter: the other parent's gezag,
    depending on the letter kind and the child's age (letters/voice.py, _stem.toml)."""
    return voice.gezag_warnings(kind_id, context or {}, rows.persons("ouder")[1:])


def running_decision_term(case_id: int | None, today: dt.date) -> Deadline | None:
    """An open beslistermijn that has not yet passed (an ingebrekestelling would come too early)."""
    return queries.decision_term(case_id, "t.due_date >= ?", [today.isoformat()])


def _overdue_decision(case_id: int | None, today: dt.date) -> dict[str, Any] | None:
    """The newest open beslistermijn (aanvraag or bezwaar) that has passed."""
    deadline = queries.decision_term(case_id, "t.due_date < ?", [today.isoformat()])
    if deadline is None:
        return None
    kind, article = DECISION_TERMS[deadline.rule_id]
    title, sent_on, received_on = queries.term_source(deadline)
    if kind == "aanvraag" and received_on is None:
        received_on = deadline.start_date
    confirmation = queries.receipt_confirmation(case_id, sent_on) if sent_on else None
    return {"soort": kind, "titel": title, "datum": wording.optional_date(sent_on),
            "ontvangen": wording.optional_date(received_on),
            "beslistermijn_einde": long_date(deadline.due_date),
            "verdaging_bekend": claims.postponement_known(deadline.options),
            "artikel": law_table()["artikelen"][article],
            "ontvangstbevestiging_kenmerk": confirmation.kenmerk if confirmation else "",
            "ontvangstbevestiging_datum": long_date(confirmation.entry.occurred_on) if confirmation else ""}


def _dwangsom() -> dict[str, Any]:
    return wording.dwangsom(RULES[queries.LAPSING_TERM].dwangsom)


def available_items(case_id: int | None, today: dt.date) -> set[str]:
    """Which optional context items exist for a case (used to pick a fitting case)."""
    if case_id is None:
        return queries.available_by_case(None, today)[None]
    return queries.available_by_case([case_id], today)[case_id]


def select_case(requires: Iterable[str], today: dt.date, prefers: Iterable[str] = ()) -> int | None:
    """The most recent traject that has everything a letter kind requires
    (and, when there is one, also what it prefers for prefilling)."""
    return select_case_with_items(requires, today, prefers)[0]


def select_case_with_items(requires: Iterable[str], today: dt.date, prefers: Iterable[str] = ()
                           ) -> tuple[int | None, set[str]]:
    """``select_case``, with the chosen traject's ``available_items``.

    The trajecten are looked at newest first, in batches that grow (1, 4, 16, …),
    stopping at the first batch with one that fits: usually the newest traject
    fits, and a letter's cost does not grow with the number of older trajecten.
    """
    case_ids = rows.traject_ids_newest_first()
    first_fitting = None
    start, size = 0, 1
    while start < len(case_ids):
        batch = case_ids[start:start + size]
        start, size = start + size, size * 4
        available = queries.available_by_case(batch, today)
        by_case = {case_id: items for case_id, items in available.items() if case_id is not None}
        fitting, preferred = claims.fitting_cases(batch, by_case, requires, prefers)
        if preferred:
            return preferred[0], available[preferred[0]]
        if fitting and first_fitting is None:
            first_fitting = (fitting[0], available[fitting[0]])
            if not prefers:
                return first_fitting
    if first_fitting is not None:
        return first_fitting
    if not requires:
        return None, available_items(None, today)
    missing = ", ".join(requires)
    raise UsageError(f"Geen traject in het dossier heeft wat deze brief nodig heeft ({missing}). "
                     "Leg het eerst vast in de tijdlijn, of kies een traject met --traject.")


def build_context(addressee_role: str, case_id: int | None, today: dt.date, *, consent_id: int | None = None,
                  chosen: dict[str, Any] | None = None, kind_id: str = "") -> dict[str, Any]:
    """``kind_id``: the letter kind, which with the child's age decides whose letter it is (``stem``)."""
    case = rows.traject(case_id) if case_id is not None else None
    if case_id is not None and case is None:
        raise UsageError(f"Er is geen traject met nummer {case_id}.")
    sender = _sender()
    child = _child(case, today)
    law = law_table()
    place = rows.dossier_info("place")
    context: dict[str, Any] = {key: None for key in OPTIONAL_ITEMS}
    context.update({
        "afzender": sender,
        "kind": {k: v for k, v in child.items() if not k.startswith("_")},
        "plaats": place if place is not None else (sender["plaats"] or ""),
        "datum": long_date(today),
        "dwangsom": _dwangsom(),
        "wet": dict(law["artikelen"]),
        "termijnen": dict(law["termijnen"]),
        "instanties": dict(law["instanties"]),
        "tweede_ouder": _second_parent(),
    })
    scope = case.id if case else None
    chosen = chosen or {}
    beschikking = queries.chosen_document(chosen, "beschikking", scope) or queries.latest(scope, "beschikking")
    if beschikking:
        decided = beschikking.decision_date or beschikking.entry.occurred_on
        context["beschikking"] = {
            "titel": beschikking.entry.title, "datum": long_date(decided), "iso_datum": decided.isoformat(),
            "kenmerk": beschikking.kenmerk,
            "ontvangen": wording.optional_date(beschikking.received_on),
            "titel_citaat": wording.quoted(beschikking.entry.title),
            # Only what is meant for letters: the title and the factual errors the user noted;
            # never the entry's own Aantekeningen (private notes).
            "samenvatting": wording.decision_summary(beschikking.entry.title, decided),
            "onjuistheden": claims.listed_lines(beschikking.inaccuracies),
            "pgb_geweigerd": claims.pgb_refused(beschikking.entry.title, beschikking.entry.body)}
    context["beslistermijn_verlopen"] = _overdue_decision(scope, today)
    verzoek = queries.chosen_document(chosen, "verzoek", scope) or queries.latest(scope, "verzoek")
    if verzoek:
        context["verzoek"] = {
            "titel": verzoek.entry.title, "titel_citaat": wording.quoted(verzoek.entry.title),
            "datum": long_date(verzoek.entry.occurred_on),
            "afzender": verzoek.sender, "samenvatting": verzoek.entry.title,
            "te_verwijderen": wording.data_to_remove(child["naam"], verzoek.entry.occurred_on, verzoek.entry.title)}
    advies = (queries.chosen_document(chosen, "advies", scope)
              or queries.latest(scope, "advies", "onderzoeksrapport"))
    if advies:
        context["advies"] = {
            "titel": advies.entry.title, "titel_citaat": wording.quoted(advies.entry.title),
            "datum": long_date(advies.entry.occurred_on),
            "afzender": advies.sender or "de deskundige", "samenvatting": advies.entry.title,
            "bezwaren": advies.inaccuracies}
    verslag = queries.chosen_document(chosen, "verslag", scope) or queries.with_inaccuracies(scope)
    if verslag:
        context["verslag"] = {
            "titel": verslag.entry.title, "titel_citaat": wording.quoted(verslag.entry.title),
            "datum": long_date(verslag.entry.occurred_on),
            "afzender": verslag.sender, "onjuistheden": verslag.inaccuracies}
    said = queries.traject_text(scope) if scope is not None else None     # read once for what follows
    referrer = _first_contact("huisarts", "jeugdarts")
    if referrer:
        context["verwijzer"] = {"naam": referrer.name, "organisatie": referrer.organisation}
        # The same texts as available_by_case looks at: a letter states a referral only when the traject has one.
        if said is not None and said.mentions_referral():
            context["verwijzing"] = dict(context["verwijzer"])
    provider, named = providers.traject_provider(
        scope, lambda *names: said is not None and said.names_any(*names))
    if provider:
        # Issue 22: the help asked for and the provider's contract come from the traject the
        # letter is for; a provider the traject never names is no fact of that traject.
        context["aanbieder"] = {"naam": provider.name, "hulp": wording.provider_help(provider.name) if named else "",
                                "wachtlijst": provider.waiting_list, "gecontracteerd": provider.contracted,
                                "betaling": provider.payment, "in_traject": named,
                                "naam_in_traject": provider.name if named else "", "buiten_traject": not named,
                                "geen_contract": wording.provider_without_contract(provider.name)
                                if named and provider.contracted == "nee" else ""}
    decision = (queries.chosen_document(chosen, "beslissing_op_bezwaar", scope)
                or queries.latest(scope, "beslissing-op-bezwaar"))
    if decision:
        decided = decision.decision_date or decision.entry.occurred_on
        context["beslissing_op_bezwaar"] = {
            "titel": decision.entry.title, "datum": long_date(decided), "kenmerk": decision.kenmerk,
            "ontvangen": wording.optional_date(decision.received_on),
            "samenvatting": decision.entry.body or decision.entry.title,
            "afzender": decision.sender or "de gemeente"}
    context["toestemming"] = _consent(consent_id)
    safe_house = _first_contact("veilig-thuis")
    if safe_house:
        context["veilig_thuis"] = {"naam": safe_house.organisation or safe_house.name}
    if case:
        context["traject"] = {
            "id": case.id, "titel": case.title, "status": case.status,
            "hulpvraag": case.notes or child["_notes"],
            "omschrijving_gegevens": wording.data_description(child["naam"], case.title)}
    gi = _first_contact("gi")
    if gi:
        context["gezinsvoogd"] = {"naam": gi.contact_person or gi.name, "organisatie": gi.organisation or gi.name}
    context["gesprek"] = followups.conversation(scope, chosen.get("gesprek"))
    context["aanwijzing"] = followups.aanwijzing(scope, today)
    context["kinderrechterzaak"] = followups.court_case(scope)
    context["achterstand"] = followups.overdue_request(today)
    context["avg_verzoek"] = followups.avg_request(today)
    context["ingebrekestelling_verlopen"] = followups.lapsed_ingebrekestelling(scope, today)
    # A follow-up speaks for the child of the letter it follows up.
    followed = rows.person(voice.followed_child(kind_id, context))
    if followed is not None and followed.id != child["_person"].id:
        child = _child_of(followed, today)
        context["kind"] = {k: v for k, v in child.items() if not k.startswith("_")}
    context["stem"] = voice.decide(kind_id, context, child["_person"], today)
    if context["stem"]["van_jongere"]:
        voice.speak_for_herself(context)
    set_addressee(context, addressee_role)
    if context["toestemming"]:
        context["toestemming"].pop("_contact", None)
    return _public(context)


def _public(context: dict[str, Any]) -> dict[str, Any]:
    """Drop the '_' keys the follow-up items carry for choosing the addressee."""
    return {key: ({k: v for k, v in value.items() if not k.startswith("_")} if isinstance(value, dict)
                  and key in followups.PRIVATE_KEYS_IN else value)
            for key, value in context.items()}


def set_addressee(context: dict[str, Any], role: str) -> None:
    """Fill ``geadresseerde`` for ``role``, and whether that organisation's klachtenregeling is in the dossier."""
    context["geadresseerde"] = _addressee_for(role, context)
    # A klachtencommissie works under the klachtenregeling of the organisation the klacht is about.
    organisation = context["geadresseerde"].pop("_organisatie_id", None)
    context["klachtenregeling"] = _complaints_procedure(organisation or context["geadresseerde"]["id"])


def _complaints_procedure(contact_id: int | None) -> dict[str, Any]:
    """The newest document of kind 'klachtenregeling' from the addressee's organisation (any traject)."""
    contact = rows.contact(contact_id)
    organisation = (contact.organisation or contact.name) if contact else ""
    names = [name for name in {contact.name, contact.organisation} if name] if contact else []
    found = queries.complaints_procedure(names)
    return {"aanwezig": found is not None, "titel": found.entry.title if found else "",
            "datum": long_date(found.entry.occurred_on) if found else "", "organisatie": organisation}


def _consent(consent_id: int | None) -> dict[str, Any] | None:
    """One row of the consent register: the one chosen, or else the newest."""
    row = queries.consent(consent_id)
    if consent_id is not None and row is None:
        raise UsageError(f"Er is geen toestemming met nummer {consent_id} in het register.")
    if row is None:
        return None
    return {"nummer": row.id, "aan": row.recipient, "waarvoor": row.purpose,
            "gegeven_op": wording.optional_date(row.given_on),
            "ingetrokken_op": wording.optional_date(row.withdrawn_on),
            "hoe_ingetrokken": wording.WITHDRAWN_HOW.get(row.withdrawn_how, ""),
            "bevestiging": row.confirmation.filename if row.confirmation_id and row.confirmation else "",
            "_contact": row.contact_id}


def _addressee_for(role: str, context: dict[str, Any]) -> dict[str, Any]:
    gemeente = _first_contact("gemeente")
    if role == "gemeente":
        return _addressee(gemeente or _first_contact("wijkteam"))
    if role == "opsteller_advies":
        # The organisation that made the investigation: a GI, the Raad, or the gemeente.
        author = queries.contact_named((context.get("advies") or {}).get("afzender", ""))
        if author is not None and claims.is_investigator(author.role):
            if author.role == "wijkteam":
                return _addressee(gemeente or author)
            return _addressee(author)
        return _addressee(gemeente or _first_contact("wijkteam"))
    if role == "verzoeker":
        sender = (context.get("verzoek") or {}).get("afzender", "")
        return _addressee(queries.contact_named(sender) or _first_contact("wijkteam", "gemeente"))
    if role == "afzender_document":
        sender = (context.get("verslag") or {}).get("afzender", "")
        return _addressee(queries.contact_named(sender) or _first_contact("wijkteam", "gemeente"))
    if role == "hulpverlening":
        # The organisation that gives or arranges the help now: a GI, else the wijkteam or gemeente.
        return _addressee(_first_contact("gi", "wijkteam", "gemeente"))
    if role == "aanbieder":
        return _addressee(_first_contact("jeugdhulpaanbieder"))
    if role == "rechtbank":
        court = _first_contact("rechtbank")
        if court is None:
            raise UsageError(wording.NO_COURT)
        return _addressee(court)
    if role == "veilig-thuis":
        return _addressee(_first_contact("veilig-thuis"))
    if role == "toestemming":
        consent = context.get("toestemming") or {}
        contact = rows.contact(consent["_contact"]) if consent.get("_contact") else None
        contact = contact or queries.contact_named(consent.get("aan", ""))
        if contact is None:
            raise UsageError(wording.CONSENT_WITHOUT_CONTACT)
        return _addressee(contact)
    if role == "privacy":
        officer = _first_contact("fg")
        if officer:
            return _addressee(officer)
        return _addressee(gemeente or _first_contact("wijkteam"), attention=wording.DATA_PROTECTION_OFFICER)
    return _followup_addressee(role, context)


def _contact_by_id(contact_id: int | None) -> Contact | None:
    return rows.contact(contact_id)


def _followup_addressee(role: str, context: dict[str, Any]) -> dict[str, Any]:
    """The addressees of the follow-up letters (issue 13)."""
    conversation = context.get("gesprek") or {}
    helper_org = _contact_by_id(conversation.get("_contact_id"))
    if role == "gezinsvoogd":
        return _addressee(_first_contact("gi"))
    if role in ("kinderrechter", "bestuursrechter"):
        court = _first_contact("rechtbank")
        if court is None:
            raise UsageError(wording.NO_COURT_FOLLOWUP)
        attention = "de kinderrechter" if role == "kinderrechter" else "het team bestuursrecht"
        return _addressee(court, attention=attention)
    if role == "organisatie_gesprek":
        return _addressee(helper_org or _first_contact("gi", "wijkteam", "jeugdhulpaanbieder", "gemeente"))
    if role == "leiding_hulpverlener":
        contact = helper_org or _first_contact("gi", "wijkteam", "jeugdhulpaanbieder")
        who = conversation.get("hulpverlener") or ""
        return _addressee(contact, attention=wording.attention_of_manager(who))
    if role == "klacht":
        contact = helper_org or _first_contact("gi", "jeugdhulpaanbieder", "wijkteam", "gemeente")
        if contact is not None and contact.role == "wijkteam":
            contact = _first_contact("gemeente") or contact      # a complaint goes to the bestuursorgaan
        committee = complaints.committee_for(contact)       # its own address, when the dossier holds it
        if committee is not None and contact is not None:
            return complaints.committee_addressee(committee, contact)
        result = _addressee(contact, attention=followups.COMPLAINT_HANDLER.get(contact.role if contact else "", ""))
        result["bestuursorgaan"] = bool(contact and contact.role in ("gemeente", "wijkteam"))
        return result
    if role in ("herinnering", "privacy_klacht"):
        item = context.get("achterstand" if role == "herinnering" else "avg_verzoek") or {}
        contact = _contact_by_id(item.get("_contact_id")) or _first_contact("gemeente", "wijkteam")
        needs_officer = role == "privacy_klacht" or item.get("avg")
        if needs_officer and contact is not None and contact.role != "fg":
            return _addressee(contact, attention=wording.DATA_PROTECTION_OFFICER)
        return _addressee(contact)
    if role == "ap":
        office = law_table()["instanties"]["ap"]
        return {"naam": office["naam"], "regels": list(office["adres"]), "aanhef": wording.DEFAULT_SALUTATION,
                "id": None, "rol": "ap", "is_fg": False, "bestuursorgaan": False, "commissie_van": ""}
    raise UsageError(f"Onbekende geadresseerde '{role}' in de briefsoort.")
