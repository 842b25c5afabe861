"""Build the letter context from the dossier: who writes, to whom, about what.

The context is plain dicts and strings (``CONTEXT_SCHEMA`` lists every key a
template may use); the template linter checks templates against it.
"""

from __future__ import annotations

import datetime as dt

from dossier_app.deadlines import RULES
from dossier_app.dutch import euro, long_date
from dossier_app.errors import UsageError
from dossier_app.store.models import Case, Contact, Deadline, Document, DossierInfo, Entry, Person, database

CONTEXT_SCHEMA = {
    "afzender": {"naam", "straat", "postcode", "plaats", "telefoon", "email", "regels", "contact"},
    "geadresseerde": {"naam", "regels", "aanhef", "id"},
    "kind": {"naam", "voornaam", "geboortedatum"},
    "traject": {"id", "titel", "status", "hulpvraag", "omschrijving_gegevens"},
    "beschikking": {"titel", "datum", "kenmerk", "ontvangen", "samenvatting", "iso_datum"},
    "aanvraag_verlopen": {"titel", "datum", "ontvangen", "beslistermijn_einde", "verdaging_bekend"},
    "verzoek": {"titel", "datum", "afzender", "samenvatting", "te_verwijderen"},
    "advies": {"titel", "datum", "afzender", "samenvatting", "bezwaren"},
    "verslag": {"titel", "datum", "afzender", "onjuistheden"},
    "verwijzer": {"naam", "organisatie"},
    "aanbieder": {"naam", "hulp"},
    "dwangsom": {"per_dag", "max_dagen", "maximum"},
    "plaats": None,
    "datum": None,
}
# Names every template gets besides the context itself.
TEMPLATE_NAMES = {"velden", "blokken", "bijlagen"}
# Context items that may be missing; a letter kind lists what it requires.
OPTIONAL_ITEMS = ("traject", "beschikking", "aanvraag_verlopen", "verzoek", "advies", "verslag",
                  "verwijzer", "aanbieder")


def _lines(*parts) -> list[str]:
    return [part for part in parts if part]


def _sender() -> dict:
    parent = Person.select().where(Person.role == "ouder").order_by(Person.id).first()
    if parent is None:
        raise UsageError("Vul eerst uw eigen naam en adres in bij Gezin (de afzender van de brief).")
    contact = " of ".join(_lines(f"telefoonnummer {parent.phone}" if parent.phone else "",
                                 f"per e-mail via {parent.email}" if parent.email else "")) or "mijn adres hierboven"
    return {
        "naam": parent.name, "straat": parent.street, "postcode": parent.postcode, "plaats": parent.city,
        "telefoon": parent.phone, "email": parent.email, "contact": contact,
        "regels": _lines(parent.name, parent.street, f"{parent.postcode} {parent.city}".strip(),
                         parent.phone, parent.email),
    }


def _addressee(contact: Contact | None, *, attention: str = "") -> dict:
    if contact is None:
        raise UsageError("Voeg eerst de organisatie toe waaraan u schrijft (bij Contacten), met haar adres.")
    organisation = contact.organisation or contact.name
    lines = [organisation]
    if contact.department and contact.department != organisation:
        lines.append(f"t.a.v. {contact.department}" if contact.role == "gemeente" else contact.department)
    if attention:
        lines.append(f"t.a.v. {attention}")
    elif contact.contact_person and contact.contact_person != organisation:
        lines.append(f"t.a.v. {contact.contact_person}")
    elif contact.name != organisation and contact.role not in ("gemeente",):
        lines.append(f"t.a.v. {contact.name}")
    lines += _lines(contact.street, f"{contact.postcode}  {contact.city.upper()}".strip())
    if attention:
        salutation = "Geachte heer, mevrouw,"
    elif contact.salutation:
        salutation = contact.salutation
    elif contact.role == "gemeente" and not contact.contact_person:
        salutation = "Geacht college,"
    else:
        salutation = "Geachte heer, mevrouw,"
    return {"naam": contact.name, "regels": lines, "aanhef": salutation, "id": contact.id}


def _first_contact(*roles) -> Contact | None:
    for role in roles:
        found = Contact.select().where(Contact.role == role).order_by(Contact.id).first()
        if found:
            return found
    return None


def _contact_named(name: str) -> Contact | None:
    if not name:
        return None
    return Contact.select().where((Contact.name == name) | (Contact.organisation == name)).first()


def _documents(case_id, *doc_kinds, direction=None):
    query = (Document.select(Document, Entry).join(Entry, on=(Document.entry == Entry.id))
             .where(Document.doc_kind.in_(doc_kinds)))
    if case_id is not None:
        query = query.where(Entry.case == case_id)
    if direction:
        query = query.where(Document.direction == direction)
    return query.order_by(Entry.occurred_on.desc(), Entry.id.desc())


def _latest(case_id, *doc_kinds, direction=None) -> Document | None:
    return _documents(case_id, *doc_kinds, direction=direction).first()


def _child(case: Case | None) -> dict:
    person = case.child if case is not None and case.child_id else None
    if person is None:
        person = Person.select().where(Person.role == "kind").order_by(Person.id).first()
    if person is None:
        raise UsageError("Voeg eerst uw kind toe bij Gezin (naam en geboortedatum).")
    return {"naam": person.name, "voornaam": person.name.split()[0],
            "geboortedatum": long_date(person.birth_date) if person.birth_date else "(geboortedatum onbekend)",
            "_notes": person.notes}


def _overdue_application(case_id, today: dt.date) -> dict | None:
    query = (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
             .where((Deadline.rule_id == "beslistermijn-aanvraag") & (Deadline.status == "open")
                    & (Deadline.due_date < today)))
    if case_id is not None:
        query = query.where(Entry.case == case_id)
    deadline = query.order_by(Deadline.due_date.desc()).first()
    if deadline is None or deadline.source_entry_id is None:
        return None
    document = Document.get_or_none(Document.entry == deadline.source_entry_id)
    if document is None:
        return None
    return {"titel": document.entry.title, "datum": long_date(document.entry.occurred_on),
            "ontvangen": long_date(document.received_on or deadline.start_date),
            "beslistermijn_einde": long_date(deadline.due_date), "verdaging_bekend": False}


def _dwangsom() -> dict:
    bands = RULES["ingebrekestelling"].dwangsom
    parts = [f"{euro(amount)} per dag voor dag {first} tot en met {last}" for first, last, amount in bands]
    per_day = ", ".join(parts[:-1]) + " en " + parts[-1]
    return {"per_dag": per_day, "max_dagen": bands[-1][1],
            "maximum": euro(sum((last - first + 1) * amount for first, last, amount in bands))}


def available_items(case_id, today: dt.date) -> set[str]:
    """Which optional context items exist for a case (used to pick a fitting case)."""
    if case_id is None:
        return _available_by_case(None, today)[None]
    return _available_by_case([case_id], today)[case_id]


# Document kinds that make an optional item available (see build_context).
_ITEM_FOR_DOC_KIND = {"beschikking": "beschikking", "verzoek": "verzoek",
                      "advies": "advies", "onderzoeksrapport": "advies"}
_REPORT_KINDS = ("gespreksverslag", "onderzoeksrapport", "plan", "overig", "advies")
_ITEM_FOR_CONTACT_ROLE = {"huisarts": "verwijzer", "jeugdarts": "verwijzer", "jeugdhulpaanbieder": "aanbieder"}


def _available_by_case(case_ids, today: dt.date) -> dict:
    """``available_items`` for many cases at once, in a fixed number of queries.

    ``case_ids`` None means the whole dossier as one scope (key None). Same
    rules as build_context: the items are what it would fill in.
    """
    scoped = case_ids is not None
    found = {case_id: ({"traject"} if case_id is not None else set())
             for case_id in (case_ids if scoped else [None])}
    if not found:
        return found

    def add(case_id, item):
        key = case_id if scoped else None
        if key in found:
            found[key].add(item)

    # Plain SQL: four small statements, without building each through peewee.
    if scoped:
        scope = f" AND e.case_id IN ({', '.join('?' * len(found))})"
        scope_params = list(found)
    else:
        scope, scope_params = "", []

    def rows(sql: str, params: list):
        return database.execute_sql(sql + scope, params + scope_params).fetchall()

    doc_kinds = list(_ITEM_FOR_DOC_KIND)
    for case_id, doc_kind in rows(
            "SELECT DISTINCT e.case_id, d.doc_kind FROM document AS d JOIN entry AS e ON e.id = d.entry_id "
            f"WHERE d.doc_kind IN ({', '.join('?' * len(doc_kinds))})", doc_kinds):
        add(case_id, _ITEM_FOR_DOC_KIND[doc_kind])
    for case_id, inaccuracies in rows(
            "SELECT e.case_id, d.inaccuracies FROM document AS d JOIN entry AS e ON e.id = d.entry_id "
            f"WHERE d.inaccuracies != '' AND d.doc_kind IN ({', '.join('?' * len(_REPORT_KINDS))})",
            list(_REPORT_KINDS)):
        if inaccuracies.strip():
            add(case_id, "verslag")
    # The newest overdue application per scope counts (as in _overdue_application),
    # and only when the document that started it still exists.
    overdue = rows(
        "SELECT e.case_id, t.source_entry_id, src.entry_id, t.due_date FROM deadline AS t "
        "JOIN entry AS e ON e.id = t.entry_id LEFT JOIN document AS src ON src.entry_id = t.source_entry_id "
        "WHERE t.rule_id = 'beslistermijn-aanvraag' AND t.status = 'open' AND t.due_date < ?",
        [today.isoformat()])
    newest = {}
    for case_id, source_id, document_id, _due in sorted(overdue, key=lambda row: row[3], reverse=True):
        newest.setdefault(case_id if scoped else None, source_id is not None and document_id is not None)
    for key, usable in newest.items():
        if usable and key in found:
            found[key].add("aanvraag_verlopen")
    roles = list(_ITEM_FOR_CONTACT_ROLE)
    for (role,) in database.execute_sql(
            f"SELECT DISTINCT role FROM contact WHERE role IN ({', '.join('?' * len(roles))})", roles).fetchall():
        for items in found.values():
            items.add(_ITEM_FOR_CONTACT_ROLE[role])
    return found


def _with_inaccuracies(case_id) -> Document | None:
    """The newest report with 'onjuistheden' noted; a gespreksverslag goes first."""
    for kinds in (("gespreksverslag",), ("onderzoeksrapport", "plan", "overig", "advies")):
        for document in _documents(case_id, *kinds):
            if document.inaccuracies.strip():
                return document
    return None


def select_case(requires, today: dt.date, prefers=()) -> int | None:
    """The most recent case that has everything a letter kind requires
    (and, when there is one, also what it prefers for prefilling)."""
    case_ids = [row[0] for row in Case.select(Case.id).order_by(Case.opened_on.desc(), Case.id.desc()).tuples()]
    available = _available_by_case(case_ids, today)
    fitting = [case_id for case_id in case_ids if set(requires) <= available[case_id]]
    preferred = [case_id for case_id in fitting if set(prefers) <= available[case_id]]
    if preferred or fitting:
        return (preferred or fitting)[0]
    if not requires:
        return None
    missing = ", ".join(requires)
    raise UsageError(f"Geen traject in het dossier heeft wat deze brief nodig heeft ({missing}). "
                     "Leg het eerst vast in de tijdlijn, of kies een traject met --case.")


def build_context(addressee_role: str, case_id: int | None, today: dt.date) -> dict:
    case = Case.get_or_none(Case.id == case_id) if case_id is not None else None
    if case_id is not None and case is None:
        raise UsageError(f"Er is geen traject met nummer {case_id}.")
    sender = _sender()
    child = _child(case)
    place_row = DossierInfo.get_or_none(DossierInfo.key == "place")
    context: dict = {key: None for key in OPTIONAL_ITEMS}
    context.update({
        "afzender": sender,
        "kind": {k: v for k, v in child.items() if not k.startswith("_")},
        "plaats": place_row.value if place_row else (sender["plaats"] or ""),
        "datum": long_date(today),
        "dwangsom": _dwangsom(),
    })
    scope = case.id if case else None
    beschikking = _latest(scope, "beschikking")
    if beschikking:
        decided = beschikking.decision_date or beschikking.entry.occurred_on
        context["beschikking"] = {
            "titel": beschikking.entry.title, "datum": long_date(decided), "iso_datum": decided.isoformat(),
            "kenmerk": beschikking.kenmerk,
            "ontvangen": long_date(beschikking.received_on) if beschikking.received_on else "",
            "samenvatting": beschikking.entry.body or beschikking.entry.title}
    context["aanvraag_verlopen"] = _overdue_application(scope, today)
    verzoek = _latest(scope, "verzoek")
    if verzoek:
        context["verzoek"] = {
            "titel": verzoek.entry.title, "datum": long_date(verzoek.entry.occurred_on),
            "afzender": verzoek.sender, "samenvatting": verzoek.entry.body or verzoek.entry.title,
            "te_verwijderen": (f"alle gegevens over {child['naam']} die u heeft opgevraagd of ontvangen naar "
                               f"aanleiding van uw verzoek van {long_date(verzoek.entry.occurred_on)} "
                               f"('{verzoek.entry.title}'), zoals een diagnostisch rapport of een "
                               "behandelplan, met alle kopieën daarvan.")}
    advies = _latest(scope, "advies", "onderzoeksrapport")
    if advies:
        context["advies"] = {
            "titel": advies.entry.title, "datum": long_date(advies.entry.occurred_on),
            "afzender": advies.sender or "de deskundige", "samenvatting": advies.entry.body,
            "bezwaren": advies.inaccuracies}
    verslag = _with_inaccuracies(scope)
    if verslag:
        context["verslag"] = {
            "titel": verslag.entry.title, "datum": long_date(verslag.entry.occurred_on),
            "afzender": verslag.sender, "onjuistheden": verslag.inaccuracies}
    referrer = _first_contact("huisarts", "jeugdarts")
    if referrer:
        context["verwijzer"] = {"naam": referrer.name, "organisatie": referrer.organisation}
    provider = _first_contact("jeugdhulpaanbieder")
    if provider:
        context["aanbieder"] = {"naam": provider.name, "hulp": f"Jeugdhulp bij {provider.name}, waarnaar is verwezen."}
    if case:
        context["traject"] = {
            "id": case.id, "titel": case.title, "status": case.status,
            "hulpvraag": case.notes or child["_notes"],
            "omschrijving_gegevens": f"alle persoonsgegevens die u over mij en over {child['naam']} verwerkt, "
                                     f"in het bijzonder in het dossier over '{case.title}'."}
    context["geadresseerde"] = _addressee_for(addressee_role, context)
    return context


def _addressee_for(role: str, context: dict) -> dict:
    gemeente = _first_contact("gemeente")
    if role == "gemeente":
        return _addressee(gemeente or _first_contact("wijkteam"))
    if role == "verzoeker":
        sender = (context.get("verzoek") or {}).get("afzender", "")
        return _addressee(_contact_named(sender) or _first_contact("wijkteam", "gemeente"))
    if role == "afzender_document":
        sender = (context.get("verslag") or {}).get("afzender", "")
        return _addressee(_contact_named(sender) or _first_contact("wijkteam", "gemeente"))
    if role == "privacy":
        officer = _first_contact("fg")
        if officer:
            return _addressee(officer)
        return _addressee(gemeente or _first_contact("wijkteam"), attention="de functionaris gegevensbescherming")
    raise UsageError(f"Onbekende geadresseerde '{role}' in de briefsoort.")
