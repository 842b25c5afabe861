"""The family, its contacts and organisations, and its trajecten."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import entries
from dossier_app.store.models import DossierInfo, database

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

    @property
    def address(self) -> str:
        return " ".join(part for part in (self.street, self.postcode, self.city) if part)


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


@dataclass(frozen=True)
class Traject:
    id: int
    title: str
    status: str
    opened_on: dt.date
    child_id: int | None = None
    notes: str = ""


def _from_row(cls, row: dict):
    names = {item.name for item in fields(cls)}
    return cls(**{key: value for key, value in row.items() if key in names})


# -- people -------------------------------------------------------------------------
@needs_open
def people(session: DossierSession, role: str | None = None) -> list[Person]:
    return [_from_row(Person, row) for row in entries.people(role)]


@needs_open
def add_person(session: DossierSession, role: str, name: str, *, street: str = "", postcode: str = "",
               city: str = "", phone: str = "", email: str = "", birth_date: dt.date | None = None,
               notes: str = "") -> int:
    return entries.add_person(role, name, street=street, postcode=postcode, city=city, phone=phone, email=email,
                              birth_date=birth_date, notes=notes)


@needs_open
def update_person(session: DossierSession, person_id: int, *, role: str, name: str, street: str, postcode: str,
                  city: str, phone: str, email: str, birth_date: dt.date | None, notes: str) -> None:
    entries.update_person(person_id, role=role, name=name, street=street, postcode=postcode, city=city, phone=phone,
                          email=email, birth_date=birth_date, notes=notes)


# -- contacts -------------------------------------------------------------------------
@needs_open
def contacts(session: DossierSession, role: str | None = None) -> list[Contact]:
    return [_from_row(Contact, row) for row in entries.contacts(role)]


@needs_open
def add_contact(session: DossierSession, role: str, name: str, *, organisation: str = "", department: str = "",
                contact_person: str = "", salutation: str = "", street: str = "", postcode: str = "",
                city: str = "", email: str = "", phone: str = "", notes: str = "") -> int:
    return entries.add_contact(role, name, organisation=organisation, department=department,
                               contact_person=contact_person, salutation=salutation, street=street,
                               postcode=postcode, city=city, email=email, phone=phone, notes=notes)


@needs_open
def update_contact(session: DossierSession, contact_id: int, *, role: str, name: str, organisation: str,
                   department: str, contact_person: str, salutation: str, street: str, postcode: str, city: str,
                   email: str, phone: str, notes: str) -> None:
    entries.update_contact(contact_id, role=role, name=name, organisation=organisation, department=department,
                           contact_person=contact_person, salutation=salutation, street=street, postcode=postcode,
                           city=city, email=email, phone=phone, notes=notes)


# -- trajecten ---------------------------------------------------------------------------
@needs_open
def trajecten(session: DossierSession) -> list[Traject]:
    return [Traject(row["id"], row["title"], row["status"], row["opened_on"], row["child"], row["notes"])
            for row in entries.cases()]


@needs_open
def add_traject(session: DossierSession, title: str, *, status: str = "voorbereiding",
                opened_on: dt.date | None = None, child_id: int | None = None, notes: str = "") -> int:
    return entries.add_case(title, status=status, opened_on=opened_on, child_id=child_id, notes=notes)


@needs_open
def set_traject_status(session: DossierSession, traject_id: int, status: str) -> None:
    entries.set_case_status(traject_id, status)


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
