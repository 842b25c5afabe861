"""Issue 13: the answers a family gives for the follow-up letters, and what each must say."""

# What the letter assistant would ask; the rest comes from the dossier.
ANSWERS = {
    "verzoek-andere-hulpverlener": {
        "vertrouwen": "Het verslag van mevrouw Jansen klopte niet, en zij wilde het niet verbeteren.",
        "waardering": "Zij zei dat Noor 'gewoon wat verlegen' is, terwijl Noor 's nachts paniekaanvallen heeft.",
        "communicatie": "Zij belt niet terug; wij wachtten drie weken op antwoord op een e-mail.",
        "afspraken": "Zij zou het verslag binnen twee weken sturen; dat kwam pas na vijf weken.",
        "verbetering": ("Met een nieuwe medewerker kunnen wij opnieuw beginnen en gaat het weer over wat Noor "
                        "nodig heeft.")},
    "verzoek-schriftelijke-aanwijzing": {
        "opdracht": "Op 20 november zei de gezinsvoogd aan de telefoon dat Noor niet meer bij oma mag logeren.",
        "bezwaren": "Oma is voor Noor een veilige plek; de huisarts raadt het logeren juist aan."},
    "verzoek-vervallenverklaring-aanwijzing": {
        "gronden": "De dagbehandeling is niet de hulp die de huisarts nodig vond; Noor staat op de wachtlijst "
                   "van Kindpraktijk De Linde, die binnen een maand kan beginnen.",
    },
    "verzoek-contra-expertise": {
        "vragen": "Welke hulp heeft Noor nodig voor haar angst en somberheid?\n"
                  "Kan die hulp thuis worden gegeven, met behandeling bij Kindpraktijk De Linde?\n"
                  "Wat betekent een uithuisplaatsing voor Noor, gezien haar angstklachten?"},
    "klacht": {
        "gedraging": "In het gesprek zei de medewerker dat wij 'overdrijven' en weigerde zij de brief van de "
                     "huisarts te lezen.",
        "wens": "Ik wil excuses, en dat een andere medewerker ons gesprek opnieuw voert."},
    "pgb-motivering": {
        "beheer": "Wij houden de administratie bij met de hulp van Per Saldo, en sluiten een zorgovereenkomst.",
        "natura_niet_passend": "Geen gecontracteerde aanbieder heeft binnen een half jaar plek, en geen heeft "
                               "ervaring met deze klachten bij jonge kinderen.",
        "kwaliteit": "De behandelaar staat in het BIG-register en heeft tien jaar ervaring."},
}

COMMON_DEMO = ["Sanne de Vries", "Berkenlaan 12", "1234 AB Lindenhoven", "Lindenhoven, 22 november 2026",
               "Betreft:", "Met vriendelijke groet,"]

# The legal elements each letter must hold (demo dossier, 22 November 2026).
REQUIRED_DEMO = {
    "bevestiging-gesprek": ["16 november 2026", "Sanne de Vries, mevrouw L. Jansen en de heer R. Smit, teamleider",
                            "Wat wij hebben besproken", "het vertrouwen weg is",
                            "de heer R. Smit: laat weten of een andere medewerker mogelijk is, uiterlijk op "
                            "30 november 2026", "binnen twee weken", "niet klopt of ontbreekt"],
    "verzoek-gespreksverslag": ["16 november 2026", "kopie van het verslag", "artikel 15, derde lid, AVG",
                                "artikel 12, derde lid, AVG", "aan te vullen of te verbeteren", "binnen twee weken"],
    "verzoek-andere-hulpverlener": ["t.a.v. de leidinggevende van mevrouw L. Jansen", "Vertrouwen.",
                                    "Waardering (begrip en inlevingsvermogen).", "Communicatie.",
                                    "Afspraken maken en nakomen.", "Waarom een andere hulpverlener het beter maakt",
                                    "Op 16 november 2026 sprak ik met", "artikel 2.3 van de Jeugdwet",
                                    "artikel 9:1 Awb", "binnen twee weken"],
    "verzoek-schriftelijke-aanwijzing": ["Jeugdbescherming Lindenhoven", "t.a.v. de heer M. de Groot",
                                         "niet meer bij oma", "schriftelijke aanwijzing",
                                         "artikel 1:263 van het Burgerlijk Wetboek",
                                         "artikel 1:264 van het Burgerlijk Wetboek", "binnen twee weken"],
    "verzoek-vervallenverklaring-aanwijzing": [
        "Rechtbank Lindenhoven", "t.a.v. de kinderrechter", "Verzoekschrift", "19 november 2026",
        "JBL-AW-2026-031", "geheel vervallen te verklaren", "artikel 1:264 van het Burgerlijk Wetboek",
        "artikel 1:264, derde lid", "binnen twee weken", "3 december 2026", "Belanghebbende is Jeugdbescherming "
        "Lindenhoven.", "De andere ouder met gezag, Joris de Vries, doet dit verzoek met ons",
        "Kopie van de schriftelijke aanwijzing van 19 november 2026"],
    "verzoek-contra-expertise": [
        "t.a.v. de kinderrechter", "Zaaknummer: C/16/512345 / JE RK 26-1234", "een machtiging tot uithuisplaatsing",
        "artikel 810a, tweede lid", "ECLI:NL:HR:2019:575", "ECLI:NL:HR:2014:2632", "'s Rijks kas",
        "artikel 810a, derde lid", "1. Welke hulp heeft Noor nodig", "3. Wat betekent een uithuisplaatsing",
        "Rapport gezinsvoogd over uithuisplaatsing", "na overleg met ons"],
    "klacht": ["Gemeente Lindenhoven", "t.a.v. de klachtencoördinator", "mevrouw L. Jansen", "16 november 2026",
               "overdrijven", "excuses", "artikel 9:1 Awb", "hoofdstuk 9 van de Awb", "zes weken", "tien weken",
               "vier weken", "artikel 9:11 Awb", "AKJ", "gratis"],
    "klacht-privacy": ["t.a.v. de functionaris gegevensbescherming", "artikel 38, vierde lid, AVG",
                       "12 oktober 2026", "per e-mail", "ontvangen op 13 oktober 2026", "geen antwoord",
                       "13 november 2026", "artikel 12, vierde lid, AVG", "artikel 77 AVG",
                       "Kopie van mijn verzoek van 12 oktober 2026"],
    "klacht-privacy-ap": ["Autoriteit Persoonsgegevens", "Postbus 93374", "2509 AJ DEN HAAG", "artikel 77 AVG",
                          "Gemeente Lindenhoven", "12 oktober 2026", "geen antwoord", "artikel 12, derde lid, AVG"],
    "herinnering": ["t.a.v. de functionaris gegevensbescherming", "12 oktober 2026", "per e-mail gestuurd",
                    "artikel 15 AVG", "artikel 12, derde lid, AVG", "13 november 2026", "binnen een week",
                    "artikel 77 AVG", "Kopie van mijn brief van 12 oktober 2026"],
    "pgb-motivering": ["Kindpraktijk De Linde", "artikel 8.1.1, tweede lid, van de Jeugdwet",
                       "onder a, van de Jeugdwet", "onder b, van de Jeugdwet", "onder c, van de Jeugdwet",
                       "Per Saldo", "BIG-register", "2 november 2026", "JGT-2026-0412", "bezwaar", "dr. P. Bakker"],
    "beroep-niet-tijdig-beslissen": [
        "Rechtbank Lindenhoven", "t.a.v. het team bestuursrecht", "Beroepschrift",
        "burgemeester en wethouders van Lindenhoven", "25 juli 2026", "21 september 2026", "2 november 2026",
        "aangetekend gestuurd (verzendnummer 3SDEMO4015243)", "4 november 2026", "18 november 2026",
        "artikel 6:2, onder b, Awb", "artikel 6:12, tweede lid, Awb", "artikel 8:55d Awb", "artikel 8:55c Awb",
        "artikel 8:55b Awb", "gegrond", "Kopie van mijn ingebrekestelling van 2 november 2026",
        "Kopie van mijn aanvraag van 25 juli 2026"],
}
