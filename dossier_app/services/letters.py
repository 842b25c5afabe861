"""Letters: the kinds, making one from the dossier, saving .docx/PDF, and the letter log."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dossier_app.dutch import short_date
from dossier_app.errors import UsageError
from dossier_app.letters import blocks as block_model
from dossier_app.letters.claims import CHOOSABLE_ITEMS
from dossier_app.letters import pdf
from dossier_app.letters.catalogue import LetterKind as LetterKind  # a result type of this layer
from dossier_app.letters.catalogue import all_kinds, get_kind
from dossier_app.letters.render import MissingFields as MissingFields  # raised through this layer
from dossier_app.letters.render import RenderedLetter as RenderedLetter  # a result type of this layer
from dossier_app.letters.render import parse_assignments as parse_assignments
from dossier_app.letters.render import LetterBasis, render_letter
from dossier_app.letters.render import letter_basis as read_basis
from dossier_app.services import outputs
from dossier_app.services.letter_records import LetterRecord as LetterRecord  # a result type of this layer
from dossier_app.services.letter_records import letter_records as letter_records
from dossier_app.services.session import DossierSession, needs_open, store_handle
from dossier_app.store import letter_log
from dossier_app.store.vocabulary import SEND_METHODS
from dossier_app.letters import context as letter_context
from dossier_app.letters import isolated
from dossier_app.letters.lint import check_templates as lint

DOCX_SUFFIX = ".docx"
PDF_NOT_AVAILABLE = pdf.NOT_INSTALLED


def kinds() -> list[LetterKind]:
    return all_kinds()


def kind(kind_id: str) -> LetterKind:
    return get_kind(kind_id)


@needs_open
def prepare(session: DossierSession, kind_id: str, *, traject_id: int | None = None,
            answers: dict[str, str] | None = None, today: dt.date | None = None,
            about: dict[str, int] | None = None, basis: LetterBasis | None = None) -> RenderedLetter:
    """Fill the letter from the dossier and ``answers``; MissingFields names what is still needed.

    ``about``: which beschikking, verslag, gesprek … (item → entry number) the letter is about,
    where the user chose another than the newest (see ``about_choices``). ``basis``: what
    ``letter_basis`` read for this letter before (the assistant reads it once per step)."""
    return render_letter(kind_id, case_id=traject_id, answers=answers or {}, today=today or dt.date.today(),
                         chosen=about or {}, basis=basis)


@needs_open
def letter_basis(session: DossierSession, kind_id: str, *, traject_id: int | None = None,
                 answers: dict[str, str] | None = None, today: dt.date | None = None,
                 about: dict[str, int] | None = None) -> LetterBasis:
    """Read once what the letter needs from the dossier; ``prepare(..., basis=…)`` renders from it."""
    return read_basis(kind_id, case_id=traject_id, answers=answers or {}, today=today or dt.date.today(),
                      chosen=about or {})


@dataclass(frozen=True)
class AboutChoice:
    item: str            # 'beschikking', 'verslag', 'gesprek', …
    label: str           # 'Over welke beschikking?'
    options: tuple[tuple[int, str], ...]       # ((entry id, 'title — date'), …), newest first


ABOUT_LABELS = {"beschikking": "Over welke beschikking?", "beslissing_op_bezwaar": "Over welke beslissing op bezwaar?",
                "verzoek": "Over welk verzoek?", "advies": "Over welk advies of onderzoek?",
                "verslag": "Over welk verslag?", "gesprek": "Over welk gesprek?"}


def parse_about(pairs: Iterable[str]) -> dict[str, int]:
    """['beschikking=12', …] → {'beschikking': 12}; an unknown item or a number that is none is refused."""
    about = {}
    for pair in pairs or ():
        item, _, number = pair.partition("=")
        item = item.strip()
        if item not in ABOUT_LABELS or not number.strip().isdigit():
            raise UsageError(f"Gebruik --over onderdeel=nummer, met als onderdeel: {', '.join(ABOUT_LABELS)}.")
        about[item] = int(number)
    return about


@needs_open
def about_choices(session: DossierSession, kind_id: str, traject_id: int | None) -> list[AboutChoice]:
    """The items this kind of letter is about, where the traject has more than one candidate."""
    kind = get_kind(kind_id)
    wanted = [item for item in (*kind.requires, *kind.prefers) if item in CHOOSABLE_ITEMS]
    choices = letter_context.item_choices(traject_id, dict.fromkeys(wanted))
    return [AboutChoice(item, ABOUT_LABELS[item],
                        tuple((entry_id, f"{title} — {short_date(date)}") for entry_id, title, date in rows))
            for item, rows in choices.items() if len(rows) > 1]


_ESCAPED = re.compile(r"\\([-.!()+#@,:;/?=%\"'])")


def editable_text(markdown: str) -> str:
    """The letter's text for editing by hand: without the backslashes that keep dossier values
    literal where they cannot change the meaning (never at the start of a line, never after a number
    that begins a line, so no list or heading appears by accident)."""
    lines = []
    for line in markdown.split("\n"):
        def keep_or_drop(match: re.Match[str], line: str = line) -> str:
            before = line[:match.start()]
            if not before.strip() or (before.strip().isdigit() and match.group(1) in ".)"):
                return match.group(0)
            return match.group(1)
        lines.append(_ESCAPED.sub(keep_or_drop, line))
    return block_model.friendly_markers("\n".join(lines))


def with_edited_text(rendered: RenderedLetter, markdown: str) -> RenderedLetter:
    """The same letter with the user's own final text (what the .docx and the log keep)."""
    markdown = block_model.source_markers(markdown)
    blocks = block_model.parse(markdown)
    return dataclasses.replace(rendered, markdown=markdown, blocks=blocks, text=block_model.plain_text(blocks))


_private_atomic_write = outputs.write_private_atomic


def check_output_path(out: Path, suffix: str = DOCX_SUFFIX, *, overwrite: bool = False) -> Path:
    """The suffix must fit; then the one output check (services.outputs.check_output)."""
    out = Path(out)
    if out.suffix.lower() != suffix:
        raise UsageError(f"Het uitvoerbestand moet op {suffix} eindigen.")
    return outputs.check_output(out, overwrite=overwrite)


@needs_open
def save_docx(session: DossierSession, rendered: RenderedLetter, out: Path, *, on: dt.date | None = None,
              overwrite: bool = False) -> int:
    """Write the .docx to ``out`` and keep it (with its final text) in the letter log; returns its number."""
    out = check_output_path(out, overwrite=overwrite)
    data = rendered.to_docx()
    entry_id = letter_log.record(store_handle(session), rendered, data, on=on or dt.date.today())
    _private_atomic_write(out, data)
    return entry_id


def pdf_available() -> bool:
    return pdf.soffice_path() is not None


def require_pdf() -> None:
    pdf.require_soffice()


def make_pdf(docx_path: Path, *, overwrite: bool = False) -> Path:
    """Convert with LibreOffice next to the .docx (slow: off the GUI thread)."""
    outputs.check_output(Path(docx_path).with_suffix(".pdf"), overwrite=overwrite)
    return pdf.convert_to_pdf(Path(docx_path))


@needs_open
def letter_record(session: DossierSession, letter_id: int) -> LetterRecord:
    found = next((record for record in letter_records(session) if record.id == letter_id), None)
    if found is None:
        raise UsageError(f"Er is geen brief met nummer {letter_id}.")
    return found


@needs_open
def letter_text(session: DossierSession, letter_id: int) -> str:
    """The final text as it was saved (with the user's own edits)."""
    return letter_log.final_text(letter_id)


@needs_open
def mark_sent(session: DossierSession, letter_id: int, sent_on: dt.date, method: str,
              tracking_number: str = "") -> int:
    """Record when and how a letter went out; returns the 'expect a receipt' to-do.

    What sending does to the traject (the term it starts or ends) comes from the consequence
    model, with the letter kind's own [termijn] from the catalogue. A letter cannot go out before its
    own date: that date would start a legal term too early."""
    record = letter_record(session, letter_id)
    if sent_on < record.date:
        raise UsageError(f"De verzenddatum ({short_date(sent_on)}) ligt vóór de datum van de brief "
                         f"({short_date(record.date)}). Controleer de datum.")
    if record.receipt_confirmed_on and sent_on > record.receipt_confirmed_on:
        raise UsageError(f"De verzenddatum ({short_date(sent_on)}) ligt na de bevestigde ontvangst "
                         f"({short_date(record.receipt_confirmed_on)}). Controleer de datum.")
    kind = get_kind(letter_log.kind_of(letter_id))
    return letter_log.mark_sent(letter_id, sent_on, method, tracking_number, consequence=kind.consequence())


@needs_open
def confirm_receipt(session: DossierSession, letter_id: int, received_on: dt.date) -> list[int]:
    """The addressee confirmed receipt: the letter's legal term starts. Never before it was sent."""
    record = letter_record(session, letter_id)
    if record.sent_on is not None and received_on < record.sent_on:
        raise UsageError(f"De ontvangstdatum ({short_date(received_on)}) ligt vóór de verzenddatum "
                         f"({short_date(record.sent_on)}). Controleer de datum.")
    if received_on < record.date:
        raise UsageError(f"De ontvangstdatum ({short_date(received_on)}) ligt vóór de datum van de brief "
                         f"({short_date(record.date)}). Controleer de datum.")
    kind = get_kind(letter_log.kind_of(letter_id))
    return letter_log.confirm_receipt(letter_id, received_on, consequence=kind.consequence())


@needs_open
def export_again(session: DossierSession, letter_id: int, out: Path, *, overwrite: bool = False) -> Path:
    out = check_output_path(out, overwrite=overwrite)
    _private_atomic_write(out, letter_log.docx_bytes(store_handle(session), letter_id))
    return out


def send_methods() -> dict[str, str]:
    return dict(SEND_METHODS)


# Letters with legal effect (a bezwaar, an ingebrekestelling) may go by e-mail only where the
# organisation has said it accepts them that way (Awb 2:15 lid 1); otherwise by post, best aangetekend.
FORMAL_KINDS = ("bezwaarschrift", "bezwaarschrift-pro-forma", "ingebrekestelling")


def sending_advice(kind_id: str, method: str) -> list[str]:
    """What to know before recording this way of sending (shown next to the choice)."""
    advice = []
    if method == "email":
        if kind_id in FORMAL_KINDS:
            advice.append("Let op: een bezwaarschrift of ingebrekestelling per e-mail telt alleen als de "
                          "gemeente of organisatie heeft laten weten dat dit per e-mail mag. Weet u dat niet "
                          "zeker, stuur de brief dan (ook) aangetekend per post.")
        advice.append("Vraag in de e-mail om een leesbevestiging, en bewaar de verstuurde e-mail als bijlage "
                      "in het dossier: dat is uw bewijs van verzending.")
    elif method == "aangetekend":
        advice.append("Bewaar het verzendbewijs en vul het verzendnummer (track & trace) in.")
    elif method == "hand":
        advice.append("Vraag bij het afgeven om een gestempelde of getekende kopie als bewijs van ontvangst.")
    return advice


def check_templates(folder: Path | None = None) -> list[str]:
    return lint(Path(folder) if folder else None)


def run_isolated_child() -> int:
    """The hidden `--sjabloon-apart` sub-command: the child process that renders a user's own template."""
    return isolated.run_child()
