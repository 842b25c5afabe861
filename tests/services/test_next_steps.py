"""What to do now (services.next_steps) and what the letter assistant offers (services.letter_assistant)."""

import datetime as dt

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.services import family, letter_assistant, letters, next_steps, session as sessions, timeline

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(demo_session):
    return demo_session


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


def test_what_happened_lately_is_found_behind_many_newer_terms_and_future_notes(demo):
    from dossier_app.services import deadlines

    timeline.add_note(demo, "Gebeld met het wijkteam", occurred_on=TODAY - dt.timedelta(days=1),
                      title="Telefoontje wijkteam")
    for number in range(4 * next_steps.RECENT_ENTRIES):     # newer than anything that happened: not shown
        deadlines.add_deadline(demo, f"Eigen termijn {number}", TODAY + dt.timedelta(days=30 + number))
        timeline.add_note(demo, f"Gepland {number}", occurred_on=TODAY + dt.timedelta(days=number + 1))
    recent = next_steps.overview(demo, TODAY).recent
    assert len(recent) == next_steps.RECENT_ENTRIES
    assert all(item.kind != "termijn" and item.date <= TODAY for item in recent)
    assert recent[0].title == "Telefoontje wijkteam"
    assert [item.date for item in recent] == sorted((item.date for item in recent), reverse=True)


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


# -- the next step from the traject's history (deadlines/advice.py, gevolgen.toml [[volgende_stap]]) ------------
from dossier_app.deadlines import advice  # noqa: E402
from dossier_app.deadlines.consequences import Term  # noqa: E402

D = dt.date
BESLIS = Term(1, "beslistermijn-aanvraag", D(2026, 11, 5), D(2026, 9, 10), title="Beslistermijn aanvraag")
INGEBREKE = Term(2, "ingebrekestelling", D(2026, 12, 3), D(2026, 11, 19), title="Ingebrekestelling")
BEZWAAR = Term(3, "bezwaartermijn", D(2027, 1, 12), D(2026, 12, 1), title="Bezwaartermijn")


def test_no_second_ingebrekestelling_is_advised_while_one_is_under_way():
    today = D(2026, 12, 4)
    alone = advice.next_step(BESLIS, [BESLIS], "aanvraag verstuurd", today)
    assert alone == advice.Advice("")          # nothing happened since: the rule's own step stays
    under_way = advice.next_step(BESLIS, [BESLIS, INGEBREKE], "aanvraag verstuurd", today)
    assert not under_way.letter and under_way.basis == "Awb 4:17 lid 3 en 6:12 lid 2"
    assert under_way.text.startswith("Er is al een ingebrekestelling verstuurd: stuur geen tweede.")
    assert "tot en met 3 december 2026" in under_way.text
    # One sent before this term started (an older aanvraag) does not count.
    older = Term(4, "ingebrekestelling", D(2026, 3, 1), D(2026, 2, 15))
    assert advice.next_step(BESLIS, [BESLIS, older], "aanvraag verstuurd", today) == advice.Advice("")


def test_after_a_decision_bezwaar_can_be_made_until_its_last_day():
    step = advice.next_step(BEZWAAR, [BEZWAAR], "besluit", D(2026, 12, 4))
    assert step.letter and step.text.startswith("Er is een besluit. Bezwaar maken kan tot en met 12 januari 2027")
    # Once the term is over, the rule's own words stay (no date in the past as 'kan tot').
    assert advice.next_step(BEZWAAR, [BEZWAAR], "besluit", D(2027, 1, 13)) == advice.Advice("")


def test_a_term_set_by_hand_keeps_its_own_words():
    """Found when the paged Overzicht met the consequence model: a term set by hand (no rule) got the advice
    of a traject in voorbereiding ("Er is nog niets aangevraagd") in a traject whose aanvraag was sent."""
    own = Term(6, "", D(2027, 1, 4), None, title="Eigen termijn")
    assert advice.next_step(own, [BESLIS, own], "aanvraag verstuurd", D(2026, 12, 4)) == advice.Advice("")
    assert advice.next_step(own, [own], "voorbereiding", D(2026, 12, 4)) == advice.Advice("")


def test_a_traject_in_voorbereiding_gets_a_next_step_and_its_letter():
    step = advice.traject_step("voorbereiding", [])
    assert step.letter_kind == "aanvraag-jeugdhulp" and step.text.startswith("Er is nog niets aangevraagd.")
    assert advice.traject_step("voorbereiding", [BESLIS]) is None      # an open term speaks for itself
    assert advice.traject_step("besluit", []) is None


def test_closings_are_shown_for_the_period_in_the_data():
    days = advice.notice_days()
    assert days == 42
    closed = dataclasses_replace(INGEBREKE, open=False, done_on=D(2026, 12, 1), closed_reason="besluit ontvangen",
                                 closing_note="De gemeente is u een dwangsom verschuldigd …")
    by_hand = dataclasses_replace(BESLIS, open=False, done_on=D(2026, 12, 1), closed_reason="met de hand afgevinkt")
    receipt = Term(5, "ontvangstbevestiging", D(2026, 12, 1), None, open=False, done_on=D(2026, 12, 1),
                   closed_reason="besluit ontvangen")
    found = advice.notices([closed, by_hand, receipt, BEZWAAR], D(2026, 12, 4))
    assert [notice.text for notice in found] == [
        "Ingebrekestelling: gesloten op 1 december 2026 (besluit ontvangen). "
        "De gemeente is u een dwangsom verschuldigd …"]
    assert advice.notices([closed], D(2026, 12, 1) + dt.timedelta(days=days))
    assert not advice.notices([closed], D(2026, 12, 1) + dt.timedelta(days=days + 1))


def dataclasses_replace(term, **changes):
    import dataclasses

    return dataclasses.replace(term, **changes)


def test_the_overview_gives_a_new_traject_its_next_step_and_letter(demo):
    traject = family.add_traject(demo, "Dagbesteding Noor")
    group = next(group for group in next_steps.overview(demo, TODAY).trajecten if group.traject_id == traject)
    assert group.status == "voorbereiding" and group.steps == ()
    assert group.advice.startswith("Er is nog niets aangevraagd.") and group.letter_kind == "aanvraag-jeugdhulp"
    assert group.letter_label == "Maak de brief: Aanvraag jeugdhulp"


def test_a_lapsed_ingebrekestelling_says_the_dwangsom_owed_so_far():
    """Ingebrekestelling's two weeks ended on 3 December 2026; on 10 December the dwangsom runs over 4, 5, 6, 7, 8 and
    9 December (today does not count: the gemeente may still decide today): 6 × € 23 = € 138."""
    step = advice.next_step(INGEBREKE, [BESLIS, INGEBREKE], "aanvraag verstuurd", D(2026, 12, 10))
    flat = step.text.replace("\u00a0", " ")
    assert "tot en met 3 december 2026" in flat
    assert "tot en met gisteren € 138,00 over 6 dagen, hoogstens 42 dagen" in flat
    assert step.letter and step.basis == "Awb 4:17 en 6:12"
    # While the two weeks run, the rule's own words stay.
    assert advice.next_step(INGEBREKE, [BESLIS, INGEBREKE], "aanvraag verstuurd", D(2026, 12, 2)) == advice.Advice("")


def test_overview_shows_the_first_steps_per_traject_and_pages_the_rest(demo):
    from dossier_app.services import deadlines

    traject = family.trajecten(demo)[0]
    for number in range(8):
        deadlines.add_deadline(demo, f"Zelf gezette termijn {number}", TODAY + dt.timedelta(days=3 + number),
                               traject_id=traject.id)
    every = next_steps.next_steps(demo, TODAY)
    mine = [step for step in every if step.traject_id == traject.id and not step.is_agreement]
    overview = next_steps.overview(demo, TODAY, first=3)
    group = next(group for group in overview.trajecten if group.traject_id == traject.id)
    assert group.steps == tuple(mine[:3]) and group.total == len(mine) and group.more == len(mine) - 3
    rest = next_steps.more_steps(demo, traject.id, 3, 100, TODAY)
    assert group.steps + rest == tuple(mine)
    assert next_steps.more_steps(demo, traject.id, 3, 2, TODAY) == tuple(mine[3:5])
    assert overview.open_count == len(every)
    assert overview.overdue_count == sum(1 for step in every if step.state == "verlopen") > 0


def test_overview_pages_the_afspraken_of_the_gesprekken(demo):
    for number in range(4):
        timeline.add_conversation(demo, occurred_on=TODAY, title=f"Gesprek {number}", body="",
                                  agreements=[timeline.AgreementInput("Wijkteam", f"Belt terug {number}",
                                                                       TODAY + dt.timedelta(days=number))])
    agreements = [step for step in next_steps.next_steps(demo, TODAY) if step.is_agreement]
    overview = next_steps.overview(demo, TODAY, first=2)
    assert overview.agreements == tuple(agreements[:2]) and overview.agreements_total == len(agreements) >= 4
    assert overview.agreements + next_steps.more_steps(demo, next_steps.AGREEMENTS, 2, 50, TODAY) == tuple(agreements)


# -- the paged Overzicht gives exactly what the full state of the consequence model gives (issue 25) ------
def _overview_from_full_state(session, today, first):
    """The Overzicht the slow way: the full ``case_state`` (every term and afspraak), grouped in Python."""
    from dossier_app.services import deadlines

    state = deadlines.case_state(session, today)
    steps = next_steps.next_steps(session, today, state)
    groups = {}
    for traject in state.trajecten:
        mine = tuple(step for step in steps if step.traject_id == traject.id and not step.is_agreement)
        groups[traject.id] = (traject, mine)
    loose = tuple(step for step in steps if step.traject_id is None and not step.is_agreement)
    agreements = tuple(step for step in steps if step.is_agreement)
    overdue = sum(1 for step in steps if step.state == "verlopen")
    return groups, loose, agreements, len(steps), overdue


def _assert_paged_equals_full(session, today, first):
    groups, loose, agreements, open_count, overdue = _overview_from_full_state(session, today, first)
    paged = next_steps.overview(session, today, first=first)
    assert (paged.open_count, paged.overdue_count) == (open_count, overdue)
    assert paged.agreements == agreements[:first] and paged.agreements_total == len(agreements)
    assert (paged.agreements + next_steps.more_steps(session, next_steps.AGREEMENTS, first, 10_000, today)
            == agreements)
    shown = {group.traject_id: group for group in paged.trajecten}
    assert set(shown) == set(groups) | ({None} if loose else set())
    for traject_id, (traject, mine) in groups.items():
        group = shown[traject_id]
        assert (group.title, group.status, group.notices, group.advice, group.letter_kind) == (
            traject.title, traject.status, traject.notices, traject.next_step, traject.letter_kind)
        assert group.steps == mine[:first] and group.total == len(mine)
        assert group.steps + next_steps.more_steps(session, traject_id, first, 10_000, today) == mine
        for offset in range(0, len(mine), 2):
            assert next_steps.more_steps(session, traject_id, offset, 2, today) == mine[offset:offset + 2]
    if loose:
        assert shown[None].steps == loose[:first] and shown[None].total == len(loose)
        assert shown[None].steps + next_steps.more_steps(session, None, first, 10_000, today) == loose
    return paged


def test_the_paged_overview_is_the_full_state_on_the_demo_dossier(demo):
    for first in (1, 2, 5):
        _assert_paged_equals_full(demo, TODAY, first)
    _assert_paged_equals_full(demo, TODAY + dt.timedelta(days=60), 3)   # later: more overdue, other advice


def test_the_paged_overview_is_the_full_state_with_many_terms_and_afspraken(demo):
    from dossier_app.services import deadlines

    trajecten = family.trajecten(demo)
    for index, traject in enumerate(trajecten):
        for number in range(9):
            deadlines.add_deadline(demo, f"Termijn {index}.{number}", TODAY + dt.timedelta(days=number * 5 - 20),
                                   traject_id=traject.id)
        deadlines.add_deadline(demo, "", TODAY - dt.timedelta(days=30 + index), rule_id="beslistermijn-aanvraag",
                               traject_id=traject.id)
    for number in range(7):
        deadlines.add_deadline(demo, f"Los {number}", TODAY + dt.timedelta(days=number * 3 - 10))
    for number in range(12):
        due = TODAY + dt.timedelta(days=number * 2 - 9) if number % 4 else None
        timeline.add_conversation(demo, occurred_on=TODAY - dt.timedelta(days=number), title=f"Gesprek {number}",
                                  body="", traject_id=trajecten[number % len(trajecten)].id,
                                  agreements=[timeline.AgreementInput("Wijkteam", f"Belt terug {number}", due)])
    paged = _assert_paged_equals_full(demo, TODAY, 3)
    assert paged.overdue_count > 10 and paged.agreements_total >= 9   # the demo has its own too
    assert any(group.more for group in paged.trajecten)
    _assert_paged_equals_full(demo, TODAY + dt.timedelta(days=45), 4)
