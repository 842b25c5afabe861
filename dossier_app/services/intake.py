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
import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from dossier_app.deadlines import consequences as model
from dossier_app.dutch import long_date
from dossier_app import limits
from dossier_app.cancellation import Cancelled, CancelToken
from dossier_app.errors import DossierError, UsageError
from dossier_app.intake import extract, recognise
from dossier_app.intake.extract import OcrUnavailable, Original
from dossier_app.services import attachments
from dossier_app.services.handle import kept_while_unchanged
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import attachments as files
from dossier_app.store import entries, dossier_deadlines
from dossier_app.store.models import database
from dossier_app.store.vocabulary import DOCUMENT_KINDS
from dossier_app.values import quick_init

OCR_MISSING = extract.OCR_MISSING
SUPPORTED_SUFFIXES = extract.SUPPORTED_SUFFIXES
DECISION_KINDS = ("beschikking", "beslissing-op-bezwaar")


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
    # Trajecten that fit equally well (best first): the review asks which one; ``import --accept`` takes the first.
    tied_trajecten: tuple[tuple[int, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {"bestand": self.source, "methode": self.method, "soort": self.kind, "soort_label": self.kind_label,
                "documentsoort": self.doc_kind, "titel": self.title, "datum": iso(self.date),
                "kenmerk": self.kenmerk, "afzender": self.sender, "afzender_id": self.sender_contact_id,
                "kind": self.child_name, "kind_id": self.child_id, "traject_id": self.traject_id,
                "uitkomst": self.outcome, "rechtsmiddelenclausule": self.remedy_clause,
                "ontvangen_op": iso(self.receipt_date), "verdaging_weken": self.postponement_weeks,
                "andere_datums": [iso(day) for day in self.other_dates], "waarschuwingen": list(self.warnings),
                "bijlagen": [item.filename for item in self.originals], "tekens": len(self.text),
                "even_goed": [traject_id for traject_id, _title in self.tied_trajecten]}

    def with_changes(self, **changes: Any) -> Suggestion:
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
class AlreadyThere:
    """A letter the dossier holds already: the very same file, or a document with its kenmerk and date."""

    entry_id: int
    title: str
    date: dt.date
    same_file: bool                    # the same bytes (SHA-256), not only the same kenmerk and date
    kenmerk: str = ""

    @property
    def may_store_anyway(self) -> bool:
        """Only a different file can be another document (a second letter with the same kenmerk and date)."""
        return not self.same_file

    def sentence(self, *, stored: bool = False) -> str:
        """One Dutch sentence: what is already there, and (``stored``) that nothing was stored again."""
        how = "dit bestand" if self.same_file else f"een brief met hetzelfde kenmerk ({self.kenmerk}) en dezelfde datum"
        tail = "; er is niets opnieuw opgeslagen en er is geen termijn bijgekomen" if stored else ""
        return f"Deze brief staat al in het dossier ({how}: '{self.title}' van {long_date(self.date)}){tail}."


@dataclass(frozen=True)
class Imported:
    entry_id: int
    attachment_ids: list[int]
    deadline_ids: list[int]
    effects: list[str]                 # what happened, in plain words
    already_there: AlreadyThere | None = None   # set when nothing was stored: the dossier had it


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
            return str(row["doc_kind"])
    return "brief"


def is_supported(path: Path) -> bool:
    return extract.is_supported(Path(path))


def files_in(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files to import: given files, and the supported files inside given folders."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(item for item in path.rglob("*")
                            if item.is_file() and not item.name.startswith(".") and is_supported(item))
        else:
            found.append(path)
    return found


_Kept = TypeVar("_Kept")


# -- analysing ----------------------------------------------------------------------------------
# What reading a file needs of the dossier — its parties (indexed, their name patterns), every traject with its
# terms, what the consequence model says a letter answers in each (``_Known``) — kept per open dossier until
# anything is committed to it (Dossier.change_mark, by this or any other connection): the next letter dropped on
# the window does not read and index five hundred contacts again (issue 25), nor fifty trajecten and their terms.
# A new unlock is a new Dossier: nothing carries over (handle.kept_while_unchanged).
def _while_unchanged(session: DossierSession, name: str, build: Callable[[], _Kept]) -> _Kept:
    return kept_while_unchanged(session, ("intake", name), build)


@dataclass(frozen=True)
class _Known:
    """What reading a letter needs of the dossier, read and prepared once while nothing is committed: the
    contacts and the children (indexed, each name's pattern made once), the children's names, every traject
    with its terms (``_Trajecten``), and the documents looked up by kenmerk or file."""

    contacts: recognise.PartyIndex
    children: recognise.PartyIndex
    child_names: dict[int, str]
    trajecten: _Trajecten
    # The documents with a kenmerk, and with a file (its SHA-256), as asked: the letter's traject, the review's
    # traject choice and the check whether the dossier has it already ask the same (at most _LOOKUPS_KEPT).
    _lookups: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    def documents_with_kenmerk(self, kenmerk: str) -> list[dict[str, Any]]:
        return self._lookup("kenmerk", kenmerk, entries.documents_with_kenmerk)

    def documents_with_file(self, sha256: str) -> list[dict[str, Any]]:
        return self._lookup("file", sha256, entries.documents_with_file)

    def _lookup(self, kind: str, key: str, read: Callable[[str], list[dict[str, Any]]]) -> list[dict[str, Any]]:
        if (kind, key) not in self._lookups:
            if len(self._lookups) >= _LOOKUPS_KEPT:
                self._lookups.clear()
            self._lookups[kind, key] = read(key)
        return self._lookups[kind, key]


_LOOKUPS_KEPT = 1024


def _known(session: DossierSession) -> _Known:
    """The dossier as reading a letter needs it, read once while the dossier is unchanged (``_while_unchanged``)."""
    return _while_unchanged(session, "known", _read_known)


def _read_known() -> _Known:
    contacts = [recognise.Party(row["id"], tuple(name for name in (row["name"], row["organisation"],
                                                                 row["contact_person"]) if name), row["email"])
                for row in entries.contact_names()]
    children = []
    kids = entries.people("kind")
    for row in kids:
        names = [row["name"]]
        first = row["name"].split()[0] if row["name"].split() else ""
        if first and first != row["name"]:
            names.append(first)
        children.append(recognise.Party(row["id"], tuple(names), birth_date=row["birth_date"]))
    return _Known(recognise.PartyIndex(contacts), recognise.PartyIndex(children),
                  {row["id"]: row["name"] for row in kids},
                  _Trajecten(entries.trajecten(), dossier_deadlines.terms_per_traject()))


@quick_init
@dataclass(frozen=True)
class TrajectMatch:
    traject_id: int
    title: str
    score: int
    reasons: tuple[str, ...]          # why it fits, in plain words
    waits: bool = False               # something open in it waits for this letter (the model closes or changes it)


@needs_open
def traject_choice(session: DossierSession, suggestion: Suggestion) -> str:
    """Which traject the letter goes to and why, in plain words ('' when none); with the runner-up when
    it fits as well (then the app's review asks; ``import --accept`` takes the first)."""
    if suggestion.traject_id is None:
        return ""
    known = _known(session)
    matches = known.trajecten.match(
        known.documents_with_kenmerk(suggestion.kenmerk) if suggestion.kenmerk else (),
        doc_kind=suggestion.doc_kind, kenmerk=suggestion.kenmerk, child_id=suggestion.child_id,
        date=suggestion.date, text=suggestion.text, subject=suggestion.title, receipt_date=suggestion.receipt_date)
    chosen = next((match for match in matches if match.traject_id == suggestion.traject_id), None)
    if chosen is None:
        return ""
    text = chosen.title + (f" ({'; '.join(chosen.reasons)})" if chosen.reasons else "")
    tied = [match for match in matches if match.traject_id != chosen.traject_id and match.score == chosen.score
            and chosen.score > 0]
    if tied:   # match_trajecten puts the newest traject first among equals
        text += f"; past even goed bij: {tied[0].title} — gekozen is het nieuwst aangelegde traject; controleer dit"
    return text


@functools.lru_cache(maxsize=1024)
def _rank(doc_kind: str, rule: str) -> int:
    """Where a rule stands among what a received document of this kind ends or changes (gevolgen.toml)."""
    for row in model.table():
        if row.event == model.RECEIVED and row.doc_kind == doc_kind:
            order = row.closes + row.adjusts + row.otherwise_closes
            return order.index(rule) if rule in order else len(order)
    return 0


def _words(text: str) -> set[str]:
    return {word for word in "".join(ch if ch.isalnum() else " " for ch in text.casefold()).split() if len(word) > 3}


@dataclass(frozen=True)
class _Traject:
    """One traject as matching a letter to it needs it: its row, its terms and what is derived from them."""

    id: int
    title: str
    status: str
    child: int | None
    terms: tuple[model.Term, ...]
    open_rules: frozenset[str]                      # the rules of its open terms
    title_words: frozenset[str]
    # per term with a first day: (that day as a long date folded, as dd-mm-yyyy, as a long date)
    starts: tuple[tuple[str, str, str], ...]

    @classmethod
    def of(cls, row: dict[str, Any], terms: Iterable[model.Term]) -> _Traject:
        terms = tuple(terms)
        starts = tuple((long_date(term.start).casefold(), term.start.strftime("%d-%m-%Y"), long_date(term.start))
                       for term in terms if term.start is not None)
        return cls(row["id"], row["title"], row["status"], row["child"], terms,
                   frozenset(term.rule for term in terms if term.open), frozenset(_words(row["title"])), starts)


# What the consequence model says about a letter in a traject is kept per (traject, kind, date, receipt date)
# while the dossier is unchanged (the review asks again for the letter just read); at most this many.
_ANSWERED_KEPT = 4096


def _received_event(doc_kind: str, date: dt.date, receipt_date: dt.date | None) -> model.Event:
    """A received letter as matching asks the consequence model about it (postponement_weeks=1: whether a
    verdaging could postpone something in a traject, whatever its weeks)."""
    return model.Event(model.RECEIVED, date, doc_kind, decision_date=date, received_on=receipt_date,
                       postponement_weeks=1)


class _Trajecten:
    """Every traject (newest first) with its terms, prepared once; ``match`` scores a letter against them."""

    def __init__(self, rows: Iterable[dict[str, Any]], every_term: dict[int | None, list[model.Term]]) -> None:
        self.trajecten = tuple(_Traject.of(row, every_term.get(row["id"], [])) for row in rows)
        self._answered: dict[tuple[int, str, dt.date, dt.date | None], tuple[int, str]] = {}
        # A first day's long form ends in its month and year, its dd-mm-yyyy form in '-mm-yyyy', and both in the
        # year: a letter names it only when it holds that ending. Per year and ending the trajecten with such a
        # first day, so a letter is looked through once per year and per ending of a year it holds, not twice per
        # first day of every traject.
        self._long_endings: dict[str, dict[str, set[int]]] = {}
        self._numeric_endings: dict[str, dict[str, set[int]]] = {}
        for traject in self.trajecten:
            for long_folded, numeric, _long in traject.starts:
                for endings, ending, year_after in ((self._long_endings, long_folded.partition(" ")[2], " "),
                                                    (self._numeric_endings, numeric[2:], "-")):
                    year = ending.rpartition(year_after)[2]
                    endings.setdefault(year, {}).setdefault(ending, set()).add(traject.id)

    def _may_name_a_first_day(self, text: str, folded: str) -> set[int]:
        """The trajecten one of whose first days the letter may name (it holds that day's ending)."""
        found: set[int] = set()
        for endings, within in ((self._long_endings, folded), (self._numeric_endings, text)):
            for year, of_year in endings.items():
                if year in within:
                    for ending, ids in of_year.items():
                        if ending in within:
                            found |= ids
        return found

    def answered(self, traject: _Traject, doc_kind: str, date: dt.date,
                 receipt_date: dt.date | None, event: model.Event | None = None) -> tuple[int, str]:
        """What a received letter of ``doc_kind`` dated ``date`` answers in ``traject`` (closes or adjusts):
        (the score it adds, the reason in words); (0, '') when nothing. ``event``: the letter as
        ``_received_event`` makes it, when the caller asks for several trajecten."""
        key = (traject.id, doc_kind, date, receipt_date)
        found = self._answered.get(key)
        if found is None:
            answered = model.answered_changes(event or _received_event(doc_kind, date, receipt_date), traject.terms)
            # what the letter answers first counts most (a verdaging: a beslistermijn before an AVG term)
            found = ((50 - 5 * min(_rank(doc_kind, change.rule) for change in answered),
                      f"wacht hierop: {answered[0].title}") if answered else (0, ""))
            if len(self._answered) >= _ANSWERED_KEPT:
                self._answered.clear()
            self._answered[key] = found
        return found

    def match(self, by_kenmerk: Iterable[dict[str, Any]], *, doc_kind: str, kenmerk: str = "",
              child_id: int | None = None, date: dt.date | None = None, text: str = "", subject: str = "",
              receipt_date: dt.date | None = None, best_only: bool = False) -> list[TrajectMatch]:
        """See ``match_trajecten``; ``by_kenmerk``: the documents with the letter's kenmerk. ``best_only``: only
        the trajecten with the best score (what a suggestion takes: the first, and the others as good)."""
        with_kenmerk: set[int] = {row["case_id"] for row in by_kenmerk if row["case_id"] is not None}
        folded = text.casefold()
        subject_words = _words(subject)
        closable = model.closable_rules(model.RECEIVED, doc_kind)
        event = _received_event(doc_kind, date, receipt_date) if date is not None else None
        dated = self._may_name_a_first_day(text, folded)
        scored: list[tuple[int, int, str, list[str], bool]] = []
        for traject in self.trajecten:
            reasons: list[str] = []
            score, waits = 0, False
            if traject.id in with_kenmerk:
                score += 100
                reasons.append(f"kenmerk {kenmerk}")
            elif traject.status == "afgerond":
                continue
            # only an open term can be answered, and only one of a rule the letter can close or adjust
            if date is not None and not traject.open_rules.isdisjoint(closable):
                bonus, reason = self.answered(traject, doc_kind, date, receipt_date, event)
                if reason:
                    score += bonus
                    reasons.append(reason)
                    waits = True
            for long_folded, numeric, long in (traject.starts if traject.id in dated else ()):
                if long_folded in folded or numeric in text:
                    score += 30
                    reasons.append(f"noemt de datum {long}")
                    break
            shared = subject_words & traject.title_words
            if shared:
                score += 5 * len(shared)
                reasons.append("onderwerp: " + ", ".join(sorted(shared)))
            if child_id is not None and traject.child == child_id:
                score += 5
                reasons.append("zelfde kind")
            scored.append((score, traject.id, traject.title, reasons, waits))
        if best_only and scored:
            best = max(row[0] for row in scored)
            scored = [row for row in scored if row[0] == best]
        matches = [TrajectMatch(traject_id, title, score, tuple(reasons), waits=waits)
                   for score, traject_id, title, reasons, waits in scored]
        matches.sort(key=lambda match: (-match.score, -match.traject_id))
        return matches


def match_trajecten(*, doc_kind: str, kenmerk: str = "", child_id: int | None = None, date: dt.date | None = None,
                    text: str = "", subject: str = "", receipt_date: dt.date | None = None,
                    every_term: dict[int | None, list[model.Term]] | None = None) -> list[TrajectMatch]:
    """The trajecten a received letter may belong to, best first.

    A traject fits better when a document in it has the same kenmerk, when the letter answers
    something that is open in it (the consequence model says it closes or changes a term there: a
    decision on its pending aanvraag or bezwaar), when the letter names the date of its aanvraag
    or bezwaar, when its subject shares words with the traject's title, and when it is about the
    same child. Closed trajecten count only through the kenmerk. ``every_term``: every traject's terms
    (dossier_deadlines.terms_per_traject), when the caller has read them already. Reads the dossier each
    time; the import keeps what it reads while the dossier is unchanged (``_known``)."""
    if every_term is None:
        every_term = dossier_deadlines.terms_per_traject()
    return _Trajecten(entries.trajecten(), every_term).match(
        entries.documents_with_kenmerk(kenmerk) if kenmerk else (), doc_kind=doc_kind, kenmerk=kenmerk,
        child_id=child_id, date=date, text=text, subject=subject, receipt_date=receipt_date)


def _title(found: recognise.Recognition, extracted: extract.Extracted) -> str:
    label = found.kind_label or "Brief"
    subject = found.subject or extracted.mail_subject
    if subject and label.lower() not in subject.lower():
        return f"{label}: {subject}"[:150]
    if subject:
        return subject[:150]
    return f"{label} {found.sender_text}".strip()[:150]


def suggestion_from(extracted: extract.Extracted, known: _Known) -> Suggestion:
    """What the extracted file seems to be, against the dossier as ``known`` (``_known``)."""
    found = recognise.recognise(extracted.text, contacts=known.contacts, children=known.children,
                                mail_from=extracted.mail_from)
    warnings = list(extracted.warnings)
    if not extracted.text.strip():
        warnings.append("Er is geen tekst gevonden in dit bestand; vul de gegevens zelf in.")
    if found.date is None:
        warnings.append("De datum van de brief is niet gevonden; vul die zelf in.")
    if "rechtsmiddelenclausule" in recognise.fields_for(found.doc_kind) and not found.remedy_clause:
        warnings.append("Er staat geen uitleg in over bezwaar of beroep (rechtsmiddelenclausule). "
                        "Dan kan een te laat bezwaar toch nog ontvankelijk zijn (Awb 6:11).")
    matches = known.trajecten.match(known.documents_with_kenmerk(found.kenmerk) if found.kenmerk else (),
                                    doc_kind=found.doc_kind, kenmerk=found.kenmerk, child_id=found.child_id,
                                    date=found.date, text=extracted.text, subject=found.subject,
                                    receipt_date=found.receipt_date, best_only=True)
    tied = tuple((match.traject_id, match.title) for match in matches
                 if matches[0].score > 0 and match.score == matches[0].score)
    # Two trajecten whose open terms both wait for this letter: which term it ends matters, so the review asks.
    asks = len(tied) > 1 and all(match.waits for match in matches[:len(tied)])
    if len(tied) > 1:
        warnings.append(f"Deze brief past even goed bij de trajecten '{tied[0][1]}' en "
                        f"'{tied[1][1]}'. Kies het juiste traject.")
    if not asks:
        tied = ()
    return Suggestion(
        source=extracted.name, text=extracted.text, method=extracted.method, kind=found.kind,
        kind_label=found.kind_label or "Onbekend", doc_kind=found.doc_kind, title=_title(found, extracted),
        date=found.date, kenmerk=found.kenmerk, sender=found.sender_text, sender_contact_id=found.sender_id,
        child_id=found.child_id,
        child_name=known.child_names.get(found.child_id, "") if found.child_id is not None else "",
        traject_id=matches[0].traject_id if matches else None,
        outcome=found.outcome, remedy_clause=found.remedy_clause, receipt_date=found.receipt_date,
        postponement_weeks=found.postponement_weeks, other_dates=tuple(found.other_dates),
        warnings=tuple(warnings), originals=tuple(extracted.originals), tied_trajecten=tied)


def file_hash(suggestion: Suggestion) -> str:
    """The SHA-256 of the file itself (the first original), as attachments record it; '' without one."""
    return hashlib.sha256(suggestion.originals[0].data).hexdigest() if suggestion.originals else ""


def _already_there(suggestion: Suggestion, known: _Known | None = None) -> AlreadyThere | None:
    """The document in the dossier this letter is: the same file first, else the same kenmerk and date
    (``known``: looked up in what the import keeps while the dossier is unchanged)."""
    digest = file_hash(suggestion)
    with_file = known.documents_with_file if known is not None else entries.documents_with_file
    with_kenmerk = known.documents_with_kenmerk if known is not None else entries.documents_with_kenmerk
    for row in with_file(digest) if digest else []:
        return AlreadyThere(row["id"], row["title"], row["date"], same_file=True)
    if suggestion.kenmerk and suggestion.date is not None:
        for row in with_kenmerk(suggestion.kenmerk):
            if row["date"] == suggestion.date:
                return AlreadyThere(row["id"], row["title"], row["date"], same_file=False,
                                    kenmerk=suggestion.kenmerk)
    return None


@needs_open
def already_there(session: DossierSession, suggestion: Suggestion) -> AlreadyThere | None:
    """Whether the dossier holds this letter already (``accept`` then stores nothing, unless told anyway)."""
    return _already_there(suggestion)


def _warn_if_already_there(suggestion: Suggestion, earlier: list[Suggestion], known: _Known | None = None
                           ) -> Suggestion:
    """A letter the dossier holds already (the same file, or the same kenmerk and date), or one that is
    earlier in this batch (e.g. the PDF and the e-mail it came with): saving it again would start its
    term twice. Say so; accepting it stores nothing (see ``accept``)."""
    found = _already_there(suggestion, known)
    if found is not None:
        warning = found.sentence()
    elif suggestion.kenmerk and any(other.kenmerk.casefold() == suggestion.kenmerk.casefold()
                                    and other.date == suggestion.date for other in earlier):
        warning = (f"Een ander bestand in deze reeks heeft hetzelfde kenmerk ({suggestion.kenmerk}) en dezelfde "
                   "datum; het is waarschijnlijk dezelfde brief. Sla er één van op.")
    elif any(file_hash(other) == file_hash(suggestion) for other in earlier if other.originals):
        warning = "Een ander bestand in deze reeks is precies hetzelfde bestand; het wordt maar één keer opgeslagen."
    else:
        return suggestion
    return dataclasses.replace(suggestion, warnings=suggestion.warnings + (warning,))


@needs_open
def analyse(session: DossierSession, path: Path) -> Suggestion:
    """Read one file and suggest what it is (slow for scans: run it off the GUI thread)."""
    result = _analyse_many(session, [path])
    if result.failures:
        raise _error_for(result.failures[0])
    return result.suggestions[0]


def _error_for(failure: Failure) -> DossierError:
    if failure.message == OCR_MISSING:
        return OcrUnavailable(OCR_MISSING)
    return UsageError(failure.message)


@needs_open
def analyse_many(session: DossierSession, paths: Iterable[str | os.PathLike[str]], *,
                 progress: Callable[[int, int, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 cancel: CancelToken | None = None) -> Analysis:
    """Read files (folders: the supported files in them) and suggest, oldest letter first.

    ``progress(done, total, name)`` is called after each file; ``cancelled()`` is
    asked before each file — when it says True (or ``cancel`` is set: locking), the files read so far are
    returned. Reading writes nothing to the dossier; storing is ``accept``, one transaction per letter."""
    return _analyse_many(session, paths, progress=progress, cancelled=cancelled, cancel=cancel)


def _analyse_many(session: DossierSession, paths: Iterable[str | os.PathLike[str]], *,
                  progress: Callable[[int, int, str], None] | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  cancel: CancelToken | None = None) -> Analysis:
    paths = files_in(paths)
    reader = session.pdf_reader
    if any(Path(path).suffix.lower() in extract.PDF_SUFFIXES + extract.MAIL_SUFFIXES for path in paths):
        try:
            reader.start()     # Python and pypdf load in the child while the contacts are read here
        except DossierError:
            pass               # each PDF then says that the reader does not start
    with limits.settled():    # the limits in the settings, read once for the whole batch
        return _analyse_each(session, paths, reader, progress, cancelled, cancel)


def _analyse_each(session: DossierSession, paths: list[Path], reader: Any,
                  progress: Callable[[int, int, str], None] | None, cancelled: Callable[[], bool] | None,
                  cancel: CancelToken | None) -> Analysis:
    # A PDF's text is read by the reader's child while this process does its own work: the first file's
    # while the dossier is read, each next one's while the one before is recognised.
    upcoming = extract.read_ahead(paths[0], reader) if paths else None
    known = _known(session)
    suggestions: list[Suggestion] = []
    failures: list[Any] = []
    stopped = False
    for number, path in enumerate(paths, start=1):
        if (cancelled is not None and cancelled()) or (cancel is not None and cancel.cancelled):
            stopped = True
            break
        read, upcoming = upcoming, None
        try:
            with attachments.private_work_folder_on_demand() as workdir:
                extracted = extract.extract_file(path, workdir, pdf_reader=reader, read=read)
            if number < len(paths):
                upcoming = extract.read_ahead(paths[number], reader)
            suggestions.append(_warn_if_already_there(suggestion_from(extracted, known), suggestions, known))
        except Cancelled:    # the session locked while a PDF was being read: what was read so far
            stopped = True
            break
        except DossierError as exc:
            failures.append(Failure(Path(path).name, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the others
            failures.append(Failure(Path(path).name, f"Dit bestand kon niet gelezen worden ({type(exc).__name__})."))
        if progress is not None:
            progress(number, len(paths), Path(path).name)
    suggestions.sort(key=lambda item: (item.date is None, item.date or dt.date.max, item.source))
    return Analysis(suggestions, failures, stopped)


# -- what accepting does --------------------------------------------------------------------------
def event_for(suggestion: Suggestion, source_id: int | None = None, *, answers: str = "") -> model.Event:
    """The suggestion as an event for the consequence model (the same for the preview and accepting)."""
    decision = suggestion.doc_kind in DECISION_KINDS
    if suggestion.date is None:
        raise UsageError("Vul de datum van de brief in voordat u die opslaat.")
    label = (suggestion.title.strip() or suggestion.kind_label) + (
        f" (kenmerk {suggestion.kenmerk})" if suggestion.kenmerk else "")
    return model.Event(model.RECEIVED, suggestion.date, suggestion.doc_kind, answers=answers, label=label,
                       source_id=source_id, decision_date=suggestion.date if decision else None,
                       received_on=suggestion.receipt_date if suggestion.doc_kind == "ontvangstbevestiging" else None,
                       postponement_weeks=suggestion.postponement_weeks)


@needs_open
def changes(session: DossierSession, suggestion: Suggestion, *, answers: str = "",
            anyway: bool = False) -> model.Outcome:
    """What accepting will change: the very list ``accept`` applies, described instead of applied
    (nothing for a letter the dossier holds already, unless stored ``anyway`` as another document)."""
    if suggestion.date is None:
        return model.Outcome()
    found = None if anyway else _already_there(suggestion)
    if found is not None:
        return model.Outcome()
    return dossier_deadlines.preview(event_for(suggestion, answers=answers), suggestion.traject_id)


@needs_open
def effect(session: DossierSession, suggestion: Suggestion, *, answers: str = "") -> str:
    """What accepting will start or change, in plain words (shown before the user confirms)."""
    if suggestion.date is None:
        return "Vul eerst de datum van de brief in."
    found = _already_there(suggestion)
    if found is not None:
        return found.sentence() + " Opslaan bewaart niets opnieuw."
    lines = changes(session, suggestion, answers=answers).describe()
    return " ".join(lines) if lines else "Wordt als document op de tijdlijn bewaard."


@needs_open
def accept(session: DossierSession, suggestion: Suggestion, *, skip: Iterable[int] = (), answers: str = "",
           anyway: bool = False) -> Imported:
    """Store a confirmed suggestion: a document entry on its traject, the originals as encrypted
    attachments, the text searchable — and apply what the consequence model says it changes
    (``skip``: the numbers of changes the user unticked in the review), all in one transaction.

    A letter the dossier holds already (the same file, or a document with the same kenmerk and
    date) is not stored again and starts no term: ``Imported.already_there`` says which one.
    ``anyway``: the user says it is another document (only for the same kenmerk and date)."""
    if suggestion.date is None:
        raise UsageError("Vul de datum van de brief in voordat u die opslaat.")
    if suggestion.doc_kind not in DOCUMENT_KINDS:
        raise UsageError(f"Onbekende documentsoort '{suggestion.doc_kind}'.")
    dossier = store_handle(session)
    skip = frozenset(skip)
    with database.atomic():
        found = _already_there(suggestion)
        if found is not None and not (anyway and found.may_store_anyway):
            return Imported(found.entry_id, [], [], [found.sentence(stored=True)], already_there=found)
        decision = suggestion.doc_kind in DECISION_KINDS
        entry_id = entries.add_document(
            occurred_on=suggestion.date, title=suggestion.title.strip() or suggestion.kind_label,
            doc_kind=suggestion.doc_kind, body=suggestion.text, direction="ontvangen", sender=suggestion.sender,
            kenmerk=suggestion.kenmerk, decision_date=suggestion.date if decision else None,
            case_id=suggestion.traject_id, create_deadlines=False)
        attachment_ids = [files.add_bytes(dossier, entry_id, item.data, item.filename, item.media_type)
                          for item in suggestion.originals]
        outcome, started = dossier_deadlines.apply_event(event_for(suggestion, entry_id, answers=answers),
                                                         case_id=suggestion.traject_id, skip=skip)
    effects = [change.describe() for number, change in enumerate(outcome.changes) if number not in skip]
    effects += list(outcome.messages)
    if not effects:
        effects.append("Als document bewaard.")
    return Imported(entry_id, attachment_ids, started, effects)


def run_pdf_text_child() -> int:
    """The hidden `--pdf-tekst-apart` sub-command: the child that reads a PDF's text layer (intake/pdftext.py)."""
    from dossier_app.intake import pdftext

    return pdftext.run_child()
