"""Render one letter: dossier + answers -> context -> template -> blocks -> text/.docx."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier_app import paths
from dossier_app.dutch import long_date
from dossier_app.errors import UsageError
from dossier_app.letters import blocks as block_model
from dossier_app.letters import isolated, plural, voice
from dossier_app.letters.catalogue import LetterKind, get_kind, law_table
from dossier_app.letters.context import (
    available_items,
    build_context,
    gezag_warnings,
    running_decision_term,
    select_case_with_items,
    set_addressee,
)
from dossier_app.letters.docx_writer import unwritable_character, write_docx
from dossier_app.letters.templating import make_environment, user_folder

BLOCKS_KEY = "blokken"
EXTRA_ENCLOSURES_KEY = "bijlagen"
CONSENT_KEY = "toestemming"     # the number of the consent-register row a letter is made from


class MissingFields(UsageError):
    """Required letter fields are empty: carries (name, question) pairs."""

    def __init__(self, kind: LetterKind, missing: list[tuple[str, str]]):
        lines = [f"De brief '{kind.title}' mist nog {len(missing)} gegeven(s). Vul ze aan met --set naam=waarde:"]
        lines += [f"  {name}: {question}" for name, question in missing]
        super().__init__("\n".join(lines))
        self.missing = missing


@dataclass
class RenderedLetter:
    kind: LetterKind
    case_id: int | None
    recipient_id: int | None
    subject: str
    markdown: str
    blocks: list[Any]
    text: str
    enclosures: list[str]
    answers: dict[str, Any] = field(default_factory=dict)
    ticked_blocks: list[str] = field(default_factory=list)
    deadline_start: dt.date | None = None
    warnings: list[str] = field(default_factory=list)   # for the writer, not in the letter (e.g. gezag)

    @property
    def template_version(self) -> str:
        return f"{self.kind.id}@{self.kind.version}"

    def to_docx(self) -> bytes:
        return write_docx(self.blocks, title=self.subject)


def _lookup(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def block_available(block: Any, available: Set[str], context: dict[str, Any] | None) -> bool:
    """The one rule for whether a letter may use an argument block (the command line, the assistant
    and rendering all ask this): the dossier holds what it needs, and its `niet_als` is not true."""
    return (all(need in available for need in block.requires)
            and not (block.hidden_if and _lookup(context or {}, block.hidden_if)))


def choose_blocks(kind: LetterKind, answers: dict[str, Any], available: set[str],
                  context: dict[str, Any] | None = None) -> list[str]:
    if BLOCKS_KEY in answers:
        chosen = [item.strip() for item in answers[BLOCKS_KEY].split(",") if item.strip()]
        unknown = [item for item in chosen if kind.block(item) is None]
        if unknown:
            valid = ", ".join(block.id for block in kind.blocks) or "geen"
            raise UsageError(f"Onbekend blok voor '{kind.id}': {', '.join(unknown)}. Mogelijk: {valid}.")
        for item in chosen:
            block = kind.block(item)
            lacking = [need for need in (block.requires if block else ()) if need not in available]
            if lacking:
                raise UsageError(f"Het blok '{item}' heeft gegevens nodig die het dossier niet heeft: "
                                 f"{', '.join(lacking)}.")
            if not block_available(kind.block(item), available, context):
                raise UsageError(f"Het blok '{item}' past niet bij wat er in het dossier staat en kan in deze "
                                 "brief niet gekozen worden.")
        return chosen
    context = context or {}
    return [block.id for block in kind.blocks
            if (block.default or (block.default_if and _lookup(context, block.default_if)))
            and block_available(block, available, context)]


def resolve_fields(kind: LetterKind, context: dict[str, Any], answers: dict[str, Any],
                   ticked: list[str]) -> dict[str, Any]:
    allowed = {f.name for f in kind.fields} | {BLOCKS_KEY, EXTRA_ENCLOSURES_KEY}
    if "toestemming" in kind.requires:
        allowed.add(CONSENT_KEY)
    unknown = sorted(set(answers) - allowed)
    if unknown:
        valid = ", ".join(sorted(allowed))
        raise UsageError(f"Onbekend veld voor '{kind.id}': {', '.join(unknown)}. Mogelijk: {valid}.")
    for name, value in answers.items():
        bad = unwritable_character("\n".join(str(value).splitlines()))   # page breaks count as line breaks
        if bad:
            raise UsageError(f"Het veld '{name}' bevat een onzichtbaar teken ({bad}) dat niet in een brief kan. "
                             "Haal het weg en probeer het opnieuw.")
    needed_by_blocks = {name for block in kind.blocks if block.id in ticked for name in block.fields}
    values: dict[str, Any] = {}
    missing = []
    for item in kind.fields:
        if item.only_if and not _lookup(context, item.only_if):
            values[item.name], values[item.name + "_lijst"] = "", []      # not asked for this letter
            continue
        value = answers.get(item.name)
        if value is None and item.source:
            value = _lookup(context, item.source)
        if value in (None, "") and item.default:
            value = item.default
        value = "" if value is None else str(value)
        required = item.required or item.name in needed_by_blocks
        if required and not value.strip():
            missing.append((item.name, item.question))
        values[item.name] = value
        values[item.name + "_lijst"] = [line.strip(" -•\t") for line in value.splitlines() if line.strip(" -•\t")]
    if missing:
        raise MissingFields(kind, missing)
    return values


@dataclass(frozen=True)
class LetterBasis:
    """What a letter reads from the dossier: its traject, the items available there, the context.
    Built once per assistant step; every change of an answer renders the text from it again."""

    kind_id: str
    asked_case_id: int | None     # as asked (None: the traject was chosen for the letter)
    today: dt.date
    chosen: tuple[Any, ...]                 # sorted (item, entry id) pairs
    consent_id: int | None
    case_id: int | None
    available: frozenset[str]
    context: dict[str, Any]

    def fits(self, kind_id: str, case_id: int | None, today: dt.date, chosen: dict[str, Any] | None,
             consent_id: int | None) -> bool:
        return (self.kind_id, self.asked_case_id, self.today, self.chosen, self.consent_id) == (
            kind_id, case_id, today, tuple(sorted((chosen or {}).items())), consent_id)


def letter_basis(kind_id: str, *, case_id: int | None = None, answers: dict[str, Any] | None = None,
                 today: dt.date | None = None, templates: Path | None = None,
                 chosen: dict[str, Any] | None = None) -> LetterBasis:
    """Read what the letter needs from the dossier (refusing a letter its traject cannot carry)."""
    kind = get_kind(kind_id, templates)
    today = today or dt.date.today()
    asked = case_id
    if case_id is None:
        try:
            case_id, available = select_case_with_items(kind.requires, today, kind.prefers)
        except UsageError:
            _refuse_too_early(kind, None, today)
            raise
    else:
        available = available_items(case_id, today)
    lacking = [need for need in kind.requires if need not in available]
    if lacking:
        _refuse_too_early(kind, case_id, today)
        raise UsageError(f"Dit traject heeft niet wat de brief '{kind.title}' nodig heeft: {', '.join(lacking)}.")
    consent_id = _consent_choice(kind, dict(answers or {}))
    context = build_context(kind.addressee, case_id, today, consent_id=consent_id, chosen=chosen, kind_id=kind.id)
    return LetterBasis(kind.id, asked, today, tuple(sorted((chosen or {}).items())), consent_id, case_id,
                       frozenset(available), context)


def render_letter(kind_id: str, *, case_id: int | None = None, answers: dict[str, Any] | None = None,
                  today: dt.date | None = None, templates: Path | None = None, user_templates: Path | None = None,
                  chosen: dict[str, Any] | None = None, basis: LetterBasis | None = None) -> RenderedLetter:
    """``chosen``: item → entry id for the documents or gesprek the letter is about (else the newest).
    ``basis``: what was read from the dossier for the same letter before (read again when it does
    not fit the kind, traject, day, choices and consent asked for)."""
    kind = get_kind(kind_id, templates)
    answers = dict(answers or {})
    today = today or dt.date.today()
    if basis is None or not basis.fits(kind.id, case_id, today, chosen, _consent_choice(kind, answers)):
        basis = letter_basis(kind_id, case_id=case_id, answers=answers, today=today, templates=templates,
                             chosen=chosen)
    case_id, available = basis.case_id, set(basis.available)
    context = copy.deepcopy(basis.context)      # rendering may change it (the addressee); the basis stays
    ticked = choose_blocks(kind, answers, available, context)
    redirect = next((block.addressee for block in map(kind.block, ticked) if block and block.addressee), "")
    if redirect:
        set_addressee(context, redirect)
    prefilled = {item.name: _lookup(context, item.source) for item in kind.fields if item.source}
    voice.speak_as_both(context, kind.id, ticked)
    answers = _follow_the_signers(kind, context, answers, prefilled)
    fields = resolve_fields(kind, context, answers, ticked)
    environment = make_environment(templates, user_templates)
    names = dict(context, velden=fields, blokken={block.id: block.id in ticked for block in kind.blocks})
    voice.finish(names, kind.id, ticked, fields)
    own_folder = user_folder(environment)
    both = names["stem"]["meervoud"]     # both parents sign: the letter speaks 'wij' (letters/plural.py)
    enclosure_texts = [item.text for item in kind.enclosures if not item.block or item.block in ticked]
    job = isolated.Job(
        builtin=(templates or paths.templates_dir()) / "letters", user_folder=own_folder,
        template_name=kind.template_name + (plural.PLURAL_SUFFIX if both else ""),
        enclosure_texts=[plural.convert_source(text, plural.table(templates)) for text in enclosure_texts]
        if both else enclosure_texts,
        extra_enclosures=[line.strip() for line in answers.get(EXTRA_ENCLOSURES_KEY, "").split(";") if line.strip()],
        names=names, label=f"voor '{kind.id}'")
    # The user's own templates run in a process that can be stopped; the built-in ones here.
    enclosures, markdown = (isolated.render_isolated(job) if own_folder is not None
                            else isolated.render_parts(environment, job))
    parsed = block_model.parse(markdown)
    subject = next((block.text for block in parsed if block.part == "betreft"), kind.title)
    subject = subject.removeprefix("Betreft:").strip()
    deadline_start = None
    if kind.deadline_start == "besluit" and context.get("beschikking"):
        deadline_start = dt.date.fromisoformat(context["beschikking"]["iso_datum"])
    return RenderedLetter(kind=kind, case_id=case_id, recipient_id=context["geadresseerde"]["id"],
                          subject=subject, markdown=markdown, blocks=parsed, text=block_model.plain_text(parsed),
                          enclosures=enclosures, answers=answers, ticked_blocks=ticked,
                          deadline_start=deadline_start,
                          warnings=gezag_warnings(kind.id, names) if kind.warn_gezag else [])


def _follow_the_signers(kind: LetterKind, context: dict[str, Any], answers: dict[str, Any],
                        prefilled: dict[str, Any]) -> dict[str, Any]:
    """A prefilled text the assistant showed in the singular or the plural ('over mij' / 'over ons') and the
    user left as it was follows the signers of this letter (a co-signer ticked on or off afterwards)."""
    answers = dict(answers)
    sources = {item.name: item.source for item in kind.fields}
    for name, singular in prefilled.items():
        given = answers.get(name)
        if isinstance(singular, str) and singular and isinstance(given, str) \
                and given.strip() in (singular.strip(), plural.convert(singular).strip()):
            answers[name] = _lookup(context, sources[name])
    return answers


def _consent_choice(kind: LetterKind, answers: dict[str, Any]) -> int | None:
    value = answers.get(CONSENT_KEY, "").strip() if "toestemming" in kind.requires else ""
    if not value:
        return None
    if not value.isdigit():
        raise UsageError(f"Geef bij {CONSENT_KEY}= het nummer van de toestemming uit het register (niet '{value}').")
    return int(value)


def _refuse_too_early(kind: LetterKind, case_id: int | None, today: dt.date) -> None:
    """An ingebrekestelling before the beslistermijn has passed earns no dwangsom: say so clearly."""
    if "beslistermijn_verlopen" not in kind.requires:
        return
    running = running_decision_term(case_id, today)
    if running is None:
        return
    article = law_table()["artikelen"]["awb_4_17_lid_3"]
    raise UsageError(
        f"De beslistermijn loopt nog: de gemeente mag beslissen tot en met {long_date(running.due_date)}. "
        f"Een ingebrekestelling die eerder aankomt, levert geen dwangsom op ({article}). "
        f"Stuur de brief zo dat hij op of na {long_date(running.due_date + dt.timedelta(days=1))} aankomt.")


def parse_assignments(pairs: Iterable[str] | None) -> dict[str, Any]:
    """['veld=waarde', ...] -> dict; '\\n' in a value becomes a line break."""
    answers: dict[str, Any] = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise UsageError(f"Gebruik --set naam=waarde (niet '{pair}').")
        name, value = pair.split("=", 1)
        answers[name.strip()] = value.replace("\\n", "\n")
    return answers
