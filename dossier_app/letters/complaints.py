"""Where a klacht goes (issue 22): the organisation complained about, by its own procedure.

A jeugdhulpaanbieder or gecertificeerde instelling handles a klacht under its klachtenregeling
(Jeugdwet 4.2.1) by an independent klachtencommissie. When the dossier holds that commissie (a
contact with role ``klachtencommissie`` whose Organisatie names the aanbieder or GI), the klacht goes
to the commissie's own address; otherwise to the organisation "t.a.v. de klachtencommissie". A klacht
about the gemeente (or its wijkteam) goes to the gemeente itself (Awb 9:1); no commissie is looked for.
"""

from __future__ import annotations

from typing import Any

from dossier_app.letters import rows
from dossier_app.store.models import Contact

COMMITTEE_ROLE = "klachtencommissie"
# Organisations with a klachtenregeling and an independent commissie (Jeugdwet 4.2.1).
WITH_COMMITTEE = ("jeugdhulpaanbieder", "gi")


def committee_for(organisation: Contact | None) -> Contact | None:
    """The klachtencommissie the dossier holds for this aanbieder or GI (its Organisatie names it)."""
    if organisation is None or organisation.role not in WITH_COMMITTEE:
        return None
    names = {name.strip().lower() for name in (organisation.name, organisation.organisation) if name.strip()}
    return next((committee for committee in rows.contacts(COMMITTEE_ROLE)
                 if committee.organisation.strip().lower() in names), None)


def committee_addressee(committee: Contact, organisation: Contact) -> dict[str, Any]:
    """The commissie's own address block; ``commissie_van`` names the organisation the klacht is about."""
    place = f"{committee.postcode}  {committee.city.upper()}".strip()
    lines = [committee.name]
    if committee.contact_person and committee.contact_person != committee.name:
        lines.append(f"t.a.v. {committee.contact_person}")
    lines += [line for line in (committee.street, place) if line]
    return {"naam": committee.name, "regels": lines, "aanhef": committee.salutation or "Geachte heer, mevrouw,",
            "id": committee.id, "rol": COMMITTEE_ROLE, "is_fg": False, "bestuursorgaan": False,
            "commissie_van": organisation.organisation or organisation.name, "_organisatie_id": organisation.id}
