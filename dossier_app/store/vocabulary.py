"""Fixed vocabularies of the dossier (ids stored in the file, Dutch labels)."""

ENTRY_KINDS = {
    "gesprek": "Gesprek",
    "document": "Document/verslag",
    "opname": "Opname",
    "termijn": "Termijn",
    "brief": "Brief",
    "notitie": "Notitie",
}

PERSON_ROLES = {"ouder": "Ouder/verzorger", "kind": "Kind"}

CONTACT_ROLES = {
    "gemeente": "Gemeente (college van B&W)",
    "wijkteam": "Wijkteam / jeugd- en gezinsteam",
    "jeugdhulpaanbieder": "Jeugdhulpaanbieder",
    "gi": "Gecertificeerde instelling (gezinsvoogd)",
    "huisarts": "Huisarts",
    "jeugdarts": "Jeugdarts",
    "school": "School",
    "veilig-thuis": "Veilig Thuis",
    "raad": "Raad voor de Kinderbescherming",
    # Issue 22: the independent commissie of a jeugdhulpaanbieder's or GI's klachtenregeling, with its own
    # address; 'Organisatie' names the aanbieder or GI it belongs to (the klacht about that organisation goes here).
    "klachtencommissie": "Klachtencommissie (bij Organisatie: de aanbieder of GI)",
    "vertrouwenspersoon": "Vertrouwenspersoon (AKJ)",
    "clientondersteuner": "Cliëntondersteuner",
    "fg": "Functionaris gegevensbescherming",
    "rechtbank": "Rechtbank (kinderrechter of bestuursrechter)",
    "advocaat": "Advocaat",
    "netwerk": "Netwerk (familie, vrienden, buren)",
    "overig": "Overig",
}

CASE_STATUSES = [
    "voorbereiding",
    "aanvraag verstuurd",
    "besluit",
    "bezwaar",
    "beslissing op bezwaar",
    "beroep",
    "afgerond",
]

DOCUMENT_KINDS = {
    "beschikking": "Beschikking (besluit)",
    "gespreksverslag": "Gespreksverslag",
    "onderzoeksrapport": "Onderzoeksrapport",
    "advies": "Advies",
    "plan": "Plan (hulpverleningsplan, familiegroepsplan)",
    "beslissing-op-bezwaar": "Beslissing op bezwaar",
    "schriftelijke-aanwijzing": "Schriftelijke aanwijzing (GI)",
    "verzoekschrift-kinderrechter": ("Verzoekschrift bij de kinderrechter "
                                     "(ondertoezichtstelling, gezag, uithuisplaatsing)"),
    "verzoek": "Verzoek van een organisatie",
    "aanvraag": "Aanvraag",
    "bezwaarschrift": "Bezwaarschrift",
    "ingebrekestelling": "Ingebrekestelling",
    "avg-verzoek": "AVG-verzoek",
    "avg-antwoord": "Antwoord op een AVG-verzoek (inzage, correctie, verwijdering)",
    "klacht": "Klacht",
    "klachtafhandeling": "Afhandeling van een klacht (de uitkomst, van de organisatie)",
    "klachtenregeling": "Klachtenregeling van een organisatie",
    "verordening": "Verordening of beleidsregels jeugdhulp (gemeente)",
    "toestemming": "Toestemming (bevestiging)",
    "brief": "Brief",
    "ontvangstbevestiging": "Ontvangstbevestiging",
    "verdaging": "Verdagingsbrief (uitstel van een besluit)",
    "uitnodiging": "Uitnodiging",
    "overig": "Overig",
}

REPORT_STATUSES = ["niet toegezegd", "toegezegd", "ontvangen", "gecontroleerd"]

SEND_METHODS = {
    "post": "Per post",
    "aangetekend": "Aangetekend",
    "email": "Per e-mail",
    "hand": "Afgegeven",
}

# Parental authority (gezag) of a person; '' means not filled in.
GEZAG_CHOICES = {"": "Niet ingevuld", "ja": "Ja, heeft gezag", "nee": "Nee, geen gezag"}

# Yes/no/unknown answers stored as text ('' = not known).
YES_NO_UNKNOWN = {"": "Weet ik niet", "ja": "Ja", "nee": "Nee"}

# How a consent was withdrawn (seed 004: by mouth or by e-mail is enough).
WITHDRAWAL_METHODS = {"mondeling": "Mondeling", "email": "Per e-mail", "brief": "Per brief"}
