"""The family, its contacts and organisations, and its trajecten."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, TypeVar, cast

from dossier_app.errors import UsageError
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import entries
from dossier_app.store.models import DossierInfo, database
from dossier_app.store.vocabulary import GEZAG_CHOICES, YES_NO_UNKNOWN

PLACE_KEY = "place"


@dataclass(frozen=True)
class Person:
    id: int
    role: str            # 'ouder' | 'kind'
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    birth_date: dt.date | None = None
    notes: str = ""
    gezag: str = ""          # 'ja' | 'nee' | '' (not filled in)
    own_voice: str = ""      # a child: what it says it needs itself

    @property
    def address(self) -> str:
        """'Berkenlaan 12, 1234 AB Lindenhoven': a comma after the street, the postcode before the place."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)


@dataclass(frozen=True)
class Contact:
    id: int
    role: str
    name: str
    organisation: str = ""
    department: str = ""
    contact_person: str = ""
    salutation: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""
    waiting_list: str = ""   # jeugdhulpaanbieder
    contracted: str = ""     # jeugdhulpaanbieder: 'ja' | 'nee' | ''
    payment: str = ""        # jeugdhulpaanbieder
    regulations: str = ""    # gemeente: verordening and beleidsregels (link, date)


@dataclass(frozen=True)
class Traject:
    id: int
    title: str
    status: str
    opened_on: dt.date
    child_id: int | None = None
    notes: str = ""


_Row = TypeVar("_Row")


def _from_row(cls: type[_Row], row: dict[str, Any]) -> _Row:
    names = {item.name for item in fields(cast(Any, cls))}   # cls is one of the dataclasses above
    return cls(**{key: value for key, value in row.items() if key in names})


# -- people -------------------------------------------------------------------------
@needs_open
def people(session: DossierSession, role: str | None = None) -> list[Person]:
    return [_from_row(Person, row) for row in entries.people(role)]


@needs_open
def add_person(session: DossierSession, role: str, name: str, *, street: str = "", postcode: str = "",
               city: str = "", phone: str = "", email: str = "", birth_date: dt.date | None = None,
               notes: str = "", gezag: str = "", own_voice: str = "") -> int:
    _check_gezag(gezag)
    return entries.add_person(role, name, street=street, postcode=postcode, city=city, phone=phone, email=email,
                              birth_date=birth_date, notes=notes, gezag=gezag, own_voice=own_voice)


@needs_open
def update_person(session: DossierSession, person_id: int, *, role: str, name: str, street: str, postcode: str,
                  city: str, phone: str, email: str, birth_date: dt.date | None, notes: str,
                  gezag: str | None = None, own_voice: str | None = None) -> None:
    """``gezag`` and ``own_voice`` None: leave them as they are."""
    extra = {key: value for key, value in (("gezag", gezag), ("own_voice", own_voice)) if value is not None}
    _check_gezag(extra.get("gezag", ""))
    entries.update_person(person_id, role=role, name=name, street=street, postcode=postcode, city=city, phone=phone,
                          email=email, birth_date=birth_date, notes=notes, **extra)


def _check_gezag(value: str) -> None:
    if value not in GEZAG_CHOICES:
        raise UsageError(f"Gezag is 'ja', 'nee' of leeg, niet '{value}'.")


def _check_yes_no(value: str) -> None:
    if value not in YES_NO_UNKNOWN:
        raise UsageError(f"Gecontracteerd is 'ja', 'nee' of leeg, niet '{value}'.")


@needs_open
def second_parent_with_gezag(session: DossierSession) -> Person | None:
    """The other parent (after the first, the sender of letters) who has gezag, if the dossier says so."""
    parents = people(session, "ouder")
    return next((parent for parent in parents[1:] if parent.gezag == "ja"), None)


# -- contacts -------------------------------------------------------------------------
@needs_open
def contacts(session: DossierSession, role: str | None = None) -> list[Contact]:
    return [_from_row(Contact, row) for row in entries.contacts(role)]


@needs_open
def add_contact(session: DossierSession, role: str, name: str, *, organisation: str = "", department: str = "",
                contact_person: str = "", salutation: str = "", street: str = "", postcode: str = "",
                city: str = "", email: str = "", phone: str = "", notes: str = "", waiting_list: str = "",
                contracted: str = "", payment: str = "", regulations: str = "") -> int:
    _check_yes_no(contracted)
    return entries.add_contact(role, name, organisation=organisation, department=department,
                               contact_person=contact_person, salutation=salutation, street=street,
                               postcode=postcode, city=city, email=email, phone=phone, notes=notes,
                               waiting_list=waiting_list, contracted=contracted, payment=payment,
                               regulations=regulations)


@needs_open
def update_contact(session: DossierSession, contact_id: int, *, role: str, name: str, organisation: str,
                   department: str, contact_person: str, salutation: str, street: str, postcode: str, city: str,
                   email: str, phone: str, notes: str, waiting_list: str | None = None,
                   contracted: str | None = None, payment: str | None = None,
                   regulations: str | None = None) -> None:
    """The role-specific fields None: leave them as they are."""
    extra = {key: value for key, value in (("waiting_list", waiting_list), ("contracted", contracted),
                                           ("payment", payment), ("regulations", regulations))
             if value is not None}
    _check_yes_no(extra.get("contracted", ""))
    entries.update_contact(contact_id, role=role, name=name, organisation=organisation, department=department,
                           contact_person=contact_person, salutation=salutation, street=street, postcode=postcode,
                           city=city, email=email, phone=phone, notes=notes, **extra)


# -- trajecten ---------------------------------------------------------------------------
@needs_open
def trajecten(session: DossierSession) -> list[Traject]:
    return [Traject(row["id"], row["title"], row["status"], row["opened_on"], row["child"], row["notes"])
            for row in entries.trajecten()]


@needs_open
def add_traject(session: DossierSession, title: str, *, status: str = "voorbereiding",
                opened_on: dt.date | None = None, child_id: int | None = None, notes: str = "") -> int:
    return entries.add_traject(title, status=status, opened_on=opened_on, child_id=child_id, notes=notes)


@needs_open
def set_traject_status(session: DossierSession, traject_id: int, status: str) -> None:
    entries.set_traject_status(traject_id, status)


# -- dossier details used in letters -------------------------------------------------------
@needs_open
def letter_place(session: DossierSession) -> str:
    """The place written above letters ("Utrecht, 2 november 2026")."""
    row = DossierInfo.get_or_none(DossierInfo.key == PLACE_KEY)
    return row.value if row else ""


@needs_open
def set_letter_place(session: DossierSession, place: str) -> None:
    with database.atomic():
        DossierInfo.insert(key=PLACE_KEY, value=place.strip()).on_conflict_replace().execute()
