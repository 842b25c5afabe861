"""What the letter assistant needs: kinds that fit a traject, the fields with their questions and
prefilled values, the argument blocks with their defaults, and attachments to enclose.

Everything comes from the catalogue (templates/letters/<id>.toml) and the dossier; rendering,
saving and the log are in ``services.letters``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier_app.errors import UsageError
from dossier_app.letters import context as letter_context
from dossier_app.letters import voice
from dossier_app.letters.catalogue import all_kinds, get_kind
from dossier_app.letters.render import block_available, choose_blocks
from dossier_app.services import outputs
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import attachments as files
from dossier_app.store.models import Attachment, Document, Entry

# answers key for extra enclosures (render.EXTRA_ENCLOSURES_KEY) and for the ticked blocks (render.BLOCKS_KEY)
ENCLOSURES_KEY = "bijlagen"
BLOCKS_KEY = "blokken"

# What an item the letter needs is called in the assistant (context items of letters/context.py).
ITEM_NAMES = {
    "traject": "een traject", "beschikking": "een beschikking (besluit)",
    "beslistermijn_verlopen": "een verlopen beslistermijn", "verzoek": "een verzoek van een organisatie",
    "advies": "een advies of onderzoeksrapport", "verslag": "een verslag met onjuistheden",
    "verwijzer": "een verwijzer (huisarts of jeugdarts)", "verwijzing": "een verwijzing in dit traject",
    "aanbieder": "een jeugdhulpaanbieder",
    "tweede_ouder": "een tweede ouder",
}


@dataclass(frozen=True)
class KindChoice:
    id: str
    title: str
    summary: str          # two plain sentences from the catalogue: when to use it, what it does
    fits: bool            # the traject has what the letter needs
    missing: tuple[str, ...]   # what it lacks, in words


@dataclass(frozen=True)
class FieldChoice:
    name: str
    question: str
    required: bool
    value: str            # prefilled from the dossier (or the catalogue's default); '' when missing
    from_dossier: bool


@dataclass(frozen=True)
class BlockChoice:
    id: str
    title: str
    explanation: str
    ticked: bool          # on by default (the dossier supports it)
    available: bool       # the dossier has what the block needs
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AttachmentChoice:
    id: int
    filename: str
    entry_title: str
    entry_date: dt.date
    suggested: bool       # the catalogue already names it as an enclosure (the copy of the besluit)


@dataclass(frozen=True)
class LetterForm:
    kind_id: str
    title: str
    traject_id: int | None
    about: tuple[str, ...]        # the items the letter is about, in words ('Beschikking … van …')
    fields: tuple[FieldChoice, ...]
    blocks: tuple[BlockChoice, ...]
    attachments: tuple[AttachmentChoice, ...]


def summary(description: str, sentences: int = 2) -> str:
    """The first two sentences of the catalogue's 'wanneer'."""
    parts = re.split(r"(?<=[.!?])\s+", description.strip())
    return " ".join(parts[:sentences])


@needs_open
def kinds_for_traject(session: DossierSession, traject_id: int | None, *, first: str = "",
                      today: dt.date | None = None) -> list[KindChoice]:
    """Every kind, the ones that fit the traject first (``first`` before all), catalogue order within."""
    today = today or dt.date.today()
    available = letter_context.available_items(traject_id, today)
    choices = []
    for kind in all_kinds():
        missing = tuple(ITEM_NAMES.get(need, need) for need in kind.requires if need not in available)
        choices.append(KindChoice(kind.id, kind.title, summary(kind.description), not missing, missing))
    choices.sort(key=lambda choice: (choice.id != first, not choice.fits))
    return choices


@needs_open
def default_traject(session: DossierSession, kind_id: str, today: dt.date | None = None) -> int | None:
    """The obvious traject for a kind: the newest that has what it needs (None when none has)."""
    kind = get_kind(kind_id)
    try:
        return letter_context.select_case(kind.requires, today or dt.date.today(), kind.prefers)
    except UsageError:
        return None


def _about(context: dict[str, Any]) -> tuple[str, ...]:
    lines = []
    if context.get("beschikking"):
        item = context["beschikking"]
        kenmerk = f", kenmerk {item['kenmerk']}" if item.get("kenmerk") else ""
        lines.append(f"Besluit {item['titel_citaat']} van {item['datum']}{kenmerk}")
    if context.get("beslistermijn_verlopen"):
        item = context["beslistermijn_verlopen"]
        lines.append(f"Beslistermijn op uw {item['soort']} ‘{item['titel']}’: de laatste dag was "
                     f"{item['beslistermijn_einde']}")
    for key, label in (("advies", "Advies"), ("verslag", "Verslag"), ("verzoek", "Verzoek")):
        if context.get(key):
            lines.append(f"{label} {context[key]['titel_citaat']} van {context[key]['datum']}")
    return tuple(lines)


@needs_open
def letter_form(session: DossierSession, kind_id: str, traject_id: int | None,
                today: dt.date | None = None, about: dict[str, int] | None = None) -> LetterForm:
    """The fields (prefilled, with the question for each), the blocks (with defaults) and the
    attachments that could go with the letter, for one kind and traject."""
    today = today or dt.date.today()
    kind = get_kind(kind_id)
    available = letter_context.available_items(traject_id, today)
    context = letter_context.build_context(kind.addressee, traject_id, today, chosen=about or {}, kind_id=kind.id)
    ticked = choose_blocks(kind, {}, available, context)
    voice.speak_as_both(context, kind.id, ticked)      # prefilled texts say 'wij' when both parents sign
    fields = []
    for item in kind.fields:
        if item.only_if and not _lookup(context, item.only_if):
            continue        # not asked for this letter (e.g. a 16+ child's own address when a parent writes)
        value = _lookup(context, item.source) if item.source else None
        from_dossier = value not in (None, "")
        if not from_dossier:
            value = item.default
        fields.append(FieldChoice(item.name, item.question, item.required, "" if value is None else str(value),
                                  from_dossier))
    blocks = tuple(BlockChoice(block.id, block.title, block.explanation, block.id in ticked,
                               block_available(block, available, context),
                               tuple(block.fields))
                   for block in kind.blocks)
    return LetterForm(kind.id, kind.title, traject_id, _about(context), tuple(fields), blocks,
                      tuple(_attachment_choices(kind, traject_id, context)))


def _lookup(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _attachment_choices(kind: Any, traject_id: int | None, context: dict[str, Any]) -> list[AttachmentChoice]:
    """The attachments of the traject's entries (newest first); the besluit's is suggested
    when the letter encloses a copy of the besluit."""
    query = (Attachment.select(Attachment, Entry).join(Entry, on=(Attachment.entry == Entry.id))
             .where(Entry.kind.in_(("document", "gesprek", "notitie"))))
    if traject_id is not None:
        query = query.where(Entry.case == traject_id)
    beschikking_entries: set[int] = set()
    if "beschikking" in kind.requires and context.get("beschikking"):
        rows = (Document.select(Document.entry).join(Entry, on=(Document.entry == Entry.id))
                .where(Document.doc_kind == "beschikking"))
        if traject_id is not None:
            rows = rows.where(Entry.case == traject_id)
        newest = rows.order_by(Entry.occurred_on.desc(), Entry.id.desc()).first()
        if newest is not None:
            beschikking_entries.add(newest.entry_id)
    return [AttachmentChoice(row.id, row.filename, row.entry.title, row.entry.occurred_on,
                             row.entry_id in beschikking_entries)
            for row in query.order_by(Entry.occurred_on.desc(), Attachment.id) if row.entry is not None]


def extra_enclosure_lines(form: LetterForm, chosen_ids: Iterable[int]) -> str:
    """The 'Bijlagen' lines for chosen attachments the catalogue does not already name
    (for ``answers['bijlagen']``, separated by ';')."""
    lines = [f"Kopie: {choice.entry_title} ({choice.filename})" for choice in form.attachments
             if choice.id in set(chosen_ids) and not choice.suggested]
    return "; ".join(line.replace(";", ",") for line in lines)


@needs_open
def export_enclosures(session: DossierSession, attachment_ids: Iterable[int], folder: Path, *,
                      overwrite: bool = False) -> list[Path]:
    """Decrypt the chosen attachments next to the letter. Checks every target first
    (services.outputs.check_output: OutputExists → ask, then call again with overwrite=True)."""
    folder = Path(folder)
    targets = []
    for attachment_id in attachment_ids:
        name = Path(files.describe(attachment_id)["filename"]).name or f"bijlage-{attachment_id}"
        name = "".join(char if char.isprintable() and char not in "/\\" else "_" for char in name)
        targets.append((attachment_id, outputs.check_output(folder / name, overwrite=overwrite)))
    return [files.export(store_handle(session), attachment_id, target) for attachment_id, target in targets]
