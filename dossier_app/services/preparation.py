"""Gespreksvoorbereiding: one document about a traject to take to a conversation.

The user ticks what goes in (sections and questions), because the document
may be shown to others. It is built like a letter: the Jinja Markdown
template ``templates/gesprek/voorbereiding.md.j2`` → blocks → the .docx writer
with the styles of ``templates/reference.docx``. The questions are data
(``templates/gesprek/vragen.toml``, each with its source). Recordings made
without consent never appear in it.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from typing import Any
from dataclasses import dataclass
from pathlib import Path

from dossier_app import paths
from dossier_app.deadlines import RULES
from dossier_app.dutch import long_date
from dossier_app.errors import UsageError
from dossier_app.letters import pdf
from dossier_app.services import deadlines as deadline_service
from dossier_app.services.deadlines import CaseState
from dossier_app.services import documents, outputs
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import entries, overview
from dossier_app.store.vocabulary import DOCUMENT_KINDS, ENTRY_KINDS

FOLDER = "gesprek"
TEMPLATE = "voorbereiding.md.j2"
QUESTIONS_FILE = "vragen.toml"
HISTORY_LENGTH = 8
NOTE_LINES = 8
DOCX_SUFFIX = documents.DOCX_SUFFIX
PDF_NOT_AVAILABLE = pdf.NOT_INSTALLED

# (id, label): what the user can tick. All are ticked unless the user unticks them.
SECTIONS = (
    ("gezin", "Gezin en kind"),
    ("traject", "Stand van het traject"),
    ("tijdlijn", "Wat er gebeurde (korte tijdlijn)"),
    ("termijnen", "Open termijnen en wat ze betekenen"),
    ("afspraken", "Open afspraken (wie doet wat, wanneer)"),
    ("brieven", "Brieven die op antwoord wachten"),
    ("onjuistheden", "Onjuistheden die nog gecorrigeerd moeten worden"),
    ("vragen", "Vragen om te stellen"),
    ("aantekeningen", "Ruimte voor aantekeningen"),
)
SECTION_IDS = tuple(section_id for section_id, _ in SECTIONS)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    explanation: str
    source: str
    default: bool = True


@dataclass(frozen=True)
class Choice:
    """What goes in. ``questions=None``: the questions ticked by default."""

    sections: frozenset[str] = frozenset(SECTION_IDS)
    questions: frozenset[str] | None = None


Preparation = documents.MadeDocument


def _folder() -> Path:
    return paths.templates_dir() / FOLDER


def questions() -> list[Question]:
    """The questions to ask, from the data file (with their source)."""
    path = _folder() / QUESTIONS_FILE
    try:
        info = path.stat()
        version: tuple[int, int] = (info.st_mtime_ns, info.st_size)
    except OSError:
        version = (0, 0)        # read (and fail) as before
    return list(_questions(path, version))


@functools.lru_cache(maxsize=4)
def _questions(path: Path, version: tuple[int, int]) -> tuple[Question, ...]:
    """The questions file parsed once per version of it (``version``: its modification time and size), not
    each time a preparation is made."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(Question(item["id"], item["vraag"], item.get("toelichting", ""), item.get("bron", ""),
                          bool(item.get("standaard", True))) for item in data.get("vraag", []))


def sections() -> list[tuple[str, str]]:
    return list(SECTIONS)


@needs_open
def default_traject(session: DossierSession) -> int | None:
    """The traject a preparation is made for when none is named: the newest that is not finished."""
    try:
        return int(documents.chosen_traject(None)["id"])
    except UsageError:
        return None


def _check_choice(choice: Choice, known_questions: list[Question]) -> None:
    unknown = sorted(set(choice.sections) - set(SECTION_IDS))
    if unknown:
        raise UsageError(f"Onbekend onderdeel: {', '.join(unknown)}. Mogelijk: {', '.join(SECTION_IDS)}.")
    if choice.questions is not None:
        ids = {question.id for question in known_questions}
        unknown = sorted(set(choice.questions) - ids)
        if unknown:
            raise UsageError(f"Onbekende vraag: {', '.join(unknown)}. Mogelijk: {', '.join(sorted(ids))}.")


def _people(case: dict[str, Any], today: dt.date) -> tuple[list[str], dict[str, Any] | None]:
    people = entries.people()          # parents and children in one read
    parents = [person["name"] for person in people if person["role"] == "ouder"]
    child = documents.child_of(case, today, children=[person for person in people if person["role"] == "kind"])
    return parents, (None if child is None else {"naam": child["name"], "leeftijd": child["age"]})


def _kind_word(row: dict[str, Any]) -> str:
    """What an entry is, in a word: a document says its own kind ('beschikking', 'gespreksverslag')."""
    if row["kind"] == "document" and row.get("doc_kind") in DOCUMENT_KINDS:
        return DOCUMENT_KINDS[row["doc_kind"]].split(" (")[0].lower()
    return str(ENTRY_KINDS.get(row["kind"], row["kind"])).lower()


def _waiting_once(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per letter that waits for an answer: its legal term (the answer it waits for) rather than the
    to-do 'expect a receipt', when it has both."""
    chosen: dict[int, dict[str, Any]] = {}
    for row in rows:
        kept = chosen.get(row["sent_id"])
        if kept is None or (kept["rule"] not in RULES and row["rule"] in RULES):
            chosen[row["sent_id"]] = row
    return sorted(chosen.values(), key=lambda row: (row["due_date"], row["sent_id"]))


def _context(case: dict[str, Any], choice: Choice, all_questions: list[Question], state: CaseState,
             today: dt.date) -> dict[str, Any]:
    case_id = case["id"]
    parents, child = _people(case, today)
    # The same state the Overzicht, Mijn gezinnen and the .ics read (the traject's own, filtered in SQL).
    deadlines = [item for item in state.items if item.source == "termijn"]
    traject = state.traject(case_id)
    wanted = choice.questions if choice.questions is not None else {q.id for q in all_questions if q.default}
    # A letter that waits for an answer is listed once, under Brieven, with its term's state and what to do.
    all_waiting = overview.awaiting_answer(case_id)
    waiting = _waiting_once(all_waiting)
    terms = {item.id: item for item in deadlines}
    if "brieven" in choice.sections:
        listed = {row["term_entry_id"] for row in all_waiting}
        deadlines = [item for item in deadlines if item.id not in listed]
    return {
        "datum": long_date(today),
        "secties": {section_id: section_id in choice.sections for section_id in SECTION_IDS},
        "ouders": parents,
        "kind": child,
        "traject": {"titel": case["title"], "status": case["status"], "begonnen_op": long_date(case["opened_on"]),
                    "meldingen": list(traject.notices) if traject else [],
                    "volgende_stap": traject.next_step if traject else ""},
        "tijdlijn": [{"datum": long_date(row["date"]), "soort": _kind_word(row), "titel": row["title"]}
                     for row in reversed(overview.history(case_id, HISTORY_LENGTH))],
        "termijnen": [{"titel": item.title, "datum": long_date(item.due_date), "verlopen": item.overdue,
                       "uitleg": item.explanation, "wat_nu": item.next_step} for item in deadlines],
        "afspraken": [{"wie": row["who"], "wat": row["what"],
                       "datum": long_date(row["due_date"]) if row["due_date"] else "",
                       "gesprek": f"{row['conversation']} ({long_date(row['conversation_date'])})"}
                      for row in overview.open_agreements(case_id)],
        "brieven": [{"titel": row["title"], "verstuurd": long_date(row["sent_on"]),
                     "uiterlijk": long_date(row["due_date"]),
                     "verlopen": bool(terms.get(row["term_entry_id"]) and terms[row["term_entry_id"]].overdue),
                     "wat_nu": terms[row["term_entry_id"]].next_step if row["term_entry_id"] in terms else ""}
                    for row in waiting],
        "onjuistheden": [{"titel": row["title"], "datum": long_date(row["date"]), "afzender": row["sender"],
                          "punten": row["statements"]} for row in overview.inaccurate_documents(case_id)],
        "vragen": [{"vraag": q.text, "toelichting": q.explanation} for q in all_questions if q.id in wanted],
        "aantekening_regels": NOTE_LINES,
    }


@needs_open
def prepare(session: DossierSession, traject_id: int | None = None, *, choice: Choice = Choice(),
            today: dt.date | None = None) -> Preparation:
    """The preparation for ``traject_id`` (default: see ``default_traject``), with only what is ticked."""
    today = today or dt.date.today()
    all_questions = questions()
    _check_choice(choice, all_questions)
    case = documents.chosen_traject(traject_id)
    # Its terms only: the afspraken are read apart (with who and what), not twice.
    state = deadline_service.case_state(session, today, traject_id=case["id"], with_agreements=False)
    return documents.render(_folder(), TEMPLATE, _context(case, choice, all_questions, state, today),
                            traject_id=case["id"], title=f"Gespreksvoorbereiding: {case['title']}",
                            what="de gespreksvoorbereiding")


check_output_path = documents.check_docx_output


def save_docx(preparation: Preparation, out: Path, *, overwrite: bool = False) -> Path:
    """Write the .docx (private to this user). Nothing is kept in the dossier."""
    return documents.save_private_docx(preparation.to_docx(), out, overwrite=overwrite)


def pdf_available() -> bool:
    return pdf.soffice_path() is not None


def make_pdf(docx_path: Path, *, overwrite: bool = False) -> Path:
    """A PDF next to the .docx through LibreOffice (slow: off the GUI thread)."""
    pdf.require_soffice()
    outputs.check_output(Path(docx_path).with_suffix(".pdf"), overwrite=overwrite)
    return pdf.convert_to_pdf(Path(docx_path))
