"""Issue 16: what the new letter kinds must contain, and the answers they need (shared by the letter tests)."""

# Answers for the kinds whose required fields the dossier cannot fill in.
ANSWERS = {
    "beroepschrift": {"gronden": "De gemeente noemt de begeleiding door een grootouder 'gebruikelijke zorg', maar die "
                                 "gaat ver boven wat een grootouder gewoonlijk doet.",
                      "gevraagde_hulp": "Een pgb voor de begeleiding door een grootouder."},
    "voorstel-andere-hulp": {"wat_ontbreekt": "De lichte begeleiding helpt niet tegen de paniekaanvallen.",
                             "voorbeelden": "Drie keer per week een paniekaanval\nGeen schooldag volgemaakt",
                             # Issue 22: the help is asked per traject, not taken from the dossier's first provider.
                             "voorstel": "Behandeling van de angst bij een aanbieder die de hulpvraag kent."},
}

# Text each new kind must contain when made from the demo dossier.
REQUIRED = {
    "intrekking-toestemming": ["trekken wij die toestemming in", "artikel 7, derde lid, AVG", "mondeling",
                               "Informatie over Noor opvragen bij haar school", "Bevestig ons schriftelijk",
                               "Geachte mevrouw Jansen,"],
    "verzoek-verordening": ["verordening jeugdhulp", "beleidsregels", "Geacht college,", "pgb",
                            "lokaleregelgeving.overheid.nl"],
    "voorstel-andere-hulp": ["voorstel voor andere hulp", "Wat er ontbreekt of niet werkt", "Voorbeelden",
                             "paniekaanvallen", "gesprek", "verslag", "Wat Noor zelf zegt"],
    "beroepschrift": ["beroep", "artikel 8:1 Awb", "artikel 6:5 Awb", "artikel 6:7 Awb", "zes weken",
                      "Rechtbank Lindenhoven", "BOB-2026-031", "10 november 2026", "gronden", "gebruikelijke zorg",
                      "vernietigen", "Verweerder: Gemeente Lindenhoven",
                      "Kopie van de beslissing op bezwaar van 10 november 2026 (kenmerk BOB-2026-031)"],
    "bezwaar-vooraf-gegevensdeling": ["Kindpraktijk De Linde", "geheimhoudingsplicht",
                                      "artikel 7.3.11 van de Jeugdwet",
                                      "artikel 7:457 van het Burgerlijk Wetboek", "bezwaar",
                                      "het behandelplan", "artikel 7.4.0 van de Jeugdwet", "vooraf"],
}
