"""A seeded synthetic family dossier, built through the project's own services.

Realistic Dutch text (names, organisations, conversations, reports), every
letter kind possible for every traject, and the same content for the same
seed. Grows in stages (``grow_to``) so one dossier serves 1,000 / 10,000 /
50,000 entries.
"""

from __future__ import annotations

import datetime as dt
import random

from dossier_app.store import entries
from dossier_app.store.models import DossierInfo, database

FIRST = ["Sanne", "Joris", "Noor", "Daan", "Emma", "Lucas", "Julia", "Sem", "Tess", "Milan", "Fleur",
         "Bram", "Lotte", "Thijs", "Anouk", "Ruben", "Iris", "Jesse", "Femke", "Stijn", "Mohamed",
         "Fatima", "Yusuf", "Aylin", "Priya", "Kevin", "Marieke", "Henk", "Ingrid", "Wouter"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
        "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
        "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "van Dijk", "Yilmaz", "El Amrani"]
CITIES = ["Lindenhoven", "Utrecht", "Amersfoort", "Zwolle", "Deventer", "Haarlem", "Leiden", "Tilburg",
          "Breda", "Arnhem", "Nijmegen", "Groningen", "Almere", "Apeldoorn", "Enschede"]
STREETS = ["Berkenlaan", "Dorpsstraat", "Kerkweg", "Molenstraat", "Stationsplein", "Lindelaan",
           "Schoolstraat", "Julianalaan", "Beatrixstraat", "Postbus"]
ORGS = ["Jeugd- en gezinsteam", "Kindpraktijk De Linde", "GGD", "Huisartsenpraktijk", "Wijkteam Noord",
        "Jeugdbescherming", "Sociaal Team", "Buurtzorg Jong", "Karakter", "Accare", "Levvel", "Youké"]
ROLES = ["gemeente", "wijkteam", "jeugdhulpaanbieder", "huisarts", "jeugdarts", "school", "gi",
         "vertrouwenspersoon", "clientondersteuner", "raad", "veilig-thuis", "overig", "fg"]
SUBJECTS = ["schoolverzuim", "wachtlijst jeugd-ggz", "persoonsgebonden budget", "ambulante begeleiding",
            "diagnostisch onderzoek", "logeeropvang", "dagbesteding", "leerplicht", "thuiszitten",
            "angstklachten", "somberheid", "gezinscoaching", "herindicatie", "second opinion",
            "familiegroepsplan", "ondersteuningsplan", "zorgcontinuïteit", "verlenging beschikking"]
PHRASES = [
    "Vandaag gebeld met {org} over {subject}.",
    "{name} gaf aan dat de aanvraag nog in behandeling is.",
    "Er is afgesproken dat wij binnen twee weken een reactie krijgen over {subject}.",
    "Het verslag van het gesprek klopt op een aantal punten niet met wat er is gezegd.",
    "{child} sliep slecht en wilde niet naar school; de mentor is op de hoogte gebracht.",
    "De gemeente vraagt om aanvullende stukken, waaronder het behandelplan.",
    "Wij hebben gevraagd om een schriftelijke onderbouwing van het besluit.",
    "Volgens {name} is specialistische hulp niet nodig, maar daar zijn wij het niet mee eens.",
    "Het keukentafelgesprek vond plaats in {city}; aanwezig waren {name} en wij.",
    "Nog steeds geen bericht ontvangen over {subject}, ondanks de toezegging van vorige maand.",
    "De huisarts heeft een verwijzing geschreven voor {subject}.",
    "In de brief staat niet tegen welke termijn wij bezwaar kunnen maken.",
    "{child} heeft een fijne middag gehad bij de logeeropvang.",
    "Het onderzoeksrapport is opgestuurd; wij hebben om een kopie van de bijlagen gevraagd.",
]
RARE_WORD = "zorgvuldigheidstoets"   # appears in about one entry in 500
START = dt.date(2020, 1, 6)
END = dt.date(2026, 6, 1)


class SyntheticDossier:
    def __init__(self, dossier, seed: int = 12, contacts: int = 500):
        self.dossier = dossier
        self.rng = random.Random(seed)
        self.contact_count = contacts
        self.entries = 0
        self.cases: list[int] = []
        self.contact_ids: list[tuple[int, str]] = []
        self.child = "Noor de Vries"

    # -- text --------------------------------------------------------------------
    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self) -> str:
        return self.rng.choice(PHRASES).format(
            org=self.rng.choice(ORGS), subject=self.rng.choice(SUBJECTS), name=self.name(),
            child=self.child.split()[0], city=self.rng.choice(CITIES))

    def text(self, sentences: int) -> str:
        body = " ".join(self.sentence() for _ in range(sentences))
        if self.rng.random() < 0.002:
            body += f" Gevraagd om een {RARE_WORD} van het besluit."
        return body

    def date(self) -> dt.date:
        return START + dt.timedelta(days=self.rng.randrange((END - START).days))

    # -- the family, contacts, trajecten -------------------------------------------
    def create_family(self) -> None:
        with database.atomic():
            DossierInfo.create(key="place", value="Lindenhoven")
            entries.add_person("ouder", "Sanne de Vries", street="Berkenlaan 12", postcode="1234 AB",
                               city="Lindenhoven", phone="06-12345678", email="sanne.devries@example.nl")
            entries.add_person("ouder", "Joris de Vries", street="Berkenlaan 12", postcode="1234 AB",
                               city="Lindenhoven")
            entries.add_person("kind", self.child, birth_date=dt.date(2015, 3, 14),
                               notes="Angstklachten en somberheid; gaat nauwelijks naar school.")
            for number in range(self.contact_count):
                role = ROLES[number % len(ROLES)]
                organisation = ("Gemeente " + self.rng.choice(CITIES)) if role == "gemeente" else self.rng.choice(ORGS)
                name = organisation if role in ("gemeente", "fg") else self.name()
                if role == "fg":
                    name = f"Functionaris gegevensbescherming {organisation}"
                contact_id = entries.add_contact(
                    role, name, organisation=organisation, street=f"{self.rng.choice(STREETS)} {number + 1}",
                    postcode=f"{1000 + number % 8999} AB", city=self.rng.choice(CITIES),
                    email=f"contact{number}@example.nl", phone=f"030-{1000000 + number}",
                    notes=self.text(1))
                self.contact_ids.append((contact_id, name))

    def add_traject(self) -> int:
        """A traject with everything every letter kind can ask for."""
        number = len(self.cases) + 1
        opened = self.date()
        case_id = entries.add_traject(f"Traject {number}: {self.rng.choice(SUBJECTS)}", status="besluit",
                                   opened_on=opened, notes=self.text(2))
        sender = self.contact_ids[number % len(self.contact_ids)][1]
        day = lambda n: opened + dt.timedelta(days=n)  # noqa: E731
        entries.add_document(occurred_on=day(1), title=f"Aanvraag {number}", doc_kind="aanvraag",
                             direction="verzonden", sender="Sanne de Vries", case_id=case_id,
                             received_on=day(3), body=self.text(3))
        entries.add_document(occurred_on=day(10), title=f"Verzoek om stukken {number}", doc_kind="verzoek",
                             sender=sender, case_id=case_id, body=self.text(2))
        entries.add_document(occurred_on=day(20), title=f"Advies {number}", doc_kind="advies", sender=sender,
                             case_id=case_id, body=self.text(3), inaccuracies=self.text(1))
        entries.add_document(occurred_on=day(25), title=f"Gespreksverslag {number}", doc_kind="gespreksverslag",
                             sender=sender, case_id=case_id, body=self.text(3), inaccuracies=self.text(2))
        entries.add_document(occurred_on=day(40), title=f"Beschikking {number}", doc_kind="beschikking",
                             sender=sender, kenmerk=f"JGT-{opened.year}-{number:04d}", decision_date=day(40),
                             received_on=day(42), case_id=case_id, body=self.text(3))
        self.entries += 5
        self.cases.append(case_id)
        return case_id

    # -- the timeline ---------------------------------------------------------------
    def add_entry(self) -> None:
        roll = self.rng.random()
        case_id = self.rng.choice(self.cases) if self.cases and self.rng.random() < 0.7 else None
        when = self.date()
        if roll < 0.55:
            entries.add_note(self.text(self.rng.randint(1, 5)), occurred_on=when, case_id=case_id,
                             title=self.rng.choice(SUBJECTS).capitalize())
        elif roll < 0.78:
            people = [self.name() for _ in range(self.rng.randint(1, 3))]
            entries.add_conversation(
                occurred_on=when, title=f"Gesprek over {self.rng.choice(SUBJECTS)}", body=self.text(4),
                location=self.rng.choice(CITIES), topic=self.rng.choice(SUBJECTS), participants=people,
                agreements=[(people[0], self.sentence(), when + dt.timedelta(days=14))], case_id=case_id)
        elif roll < 0.95:
            kind = self.rng.choice(["gespreksverslag", "onderzoeksrapport", "plan", "brief", "overig",
                                    "ontvangstbevestiging"])
            entries.add_document(occurred_on=when, title=f"{kind.capitalize()} {self.rng.choice(SUBJECTS)}",
                                 doc_kind=kind, sender=self.rng.choice(ORGS), body=self.text(5),
                                 kenmerk=f"K{self.rng.randrange(100000):05d}", case_id=case_id,
                                 inaccuracies=self.text(1) if self.rng.random() < 0.2 else "")
        else:
            entries.add_recording(occurred_on=when, title=f"Opname gesprek {self.rng.choice(SUBJECTS)}",
                                  consent=True, duration_seconds=self.rng.randrange(600, 5400),
                                  participants=[self.name()], case_id=case_id)
        self.entries += 1

    def grow_to(self, total: int, batch: int = 500) -> None:
        """Add trajecten (one per 200 entries) and entries until ``total``."""
        wanted_cases = max(5, total // 200)
        while len(self.cases) < wanted_cases:
            with database.atomic():
                self.add_traject()
        self.entries = entries.count_entries()  # documents also add their deadlines
        while self.entries < total:
            with database.atomic():
                for _ in range(min(batch, total - self.entries)):
                    self.add_entry()
            self.entries = entries.count_entries()
