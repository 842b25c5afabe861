"""Issue 10 (letters): every letter kind for the demo family and for a second
family (child of seventeen, a gemeente with a bezwaarcommissie, advice by a GI);
one test per numbered item of the issue."""

import datetime as dt
import io
import re
import shutil

import docx
import pytest

from tests.conftest import PASSPHRASE
from dossier_app import paths
from dossier_app.errors import UsageError
from dossier_app.letters.catalogue import KIND_IDS, law_table
from dossier_app.letters.lint import check_templates
from dossier_app.letters.render import render_letter
from dossier_app.letters.voice import is_privacy_kind
from dossier_app.store import letter_log, dossier_deadlines
from dossier_app.store.dossier import Dossier
from tests.support import sending
from tests.support.second_family import CHILD, LETTER_DATE, build_second_family
from tests.support.advice_letters import ANSWERS as ADVICE_ANSWERS

TODAY = dt.date(2026, 11, 22)
D = dt.date.fromisoformat


@pytest.fixture
def second(tmp_path):
    dossier = Dossier.create(tmp_path / "tweede.dossier", PASSPHRASE)
    with dossier.bound():
        ids = build_second_family()
        yield dossier, ids
    if dossier.is_open:
        dossier.close()


def text_of(kind, **kwargs):
    return render_letter(kind, today=kwargs.pop("today", TODAY), **kwargs).text


def one_line(text):
    return " ".join(text.split())


@pytest.mark.parametrize("kind_id", [k for k in KIND_IDS if k != "ingebrekestelling"])
def test_second_family_renders_every_kind(second, kind_id):
    from tests.letters.test_followup_letters import SECOND_ANSWERS

    answers = {**SECOND_ANSWERS, **ADVICE_ANSWERS}
    text = one_line(text_of(kind_id, answers={"gevraagde_hulp": "Behandeling in de eetkliniek."}
                            if kind_id in ("aanvraag-jeugdhulp", "bezwaarschrift") else
                            ({"hulpvraag": "Behandeling.", "gevraagde_hulp": "Eetkliniek."}
                             if kind_id == "aanvraag-jeugdhulp" else answers.get(kind_id, {}))))
    # Issue 22: Mila is seventeen, so a letter about her own data (or a follow-up of one) is hers.
    sender = CHILD if is_privacy_kind(kind_id, "avg-inzage") else "Ayşe Bakker-Yilmaz"
    assert text.startswith(sender) and "Veldhuizen, 22 november 2026" in text
    assert "Noor" not in text and "Lindenhoven" not in text and "De Vries" not in text
    assert "jonger dan zestien" not in text  # item 6: never false about age
    assert "geboortedatum onbekend" not in text


def test_item1_ingebrekestelling_fixes_dwangsom_by_beschikking_and_asks_payment(demo):
    text = one_line(text_of("ingebrekestelling", answers={"iban": "NL91ABNA0417164300"}))
    assert "hoeft de dwangsom niet" not in text
    assert "U stelt de dwangsom zelf vast, in een beschikking: binnen twee weken" in text
    assert "artikel 4:18 Awb" in text and "binnen zes weken (artikel 4:87 Awb)" in text
    assert "NL91ABNA0417164300, ten name van Sanne de Vries" in text


def test_item1_ingebrekestelling_names_the_receipt_confirmation(second):
    _, ids = second
    # The besluit of this traject closed its beslistermijn (issue 21); for this letter's text, act as if
    # the beslistermijn were still open and overdue.
    from dossier_app.store.models import Deadline
    Deadline.update(status="open", done_on=None).where(Deadline.rule_id == "beslistermijn-aanvraag").execute()
    text = one_line(text_of("ingebrekestelling", answers={"iban": "NL02RABO0123456789"}))
    assert "Kenmerk van uw ontvangstbevestiging: VH/2026/0815" in text
    assert "Datum van uw ontvangstbevestiging:" in text


def test_item2_ingebrekestelling_for_a_bezwaar_and_refused_when_early(second):
    dossier, ids = second
    # Bezwaar sent for the besluit of 23 September; the aanvraag's beslistermijn is closed.
    dossier_deadlines.close_open("beslistermijn-aanvraag", case_id=ids["case"], start=None, on=D("2026-09-23"))
    objection = render_letter("bezwaarschrift", today=D("2026-10-01"),
                              answers={"gevraagde_hulp": "Behandeling in de eetkliniek."})
    letter = letter_log.record(dossier, objection, objection.to_docx(), on=D("2026-10-01"))
    sending.mark_sent(letter, D("2026-10-01"), "aangetekend", "3SXYZ")
    # Bezwaartermijn ends 4 Nov; with the bezwaarcommissie twelve weeks -> 27 Jan 2027.
    with pytest.raises(UsageError) as caught:
        render_letter("ingebrekestelling", today=D("2026-12-20"))
    message = str(caught.value)
    assert "27 januari 2027" in message and "artikel 4:17, derde lid, Awb" in message
    text = one_line(text_of("ingebrekestelling", today=D("2027-02-01")))
    assert "op mijn bezwaarschrift van 1 oktober 2026" in text
    assert "artikel 7:10 Awb" in text and "artikel 4:13" not in text


def test_item3_verwijdering_argues_necessity_not_consent(demo):
    text = one_line(text_of("avg-verwijdering", answers={"blokken": "onrechtmatig,jeugdhulp"}))
    assert "Toestemming" not in text
    assert "niet noodzakelijk" in text and "artikel 6, eerste lid, onder e, AVG" in text
    assert "artikel 17, derde lid, onder b, AVG" in text
    assert "archivering in het algemeen belang (artikel 17, derde lid, onder d, AVG)" in text
    assert "artikel 7.3.9 van de Jeugdwet" in text and "drie maanden" in text
    assert "wettelijk vertegenwoordiger" in text


def test_item4_privacy_letter_cites_its_principles(demo):
    text = one_line(text_of("privacy-informatieverzoek"))
    assert "mag geen reden zijn om de beslissing" not in text
    assert "Gegevens die niet noodzakelijk zijn, zijn daarvoor geen reden" in text
    for citation in ("artikel 4:2, tweede lid, Awb", "artikel 4:5 Awb", "artikel 5, eerste lid, onder c, AVG",
                     "artikel 6, eerste lid, onder e, AVG", "artikel 9 AVG", "artikel 7, vierde lid, AVG",
                     "overweging 43 van de AVG", "artikel 7.4.0, eerste tot en met derde lid, van de Jeugdwet"):
        assert citation in text, citation
    assert "Dat zegt ook de Autoriteit Persoonsgegevens" not in text


def test_item5_second_opinion_goes_to_who_investigated(demo, tmp_path):
    text = one_line(text_of("second-opinion"))
    assert "Gemeente Lindenhoven" in text and "artikel 3:2 Awb" in text and "artikel 3:9 Awb" in text
    assert "Contra-expertise" not in text and "810a" not in text


def test_item5_second_opinion_to_the_gi(second):
    rendered = render_letter("second-opinion", today=TODAY)
    text = one_line(rendered.text)
    assert text.index("Jeugdbescherming Oost-Veld") < text.index("Veldhuizen, 22 november 2026")
    assert "Gemeente Veldhuizen Postbus 20" not in text
    assert "3:9" not in text and "kinderrechter" in text


def test_item6_age_table_and_letters_follow_the_age_on_the_letter_date(demo, tmp_path):
    table = law_table()["leeftijd"]
    assert [(row["vanaf"], row["fase"]) for row in table] == [(0, "ouders"), (12, "samen"), (16, "kind")]
    young = one_line(text_of("avg-inzage"))            # Noor is ten
    assert "Noor is tien jaar. Tot zestien jaar oefent een ouder met gezag" in young
    assert "ook namens Noor" in young
    from dossier_app.store import entries
    from dossier_app.store.models import Person

    Person.update(birth_date=D("2010-11-23")).where(Person.role == "kind").execute()
    before = one_line(text_of("avg-inzage", today=D("2026-11-22")))   # one day before sixteen
    after = one_line(text_of("avg-inzage", today=D("2026-11-23"), answers={"adres_jongere": "noor@example.nl"}))
    assert "Noor is vijftien jaar. Tot zestien jaar" in before and before.startswith("Sanne de Vries")
    # Issue 22: from sixteen the request is Noor's own: her name and address, "ik", signed by her alone.
    assert after.startswith("Noor de Vries noor@example.nl") and "Ik ben zestien jaar en doe dit verzoek zelf" in after
    assert "Sanne" not in after and "namens" not in after
    assert entries  # the module is used for the dossier above


def test_item6_seventeen_year_old_signs_herself(second):
    """Issue 22: Mila (17) writes her own privacy letters; she alone signs them."""
    inzage = render_letter("avg-inzage", today=TODAY, answers={"adres_jongere": "mila@example.org"})
    assert "Ik ben zeventien jaar en doe dit verzoek zelf" in one_line(inzage.text)
    signatures = [block.text for block in inzage.blocks if block.part == "ondertekening"]
    assert signatures == [CHILD]
    for kind in ("privacy-informatieverzoek", "avg-verwijdering"):
        rendered = render_letter(kind, today=TODAY, answers={"adres_jongere": "mila@example.org"})
        assert "zeventien jaar" in rendered.text
        assert [b.text for b in rendered.blocks if b.part == "ondertekening"] == [CHILD]
    aanvraag = render_letter("aanvraag-jeugdhulp", today=TODAY,
                             answers={"hulpvraag": "Behandeling.", "gevraagde_hulp": "Eetkliniek.",
                                      "kind_eens": "ja"})
    assert "Vanaf zestien jaar beslist een jongere zelf" in one_line(aanvraag.text)
    # A request for help is the parents' letter: Mila co-signs it when she agrees (she decides on her own help).
    assert [b.text for b in aanvraag.blocks if b.part == "ondertekening"][-1] == CHILD


def test_item13_bezwaar_details(demo, second=None):
    text = one_line(text_of("bezwaarschrift"))
    assert "6:5" not in text and "voldoet aan" not in text
    assert "ECLI:NL:CRVB:2017:1477" in text
    assert "de stukken bekijken" in text and "kopieën, tegen de kosten" in text
    # The demo beschikking refused the pgb too: that ground is on by default, with the three conditions.
    assert "artikel 8.1.1, tweede lid, van de Jeugdwet" in text
    assert all(f"{letter}. " in text for letter in "abc") and "drie voorwaarden samen" in text


def test_item14_avg_inzage_details(demo):
    rendered = render_letter("avg-inzage", today=TODAY)
    text = one_line(rendered.text)
    assert "gratis (artikel 12, vijfde lid, AVG)" in text
    assert "artikel 15, eerste lid, onder h, AVG" in text and "gevolgen" in text
    assert "artikel 15, tweede lid, AVG" in text and "buiten de Europese Unie" in text
    assert "functionaris gegevensbescherming" in text.split("Geachte")[0]  # addressed to the FG
    assert "bij uw functionaris gegevensbescherming" not in text
    signatures = [block.text for block in rendered.blocks if block.part == "ondertekening"]
    assert signatures == ["Sanne de Vries", "Joris de Vries"]


def test_item15_output_slips(second):
    aanvraag = one_line(text_of("aanvraag-jeugdhulp", answers={"hulpvraag": "Behandeling.",
                                                               "gevraagde_hulp": "Eetkliniek."}))
    assert "U kunt ons bereiken per e-mail via ayse@example.org." in aanvraag
    assert "bereiken op per" not in aanvraag
    # Issue 22: both parents sign, so the letter says so and no longer 'Ik ben de ouder ... ik heb het gezag'.
    assert "Wij, Ayşe Bakker-Yilmaz en Tom Bakker, hebben allebei het gezag over Mila." in aanvraag
    assert "ik heb het gezag" not in aanvraag
    inzage = render_letter("avg-inzage", today=TODAY).text
    assert inzage.count("t.a.v.") == 1 and "t.a.v. de functionaris gegevensbescherming" in inzage
    correctie = render_letter("avg-correctie", today=TODAY).text
    assert "‘Gespreksverslag \"keukentafel\"’" in correctie and "'keukentafel''" not in correctie
    for kind in ("second-opinion", "bezwaarschrift", "avg-inzage", "privacy-informatieverzoek"):
        rendered = render_letter(kind, today=TODAY, answers={"gevraagde_hulp": "Eetkliniek."}
                                 if kind == "bezwaarschrift" else {})
        for block in rendered.blocks:
            if block.part == "romp" and block.kind == "paragraph":
                assert not re.match(r"[a-z]", block.text), block.text[:40]


def test_item15_unknown_birth_date_is_not_printed(demo):
    from dossier_app.store.models import Person

    from tests.support.followup_letters import ANSWERS

    Person.update(birth_date=None).where(Person.role == "kind").execute()
    for kind in KIND_IDS:
        text = text_of(kind, answers={**ANSWERS, **ADVICE_ANSWERS}.get(kind))
        assert "onbekend" not in text and "geboren op ," not in text and "Noor is jonger dan zestien" not in text


def test_item16_closing_and_signature_stay_together(second):
    from tests.letters.test_followup_letters import SECOND_ANSWERS

    for kind in KIND_IDS:
        if kind == "ingebrekestelling":
            continue
        known = {**SECOND_ANSWERS, **ADVICE_ANSWERS}
        answers = {"gevraagde_hulp": "Eetkliniek.", "hulpvraag": "Behandeling."} \
            if kind in ("aanvraag-jeugdhulp",) else ({"gevraagde_hulp": "Eetkliniek."}
                                                    if kind == "bezwaarschrift" else known.get(kind, {}))
        document = docx.Document(io.BytesIO(render_letter(kind, today=TODAY, answers=answers).to_docx()))
        paragraphs = document.paragraphs
        closing = next(i for i, p in enumerate(paragraphs) if p.text == "Met vriendelijke groet,")
        last_body = paragraphs[closing - 1]
        assert last_body.paragraph_format.keep_with_next and last_body.paragraph_format.keep_together, kind
        assert paragraphs[closing].paragraph_format.keep_with_next, kind
        signatures = [p for p in paragraphs[closing + 1:] if p.style.name == "Ondertekening"]
        assert signatures and all(p.paragraph_format.keep_with_next for p in signatures[:-1]), kind


def test_item17_plain_language(demo):
    privacy = one_line(text_of("privacy-informatieverzoek"))
    assert "proportionaliteit" in privacy and "in verhouding staan tot het doel (dat heet proportionaliteit)" in privacy
    assert "(subsidiariteit)" in privacy and "ook met minder gegevens" in privacy
    bezwaar = one_line(text_of("bezwaarschrift"))
    assert "herroepen, dat wil zeggen: in te trekken en een nieuw besluit te nemen" in bezwaar
    assert "Een besluit moet een goede uitleg hebben" in bezwaar and "deugdelijke motivering" in bezwaar


def test_templates_take_articles_from_the_catalogue(tmp_path):
    assert check_templates() == []
    copy = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), copy)
    target = copy / "letters" / "bezwaarschrift.md.j2"
    target.write_text(target.read_text().replace("{{ wet.awb_3_46 }}", "artikel 3:46 Awb")
                      .replace("{{ wet.awb_7_2 }}", "{{ wet.awb_7_22 }}"))
    problems = "\n".join(check_templates(copy))
    assert "letterlijk in het sjabloon" in problems and "3:46" in problems
    assert "'wet.awb_7_22' staat niet in _recht.toml" in problems
    for path in (paths.templates_dir() / "letters").glob("*.md.j2"):
        assert not re.search(r"\d+:\d+|\d+\.\d+\.\d+|ECLI", path.read_text().replace("{{", "\n{{")
                             .split("{#")[0] if False else re.sub(r"\{\{.*?\}\}", "", path.read_text())), path.name


def test_item_letters_date_is_the_letter_date(second):
    assert LETTER_DATE == TODAY
