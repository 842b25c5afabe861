"""Context items for the follow-up letters (issue 13): a conversation, a written
aanwijzing, a child-protection case at the kinderrechter, and what the letter
log shows about requests that went unanswered.

Each builder returns a plain dict (or None); ``context.build_context`` puts it
under its item name. Keys starting with '_' are for choosing the addressee and
never reach a template (the linter only allows the keys in CONTEXT_SCHEMA).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dossier_app.deadlines import RULES, advice
from dossier_app.deadlines import consequences as model
from dossier_app.dutch import long_date
from dossier_app.letters import rows
from dossier_app.letters.catalogue import get_kind, law_table
from dossier_app.store.models import (
    Agreement,
    Conversation,
    Deadline,
    Entry,
    Letter,
    Participant,
)

_CONVERSATION_COLUMNS = rows.columns(Conversation, "c") + ", " + rows.ENTRY_COLUMNS

# Contact roles of the professionals a conversation, complaint or request can be about.
HELPER_ROLES = ("gi", "wijkteam", "jeugdhulpaanbieder", "gemeente")
# Letter kinds that are AVG requests, with the article each rests on (from _recht.toml).
AVG_KINDS = {"avg-inzage": "avg_15", "avg-correctie": "avg_16", "avg-verwijdering": "avg_17"}
# Open terms that, once passed, a herinnering follows up: rule -> what was asked for, most important first
# (deadlines/gevolgen.toml [[herinnering]]).
REMINDER_RULES = dict(advice.reminders())
# The letter (document kind) whose two weeks lapse: the ingebrekestelling (Awb 4:17, 6:12).
LAPSING_LETTER = "ingebrekestelling"
# Items whose '_' keys (for the addressee) are dropped before a template sees them.
PRIVATE_KEYS_IN = ("gesprek", "achterstand", "avg_verzoek", "ingebrekestelling_verlopen")
# Who handles a complaint, by the role of the organisation (the 't.a.v.' line).
COMPLAINT_HANDLER = {"gemeente": "de klachtencoördinator", "wijkteam": "de klachtencoördinator",
                     "gi": "de klachtencommissie", "jeugdhulpaanbieder": "de klachtencommissie"}
# How a sent letter went out, in a sentence ("… heb ik u {verzonden}").
_SENT_WORDS = {"post": "per post gestuurd", "aangetekend": "aangetekend gestuurd",
               "email": "per e-mail gestuurd", "hand": "persoonlijk afgegeven"}


def _quoted(text: str) -> str:
    return "‘" + text.replace("‘", "“").replace("’", "”").replace("'", '"') + "’"


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _conversations(case_id: int | None, entry_id: int | None = None, limit: int | None = None
                   ) -> list[Conversation]:
    sql = (f"SELECT {_CONVERSATION_COLUMNS} FROM entry AS e JOIN conversation AS c ON c.entry_id = e.id "
           "WHERE 1")
    params = []
    if case_id is not None:
        sql += " AND e.case_id = ?"
        params.append(case_id)
    if entry_id is not None:
        sql += " AND e.id = ?"
        params.append(entry_id)
    sql += " ORDER BY e.occurred_on DESC, e.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return rows.fetch(Conversation, sql, params, related={"entry": Entry})


def conversations(case_id: int | None) -> list[tuple[int, str, dt.date]]:
    """Every gesprek in the traject, newest first: (entry id, title, date)."""
    return [(row.entry.id, row.entry.title, row.entry.occurred_on) for row in _conversations(case_id)]


def conversation(case_id: int | None, entry_id: int | None = None) -> dict[str, Any] | None:
    """The conversation (gesprek) the user chose, or else the newest in the traject, with who took
    part and the agreements."""
    found = (_conversations(case_id, entry_id, limit=1) if entry_id else []) or _conversations(case_id, limit=1)
    if not found:
        return None
    row = found[0]
    entry = row.entry
    participants = rows.fetch(Participant, f"SELECT {rows.columns(Participant)} FROM participant "
                                           "WHERE entry_id = ? ORDER BY id", [entry.id])
    helper = None
    for participant in participants:
        if participant.contact_id is not None:
            contact = rows.contact(participant.contact_id)
            if contact is not None and contact.role in HELPER_ROLES:
                helper = (participant.name, contact)
                break
    agreements = []
    for agreement in rows.fetch(Agreement, f"SELECT {rows.columns(Agreement)} FROM agreement "
                                           "WHERE entry_id = ? ORDER BY id", [entry.id]):
        line = f"{agreement.who}: {agreement.what}"
        if agreement.due_date:
            line += f", uiterlijk op {long_date(agreement.due_date)}"
        agreements.append(line)
    organisation = ""
    if helper is not None:
        organisation = helper[1].organisation or helper[1].name
        if helper[1].role == "wijkteam" and helper[1].department:
            organisation = helper[1].name
    return {
        "titel": entry.title, "titel_citaat": _quoted(entry.title), "datum": long_date(entry.occurred_on),
        "plaats": row.location, "onderwerp": row.topic or entry.title,
        "deelnemers": _names([p.name for p in participants]), "besproken": entry.body,
        "afspraken": agreements, "verslag_status": row.report_status,
        "verslag_ontvangen": row.report_status in ("ontvangen", "gecontroleerd"),
        "verslag_toegezegd": row.report_status == "toegezegd",
        "hulpverlener": helper[0] if helper else "", "organisatie": organisation,
        "organisatie_rol": helper[1].role if helper else "",
        "met_gemeente": bool(helper and helper[1].role in ("gemeente", "wijkteam")),
        "in_het_kort": (f"Op {long_date(entry.occurred_on)} sprak ik met "
                        f"{_names([p.name for p in participants if p.contact_id is not None]) or 'u'} "
                        f"over {row.topic or entry.title}."),
        "_contact_id": helper[1].id if helper else None,
    }


def _term_of(source_entry_id: int, rule: str) -> Deadline | None:
    found = rows.deadlines("t.source_entry_id = ? AND t.rule_id = ?", [source_entry_id, rule], limit=1)
    return found[0] if found else None


def aanwijzing(case_id: int | None, today: dt.date) -> dict[str, Any] | None:
    """The newest schriftelijke aanwijzing of the gecertificeerde instelling, with its two-week term."""
    row = next(iter(rows.documents(case_id, ("schriftelijke-aanwijzing",), limit=1)), None)
    if row is None:
        return None
    given = row.decision_date or row.entry.occurred_on
    term = _term_of(row.entry_id, model.started_by(model.RECEIVED, "schriftelijke-aanwijzing"))
    return {
        "titel": row.entry.title, "titel_citaat": _quoted(row.entry.title), "datum": long_date(given),
        "kenmerk": row.kenmerk, "afzender": row.sender, "samenvatting": row.entry.body or row.entry.title,
        "termijn_einde": long_date(term.due_date) if term else "",
        "termijn_verlopen": bool(term and term.due_date < today),
    }


def court_case(case_id: int | None) -> dict[str, Any] | None:
    """A child-protection case at the kinderrechter (the verzoekschrift in the dossier)."""
    row = next(iter(rows.documents(case_id, ("verzoekschrift-kinderrechter",), limit=1)), None)
    if row is None:
        return None
    text = f"{row.entry.title} {row.entry.body}".lower()
    measures = [item["tekst"] for item in law_table()["maatregel"] if any(word in text for word in item["woorden"])]
    return {
        "titel": row.entry.title, "titel_citaat": _quoted(row.entry.title),
        "datum": long_date(row.entry.occurred_on), "zaaknummer": row.kenmerk,
        "verzoeker": row.sender, "samenvatting": row.entry.body or row.entry.title,
        "maatregelen": _names(measures),
    }


def _sent_item(source_entry_id: int) -> dict[str, Any] | None:
    """What the dossier knows of a sent letter or document: title, date, how it went out."""
    letter = rows.letter(source_entry_id)
    if letter is not None:
        sent = letter.sent_on or letter.entry.occurred_on
        how = _SENT_WORDS.get(letter.send_method, "gestuurd")
        if letter.send_method == "aangetekend" and letter.tracking_number:
            how += f" (verzendnummer {letter.tracking_number})"
        return {"titel": letter.subject or letter.entry.title, "datum": long_date(sent), "verzonden": how,
                "ontvangen": long_date(letter.receipt_confirmed_on) if letter.receipt_confirmed_on else "",
                "_kind": letter.kind, "_contact_id": letter.recipient_id, "_entry": letter.entry_id,
                "_sent": sent}
    document = rows.document(source_entry_id)
    if document is not None and document.direction == "verzonden":
        return {"titel": document.entry.title, "datum": long_date(document.entry.occurred_on),
                "verzonden": "gestuurd",
                "ontvangen": long_date(document.received_on) if document.received_on else "",
                "_kind": document.doc_kind, "_contact_id": None, "_entry": document.entry_id,
                "_sent": document.entry.occurred_on}
    return None


def _article(kind: str) -> str:
    return law_table()["artikelen"][AVG_KINDS[kind]] if kind in AVG_KINDS else ""


def overdue_request(today: dt.date) -> dict[str, Any] | None:
    """The request whose answer is most overdue (an AVG request, a receipt, an answer, a complaint)."""
    rules = list(REMINDER_RULES)
    overdue = rows.deadlines(f"t.rule_id IN ({', '.join('?' * len(rules))}) AND t.status = 'open' "
                             "AND t.due_date < ? AND t.source_entry_id IS NOT NULL",
                             rules + [today.isoformat()], order="t.due_date, t.entry_id")
    # When one letter has more than one overdue term (the receipt and the answer), chase the one that ranks
    # first: the answer's term (an AVG month, a klacht) is what the organisation broke, and names its date.
    rank = {rule: number for number, rule in enumerate(rules)}
    chased: dict[int, int] = {}
    for row in overdue:
        if row.source_entry_id is not None:
            chased[row.source_entry_id] = min(chased.get(row.source_entry_id, len(rank)), rank[row.rule_id])
    for row in overdue:
        if row.source_entry_id is None or rank[row.rule_id] != chased[row.source_entry_id]:
            continue
        sent = _sent_item(row.source_entry_id)
        if sent is None:
            continue
        return dict(sent, soort=REMINDER_RULES[row.rule_id], titel_citaat=_quoted(sent["titel"]),
                    termijn_einde=long_date(row.due_date), artikel=_article(sent["_kind"]),
                    avg=REMINDER_RULES[row.rule_id] == "avg" or sent["_kind"] in AVG_KINDS,
                    _deadline=row.entry_id)
    return None


def avg_request(today: dt.date) -> dict[str, Any] | None:
    """The newest AVG request in the letter log that was sent, with what came back."""
    kinds = list(AVG_KINDS)
    letter = rows.first(Letter, f"SELECT {rows.LETTER_COLUMNS} FROM letter AS l JOIN entry AS e "
                                f"ON e.id = l.entry_id WHERE l.kind IN ({', '.join('?' * len(kinds))}) "
                                "AND l.sent_on IS NOT NULL ORDER BY l.sent_on DESC, e.id DESC", kinds,
                        related={"entry": Entry})
    if letter is None:
        return None
    sent = _sent_item(letter.entry_id)
    if sent is None:
        return None
    term = _term_of(letter.entry_id, get_kind(letter.kind).deadline_rule)
    overdue = bool(term and term.status == "open" and term.due_date < today)
    reminder = rows.first(Letter, f"SELECT {rows.LETTER_COLUMNS} FROM letter AS l JOIN entry AS e "
                                  "ON e.id = l.entry_id WHERE l.kind = 'herinnering' AND l.sent_on IS NOT NULL "
                                  "AND l.sent_on > ? AND l.recipient_id IS ? ORDER BY l.sent_on",
                          [str(letter.sent_on), letter.recipient_id], related={"entry": Entry})
    recipient = rows.contact(letter.recipient_id)
    organisation = (recipient.organisation or recipient.name) if recipient else ""
    # Named, not 'u': the letter goes to the FG or to the Autoriteit Persoonsgegevens, who asked for no time.
    answer = ("Ik heb tot vandaag geen antwoord gekregen, ook niet het bericht dat "
              f"{organisation or 'de organisatie'} meer tijd nodig had.") if overdue else ""
    options = json.loads(term.options or "{}") if term else {}
    return dict(sent, titel_citaat=_quoted(sent["titel"]), artikel=_article(letter.kind),
                organisatie=organisation,
                termijn_einde=long_date(term.due_date) if term else "", verlopen=overdue,
                verlengd=bool(options.get("extension")),
                herinnering_datum=long_date(reminder.sent_on) if reminder and reminder.sent_on else "", antwoord=answer)


def lapsed_ingebrekestelling(case_id: int | None, today: dt.date) -> dict[str, Any] | None:
    """An ingebrekestelling whose two weeks have passed without a decision (Awb 6:12)."""
    # What sending an ingebrekestelling starts, and which beslistermijnen it is about: the consequence model.
    started, about = model.started_by(model.SENT, LAPSING_LETTER), model.closed_by(model.SENT, LAPSING_LETTER)
    where = "t.rule_id = ? AND t.status = 'open' AND t.due_date < ?"
    params: list[Any] = [started, today.isoformat()]
    if case_id is not None:
        where, params = where + " AND e.case_id = ?", params + [case_id]
    row = next(iter(rows.deadlines(where, params, limit=1)), None)
    if row is None:
        return None
    sent = _sent_item(row.source_entry_id) if row.source_entry_id else None
    sent = sent or {"titel": row.entry.title, "datum": long_date(row.start_date) if row.start_date else "",
                    "verzonden": "gestuurd",
                    "ontvangen": "", "_entry": None, "_contact_id": None}
    result = dict(sent, titel_citaat=_quoted(sent["titel"]), termijn_einde=long_date(row.due_date),
                  ontvangen=sent["ontvangen"] or (long_date(row.start_date) if row.start_date else ""),
                  aanvraag_titel="",
                  aanvraag_datum="", soort="aanvraag", beslistermijn_einde="", gemeente="")
    recipient = rows.contact(sent["_contact_id"]) if sent.get("_contact_id") else None
    recipient = recipient or rows.first_contact("gemeente")
    if recipient is not None:
        name = recipient.organisation or recipient.name
        result["gemeente"] = name.removeprefix("Gemeente ").removeprefix("gemeente ")
    # The aanvraag or bezwaar the gemeente did not decide on: the newest beslistermijn in this traject.
    where = f"t.rule_id IN ({', '.join('?' * len(about))}) AND t.due_date < ?"
    params = [*about, today.isoformat()]
    if row.entry.case_id is not None:
        where, params = where + " AND e.case_id = ?", params + [row.entry.case_id]
    decision = next(iter(rows.deadlines(where, params, limit=1)), None)
    if decision is not None:
        result["soort"] = RULES[decision.rule_id].decides_on or "aanvraag"
        result["beslistermijn_einde"] = long_date(decision.due_date)
        source = _sent_item(decision.source_entry_id) if decision.source_entry_id else None
        if source is not None:
            result["aanvraag_titel"], result["aanvraag_datum"] = source["titel"], source["datum"]
    return result
