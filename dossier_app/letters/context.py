"""Build the letter context from the dossier: who writes, to whom, about what.

The context is plain dicts and strings (``CONTEXT_SCHEMA`` lists every key a
template may use); the template linter checks templates against it.
"""

from __future__ import annotations

import datetime as dt
import json

from dateutil.relativedelta import relativedelta

from dossier_app.deadlines import RULES
from dossier_app.deadlines import consequences as model
from dossier_app.dutch import euro, long_date, number_word
from dossier_app.errors import MissingContact, UsageError
from dossier_app.letters import complaints, followups, providers, rows, voice
from dossier_app.letters.catalogue import age_phase, law_table
from dossier_app.store.models import (
    Traject, Consent, Contact, Deadline, Document, database,
)

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
# The article (from _recht.toml) that sets the term for deciding on an aanvraag or a bezwaar.
DECISION_ARTICLES = {"aanvraag": "awb_4_13", "bezwaar": "awb_7_10"}
# Beslistermijnen an ingebrekestelling can follow (rules.toml: beslist_op), with what they decide on and the
# article; the ingebrekestelling's own term (what sending one starts, the consequence model).
DECISION_TERMS = {rule.id: (rule.decides_on, DECISION_ARTICLES[rule.decides_on])
                  for rule in RULES.values() if rule.decides_on}
LAPSING_TERM = model.started_by(model.SENT, followups.LAPSING_LETTER)
# Contact roles whose investigation a second opinion can be asked from; an
# administrative body (bestuursorgaan) must check an advice it relies on.
INVESTIGATOR_ROLES = {"gi": False, "raad": False, "gemeente": True, "wijkteam": True}


def _lines(*parts) -> list[str]:
    return [part for part in parts if part]


def _sender() -> dict:
    parent = next(iter(rows.persons("ouder")), None)
    if parent is None:
        raise MissingContact("Vul eerst uw eigen naam en adres in bij Gezin (de afzender van de brief).", "ouder")
    ways = _lines(f"op telefoonnummer {parent.phone}" if parent.phone else "",
                  f"per e-mail via {parent.email}" if parent.email else "")
    contact = " of ".join(ways) or "via mijn adres hierboven"
    return {
        "naam": parent.name, "straat": parent.street, "postcode": parent.postcode, "plaats": parent.city,
        "telefoon": parent.phone, "email": parent.email, "contact": contact,
        "regels": _lines(parent.name, parent.street, f"{parent.postcode} {parent.city}".strip(),
                         parent.phone, parent.email),
    }


def _addressee(contact: Contact | None, *, attention: str = "") -> dict:
    if contact is None:
        raise MissingContact("Voeg eerst de organisatie toe waaraan u schrijft (bij Contacten), met haar adres.",
                             "gemeente")
    organisation = contact.organisation or contact.name
    lines = [organisation]
    if contact.department and contact.department != organisation and not attention:
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
    is_fg = contact.role == "fg" or attention == "de functionaris gegevensbescherming"
    return {"naam": contact.name, "regels": lines, "aanhef": salutation, "id": contact.id, "rol": contact.role,
            "is_fg": is_fg, "bestuursorgaan": INVESTIGATOR_ROLES.get(contact.role, False), "commissie_van": ""}


def _first_contact(*roles) -> Contact | None:
    return rows.first_contact(*roles)


def _contact_named(name: str) -> Contact | None:
    if not name:
        return None
    return rows.first(Contact, f"SELECT {rows.CONTACT_COLUMNS} FROM contact WHERE name = ? OR organisation = ?",
                      [name, name])


def _documents(case_id, *doc_kinds, direction=None) -> list[Document]:
    return rows.documents(case_id, doc_kinds, direction=direction)


def _latest(case_id, *doc_kinds, direction=None) -> Document | None:
    found = rows.documents(case_id, doc_kinds, direction=direction, limit=1)
    return found[0] if found else None


# The items a letter can be about, and the kinds of document each may be. The user may choose
# another one than the newest (the letter assistant's second step, `--over` on the CLI).
CHOOSABLE_DOCUMENTS = {
    "beschikking": ("beschikking",),
    "beslissing_op_bezwaar": ("beslissing-op-bezwaar",),
    "verzoek": ("verzoek",),
    "advies": ("advies", "onderzoeksrapport"),
    "verslag": ("gespreksverslag", "onderzoeksrapport", "plan", "overig", "advies"),
}
CHOOSABLE_ITEMS = (*CHOOSABLE_DOCUMENTS, "gesprek")


def _chosen(chosen: dict, item: str, case_id) -> Document | None:
    """The document the user chose for ``item`` (when it fits the item and the traject)."""
    entry_id = chosen.get(item)
    if not entry_id:
        return None
    found = rows.documents(case_id, CHOOSABLE_DOCUMENTS[item], entry_id=entry_id, limit=1)
    return found[0] if found else None


def item_choices(case_id, items) -> dict[str, list[tuple[int, str, dt.date]]]:
    """For each item a letter is about: (entry id, title, date) of every candidate, newest first."""
    choices = {}
    for item in items:
        if item == "gesprek":
            rows = followups.conversations(case_id)
        elif item in CHOOSABLE_DOCUMENTS:
            rows = [(row.entry.id, row.entry.title, row.entry.occurred_on)
                    for row in _documents(case_id, *CHOOSABLE_DOCUMENTS[item])]
        else:
            continue
        if rows:
            choices[item] = rows
    return choices


def _child(case: Traject | None, today: dt.date) -> dict:
    person = rows.person(case.child_id) if case is not None and case.child_id else None
    if person is None:
        person = next(iter(rows.persons("kind")), None)
    if person is None:
        raise MissingContact("Voeg eerst uw kind toe bij Gezin (naam en geboortedatum).", "kind")
    return _child_of(person, today)


def _child_of(person, today: dt.date) -> dict:
    age = relativedelta(today, person.birth_date).years if person.birth_date else None
    phase, _ = age_phase(age)
    return {"naam": person.name, "voornaam": person.name.split()[0],
            "geboortedatum": long_date(person.birth_date) if person.birth_date else "",
            "leeftijd": age, "leeftijd_woorden": number_word(age) if age is not None else "",
            "fase": phase, "eigen_woorden": person.own_voice, "bsn": person.bsn,
            "_notes": person.notes, "_person": person}


# A parent other than the first (the sender) who has gezag (parental authority).
_SECOND_PARENT_SQL = ("SELECT name FROM person WHERE role = 'ouder' AND gezag = 'ja' "
                      "AND id != (SELECT min(id) FROM person WHERE role = 'ouder')")


def _second_parent() -> dict | None:
    row = database.execute_sql(_SECOND_PARENT_SQL + " ORDER BY id LIMIT 1").fetchone()
    return {"naam": row[0]} if row else None


def gezag_warnings(kind_id: str = "", context: dict | None = None) -> list[str]:
    """What a parent should know before sending a care or AVG letter: the other parent's gezag,
    depending on the letter kind and the child's age (letters/voice.py, _stem.toml)."""
    return voice.gezag_warnings(kind_id, context or {}, rows.persons("ouder")[1:])


def _decision_terms(case_id, where: str, params: list) -> Deadline | None:
    """The newest open beslistermijn (aanvraag or bezwaar) that also meets ``where``."""
    terms = list(DECISION_TERMS)
    sql = f"t.rule_id IN ({', '.join('?' * len(terms))}) AND t.status = 'open' AND {where}"
    params = terms + params
    if case_id is not None:
        sql += " AND e.case_id = ?"
        params.append(case_id)
    found = rows.deadlines(sql, params, limit=1)
    return found[0] if found else None


def running_decision_term(case_id, today: dt.date) -> Deadline | None:
    """An open beslistermijn that has not yet passed (an ingebrekestelling would come too early)."""
    return _decision_terms(case_id, "t.due_date >= ?", [today.isoformat()])


def _receipt_confirmation(case_id, after: dt.date) -> Document | None:
    found = [document for document in rows.documents(case_id, ("ontvangstbevestiging",))
             if document.entry.occurred_on >= after]
    return min(found, key=lambda document: document.entry.occurred_on) if found else None


def _overdue_decision(case_id, today: dt.date) -> dict | None:
    """The newest open beslistermijn (aanvraag or bezwaar) that has passed."""
    deadline = _decision_terms(case_id, "t.due_date < ?", [today.isoformat()])
    if deadline is None:
        return None
    kind, article = DECISION_TERMS[deadline.rule_id]
    title, sent_on, received_on = deadline.entry.title, None, None
    if deadline.source_entry_id is not None:
        document = rows.document(deadline.source_entry_id)
        letter = rows.letter(deadline.source_entry_id)
        if document is not None:
            title, sent_on, received_on = document.entry.title, document.entry.occurred_on, document.received_on
        elif letter is not None:
            title = letter.subject or letter.entry.title
            sent_on, received_on = letter.sent_on or letter.entry.occurred_on, letter.receipt_confirmed_on
    if kind == "aanvraag" and received_on is None:
        received_on = deadline.start_date
    options = json.loads(deadline.options or "{}")
    confirmation = _receipt_confirmation(case_id, sent_on) if sent_on else None
    return {"soort": kind, "titel": title, "datum": long_date(sent_on) if sent_on else "",
            "ontvangen": long_date(received_on) if received_on else "",
            "beslistermijn_einde": long_date(deadline.due_date),
            "verdaging_bekend": bool(options.get("postponement_weeks")),
            "artikel": law_table()["artikelen"][article],
            "ontvangstbevestiging_kenmerk": confirmation.kenmerk if confirmation else "",
            "ontvangstbevestiging_datum": long_date(confirmation.entry.occurred_on) if confirmation else ""}


def _dwangsom() -> dict:
    bands = RULES[LAPSING_TERM].dwangsom
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
                      "advies": "advies", "onderzoeksrapport": "advies",
                      "schriftelijke-aanwijzing": "aanwijzing", "verzoekschrift-kinderrechter": "kinderrechterzaak",
                      "beslissing-op-bezwaar": "beslissing_op_bezwaar"}
_REPORT_KINDS = ("gespreksverslag", "onderzoeksrapport", "plan", "overig", "advies")
_ITEM_FOR_CONTACT_ROLE = {"huisarts": "verwijzer", "jeugdarts": "verwijzer", "jeugdhulpaanbieder": "aanbieder",
                          "gi": "gezinsvoogd", "veilig-thuis": "veilig_thuis"}


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

    # Plain SQL, a fixed number of statements. Within trajecten they start from the
    # traject's own entries (the case index; '+' keeps SQLite from walking every
    # document or conversation in the dossier instead), so the cost follows the
    # trajecten asked about, not the size of the dossier.
    if scoped:
        scope = f" AND e.case_id IN ({', '.join('?' * len(found))})"
        scope_params = list(found)
        plus = "+"
    else:
        scope, scope_params, plus = "", [], ""

    def rows(sql: str, params: list):
        return database.execute_sql(sql + scope, params + scope_params).fetchall()

    doc_kinds = list(_ITEM_FOR_DOC_KIND)
    for case_id, doc_kind in rows(
            "SELECT DISTINCT e.case_id, d.doc_kind FROM entry AS e JOIN document AS d ON d.entry_id = e.id "
            f"WHERE {plus}d.doc_kind IN ({', '.join('?' * len(doc_kinds))})", doc_kinds):
        add(case_id, _ITEM_FOR_DOC_KIND[doc_kind])
    for case_id, inaccuracies in rows(
            "SELECT e.case_id, d.inaccuracies FROM entry AS e JOIN document AS d ON d.entry_id = e.id "
            f"WHERE d.inaccuracies != '' AND {plus}d.doc_kind IN ({', '.join('?' * len(_REPORT_KINDS))})",
            list(_REPORT_KINDS)):
        if inaccuracies.strip():
            add(case_id, "verslag")
    # A beslistermijn (aanvraag or bezwaar) that is still open and has passed.
    terms = list(DECISION_TERMS)
    for (case_id,) in rows(
            "SELECT DISTINCT e.case_id FROM deadline AS t JOIN entry AS e ON e.id = t.entry_id "
            f"WHERE t.rule_id IN ({', '.join('?' * len(terms))}) AND t.status = 'open' AND t.due_date < ?",
            terms + [today.isoformat()]):
        add(case_id, "beslistermijn_verlopen")
    # Issue 13: a conversation; an ingebrekestelling whose two weeks have passed.
    for (case_id,) in rows("SELECT DISTINCT e.case_id FROM entry AS e WHERE e.kind = 'gesprek' "
                           "AND EXISTS (SELECT 1 FROM conversation AS c WHERE c.entry_id = e.id)", []):
        add(case_id, "gesprek")
    for (case_id,) in rows(
            "SELECT DISTINCT e.case_id FROM deadline AS t JOIN entry AS e ON e.id = t.entry_id "
            "WHERE t.rule_id = ? AND t.status = 'open' AND t.due_date < ?", [LAPSING_TERM, today.isoformat()]):
        add(case_id, "ingebrekestelling_verlopen")
    # Requests in the letter log belong to the whole dossier, not to one traject.
    reminder_rules = list(followups.REMINDER_RULES)
    if database.execute_sql(
            f"SELECT count(*) FROM deadline WHERE rule_id IN ({', '.join('?' * len(reminder_rules))}) "
            "AND status = 'open' AND due_date < ? AND source_entry_id IS NOT NULL",
            reminder_rules + [today.isoformat()]).fetchone()[0]:
        for items in found.values():
            items.add("achterstand")
    avg_kinds = list(followups.AVG_KINDS)
    if database.execute_sql(
            f"SELECT count(*) FROM letter WHERE kind IN ({', '.join('?' * len(avg_kinds))}) "
            "AND sent_on IS NOT NULL", avg_kinds).fetchone()[0]:
        for items in found.values():
            items.add("avg_verzoek")
    roles = list(_ITEM_FOR_CONTACT_ROLE)
    for (role,) in database.execute_sql(
            f"SELECT DISTINCT role FROM contact WHERE role IN ({', '.join('?' * len(roles))})", roles).fetchall():
        for items in found.values():
            items.add(_ITEM_FOR_CONTACT_ROLE[role])
    # Issue 22: a referral the traject records, by a referrer among the contacts.
    if scoped and database.execute_sql(
            "SELECT count(*) FROM contact WHERE role IN ('huisarts', 'jeugdarts')").fetchone()[0]:
        words = " OR ".join(f"lower({column}) LIKE '%{word}%'" for word in _REFERRAL_WORDS
                            for column in ("e.title", "e.body"))
        for (case_id,) in rows(f"SELECT DISTINCT e.case_id FROM entry AS e WHERE ({words})", []):
            add(case_id, "verwijzing")
    # Dossier-wide: another parent with gezag, and a consent in the register.
    if database.execute_sql(_SECOND_PARENT_SQL.replace("SELECT name", "SELECT count(*)")).fetchone()[0]:
        for items in found.values():
            items.add("tweede_ouder")
    if database.execute_sql("SELECT count(*) FROM consent").fetchone()[0]:
        for items in found.values():
            items.add("toestemming")
    return found


def _with_inaccuracies(case_id) -> Document | None:
    """The newest report with 'onjuistheden' noted; a gespreksverslag goes first."""
    for kinds in (("gespreksverslag",), ("onderzoeksrapport", "plan", "overig", "advies")):
        for document in rows.documents(case_id, kinds, with_inaccuracies=True):
            if document.inaccuracies.strip():
                return document
    return None


def select_case(requires, today: dt.date, prefers=()) -> int | None:
    """The most recent traject that has everything a letter kind requires
    (and, when there is one, also what it prefers for prefilling)."""
    return select_case_with_items(requires, today, prefers)[0]


def select_case_with_items(requires, today: dt.date, prefers=()) -> tuple[int | None, set[str]]:
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
        available = _available_by_case(batch, today)
        fitting = [case_id for case_id in batch if set(requires) <= available[case_id]]
        preferred = [case_id for case_id in fitting if set(prefers) <= available[case_id]]
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
                  chosen: dict | None = None, kind_id: str = "") -> dict:
    """``kind_id``: the letter kind, which with the child's age decides whose letter it is (``stem``)."""
    case = rows.traject(case_id) if case_id is not None else None
    if case_id is not None and case is None:
        raise UsageError(f"Er is geen traject met nummer {case_id}.")
    sender = _sender()
    child = _child(case, today)
    law = law_table()
    place = rows.dossier_info("place")
    context: dict = {key: None for key in OPTIONAL_ITEMS}
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
    beschikking = _chosen(chosen, "beschikking", scope) or _latest(scope, "beschikking")
    if beschikking:
        decided = beschikking.decision_date or beschikking.entry.occurred_on
        context["beschikking"] = {
            "titel": beschikking.entry.title, "datum": long_date(decided), "iso_datum": decided.isoformat(),
            "kenmerk": beschikking.kenmerk,
            "ontvangen": long_date(beschikking.received_on) if beschikking.received_on else "",
            "titel_citaat": _quoted(beschikking.entry.title),
            # Only what is meant for letters: the title and the factual errors the user noted;
            # never the entry's own Aantekeningen (private notes).
            "samenvatting": f"Uw besluit {_quoted(beschikking.entry.title)} van {long_date(decided)}.",
            "onjuistheden": [line.strip(" -•\t") for line in beschikking.inaccuracies.splitlines()
                             if line.strip(" -•\t")],
            "pgb_geweigerd": "pgb" in (beschikking.entry.body + " " + beschikking.entry.title).lower()}
    context["beslistermijn_verlopen"] = _overdue_decision(scope, today)
    verzoek = _chosen(chosen, "verzoek", scope) or _latest(scope, "verzoek")
    if verzoek:
        context["verzoek"] = {
            "titel": verzoek.entry.title, "titel_citaat": _quoted(verzoek.entry.title),
            "datum": long_date(verzoek.entry.occurred_on),
            "afzender": verzoek.sender, "samenvatting": verzoek.entry.title,
            "te_verwijderen": (f"Alle gegevens over {child['naam']} die u heeft opgevraagd of ontvangen naar "
                               f"aanleiding van uw verzoek van {long_date(verzoek.entry.occurred_on)} "
                               f"({_quoted(verzoek.entry.title)}), zoals een diagnostisch rapport of een "
                               "behandelplan, met alle kopieën daarvan.")}
    advies = _chosen(chosen, "advies", scope) or _latest(scope, "advies", "onderzoeksrapport")
    if advies:
        context["advies"] = {
            "titel": advies.entry.title, "titel_citaat": _quoted(advies.entry.title),
            "datum": long_date(advies.entry.occurred_on),
            "afzender": advies.sender or "de deskundige", "samenvatting": advies.entry.title,
            "bezwaren": advies.inaccuracies}
    verslag = _chosen(chosen, "verslag", scope) or _with_inaccuracies(scope)
    if verslag:
        context["verslag"] = {
            "titel": verslag.entry.title, "titel_citaat": _quoted(verslag.entry.title),
            "datum": long_date(verslag.entry.occurred_on),
            "afzender": verslag.sender, "onjuistheden": verslag.inaccuracies}
    referrer = _first_contact("huisarts", "jeugdarts")
    provider = _first_contact("jeugdhulpaanbieder")
    texts = _traject_texts(scope) if scope is not None and (referrer or provider) else ([], [])
    if referrer:
        context["verwijzer"] = {"naam": referrer.name, "organisatie": referrer.organisation}
        if scope is not None and _traject_mentions_referral(texts):
            context["verwijzing"] = dict(context["verwijzer"])
    provider, named = providers.traject_provider(scope, lambda _case, *names: _traject_names(texts, *names))
    if provider:
        # Issue 22: the help asked for and the provider's contract come from the traject the
        # letter is for; a provider the traject never names is no fact of that traject.
        context["aanbieder"] = {"naam": provider.name, "hulp": f"Jeugdhulp bij {provider.name}." if named else "",
                                "wachtlijst": provider.waiting_list, "gecontracteerd": provider.contracted,
                                "betaling": provider.payment, "in_traject": named,
                                "naam_in_traject": provider.name if named else "", "buiten_traject": not named,
                                "geen_contract": (f"{provider.name} heeft geen contract met de gemeente. Hulp in "
                                                  "natura is daar dus niet mogelijk.")
                                if named and provider.contracted == "nee" else ""}
    decision = _chosen(chosen, "beslissing_op_bezwaar", scope) or _latest(scope, "beslissing-op-bezwaar")
    if decision:
        decided = decision.decision_date or decision.entry.occurred_on
        context["beslissing_op_bezwaar"] = {
            "titel": decision.entry.title, "datum": long_date(decided), "kenmerk": decision.kenmerk,
            "ontvangen": long_date(decision.received_on) if decision.received_on else "",
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
            "omschrijving_gegevens": f"Alle persoonsgegevens die u over mij en over {child['naam']} verwerkt, "
                                     f"in het bijzonder in het dossier over {_quoted(case.title)}."}
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


def _public(context: dict) -> dict:
    """Drop the '_' keys the follow-up items carry for choosing the addressee."""
    return {key: ({k: v for k, v in value.items() if not k.startswith("_")} if isinstance(value, dict)
                  and key in followups.PRIVATE_KEYS_IN else value)
            for key, value in context.items()}


def set_addressee(context: dict, role: str) -> None:
    """Fill ``geadresseerde`` for ``role``, and whether that organisation's klachtenregeling is in the dossier."""
    context["geadresseerde"] = _addressee_for(role, context)
    # A klachtencommissie works under the klachtenregeling of the organisation the klacht is about.
    organisation = context["geadresseerde"].pop("_organisatie_id", None)
    context["klachtenregeling"] = _complaints_procedure(organisation or context["geadresseerde"]["id"])


def _complaints_procedure(contact_id) -> dict:
    """The newest document of kind 'klachtenregeling' from the addressee's organisation (any traject)."""
    contact = rows.contact(contact_id)
    organisation = (contact.organisation or contact.name) if contact else ""
    names = [name for name in {contact.name, contact.organisation} if name] if contact else []
    found = None
    if names:
        found = next((document for document in rows.documents(None, ("klachtenregeling",))
                      if document.sender in names), None)
    return {"aanwezig": found is not None, "titel": found.entry.title if found else "",
            "datum": long_date(found.entry.occurred_on) if found else "", "organisatie": organisation}


def _consent(consent_id: int | None) -> dict | None:
    """One row of the consent register: the one chosen, or else the newest."""
    columns = ", ".join(field.column_name for field in Consent._meta.sorted_fields)
    if consent_id is not None:
        row = rows.first(Consent, f"SELECT {columns} FROM consent WHERE id = ?", [consent_id])
    else:
        row = rows.first(Consent, f"SELECT {columns} FROM consent ORDER BY id DESC")
    if consent_id is not None and row is None:
        raise UsageError(f"Er is geen toestemming met nummer {consent_id} in het register.")
    if row is None:
        return None
    how = {"mondeling": "mondeling", "email": "per e-mail", "brief": "per brief"}.get(row.withdrawn_how, "")
    return {"nummer": row.id, "aan": row.recipient, "waarvoor": row.purpose,
            "gegeven_op": long_date(row.given_on) if row.given_on else "",
            "ingetrokken_op": long_date(row.withdrawn_on) if row.withdrawn_on else "",
            "hoe_ingetrokken": how,
            "bevestiging": row.confirmation.filename if row.confirmation_id else "",
            "_contact": row.contact_id}


def _traject_texts(case_id: int) -> tuple[list[str], list[str]]:
    """The titles, texts and senders of a traject's entries, and its afspraken, lower case: what the
    dossier says happened in it. One statement (a letter reads them once, not once per question)."""
    rows = database.execute_sql(
        "SELECT 0, e.title, e.body, coalesce(d.sender, '') FROM entry AS e "
        "LEFT JOIN document AS d ON d.entry_id = e.id WHERE e.case_id = ? "
        "UNION ALL SELECT 1, a.who, a.what, '' FROM agreement AS a JOIN entry AS e ON e.id = a.entry_id "
        "WHERE e.case_id = ?", (case_id, case_id)).fetchall()
    texts: tuple[list[str], list[str]] = ([], [])
    for agreed, *parts in rows:
        texts[agreed].append(" ".join(part for part in parts if part).lower())
    return texts


def _traject_names(texts: tuple[list[str], list[str]], *names: str) -> bool:
    """Whether an entry or afspraak of the traject (``_traject_texts``) names one of ``names``."""
    wanted = [name.lower() for name in names if name]
    return any(name in text for text in texts[0] + texts[1] for name in wanted)


# Words by which the dossier records a referral (Jeugdwet 2.6 lid 1 onder g) in a traject.
_REFERRAL_WORDS = ("verwijzing", "verwezen", "verwijsbrief")


def _traject_mentions_referral(texts: tuple[list[str], list[str]]) -> bool:
    """Whether the traject records a referral by a huisarts, jeugdarts or specialist (issue 22:
    a letter states a referral only when the dossier holds one). Its entries only, not its afspraken
    (the same as _available_by_case looks at)."""
    return any(word in text for text in texts[0] for word in _REFERRAL_WORDS)


def _quoted(text: str) -> str:
    """Dutch quotes around a title: single outside, so quotes inside become double."""
    return "‘" + text.replace("‘", "“").replace("’", "”").replace("'", '"') + "’"


def _addressee_for(role: str, context: dict) -> dict:
    gemeente = _first_contact("gemeente")
    if role == "gemeente":
        return _addressee(gemeente or _first_contact("wijkteam"))
    if role == "opsteller_advies":
        # The organisation that made the investigation: a GI, the Raad, or the gemeente.
        author = _contact_named((context.get("advies") or {}).get("afzender", ""))
        if author is not None and author.role in INVESTIGATOR_ROLES:
            if author.role == "wijkteam":
                return _addressee(gemeente or author)
            return _addressee(author)
        return _addressee(gemeente or _first_contact("wijkteam"))
    if role == "verzoeker":
        sender = (context.get("verzoek") or {}).get("afzender", "")
        return _addressee(_contact_named(sender) or _first_contact("wijkteam", "gemeente"))
    if role == "afzender_document":
        sender = (context.get("verslag") or {}).get("afzender", "")
        return _addressee(_contact_named(sender) or _first_contact("wijkteam", "gemeente"))
    if role == "hulpverlening":
        # The organisation that gives or arranges the help now: a GI, else the wijkteam or gemeente.
        return _addressee(_first_contact("gi", "wijkteam", "gemeente"))
    if role == "aanbieder":
        return _addressee(_first_contact("jeugdhulpaanbieder"))
    if role == "rechtbank":
        court = _first_contact("rechtbank")
        if court is None:
            raise UsageError("Voeg eerst de rechtbank toe bij Contacten (rol Rechtbank), met haar adres. Het is de "
                             "rechtbank in het gebied waar uw gemeente ligt; het adres staat op rechtspraak.nl.")
        return _addressee(court)
    if role == "veilig-thuis":
        return _addressee(_first_contact("veilig-thuis"))
    if role == "toestemming":
        consent = context.get("toestemming") or {}
        contact = rows.contact(consent["_contact"]) if consent.get("_contact") else None
        contact = contact or _contact_named(consent.get("aan", ""))
        if contact is None:
            raise UsageError("Koppel de toestemming eerst aan een contact met adres (bij Toestemmingen), "
                             "zodat de brief weet aan wie hij gaat.")
        return _addressee(contact)
    if role == "privacy":
        officer = _first_contact("fg")
        if officer:
            return _addressee(officer)
        return _addressee(gemeente or _first_contact("wijkteam"), attention="de functionaris gegevensbescherming")
    return _followup_addressee(role, context)


def _contact_by_id(contact_id) -> Contact | None:
    return rows.contact(contact_id)


def _followup_addressee(role: str, context: dict) -> dict:
    """The addressees of the follow-up letters (issue 13)."""
    conversation = context.get("gesprek") or {}
    helper_org = _contact_by_id(conversation.get("_contact_id"))
    if role == "gezinsvoogd":
        return _addressee(_first_contact("gi"))
    if role in ("kinderrechter", "bestuursrechter"):
        court = _first_contact("rechtbank")
        if court is None:
            raise UsageError("Voeg eerst de rechtbank toe bij Contacten (rol 'Rechtbank'), met haar adres.")
        attention = "de kinderrechter" if role == "kinderrechter" else "het team bestuursrecht"
        return _addressee(court, attention=attention)
    if role == "organisatie_gesprek":
        return _addressee(helper_org or _first_contact("gi", "wijkteam", "jeugdhulpaanbieder", "gemeente"))
    if role == "leiding_hulpverlener":
        contact = helper_org or _first_contact("gi", "wijkteam", "jeugdhulpaanbieder")
        who = conversation.get("hulpverlener")
        return _addressee(contact, attention=f"de leidinggevende van {who}" if who else "de leidinggevende")
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
            return _addressee(contact, attention="de functionaris gegevensbescherming")
        return _addressee(contact)
    if role == "ap":
        office = law_table()["instanties"]["ap"]
        return {"naam": office["naam"], "regels": list(office["adres"]), "aanhef": "Geachte heer, mevrouw,",
                "id": None, "rol": "ap", "is_fg": False, "bestuursorgaan": False, "commissie_van": ""}
    raise UsageError(f"Onbekende geadresseerde '{role}' in de briefsoort.")
