"""Issue 13: the follow-up letters, from the demo dossier and the second family —
their legal content, the deadline each starts or closes, the Overzicht triggers,
the CLI, and the pages in LibreOffice."""

import datetime as dt
import re

import pytest

from tests.conftest import PASSPHRASE, convert_all_to_pdf
from tests.support.followup_letters import ANSWERS, COMMON_DEMO, REQUIRED_DEMO
from dossier_app.letters.voice import is_privacy_kind
from tests.support.second_family import CHILD, build_second_family
from dossier_app.letters import pdf
from dossier_app.letters.catalogue import KIND_IDS, get_kind
from dossier_app.letters.context import available_items
from dossier_app.letters.render import MissingFields, render_letter
from dossier_app.store import letter_log, dossier_deadlines
from dossier_app.store.dossier import Dossier
from tests.support import sending

TODAY = dt.date(2026, 11, 22)
NEW_KINDS = list(REQUIRED_DEMO)

# Second family (Bakker-Yilmaz, Veldhuizen): the extra answers and what each letter must say.
SECOND_ANSWERS = dict(ANSWERS, **{
    "verzoek-vervallenverklaring-aanwijzing": {
        "gronden": "Mila wil zelf behandeld worden in Eetkliniek De Brug; een open groep helpt haar niet.",
        "reden_te_laat": "Ik lag in het ziekenhuis van 3 tot en met 18 november."},
    "verzoek-contra-expertise": {"vragen": "Welke behandeling heeft Mila nodig?\nIs een ondertoezichtstelling "
                                           "nodig als Mila zelf meewerkt aan behandeling?"},
    "verzoek-andere-hulpverlener": {
        "vertrouwen": "Zij gelooft Mila niet als Mila zegt dat zij behandeling wil.",
        "waardering": "Zij noemde de eetproblemen van Mila 'een fase'.",
        "communicatie": "Zij antwoordt niet op e-mails.",
        "afspraken": "Zij zou de huisarts bellen; dat is niet gebeurd.",
        "verbetering": "Een consulent die Mila serieus neemt, kan samen met ons de juiste behandeling regelen."},
    "verzoek-schriftelijke-aanwijzing": {
        "opdracht": "De gezinsvoogd zei op 18 november dat Mila haar telefoon moet inleveren.",
        "bezwaren": "Mila is zeventien; haar telefoon is haar contact met de eetkliniek."},
    "pgb-motivering": dict(ANSWERS["pgb-motivering"], kwaliteit="De eetkliniek werkt met BIG-geregistreerde "
                                                                "behandelaars."),
})
REQUIRED_SECOND = {
    "bevestiging-gesprek": ["Ayşe Bakker-Yilmaz, Mila Bakker en mevrouw J. de Boer, consulent",
                            "te zwaar", "vraagt advies aan Eetkliniek De Brug, uiterlijk op 2 december 2026"],
    "verzoek-gespreksverslag": ["U heeft toegezegd van dit gesprek een verslag te maken", "12 november 2026"],
    "verzoek-andere-hulpverlener": ["t.a.v. de leidinggevende van mevrouw J. de Boer, consulent"],
    "verzoek-schriftelijke-aanwijzing": ["Jeugdbescherming Oost-Veld", "t.a.v. mw. dr. K. Smit"],
    "verzoek-vervallenverklaring-aanwijzing": ["Rechtbank Veldhuizen", "2 november 2026", "16 november 2026",
                                               "artikel 1:264, vierde lid", "ziekenhuis", "Tom Bakker"],
    "verzoek-contra-expertise": ["C/17/223344 / JE RK 26-555", "een ondertoezichtstelling",
                                 "zij heeft zelf om behandeling gevraagd", "Onderzoek"],
    "klacht": ["Gemeente Veldhuizen", "t.a.v. de klachtencoördinator", "mevrouw J. de Boer, consulent",
               "artikel 9:11 Awb"],
    "klacht-privacy": ["Gemeente Veldhuizen", "t.a.v. de functionaris gegevensbescherming", "23 september 2026",
                       "per post"],
    "klacht-privacy-ap": ["Autoriteit Persoonsgegevens", "Gemeente Veldhuizen", "23 september 2026"],
    # Issue 22: the AVG month has passed too: the reminder chases the answer, due on 26 October.
    "herinnering": ["23 september 2026", "per post gestuurd", "Die termijn eindigde op 26 oktober 2026",
                    "Ook een bevestiging dat u mijn brief heeft ontvangen, heb ik niet gekregen"],
    "pgb-motivering": ["Eetkliniek De Brug", "VH-BS-2026-77", "artikel 8.1.1, tweede lid"],
    "beroep-niet-tijdig-beslissen": ["Rechtbank Veldhuizen", "burgemeester en wethouders van Veldhuizen",
                                     "Aanvraag vervoer naar Eetkliniek De Brug", "14 augustus 2026",
                                     "18 oktober 2026", "20 oktober 2026", "3 november 2026"],
}


def one_line(text):
    return " ".join(text.split())


@pytest.fixture
def second(tmp_path):
    dossier = Dossier.create(tmp_path / "tweede.dossier", PASSPHRASE)
    with dossier.bound():
        ids = build_second_family()
        yield dossier, ids
    if dossier.is_open:
        dossier.close()


def test_the_twelve_kinds_are_in_the_catalogue():
    assert set(NEW_KINDS) <= set(KIND_IDS) and len(NEW_KINDS) == 12
    for kind_id in NEW_KINDS:
        kind = get_kind(kind_id)
        assert len(kind.description) > 150 and kind.title


def _check_layout(rendered, sender):
    text = rendered.text
    assert text.count("Met vriendelijke groet,") == 1 and text.index("Met vriendelijke groet,") < text.rindex(sender)
    assert "{{" not in text and "{%" not in text and "<!--" not in text and "None" not in text
    # No heading glued onto the paragraph before it.
    for line in rendered.markdown.splitlines():
        assert "**" not in line or line.lstrip().startswith("**") or line.count("**") >= 2, line


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_demo_renders_each_follow_up_with_its_legal_elements(demo, kind_id):
    rendered = render_letter(kind_id, today=TODAY, answers=ANSWERS.get(kind_id))
    text = one_line(rendered.text)
    for expected in COMMON_DEMO + REQUIRED_DEMO[kind_id]:
        assert expected in text, f"{kind_id}: '{expected}' ontbreekt"
    _check_layout(rendered, "Sanne de Vries")
    if rendered.enclosures:
        assert rendered.text.rstrip().endswith(rendered.enclosures[-1])


@pytest.mark.parametrize("kind_id", NEW_KINDS)
def test_second_family_renders_each_follow_up(second, kind_id):
    rendered = render_letter(kind_id, today=TODAY, answers=SECOND_ANSWERS.get(kind_id))
    text = one_line(rendered.text)
    # Issue 22: Mila (17) sent the AVG request herself; what follows it up is hers too.
    sender = CHILD if is_privacy_kind(kind_id, "avg-inzage") else "Ayşe Bakker-Yilmaz"
    assert text.startswith(sender) and "Veldhuizen, 22 november 2026" in text
    assert "Noor" not in text and "Lindenhoven" not in text and "De Vries" not in text
    for expected in REQUIRED_SECOND[kind_id]:
        assert expected in text, f"{kind_id}: '{expected}' ontbreekt"
    _check_layout(rendered, sender)


def test_questions_for_missing_fields(demo):
    with pytest.raises(MissingFields) as missing:
        render_letter("verzoek-andere-hulpverlener", today=TODAY)
    names = [name for name, _ in missing.value.missing]
    assert names == ["vertrouwen", "waardering", "communicatie", "afspraken", "verbetering"]
    assert all(question.endswith("?") or question.endswith(".") for _, question in missing.value.missing)
    # Unticking a block drops its question.
    answers = dict(ANSWERS["verzoek-andere-hulpverlener"], blokken="vertrouwen")
    del answers["communicatie"], answers["waardering"], answers["afspraken"]
    text = render_letter("verzoek-andere-hulpverlener", today=TODAY, answers=answers).text
    assert "Vertrouwen." in text and "Communicatie." not in text


def test_offered_only_where_the_dossier_has_the_situation(dossier):
    """A new, empty dossier with just a family: no court case, no aanwijzing, no letter log."""
    from dossier_app.store import entries

    entries.add_person("ouder", "Ouder Een", street="Straat 1", postcode="1111 AA", city="Dorp")
    entries.add_person("kind", "Kind Een", birth_date=dt.date(2015, 1, 1))
    entries.add_contact("gemeente", "Gemeente Dorp", organisation="Gemeente Dorp", street="Postbus 1",
                        postcode="1110 AA", city="Dorp")
    case = entries.add_traject("Hulp", status="voorbereiding", opened_on=TODAY)
    have = available_items(case, TODAY)
    for kind_id in ("verzoek-contra-expertise", "verzoek-vervallenverklaring-aanwijzing", "herinnering",
                    "klacht-privacy", "klacht-privacy-ap", "beroep-niet-tijdig-beslissen", "bevestiging-gesprek"):
        assert not set(get_kind(kind_id).requires) <= have, kind_id
    from dossier_app.errors import UsageError
    with pytest.raises(UsageError, match="nodig heeft"):
        render_letter("verzoek-contra-expertise", today=TODAY)
    # Recording the court case is what makes the contra-expertise available.
    entries.add_document(occurred_on=TODAY, title="Verzoek ondertoezichtstelling", case_id=case,
                         doc_kind="verzoekschrift-kinderrechter", sender="de Raad voor de Kinderbescherming")
    assert "kinderrechterzaak" in available_items(case, TODAY)


def _send(dossier, kind_id, answers=None, *, on=TODAY, method="post", tracking_number=""):
    rendered = render_letter(kind_id, today=on, answers=answers or ANSWERS.get(kind_id))
    letter_id = letter_log.record(dossier, rendered, rendered.to_docx(), on=on)
    sending.mark_sent(letter_id, on, method, tracking_number)
    return letter_id, rendered


def _open(rule):
    return [i for i in dossier_deadlines.open_items(TODAY + dt.timedelta(days=400)) if i.rule == rule]


@pytest.mark.parametrize("kind_id, rule, weeks", [
    ("bevestiging-gesprek", "reactie-gespreksbevestiging", 2), ("verzoek-gespreksverslag", "reactie-verzoek", 2),
    ("verzoek-andere-hulpverlener", "reactie-verzoek", 2), ("verzoek-schriftelijke-aanwijzing", "reactie-verzoek", 2),
    ("klacht", "klacht-afhandeling", 6), ("klacht-privacy", "reactie-verzoek", 2),
    ("herinnering", "laatste-termijn", 1),
    ("beroep-niet-tijdig-beslissen", "uitspraak-niet-tijdig", 8)])
def test_sending_starts_the_term_from_receipt(demo, kind_id, rule, weeks):
    before = {i.id for i in _open(rule)}
    letter_id, _ = _send(demo, kind_id)
    sending.confirm_receipt(letter_id, dt.date(2026, 11, 24))
    started = [i for i in _open(rule) if i.id not in before]
    assert len(started) == 1
    expected = dt.date(2026, 11, 24) + dt.timedelta(weeks=weeks)
    assert started[0].due_date == expected, started[0].explanation


def test_klacht_with_a_committee_gets_ten_weeks_and_an_extension_of_four(demo):
    letter_id, _ = _send(demo, "klacht")
    sending.confirm_receipt(letter_id, dt.date(2026, 11, 24))
    term = next(i for i in _open("klacht-afhandeling"))
    assert dossier_deadlines.adjust(term.id, committee=True) == dt.date(2027, 2, 2)
    assert dossier_deadlines.adjust(term.id, postponement_weeks=4) == dt.date(2027, 3, 2)


def test_vervallenverklaring_uses_and_closes_the_two_week_term(demo):
    term = [i for i in dossier_deadlines.open_items(TODAY) if i.rule == "aanwijzing-vervallenverklaring"]
    assert [(i.due_date, i.overdue) for i in term] == [(dt.date(2026, 12, 3), False)]
    _send(demo, "verzoek-vervallenverklaring-aanwijzing", method="aangetekend", tracking_number="3SXYZ")
    assert _open("aanwijzing-vervallenverklaring") == []


def test_beroep_closes_the_ingebrekestelling_and_sets_the_traject_to_beroep(demo):
    from dossier_app.store import entries

    overdue = _open("ingebrekestelling")
    assert len(overdue) == 1 and overdue[0].due_date == dt.date(2026, 11, 18)
    letter_id, rendered = _send(demo, "beroep-niet-tijdig-beslissen")
    assert _open("ingebrekestelling") == []
    assert {c["id"]: c["status"] for c in entries.trajecten()}[rendered.case_id] == "beroep"
    assert "ingebrekestelling_verlopen" not in available_items(rendered.case_id, TODAY)


def test_contra_expertise_and_pgb_motivering_start_no_term(demo):
    before = {(i.rule, i.id) for i in dossier_deadlines.open_items(TODAY)}
    _send(demo, "verzoek-contra-expertise")
    _send(demo, "pgb-motivering")
    after = {(i.rule, i.id) for i in dossier_deadlines.open_items(TODAY)}
    assert {rule for rule, _ in after - before} == {"ontvangstbevestiging"}


def test_herinnering_follows_the_letter_log(second):
    """Second family: a request sent by post, never confirmed. Issue 22: the AVG month has passed too, so
    the reminder chases the answer and names the day it was due, not only the missing receipt."""
    text = one_line(render_letter("herinnering", today=TODAY).text)
    assert "per post gestuurd" in text and "Die termijn eindigde op 26 oktober 2026" in text
    assert "Ook een bevestiging dat u mijn brief heeft ontvangen, heb ik niet gekregen" in text
    assert "op welke datum u mijn brief" not in text
    # Once receipt is confirmed, the overdue AVG month is what the reminder is about.
    dossier, ids = second
    sending.confirm_receipt(ids["avg_request"], dt.date(2026, 9, 25))
    text = one_line(render_letter("herinnering", today=TODAY).text)
    assert "binnen één maand" in text and "26 oktober 2026" in text and "ontvangen op 25 september 2026" in text
    # After the reminder was sent, the privacy complaint names it.
    _send(dossier, "herinnering", on=dt.date(2026, 11, 10))
    text = one_line(render_letter("klacht-privacy", today=TODAY).text)
    assert "Op 10 november 2026 heb ik een herinnering gestuurd." in text


def test_overzicht_triggers_name_these_letters():
    def triggers(kind_id):
        return {(t.rule, t.state) for t in get_kind(kind_id).triggers}

    assert ("avg-reactietermijn", "verlopen") in triggers("herinnering")
    assert ("ontvangstbevestiging", "verlopen") in triggers("herinnering")
    assert ("reactie-verzoek", "verlopen") in triggers("herinnering")
    assert triggers("beroep-niet-tijdig-beslissen") == {("ingebrekestelling", "verlopen")}
    assert triggers("verzoek-vervallenverklaring-aanwijzing") == {("aanwijzing-vervallenverklaring", "loopt")}
    assert ("avg-reactietermijn", "verlopen") in triggers("klacht-privacy")
    assert ("laatste-termijn", "verlopen") in triggers("klacht")
    for kind_id in NEW_KINDS:
        assert all("{datum}" in t.label for t in get_kind(kind_id).triggers), kind_id


def test_demo_has_the_situations_for_the_triggers(demo):
    overdue = {i.rule for i in dossier_deadlines.open_items(TODAY) if i.overdue}
    running = {i.rule for i in dossier_deadlines.open_items(TODAY) if not i.overdue}
    assert {"avg-reactietermijn", "ingebrekestelling"} <= overdue
    assert "aanwijzing-vervallenverklaring" in running


def test_cli_lists_and_makes_a_follow_up(demo_path, tmp_path, cli, passphrase_file):
    code, out, err = cli("letters")
    assert code == 0 and "beroep-niet-tijdig-beslissen" in out and "klacht-privacy-ap" in out
    out_file = tmp_path / "aanwijzing.docx"
    code, out, err = cli("letter", demo_path, "verzoek-schriftelijke-aanwijzing", "--out", out_file,
                         "--passphrase-file", passphrase_file, "--today", "2026-11-22")
    assert code == 2 and "opdracht" in err and not out_file.exists()
    code, out, err = cli("letter", demo_path, "verzoek-schriftelijke-aanwijzing", "--out", out_file,
                         "--passphrase-file", passphrase_file, "--today", "2026-11-22",
                         "--set", "opdracht=Noor mag niet bij oma logeren.", "--set", "bezwaren=Oma is veilig.")
    assert code == 0 and out_file.exists(), err


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.mark.slow
@pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_follow_ups_of_the_second_family_open_in_libreoffice_on_one_to_three_pages(second, tmp_path):
    docs = []
    for kind_id in NEW_KINDS:
        target = tmp_path / f"{kind_id}.docx"
        target.write_bytes(render_letter(kind_id, today=TODAY, answers=SECOND_ANSWERS.get(kind_id)).to_docx())
        docs.append(target)
    for target, data in zip(docs, convert_all_to_pdf(docs, tmp_path), strict=True):
        assert data.startswith(b"%PDF") and 1 <= _pages(data) <= 3, (target.name, _pages(data))
