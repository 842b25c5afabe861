"""Familiegroepsplan: an outline of the family's own plan, filled from a traject.

The Jeugdwet gives the family's own plan (made with its network) a place; the
gemeente's "Eén gezin, één plan" is a different thing (seed 000; help topic
``familiegroepsplan``). The app fills in what the dossier knows — the
hulpvraag, what the child says itself, the network and the afspraken from the
gesprekken — and leaves room for the rest (seed 004, "Plan": who around the
family matters, which professionals are needed, when it should be better and
when progress is discussed). Built like the gespreksvoorbereiding: the Jinja
Markdown template ``templates/plan/familiegroepsplan.md.j2`` → blocks → the
.docx writer. Nothing is kept in the dossier.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dossier_app import paths
from dossier_app.dutch import long_date
from dossier_app.services import documents
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import entries, overview
from dossier_app.store.vocabulary import CONTACT_ROLES

FOLDER = "plan"
TEMPLATE = "familiegroepsplan.md.j2"
DOCX_SUFFIX = documents.DOCX_SUFFIX
FILL_LINES = 4
# Who counts as the family's network, and who supports the family (not a hulpverlener).
NETWORK_ROLES = ("netwerk",)
SUPPORT_ROLES = ("vertrouwenspersoon", "clientondersteuner")
# The professionals already involved.
PROFESSIONAL_ROLES = ("wijkteam", "jeugdhulpaanbieder", "huisarts", "jeugdarts", "school", "gi")


FamilyPlan = documents.MadeDocument


def _folder() -> Path:
    return paths.templates_dir() / FOLDER


def _child(case: dict[str, Any], today: dt.date) -> dict[str, Any] | None:
    child = documents.child_of(case, today)
    if child is None:
        return None
    return {"naam": child["name"], "voornaam": child["name"].split()[0], "leeftijd": child["age"],
            "eigen_woorden": child.get("own_voice") or "", "_notes": child.get("notes") or ""}


def _contacts(roles: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = [row for role in roles for row in entries.contacts(role)]
    return [{"naam": row["contact_person"] or row["name"], "organisatie": row["organisation"]
             if row["organisation"] and row["organisation"] != (row["contact_person"] or row["name"]) else "",
             "rol": CONTACT_ROLES.get(row["role"], row["role"]).split(" (")[0]} for row in rows]


def _context(case: dict[str, Any], today: dt.date) -> dict[str, Any]:
    child = _child(case, today)
    hulpvraag = case["notes"] or (child["_notes"] if child else "")
    if child:
        child.pop("_notes")
    return {
        "datum": long_date(today),
        "traject": {"titel": case["title"], "hulpvraag": hulpvraag},
        "ouders": [person["name"] for person in entries.people("ouder")],
        "kind": child,
        "netwerk": _contacts(NETWORK_ROLES),
        "ondersteuning": _contacts(SUPPORT_ROLES),
        "betrokkenen": _contacts(PROFESSIONAL_ROLES),
        "afspraken": [{"wie": row["who"], "wat": row["what"], "gedaan": row["done"],
                       "datum": long_date(row["due_date"]) if row["due_date"] else "",
                       "gesprek": f"{row['conversation']} ({long_date(row['conversation_date'])})"}
                      for row in overview.agreements(case["id"])],
        "invulregels": FILL_LINES,
    }


@needs_open
def prepare(session: DossierSession, traject_id: int | None = None, *,
            today: dt.date | None = None) -> FamilyPlan:
    """The outline for ``traject_id`` (default: the newest traject that is not finished)."""
    today = today or dt.date.today()
    case = documents.chosen_traject(traject_id)
    return documents.render(_folder(), TEMPLATE, _context(case, today), traject_id=case["id"],
                            title=f"Familiegroepsplan: {case['title']}", what="het familiegroepsplan")


check_output_path = documents.check_docx_output


def save_docx(plan: FamilyPlan, out: Path, *, overwrite: bool = False) -> Path:
    """Write the .docx (private to this user). Nothing is kept in the dossier."""
    return documents.save_private_docx(plan.to_docx(), out, overwrite=overwrite)
