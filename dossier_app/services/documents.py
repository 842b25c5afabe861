"""Documents made from a traject (the gespreksvoorbereiding and the familiegroepsplan).

What they share: choosing the traject, the child it is about, rendering a
Markdown template into blocks, and writing the .docx to a place the user chose
(never over a dossier or backup, owner-only, atomically). Nothing is kept in
the dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from jinja2 import TemplateError

from dossier_app.errors import DossierError, UsageError
from dossier_app.letters import blocks as block_model
from dossier_app.letters.docx_writer import write_docx
from dossier_app.letters.templating import folder_environment
from dossier_app.services import outputs
from dossier_app.store import entries

DOCX_SUFFIX = ".docx"


def check_docx_output(out: Path, *, overwrite: bool = False) -> Path:
    out = Path(out)
    if out.suffix.lower() != DOCX_SUFFIX:
        raise UsageError(f"Het uitvoerbestand moet op {DOCX_SUFFIX} eindigen.")
    return outputs.check_output(out, overwrite=overwrite)


def save_private_docx(data: bytes, out: Path, *, overwrite: bool = False) -> Path:
    """Write the .docx (private to this user). Nothing is kept in the dossier."""
    out = check_docx_output(out, overwrite=overwrite)
    outputs.write_private_atomic(out, data)
    return out


@dataclass(frozen=True)
class MadeDocument:
    """A document made from a traject (gespreksvoorbereiding, familiegroepsplan), not kept in the dossier."""

    traject_id: int
    title: str
    markdown: str
    blocks: list[Any] = field(default_factory=list)
    text: str = ""

    def to_docx(self) -> bytes:
        return write_docx(self.blocks, title=self.title)


def chosen_traject(traject_id: int | None) -> dict[str, Any]:
    """The traject a document is made for: ``traject_id``, or else the newest that is not finished."""
    if traject_id is not None:          # only that traject's row (the same dict as in ``entries.trajecten``)
        chosen = next(iter(entries.trajecten(traject_id)), None)
        if chosen is None:
            raise UsageError(f"Er is geen traject met nummer {traject_id}.")
        return chosen
    cases = entries.trajecten()
    running = [case for case in cases if case["status"] != "afgerond"] or cases
    if not running:
        raise UsageError("Dit dossier heeft nog geen traject; maak er eerst een bij Gezin.")
    return max(running, key=lambda case: (case["opened_on"], case["id"]))


def child_of(case: dict[str, Any], today: dt.date, *,
             children: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """The child a traject is about (else the first child), with the age on ``today``; ``children``: the
    dossier's children (as ``entries.people("kind")`` gives them) when the caller read them already."""
    children = entries.people("kind") if children is None else children
    child = next((person for person in children if person["id"] == case["child"]), None)
    child = child or (children[0] if children else None)
    if child is None:
        return None
    age = relativedelta(today, child["birth_date"]).years if child.get("birth_date") else None
    return {**child, "age": age}


def render(folder: Path, template: str, context: dict[str, Any], *, traject_id: int, title: str,
           what: str) -> MadeDocument:
    """Render a Markdown template from ``folder`` into a document; ``what`` names it in an error."""
    try:
        markdown = folder_environment(folder).get_template(template).render(**context)
    except TemplateError as exc:
        raise DossierError(f"Het sjabloon voor {what} bevat een fout: {exc.message}") from None
    parsed = block_model.parse(markdown)
    return MadeDocument(traject_id, title, markdown, parsed, block_model.plain_text(parsed))
