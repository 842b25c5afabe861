"""Bring in what the family receives: a file becomes suggestions, confirmed ones become entries.

``analyse`` reads a file (PDF, scan, photo, e-mail, .docx) and suggests what it
is; nothing is stored. ``accept`` stores a (possibly corrected) suggestion the
way a typed document is stored — a document entry on its traject with its
legal deadline — with the original files as encrypted attachments and the
text in the encrypted search index. Scans are read in a private folder that is
wiped right after; no plaintext copy stays on disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dossier_app.dutch import long_date
from dossier_app.errors import DossierError, UsageError
from dossier_app.intake import extract, recognise
from dossier_app.intake.extract import OcrUnavailable, Original
from dossier_app.services import attachments
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import attachments as files
from dossier_app.store import entries, dossier_deadlines
from dossier_app.store.models import Deadline, Document, Entry, database
from dossier_app.store.vocabulary import DOCUMENT_KINDS

OCR_MISSING = extract.OCR_MISSING
SUPPORTED_SUFFIXES = extract.SUPPORTED_SUFFIXES
DECISION_KINDS = ("beschikking", "beslissing-op-bezwaar")
DECISION_TERMS = ("beslistermijn-aanvraag", "beslistermijn-bezwaar")
AVG_TERM = "avg-reactietermijn"


@dataclass(frozen=True)
class Suggestion:
    """What a file seems to be. Every field can be corrected before ``accept``."""

    source: str                        # the file's name
    text: str                          # the extracted text
    method: str                        # 'tekstlaag' | 'ocr' | 'e-mail' | 'docx'
    kind: str                          # recognised kind ('beschikking', …; '' when unclear)
    kind_label: str
    doc_kind: str                      # the dossier's document kind (see document_kinds())
    title: str
    date: dt.date | None               # the date of the letter (bekendmaking)
    kenmerk: str = ""
    sender: str = ""
    sender_contact_id: int | None = None
    child_id: int | None = None
    child_name: str = ""
    traject_id: int | None = None
    outcome: str = ""                  # beschikking: 'toegekend' | 'afgewezen' | ''
    remedy_clause: str = ""            # the rechtsmiddelenclausule as found ('' when none)
    receipt_date: dt.date | None = None
    postponement_weeks: int | None = None
    other_dates: tuple[dt.date, ...] = ()
    warnings: tuple[str, ...] = ()
    originals: tuple[Original, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict:
        def iso(day):
            return day.isoformat() if day else None

        return {"bestand": self.source, "methode": self.method, "soort": self.kind, "soort_label": self.kind_label,
                "documentsoort": self.doc_kind, "titel": self.title, "datum": iso(self.date),
                "kenmerk": self.kenmerk, "afzender": self.sender, "afzender_id": self.sender_contact_id,
                "kind": self.child_name, "kind_id": self.child_id, "traject_id": self.traject_id,
                "uitkomst": self.outcome, "rechtsmiddelenclausule": self.remedy_clause,
                "ontvangen_op": iso(self.receipt_date), "verdaging_weken": self.postponement_weeks,
                "andere_datums": [iso(day) for day in self.other_dates], "waarschuwingen": list(self.warnings),
                "bijlagen": [item.filename for item in self.originals], "tekens": len(self.text)}

    def with_changes(self, **changes) -> Suggestion:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Failure:
    source: str
    message: str


@dataclass(frozen=True)
class Analysis:
    suggestions: list[Suggestion]      # oldest letter first
    failures: list[Failure]
    cancelled: bool = False


@dataclass(frozen=True)
class Imported:
    entry_id: int
    attachment_ids: list[int]
    deadline_ids: list[int]
    effects: list[str]                 # what happened, in plain words


def ocr_available() -> bool:
    return extract.ocr_available()


def document_kinds() -> dict[str, str]:
    return dict(DOCUMENT_KINDS)


def recognised_kinds() -> dict[str, str]:
    """The kinds the recogniser knows: id -> label."""
    return {kind["id"]: kind["label"] for kind in recognise.patterns()["kind"]}


# The details that can be checked besides date, kenmerk, sender, child and traject.
REVIEW_FIELDS = tuple(recognise.KIND_FIELDS)


def review_fields(doc_kind: str) -> tuple[str, ...]:
    """Which of REVIEW_FIELDS matter for a document kind (from patterns.toml): only those are shown."""
    return recognise.fields_for(doc_kind)


def doc_kind_for(kind: str) -> str:
    for row in recognise.patterns()["kind"]:
        if row["id"] == kind:
            return row["doc_kind"]
    return "brief"


def is_supported(path: Path) -> bool:
    return extract.is_supported(Path(path))


def files_in(paths) -> list[Path]:
    """The files to import: given files, and the supported files inside given folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(item for item in path.rglob("*")
                            if item.is_file() and not item.name.startswith(".") and is_supported(item))
        else:
            found.append(path)
    return found


# -- analysing ----------------------------------------------------------------------------------
def _parties(session: DossierSession):
    contacts = [recognise.Party(row["id"], tuple(name for name in (row["name"], row["organisation"],
                                                                 row["contact_person"]) if name), row["email"])
                for row in entries.contacts(None)]
    children = []
    for row in entries.people("kind"):
        names = [row["name"]]
        first = row["name"].split()[0] if row["name"].split() else ""
        if first and first != row["name"]:
            names.append(first)
        children.append(recognise.Party(row["id"], tuple(names), birth_date=row["birth_date"]))
    return contacts, children


def _choose_traject(kind: str, kenmerk: str, child_id: int | None) -> int | None:
    """The traject a letter belongs to: one with a document of the same kenmerk, else the open
    traject of the child that is waiting for this kind of letter, else the child's newest."""
    if kenmerk:
        row = (Document.select(Document, Entry).join(Entry).where(Document.kenmerk == kenmerk)
               .order_by(Entry.occurred_on.desc()).first())
        if row is not None and row.entry.case_id is not None:
            return row.entry.case_id
    cases = [row for row in entries.trajecten() if row["status"] != "afgerond"]
    if child_id is not None:
        cases = [row for row in cases if row["child"] == child_id] or cases
    if not cases:
        return None
    waiting_for = {"ontvangstbevestiging": (dossier_deadlines.RECEIPT_RULE,),
                   "verdagingsbrief": DECISION_TERMS + (AVG_TERM,),
                   "beschikking": ("beslistermijn-aanvraag",), "beslissing-op-bezwaar": ("beslistermijn-bezwaar",),
                   "avg-antwoord": (AVG_TERM,)}
    rules = waiting_for.get(kind)
    if rules:
        for row in sorted(cases, key=lambda item: item["opened_on"], reverse=True):
            if _open_deadline(row["id"], rules) is not None:
                return row["id"]
    return max(cases, key=lambda item: item["opened_on"])["id"]


def _open_deadline(traject_id: int | None, rules) -> Deadline | None:
    return (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
            .where((Deadline.status == "open") & Deadline.rule_id.in_(list(rules)) & (Entry.case == traject_id))
            .order_by(Deadline.due_date).first())


def _title(found: recognise.Recognition, extracted: extract.Extracted) -> str:
    label = found.kind_label or "Brief"
    subject = found.subject or extracted.mail_subject
    if subject and label.lower() not in subject.lower():
        return f"{label}: {subject}"[:150]
    if subject:
        return subject[:150]
    return f"{label} {found.sender_text}".strip()[:150]


def suggestion_from(extracted: extract.Extracted, contacts, children, names: dict[int, str]) -> Suggestion:
    found = recognise.recognise(extracted.text, contacts=contacts, children=children,
                                mail_from=extracted.mail_from)
    warnings = list(extracted.warnings)
    if not extracted.text.strip():
        warnings.append("Er is geen tekst gevonden in dit bestand; vul de gegevens zelf in.")
    if found.date is None:
        warnings.append("De datum van de brief is niet gevonden; vul die zelf in.")
    if "rechtsmiddelenclausule" in recognise.fields_for(found.doc_kind) and not found.remedy_clause:
        warnings.append("Er staat geen uitleg in over bezwaar of beroep (rechtsmiddelenclausule). "
                        "Dan kan een te laat bezwaar toch nog ontvankelijk zijn (Awb 6:11).")
    return Suggestion(
        source=extracted.name, text=extracted.text, method=extracted.method, kind=found.kind,
        kind_label=found.kind_label or "Onbekend", doc_kind=found.doc_kind, title=_title(found, extracted),
        date=found.date, kenmerk=found.kenmerk, sender=found.sender_text, sender_contact_id=found.sender_id,
        child_id=found.child_id, child_name=names.get(found.child_id, ""),
        traject_id=_choose_traject(found.kind, found.kenmerk, found.child_id),
        outcome=found.outcome, remedy_clause=found.remedy_clause, receipt_date=found.receipt_date,
        postponement_weeks=found.postponement_weeks, other_dates=tuple(found.other_dates),
        warnings=tuple(warnings), originals=tuple(extracted.originals))


def _warn_if_already_there(suggestion: Suggestion, earlier: list[Suggestion]) -> Suggestion:
    """A letter with the same kenmerk and date as one in the dossier (or earlier in this batch, e.g.
    the PDF and the e-mail it came with) is probably the same letter: saving it again would start
    its term twice. Say so; the user decides."""
    if not suggestion.kenmerk:
        return suggestion
    same = [row for row in entries.documents_with_kenmerk(suggestion.kenmerk)
            if suggestion.date is None or row["date"] == suggestion.date]
    if same:
        warning = (f"Dit document staat waarschijnlijk al in het dossier: '{same[0]['title']}' van "
                   f"{long_date(same[0]['date'])}, kenmerk {suggestion.kenmerk}. Sla het alleen op als het "
                   "echt een ander document is.")
    elif any(other.kenmerk.casefold() == suggestion.kenmerk.casefold() and other.date == suggestion.date
             for other in earlier):
        warning = (f"Een ander bestand in deze reeks heeft hetzelfde kenmerk ({suggestion.kenmerk}) en dezelfde "
                   "datum; het is waarschijnlijk dezelfde brief. Sla er één van op.")
    else:
        return suggestion
    return dataclasses.replace(suggestion, warnings=suggestion.warnings + (warning,))


@needs_open
def analyse(session: DossierSession, path: Path) -> Suggestion:
    """Read one file and suggest what it is (slow for scans: run it off the GUI thread)."""
    result = analyse_many(session, [path])
    if result.failures:
        raise _error_for(result.failures[0])
    return result.suggestions[0]


def _error_for(failure: Failure) -> DossierError:
    if failure.message == OCR_MISSING:
        return OcrUnavailable(OCR_MISSING)
    return UsageError(failure.message)


@needs_open
def analyse_many(session: DossierSession, paths, *, progress=None, cancelled=None) -> Analysis:
    """Read files (folders: the supported files in them) and suggest, oldest letter first.

    ``progress(done, total, name)`` is called after each file; ``cancelled()`` is
    asked before each file — when it says True, the files read so far are returned."""
    paths = files_in(paths)
    contacts, children = _parties(session)
    names = {row["id"]: row["name"] for row in entries.people("kind")}
    suggestions, failures = [], []
    stopped = False
    for number, path in enumerate(paths, start=1):
        if cancelled is not None and cancelled():
            stopped = True
            break
        try:
            with attachments.private_work_folder() as workdir:
                extracted = extract.extract_file(path, workdir)
            suggestions.append(_warn_if_already_there(suggestion_from(extracted, contacts, children, names),
                                                      suggestions))
        except DossierError as exc:
            failures.append(Failure(Path(path).name, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the others
            failures.append(Failure(Path(path).name, f"Dit bestand kon niet gelezen worden ({type(exc).__name__})."))
        if progress is not None:
            progress(number, len(paths), Path(path).name)
    suggestions.sort(key=lambda item: (item.date is None, item.date or dt.date.max, item.source))
    return Analysis(suggestions, failures, stopped)


# -- what accepting does --------------------------------------------------------------------------
@needs_open
def effect(session: DossierSession, suggestion: Suggestion) -> str:
    """What accepting will start or change, in plain words (shown before the user confirms)."""
    if suggestion.date is None:
        return "Vul eerst de datum van de brief in."
    answered = _answered_term(suggestion)
    if answered is not None:
        return (f"Zet de termijn '{answered.entry.title}' op gedaan: dit is het antwoord waarop die wachtte. "
                + _effect(suggestion))
    return _effect(suggestion)


def _answered_term(suggestion: Suggestion) -> Deadline | None:
    """The open term in the suggestion's traject that this received document answers (if any)."""
    closes = dossier_deadlines.DOCUMENT_CLOSES.get((suggestion.doc_kind, "ontvangen"))
    return _open_deadline(suggestion.traject_id, (closes,)) if closes else None


def _effect(suggestion: Suggestion) -> str:
    trigger = dossier_deadlines.DOCUMENT_TRIGGERS.get((suggestion.doc_kind, "ontvangen"))
    if trigger:
        from dossier_app.deadlines import compute

        result = compute(trigger[0], suggestion.date)
        return f"Start de {result.title.lower()}: laatste dag {long_date(result.deadline)}."
    if suggestion.doc_kind == "ontvangstbevestiging":
        waiting = _open_deadline(suggestion.traject_id, (dossier_deadlines.RECEIPT_RULE,))
        if waiting is None:
            return "Wordt bewaard; er wacht in dit traject geen verstuurde brief op een ontvangstbevestiging."
        return (f"Zet de ontvangst van '{waiting.source_entry.title if waiting.source_entry else waiting.entry.title}' "
                f"op {long_date(suggestion.receipt_date or suggestion.date)} en start de termijn die daarop volgt.")
    if suggestion.doc_kind == "verdaging":
        term = _open_deadline(suggestion.traject_id, DECISION_TERMS + (AVG_TERM,))
        if term is None:
            return "Wordt bewaard; er loopt in dit traject geen beslistermijn die verdaagd kan worden."
        if term.rule_id == AVG_TERM:
            return f"Verlengt de termijn '{term.entry.title}' (AVG, per brief van {long_date(suggestion.date)})."
        if not suggestion.postponement_weeks:
            return "Vul in met hoeveel weken het besluit is uitgesteld; dan wordt de beslistermijn aangepast."
        return (f"Verdaagt '{term.entry.title}' met {suggestion.postponement_weeks} weken "
                f"(brief van {long_date(suggestion.date)}).")
    return "Wordt als document op de tijdlijn bewaard."


@needs_open
def accept(session: DossierSession, suggestion: Suggestion) -> Imported:
    """Store a confirmed suggestion: a document entry (starting its deadline as a typed one does),
    the originals as encrypted attachments, the text searchable."""
    if suggestion.date is None:
        raise UsageError("Vul de datum van de brief in voordat u die opslaat.")
    if suggestion.doc_kind not in DOCUMENT_KINDS:
        raise UsageError(f"Onbekende documentsoort '{suggestion.doc_kind}'.")
    dossier = store_handle(session)
    effects: list[str] = []
    deadline_ids: list[int] = []
    before = {row.entry_id for row in Deadline.select(Deadline.entry)}
    answered = _answered_term(suggestion)
    with database.atomic():
        decision = suggestion.doc_kind in DECISION_KINDS
        entry_id = entries.add_document(
            occurred_on=suggestion.date, title=suggestion.title.strip() or suggestion.kind_label,
            doc_kind=suggestion.doc_kind, body=suggestion.text, direction="ontvangen", sender=suggestion.sender,
            kenmerk=suggestion.kenmerk, decision_date=suggestion.date if decision else None,
            case_id=suggestion.traject_id)
        attachment_ids = [files.add_bytes(dossier, entry_id, item.data, item.filename, item.media_type)
                          for item in suggestion.originals]
        if suggestion.doc_kind == "ontvangstbevestiging":
            waiting = _open_deadline(suggestion.traject_id, (dossier_deadlines.RECEIPT_RULE,))
            if waiting is not None and waiting.source_entry_id is not None:
                on = suggestion.receipt_date or suggestion.date
                dossier_deadlines.confirm_receipt(waiting.source_entry_id, on)
                effects.append(f"Ontvangst bevestigd op {long_date(on)}.")
        elif suggestion.doc_kind == "verdaging":
            term = _open_deadline(suggestion.traject_id, DECISION_TERMS + (AVG_TERM,))
            if term is not None and term.rule_id == AVG_TERM:
                due = dossier_deadlines.adjust(term.entry_id, extension=True, extension_notice=suggestion.date)
                effects.append(f"AVG-termijn verlengd tot en met {long_date(due)}.")
            elif term is not None and suggestion.postponement_weeks:
                due = dossier_deadlines.adjust(term.entry_id, postponement_weeks=suggestion.postponement_weeks,
                                      postponement_notice=suggestion.date)
                effects.append(f"Beslistermijn verdaagd tot en met {long_date(due)}.")
    if answered is not None and Deadline.get(Deadline.entry == answered.entry_id).status == "gedaan":
        effects.append(f"Termijn '{answered.entry.title}' staat op gedaan: het antwoord is binnen.")
    created = [row.entry_id for row in Deadline.select(Deadline.entry) if row.entry_id not in before]
    deadline_ids += created
    for deadline_id in created:
        row = Deadline.get(Deadline.entry == deadline_id)
        effects.append(f"{row.entry.title}: laatste dag {long_date(row.due_date)}.")
    if not effects:
        effects.append("Als document bewaard.")
    return Imported(entry_id, attachment_ids, deadline_ids, effects)
