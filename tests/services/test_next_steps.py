"""What to do now (services.next_steps) and what the letter assistant offers (services.letter_assistant)."""

import datetime as dt

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.services import family, letter_assistant, letters, next_steps, session as sessions, timeline

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(demo_path):
    opened = sessions.DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    yield opened
    opened.close()


def test_overdue_beslistermijn_and_running_bezwaartermijn_get_their_letter(demo):
    steps = next_steps.next_steps(demo, TODAY)
    overdue = next(step for step in steps if step.rule == "beslistermijn-aanvraag")
    assert overdue.state == "verlopen" and overdue.colour == next_steps.RED and overdue.days_left < 0
    assert overdue.kind_id == "ingebrekestelling"
    assert overdue.label == "Beslistermijn verstreken — stuur een ingebrekestelling"
    running = next(step for step in steps if step.rule == "bezwaartermijn")
    assert running.state == "loopt" and running.days_left > 0 and running.kind_id == "bezwaarschrift"
    assert running.colour == (next_steps.ORANGE if running.days_left <= next_steps.SOON_DAYS else next_steps.GREEN)
    # '{datum}' is the last day with its weekday: the bezwaartermijn ends on Monday 14 December 2026
    # (besluit of 2 November + six weeks).
    assert running.label == "Bezwaartermijn loopt af op maandag 14 december — maak een bezwaarschrift"
    assert steps.index(overdue) < steps.index(running)


def test_overview_groups_per_traject_and_lists_what_happened(demo):
    overview = next_steps.overview(demo, TODAY)
    assert not overview.is_empty
    titles = {group.title: group for group in overview.trajecten}
    assert {step.rule for step in titles["Verlenging begeleiding Noor"].steps} == {"beslistermijn-aanvraag"}
    assert "bezwaartermijn" in {step.rule for step in titles["Aanvraag jeugd-ggz Noor"].steps}
    assert overview.recent and all(item.kind != "termijn" and item.date <= TODAY for item in overview.recent)
    assert overview.awaiting_receipt == ()


def test_a_missing_receipt_offers_the_herinnering(demo):
    traject = family.trajecten(demo)[0].id
    timeline.add_document(demo, occurred_on=TODAY - dt.timedelta(days=20), title="Klacht over de bejegening",
                          doc_kind="klacht", direction="verzonden", traject_id=traject)
    step = next(step for step in next_steps.next_steps(demo, TODAY) if step.rule == "ontvangstbevestiging")
    assert step.state == "verlopen" and step.kind_id == "herinnering"
    assert step.label.startswith("Geen ontvangstbevestiging (verwacht uiterlijk ")
    assert step.label.endswith("— stuur een herinnering")
    assert "vraag" in step.advice.lower()
    kinds_with_trigger = [kind.id for kind in letters.kinds()
                          if any(t.rule == "ontvangstbevestiging" for t in kind.triggers)]
    assert kinds_with_trigger == ["herinnering"]


def test_empty_dossier_shows_the_first_three_steps(tmp_path):
    with sessions.create_dossier(tmp_path / "leeg.dossier", PASSPHRASE, name="Leeg") as opened:
        overview = next_steps.overview(opened, TODAY)
        assert overview.is_empty and len(overview.first_steps) == 3
        assert overview.trajecten == ()


def test_letter_form_prefills_fields_ticks_blocks_and_suggests_the_besluit(demo):
    traject = letter_assistant.default_traject(demo, "bezwaarschrift", TODAY)
    form = letter_assistant.letter_form(demo, "bezwaarschrift", traject, TODAY)
    fields = {field.name: field for field in form.fields}
    assert fields["gevraagde_hulp"].value.startswith("Jeugdhulp bij Kindpraktijk De Linde")
    assert fields["gevraagde_hulp"].from_dossier and fields["eigen_toelichting"].value == ""
    assert fields["eigen_toelichting"].question.startswith("Wilt u in uw eigen woorden")
    blocks = {block.id: block for block in form.blocks}
    assert blocks["motivering"].ticked and blocks["deskundigheid"].ticked and not blocks["gegevens"].ticked
    assert blocks["pgb"].ticked   # the besluit refused the pgb
    suggested = [a.filename for a in form.attachments if a.suggested]
    assert suggested == ["beschikking-JGT-2026-0412.txt"]
    assert any("JGT-2026-0412" in line for line in form.about)


def test_kinds_that_fit_the_traject_come_first(demo):
    extension = next(t.id for t in family.trajecten(demo) if t.title == "Verlenging begeleiding Noor")
    choices = letter_assistant.kinds_for_traject(demo, extension, today=TODAY)
    fitting = [choice.id for choice in choices if choice.fits]
    assert "ingebrekestelling" in fitting and "bezwaarschrift" not in fitting
    assert [choice.fits for choice in choices] == sorted((c.fits for c in choices), reverse=True)
    lacking = next(choice for choice in choices if choice.id == "bezwaarschrift")
    assert lacking.missing == ("een beschikking (besluit)",)
    assert all(choice.summary.count(".") <= 3 for choice in choices)
    first = letter_assistant.kinds_for_traject(demo, extension, first="avg-inzage", today=TODAY)
    assert first[0].id == "avg-inzage"


def test_private_notes_of_the_beschikking_never_reach_the_bezwaar(demo):
    care = next(t.id for t in family.trajecten(demo) if t.title == "Aanvraag jeugd-ggz Noor")
    beschikking = next(item for item in timeline.timeline(demo, kind="document", traject_id=care)
                       if item.title == "Beschikking jeugdhulp Noor")
    details = timeline.entry(demo, beschikking.id)
    timeline.update_entry(demo, beschikking.id, title=details.title, occurred_on=details.date,
                          body="Ontvangen per post. Bezwaar maken!", traject_id=care)
    fields = details.fields
    timeline.update_document(demo, beschikking.id, doc_kind="beschikking", direction="ontvangen",
                             sender=fields["sender"], kenmerk=fields["kenmerk"],
                             decision_date=fields["decision_date"], received_on=fields["received_on"],
                             inaccuracies="Er staat dat Noor geen diagnose heeft; die heeft zij wel.")
    text = letters.prepare(demo, "bezwaarschrift", traject_id=care, today=TODAY).text
    assert "Ontvangen per post" not in text and "Bezwaar maken!" not in text
    assert "Er staat dat Noor geen diagnose heeft; die heeft zij wel." in text
    assert "Waar het besluit over gaat" not in text
    own = letters.prepare(demo, "bezwaarschrift", traject_id=care, today=TODAY,
                          answers={"besluit_inhoud": "U wijst jeugd-ggz en het pgb af."}).text
    assert "Waar het besluit over gaat\n\nU wijst jeugd-ggz en het pgb af." in own


def test_e_mail_for_a_bezwaar_is_warned_about():
    warning = letters.sending_advice("bezwaarschrift", "email")
    assert any("alleen als" in line for line in warning) and any("leesbevestiging" in line for line in warning)
    assert not any("alleen als" in line for line in letters.sending_advice("avg-inzage", "email"))
    assert letters.sending_advice("bezwaarschrift", "post") == []
