"""A seeded synthetic family dossier, built through the project's own services.

Realistic Dutch text (names, organisations, conversations, reports), every
letter kind possible for every traject, and the same content for the same
seed. Grows in stages (``grow_to``) so one dossier serves 1,000 / 10,000 /
50,000 entries. The number of trajecten is FIXED (50 by default): the entries
spread over the same trajecten at every size, so work per traject (letters,
gespreksvoorbereiding, the Overzicht's groups) grows with the dossier and the
bench shows it.
"""

from __future__ import annotations

import datetime as dt
import random

from dossier_app.store import dossier_deadlines, entries
from dossier_app.store.models import Consent, DossierInfo, database

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
TRAJECTEN = 50


class SyntheticDossier:
    def __init__(self, dossier, seed: int = 12, contacts: int = 500, trajecten: int = TRAJECTEN):
        self.dossier = dossier
        self.rng = random.Random(seed)
        self.contact_count = contacts
        self.traject_count = trajecten
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
            # The court the beroep and kinderrechter letters are addressed to.
            entries.add_contact("rechtbank", "Rechtbank Lindenhoven", organisation="Rechtbank Lindenhoven",
                                street="Postbus 500", postcode="1230 BB", city="Lindenhoven",
                                notes="Kinderrechter en team bestuursrecht.")

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
        contact_id, contact = self.contact_ids[number % len(self.contact_ids)]
        entries.add_conversation(
            occurred_on=day(30), title=f"Gesprek over traject {number}", body=self.text(3),
            location=self.rng.choice(CITIES), topic=self.rng.choice(SUBJECTS),
            participants=["Sanne de Vries", (contact, contact_id)],
            agreements=[(contact, self.sentence(), day(44))], case_id=case_id)
        self.add_situation(number, case_id, opened, sender)
        self.entries += 6
        self.cases.append(case_id)
        return case_id

    def add_situation(self, number: int, case_id: int, opened: dt.date, sender: str) -> None:
        """One of the situations only some letter kinds answer, in turn over the trajecten, so that
        every kind finds a traject it can be written for."""
        day = lambda n: opened + dt.timedelta(days=n)  # noqa: E731
        situation = number % 6
        if situation == 1:
            entries.add_document(occurred_on=day(50), title=f"Schriftelijke aanwijzing {number}",
                                 doc_kind="schriftelijke-aanwijzing", sender=sender, decision_date=day(50),
                                 kenmerk=f"AW-{number:04d}", case_id=case_id, body=self.text(2))
        elif situation == 2:
            entries.add_document(occurred_on=day(50), title=f"Verzoekschrift kinderrechter {number}",
                                 doc_kind="verzoekschrift-kinderrechter", sender=sender,
                                 kenmerk=f"C/16/{number:06d}", case_id=case_id, body=self.text(2))
        elif situation == 3:
            entries.add_document(occurred_on=day(60), title=f"Beslissing op bezwaar {number}",
                                 doc_kind="beslissing-op-bezwaar", sender=sender, decision_date=day(60),
                                 received_on=day(62), kenmerk=f"BOB-{number:04d}", case_id=case_id,
                                 body=self.text(2))
        elif situation == 4:       # a beslistermijn and an ingebrekestelling's two weeks that have passed
            dossier_deadlines.add_computed("beslistermijn-aanvraag", day(3), case_id=case_id)
            dossier_deadlines.add_computed("ingebrekestelling", day(70), case_id=case_id)
        elif situation == 5:       # a request whose answer is overdue (a herinnering follows it up)
            request = entries.add_document(occurred_on=day(5), title=f"Verzoek om informatie {number}",
                                           doc_kind="brief", direction="verzonden", sender="Sanne de Vries",
                                           case_id=case_id, body=self.text(2))
            dossier_deadlines.add_computed("reactie-verzoek", day(5), case_id=case_id, source_entry_id=request)

    def add_sent_requests(self) -> None:
        """Dossier-wide: a consent in the register and an AVG request sent (klacht-privacy, intrekking)."""
        from dossier_app.letters.render import render_letter
        from dossier_app.store import letter_log

        Consent.create(recipient="Kindpraktijk De Linde", purpose="gegevens delen met de school",
                       given_on=dt.date(2024, 2, 1))
        request = render_letter("avg-inzage", case_id=self.cases[0], today=dt.date(2026, 3, 2))
        request_id = letter_log.record(self.dossier, request, request.to_docx(), on=dt.date(2026, 3, 2))
        letter_log.mark_sent(request_id, dt.date(2026, 3, 2), "email", consequence=request.kind.consequence())

    def known_from_dossier(self) -> None:
        """Pick up the trajecten and contacts of a dossier built earlier (bench/cache.py)."""
        from dossier_app.store.models import Contact, Traject

        self.cases = [row.id for row in Traject.select(Traject.id).order_by(Traject.id)]
        self.contact_ids = [(row.id, row.name) for row in Contact.select(Contact.id, Contact.name)
                            .where(Contact.role != "rechtbank").order_by(Contact.id)]
        self.entries = entries.count_entries()

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
        """The fixed number of trajecten (made once), then entries until ``total``."""
        if len(self.cases) < self.traject_count:
            while len(self.cases) < self.traject_count:
                with database.atomic():
                    self.add_traject()
            self.add_sent_requests()
        self.entries = entries.count_entries()  # documents also add their deadlines
        while self.entries < total:
            with database.atomic():
                for _ in range(min(batch, total - self.entries)):
                    self.add_entry()
            self.entries = entries.count_entries()
