"""What a letter may claim (letters/claims.py, pure) and how the context words it (letters/wording.py).

The rules are checked against what the law and the issues ask: a referral only when the traject records one
(issue 22, Jeugdwet 2.6 lid 1 onder g), the beslistermijnen an ingebrekestelling follows (Awb 4:13, 7:10),
a provider only when the traject names it, and the dwangsom bands of Awb 4:17 summed to their maximum."""

from __future__ import annotations

import datetime as dt

from dossier_app.deadlines import RULES
from dossier_app.letters import claims, wording


def test_a_referral_is_claimed_only_when_the_traject_records_one():
    assert claims.mentions_referral(["brief van de huisarts: verwijzing naar de ggz"])
    assert claims.mentions_referral(["noor is door de jeugdarts verwezen"])
    assert not claims.mentions_referral(["gesprek met de huisarts over slapen", "beschikking begeleiding"])
    assert not claims.mentions_referral([])


def test_a_provider_is_in_the_traject_only_when_one_of_its_texts_names_it():
    texts = ["aanvraag jeugdhulp bij de bron ggz", "gesprek wijkteam"]
    assert claims.names_any(texts, "De Bron GGZ", "")
    assert claims.names_any(texts, "", "de bron")
    assert not claims.names_any(texts, "Karakter", "")
    assert not claims.names_any(texts, "", "")          # no name: nothing can be named


def test_an_ingebrekestelling_follows_only_the_beslistermijnen_of_awb_4_13_and_7_10():
    assert claims.DECISION_TERMS == {"beslistermijn-aanvraag": ("aanvraag", "awb_4_13"),
                                     "beslistermijn-bezwaar": ("bezwaar", "awb_7_10")}
    assert set(claims.DECISION_TERMS) <= set(RULES)


def test_listed_inaccuracies_lose_their_marks_and_empty_lines():
    text = "- De datum klopt niet\n\n•  Noor zit in groep 6\n\t-\nGeen diagnose gesteld  "
    assert claims.listed_lines(text) == ["De datum klopt niet", "Noor zit in groep 6", "Geen diagnose gesteld"]
    assert claims.listed_lines("") == []


def test_a_pgb_is_argued_only_when_the_beschikking_is_about_one():
    assert claims.pgb_refused("Afwijzing PGB", "")
    assert claims.pgb_refused("Beschikking", "U vroeg een pgb aan.")
    assert not claims.pgb_refused("Beschikking begeleiding", "Zorg in natura.")


def test_a_postponement_is_known_only_when_the_dossier_records_its_weeks():
    assert claims.postponement_known('{"postponement_weeks": 6}')
    assert not claims.postponement_known('{"postponement_weeks": 0}')
    assert not claims.postponement_known("{}")
    assert not claims.postponement_known(None)


def test_the_newest_fitting_traject_is_preferred_when_it_has_what_the_letter_prefers():
    available = {3: {"traject", "beschikking"}, 2: {"traject", "beschikking", "verslag"}, 1: {"traject"}}
    fitting, preferred = claims.fitting_cases([3, 2, 1], available, ["beschikking"], ["verslag"])
    assert fitting == [3, 2] and preferred == [2]
    assert claims.fitting_cases([3, 2, 1], available, ["advies"], []) == ([], [])


def test_which_organisations_investigate_and_which_are_a_bestuursorgaan():
    assert claims.is_investigator("raad") and claims.is_investigator("wijkteam")
    assert not claims.is_investigator("huisarts")
    assert claims.is_bestuursorgaan("gemeente") and not claims.is_bestuursorgaan("gi")
    assert not claims.is_bestuursorgaan("jeugdhulpaanbieder")


def test_every_choosable_item_names_document_kinds_the_context_reads():
    assert claims.CHOOSABLE_ITEMS == (*claims.CHOOSABLE_DOCUMENTS, "gesprek")
    assert set(claims.ITEM_FOR_DOC_KIND.values()) >= {"beschikking", "verzoek", "advies"}


def test_titles_are_quoted_the_dutch_way_with_inner_quotes_doubled():
    assert wording.quoted("Beschikking 'begeleiding'") == "‘Beschikking \"begeleiding\"’"
    assert wording.quoted("Verslag ‘gesprek’") == "‘Verslag “gesprek”’"


def test_the_sender_says_how_she_can_be_reached():
    assert wording.contact_ways("06-12345678", "") == "op telefoonnummer 06-12345678"
    assert wording.contact_ways("06-1", "a@b.nl") == "op telefoonnummer 06-1 of per e-mail via a@b.nl"
    assert wording.contact_ways("", "") == "via mijn adres hierboven"


def test_an_address_block_and_salutation_for_a_gemeente_and_for_the_attention_of_an_officer():
    gemeente = dict(name="Gemeente Utrecht", role="gemeente", department="Team Jeugd", contact_person="",
                    street="Postbus 16200", postcode="3500 CE", city="Utrecht")
    assert wording.address_lines("Gemeente Utrecht", **gemeente) == [
        "Gemeente Utrecht", "t.a.v. Team Jeugd", "Postbus 16200", "3500 CE  UTRECHT"]
    assert wording.address_lines("Gemeente Utrecht", **gemeente, attention=wording.DATA_PROTECTION_OFFICER) == [
        "Gemeente Utrecht", "t.a.v. de functionaris gegevensbescherming", "Postbus 16200", "3500 CE  UTRECHT"]
    assert wording.salutation(own="", role="gemeente", contact_person="") == "Geacht college,"
    assert wording.salutation(own="Beste Anna,", role="gemeente", contact_person="Anna") == "Beste Anna,"
    assert wording.salutation(own="Beste Anna,", role="gi", contact_person="Anna",
                              attention="de kinderrechter") == "Geachte heer, mevrouw,"


def test_the_dwangsom_bands_of_awb_4_17_add_up_to_their_maximum():
    text = wording.dwangsom([(1, 14, 23), (15, 28, 35), (29, 42, 45)])
    assert text["max_dagen"] == 42
    assert text["maximum"] == wording.dwangsom(RULES["ingebrekestelling"].dwangsom)["maximum"]
    assert "1.442" in text["maximum"]
    assert text["per_dag"].count(" per dag voor dag ") == 3 and " en " in text["per_dag"]


def test_sentences_state_only_the_facts_they_are_given():
    summary = wording.decision_summary("Beschikking", dt.date(2026, 9, 1))
    assert summary == "Uw besluit ‘Beschikking’ van 1 september 2026."
    assert wording.optional_date(None) == ""
    description = wording.data_description("Noor", "Begeleiding")
    assert "over Noor verwerkt" in description and "‘Begeleiding’" in description
    assert wording.attention_of_manager("") == "de leidinggevende"
