"""The consequence model (issue 21): per event kind, the exact list of changes; the dwangsom after an
ingebrekestelling; and properties (the same event twice changes nothing twice; never two open terms
of one rule in a traject)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier_app.deadlines import compute
from dossier_app.deadlines import consequences as model
from dossier_app.deadlines.consequences import (ADJUST, CLOSE, DONE, EXPECT, FACTS, RECEIPT, RECEIVED,
                                                 RESTART, SENT, START, WITHDRAWN, Event, Term)
from tests.support.strategies import SETTINGS

D = dt.date
AANVRAAG_ONTVANGEN = D(2026, 9, 10)
BESLISTERMIJN = Term(1, "beslistermijn-aanvraag", D(2026, 11, 5), AANVRAAG_ONTVANGEN, source_id=100,
                     source_kind="aanvraag", title="Beslistermijn aanvraag: verlenging begeleiding")
INGEBREKE = Term(2, "ingebrekestelling", D(2026, 11, 18), D(2026, 11, 4), source_id=101,
                 source_kind="ingebrekestelling", title="Ingebrekestelling en dwangsom: verlenging")
BEZWAARTERMIJN = Term(3, "bezwaartermijn", D(2026, 10, 13), D(2026, 9, 1), source_id=102,
                      source_kind="beschikking", title="Bezwaartermijn: besluit")
BESLIS_BEZWAAR = Term(4, "beslistermijn-bezwaar", D(2026, 11, 24), D(2026, 9, 1), source_id=103,
                      source_kind="bezwaarschrift", title="Beslistermijn op bezwaar: bezwaar")
AVG = Term(5, "avg-reactietermijn", D(2026, 11, 24), D(2026, 10, 24), source_id=104, source_kind="avg-inzage",
           title="Reactietermijn AVG-verzoek: inzage")
KLACHT = Term(6, "klacht-afhandeling", D(2026, 12, 10), D(2026, 10, 29), source_id=105, source_kind="klacht",
              title="Afhandeltermijn klacht")
HERSTEL = Term(7, "hersteltermijn", D(2026, 12, 10), D(2026, 11, 12), source_id=103, title="Hersteltermijn")


def summary(outcome):
    return [(c.action, c.rule, c.term_id, c.start, c.due, c.reason) for c in outcome.changes]


def due(rule, start, **options):
    return compute(rule, start, **options).deadline


def receipt_term(term_id, source_id, source_kind, title="Aanvraag"):
    return Term(term_id, model.RECEIPT_RULE, D(2026, 9, 22), None, source_id=source_id, source_kind=source_kind,
                title=f"Ontvangstbevestiging verwachten: {title}")


DECISION = D(2026, 12, 1)
BESLUIT = "besluit ontvangen"

CASES = {
    "aanvraag verstuurd (met de hand, ontvangst onbekend)": (
        Event(SENT, D(2026, 9, 8), "aanvraag", label="Aanvraag", source_id=100), [],
        [(EXPECT, model.RECEIPT_RULE, None, None, D(2026, 9, 22), "")]),
    "aanvraag verstuurd, ontvangst bekend": (
        Event(SENT, D(2026, 9, 8), "aanvraag", label="Aanvraag", source_id=100, received_on=AANVRAAG_ONTVANGEN), [],
        [(START, "beslistermijn-aanvraag", None, AANVRAAG_ONTVANGEN, D(2026, 11, 5), "")]),
    "aanvraagbrief verstuurd per post": (
        Event(SENT, D(2026, 9, 8), "", label="Aanvraag", source_id=100, method="post",
              letter=model.letter_consequence(starts="beslistermijn-aanvraag", start_from="ontvangst")), [],
        [(EXPECT, model.RECEIPT_RULE, None, None, D(2026, 9, 22), ""),
         (START, "beslistermijn-aanvraag", None, D(2026, 9, 10), D(2026, 11, 5), "")]),
    "ontvangstbevestiging van een met de hand vastgelegde aanvraag": (
        Event(RECEIVED, D(2026, 9, 15), "ontvangstbevestiging", received_on=AANVRAAG_ONTVANGEN),
        [receipt_term(10, 100, "aanvraag")],
        [(CLOSE, model.RECEIPT_RULE, 10, None, None, "ontvangst bevestigd op 10 september 2026"),
         (START, "beslistermijn-aanvraag", None, AANVRAAG_ONTVANGEN, D(2026, 11, 5), "")]),
    "ontvangstbevestiging van een brief (termijn vanaf aangenomen ontvangst)": (
        Event(RECEIVED, D(2026, 9, 15), "ontvangstbevestiging", received_on=D(2026, 9, 11)),
        [receipt_term(10, 100, "aanvraag-jeugdhulp"),
         dataclasses.replace(BESLISTERMIJN, assumed_receipt=True)],
        [(CLOSE, model.RECEIPT_RULE, 10, None, None, "ontvangst bevestigd op 11 september 2026"),
         (RESTART, "beslistermijn-aanvraag", 1, D(2026, 9, 11), D(2026, 11, 6), "ontvangst bevestigd")]),
    "ontvangst van een brief bevestigd (verzendlog)": (
        Event(RECEIPT, D(2026, 9, 11), "", source_id=100, received_on=D(2026, 9, 11)),
        [receipt_term(10, 100, "aanvraag-jeugdhulp"), dataclasses.replace(BESLISTERMIJN, assumed_receipt=True)],
        [(CLOSE, model.RECEIPT_RULE, 10, None, None, "ontvangst bevestigd op 11 september 2026"),
         (RESTART, "beslistermijn-aanvraag", 1, D(2026, 9, 11), D(2026, 11, 6), "ontvangst bevestigd")]),
    **{f"beschikking {outcome}": (
        Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION, label=f"Besluit ({outcome})"),
        [BESLISTERMIJN, dataclasses.replace(BEZWAARTERMIJN, open=False)],
        [(CLOSE, "beslistermijn-aanvraag", 1, None, None, BESLUIT),
         (START, "bezwaartermijn", None, DECISION, D(2027, 1, 12), "")]) for outcome in ("toegekend", "afgewezen",
                                                                                         "deels toegekend")},
    "beslissing op bezwaar": (
        Event(RECEIVED, DECISION, "beslissing-op-bezwaar", decision_date=DECISION, label="Beslissing op bezwaar"),
        [BESLIS_BEZWAAR, BESLISTERMIJN],
        [(CLOSE, "beslistermijn-bezwaar", 4, None, None, "beslissing op bezwaar ontvangen"),
         (START, "beroepstermijn", None, DECISION, D(2027, 1, 12), "")]),
    "ingebrekestelling verstuurd (aangetekend)": (
        Event(SENT, D(2026, 11, 2), "ingebrekestelling", label="Ingebrekestelling", source_id=101,
              method="aangetekend",
              letter=model.letter_consequence(starts="ingebrekestelling", start_from="ontvangst")),
        [BESLISTERMIJN],
        [(CLOSE, "beslistermijn-aanvraag", 1, None, None,
          "ingebrekestelling verstuurd: de termijn is voorbij en de gemeente is in gebreke gesteld"),
         (EXPECT, model.RECEIPT_RULE, None, None, D(2026, 11, 16), ""),
         (START, "ingebrekestelling", None, D(2026, 11, 4), D(2026, 11, 18), "")]),
    "ingebrekestelling ontvangen (ontvangst bevestigd)": (
        Event(RECEIPT, D(2026, 11, 5), "", source_id=101, received_on=D(2026, 11, 5)),
        [receipt_term(11, 101, "ingebrekestelling"), dataclasses.replace(INGEBREKE, assumed_receipt=True)],
        [(CLOSE, model.RECEIPT_RULE, 11, None, None, "ontvangst bevestigd op 5 november 2026"),
         (RESTART, "ingebrekestelling", 2, D(2026, 11, 5), D(2026, 11, 19), "ontvangst bevestigd")]),
    "bezwaarschrift verstuurd": (
        Event(SENT, D(2026, 10, 1), "bezwaarschrift", label="Bezwaar", source_id=103), [BEZWAARTERMIJN],
        [(CLOSE, "bezwaartermijn", 3, None, None, "bezwaar gemaakt"),
         (START, "beslistermijn-bezwaar", None, D(2026, 9, 1), due("beslistermijn-bezwaar", D(2026, 9, 1)), "")]),
    "verdaging beslistermijn": (
        Event(RECEIVED, D(2026, 10, 30), "verdaging", postponement_weeks=6), [BESLISTERMIJN],
        [(ADJUST, "beslistermijn-aanvraag", 1, AANVRAAG_ONTVANGEN,
          due("beslistermijn-aanvraag", AANVRAAG_ONTVANGEN, postponement_weeks=6,
              postponement_notice=D(2026, 10, 30)),
          "verdaagd met 6 weken, brief van 30 oktober 2026")]),
    "verlenging AVG-termijn": (
        Event(RECEIVED, D(2026, 11, 10), "verdaging"), [AVG],
        [(ADJUST, "avg-reactietermijn", 5, D(2026, 10, 24),
          due("avg-reactietermijn", D(2026, 10, 24), extension=True, extension_notice=D(2026, 11, 10)),
          "verlengd, brief van 10 november 2026")]),
    "opschorting": (
        Event(FACTS, D(2026, 10, 1), term_id=1, facts=(("suspensions", ((D(2026, 9, 20), D(2026, 10, 1)),)),)),
        [BESLISTERMIJN],
        [(ADJUST, "beslistermijn-aanvraag", 1, AANVRAAG_ONTVANGEN,
          due("beslistermijn-aanvraag", AANVRAAG_ONTVANGEN, suspensions=[(D(2026, 9, 20), D(2026, 10, 1))]),
          "opgeschort")]),
    "adviescommissie": (
        Event(FACTS, D(2026, 10, 1), term_id=4, facts=(("committee", True),)), [BESLIS_BEZWAAR],
        [(ADJUST, "beslistermijn-bezwaar", 4, D(2026, 9, 1),
          due("beslistermijn-bezwaar", D(2026, 9, 1), committee=True), "adviescommissie")]),
    "aanvraag ingetrokken": (
        Event(WITHDRAWN, D(2026, 11, 20), "aanvraag"), [BESLISTERMIJN, INGEBREKE, BEZWAARTERMIJN],
        [(CLOSE, "beslistermijn-aanvraag", 1, None, None, "aanvraag ingetrokken"),
         (CLOSE, "ingebrekestelling", 2, None, None, "aanvraag ingetrokken")]),
    "bezwaar ingetrokken": (
        Event(WITHDRAWN, D(2026, 11, 20), "bezwaar"), [BESLIS_BEZWAAR, HERSTEL, BESLISTERMIJN],
        [(CLOSE, "beslistermijn-bezwaar", 4, None, None, "bezwaar ingetrokken"),
         (CLOSE, "hersteltermijn", 7, None, None, "bezwaar ingetrokken")]),
    "AVG-antwoord": (
        Event(RECEIVED, D(2026, 11, 20), "avg-antwoord"), [AVG, BESLISTERMIJN],
        [(CLOSE, "avg-reactietermijn", 5, None, None, "antwoord op het AVG-verzoek ontvangen")]),
    "AVG-weigering als beschikking": (
        Event(RECEIVED, D(2026, 11, 20), "beschikking", decision_date=D(2026, 11, 20), label="Weigering inzage"),
        [AVG],
        [(CLOSE, "avg-reactietermijn", 5, None, None, BESLUIT),
         (START, "bezwaartermijn", None, D(2026, 11, 20), due("bezwaartermijn", D(2026, 11, 20)), "")]),
    "klacht beantwoord": (
        Event(RECEIVED, D(2026, 12, 2), "brief", answers="klacht"), [KLACHT, AVG],
        [(CLOSE, "klacht-afhandeling", 6, None, None, "klacht afgehandeld")]),
    "klachtafhandeling ontvangen (Awb 9:12): de klacht en haar verwachte ontvangstbevestiging sluiten": (
        Event(RECEIVED, D(2026, 12, 2), "klachtafhandeling"), [KLACHT, AVG, receipt_term(8, 105, "klacht", "klacht")],
        [(CLOSE, "klacht-afhandeling", 6, None, None, "klacht afgehandeld"),
         (CLOSE, model.RECEIPT_RULE, 8, None, None,
          "klacht afgehandeld: dat antwoord laat zien dat de brief is aangekomen")]),
    "besluit na ingebrekestelling sluit ook de verwachte ontvangstbevestiging ervan": (
        Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION),
        [INGEBREKE, receipt_term(8, 101, "ingebrekestelling", "ingebrekestelling"), receipt_term(9, 999, "klacht")],
        [(CLOSE, "ingebrekestelling", 2, None, None, BESLUIT),
         (CLOSE, model.RECEIPT_RULE, 8, None, None, f"{BESLUIT}: dat antwoord laat zien dat de brief is aangekomen"),
         (START, "bezwaartermijn", None, DECISION, due("bezwaartermijn", DECISION), "")]),
    "brief zonder antwoord op iets": (Event(RECEIVED, D(2026, 12, 2), "brief"), [KLACHT], []),
    "termijn met de hand afgevinkt": (
        Event(DONE, D(2026, 12, 2), term_id=6), [KLACHT, AVG],
        [(CLOSE, "klacht-afhandeling", 6, None, None, "met de hand afgevinkt")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_event_gives_exactly_these_changes(name):
    event, terms, expected = CASES[name]
    assert summary(model.consequences(event, terms)) == expected


def test_a_letter_with_a_second_term_starts_it_once():
    pro_forma = model.letter_consequence(starts="beslistermijn-bezwaar", start_from="besluit",
                                         closes="bezwaartermijn", also="hersteltermijn")
    event = Event(SENT, D(2026, 10, 1), "", label="Bezwaar", source_id=103, method="post",
                  decision_date=D(2026, 9, 1), letter=pro_forma)
    outcome = model.consequences(event, [BEZWAARTERMIJN])
    assert [(c.action, c.rule) for c in outcome.changes] == [
        (CLOSE, "bezwaartermijn"), (START, "beslistermijn-bezwaar"), (START, "hersteltermijn"),
        (EXPECT, model.RECEIPT_RULE)]
    assert outcome.changes[1].start == D(2026, 9, 1)


# -- the dwangsom ---------------------------------------------------------------------------------
# The two weeks after receipt of the ingebrekestelling end on Wednesday 18 November 2026.
@pytest.mark.parametrize("decided_on, days, owed, words", [
    (D(2026, 11, 18), 0, 0, "geen dwangsom verschuldigd"),         # inside the two weeks
    (D(2026, 11, 19), 0, 0, "geen dwangsom verschuldigd"),         # on the first day: that day does not count
    (D(2026, 12, 1), 12, 276, "12 × € 23,00"),                     # first band
    (D(2026, 12, 8), 19, 14 * 23 + 5 * 35, "14 × € 23,00 + 5 × € 35,00"),   # second band
    (D(2027, 1, 15), 42, 1442, "14 × € 23,00 + 14 × € 35,00 + 14 × € 45,00"),  # past 42 days: the maximum
])
def test_decision_after_ingebrekestelling_states_the_dwangsom(decided_on, days, owed, words):
    assert model.dwangsom_owed(INGEBREKE.due, decided_on) == (owed, days)
    event = Event(RECEIVED, decided_on, "beschikking", decision_date=decided_on, label="Besluit")
    outcome = model.consequences(event, [BESLISTERMIJN, INGEBREKE])
    assert summary(outcome) == [
        (CLOSE, "beslistermijn-aanvraag", 1, None, None, BESLUIT),
        (CLOSE, "ingebrekestelling", 2, None, None, BESLUIT),
        (START, "bezwaartermijn", None, decided_on, due("bezwaartermijn", decided_on), "")]
    text = " ".join(outcome.messages)
    assert words.replace("€ ", "€\u00a0") in text or words in text
    assert "Awb 6:12" in text
    if owed:
        assert f"{model.euro(owed)} (" in text
        assert "De dag van het besluit zelf telt niet mee" in text
        assert "Awb 4:18" in text
        assert (f"vanaf 19 november 2026 tot en met "
                f"{model.long_date(INGEBREKE.due + dt.timedelta(days=days))}") in text


def test_preview_words():
    event = Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION, label="Besluit")
    lines = model.consequences(event, [BESLISTERMIJN, INGEBREKE]).describe()
    assert lines[0] == "Sluit: Beslistermijn aanvraag: verlenging begeleiding (besluit ontvangen)."
    assert lines[2] == "Start: bezwaartermijn, laatste dag 12 januari 2027."


def test_every_rule_in_the_table_exists():
    from dossier_app.deadlines import RULES

    assert model.rule_ids() - {model.RECEIPT_RULE} <= set(RULES)
    assert all(row.basis for row in model.table())


# -- properties -------------------------------------------------------------------------------------
def apply(terms: list[Term], outcome) -> list[Term]:
    """What the store does with the changes, on plain terms (the store's own apply is tested elsewhere)."""
    terms = list(terms)
    next_id = max((term.id for term in terms), default=0) + 1
    for change in outcome.changes:
        if change.action == CLOSE:
            terms = [dataclasses.replace(t, open=False, done_on=change.on) if t.id == change.term_id else t
                     for t in terms]
        elif change.action in (RESTART, ADJUST):
            terms = [dataclasses.replace(t, start=change.start or t.start, due=change.due,
                                         options=model._merge(t.options, change.facts))
                     if t.id == change.term_id else t for t in terms]
        else:
            rule = change.rule
            terms.append(Term(next_id, rule, change.due, change.start, source_id=change.source_id,
                              title=change.title, assumed_receipt=bool(change.note)))
            next_id += 1
    return terms


events = st.one_of(
    st.builds(lambda day: Event(RECEIVED, day, "beschikking", decision_date=day, label="Besluit"),
              st.dates(D(2026, 9, 1), D(2027, 3, 1))),
    st.builds(lambda day: Event(RECEIVED, day, "beslissing-op-bezwaar", decision_date=day, label="BOB"),
              st.dates(D(2026, 9, 1), D(2027, 3, 1))),
    st.builds(lambda day, kind: Event(SENT, day, kind, label=kind, source_id=200, received_on=day),
              st.dates(D(2026, 9, 1), D(2027, 3, 1)),
              st.sampled_from(["aanvraag", "ingebrekestelling", "bezwaarschrift", "avg-verzoek", "klacht"])),
    st.builds(lambda day, kind: Event(SENT, day, kind, label=kind, source_id=201, method="post"),
              st.dates(D(2026, 9, 1), D(2027, 3, 1)), st.sampled_from(["aanvraag", "ingebrekestelling"])),
    st.builds(lambda day: Event(RECEIVED, day, "ontvangstbevestiging", received_on=day),
              st.dates(D(2026, 9, 1), D(2027, 3, 1))),
    st.builds(lambda day, weeks: Event(RECEIVED, day, "verdaging", postponement_weeks=weeks),
              st.dates(D(2026, 9, 1), D(2027, 3, 1)), st.integers(1, 6)),
    st.builds(lambda day, what: Event(WITHDRAWN, day, what), st.dates(D(2026, 9, 1), D(2027, 3, 1)),
              st.sampled_from(["aanvraag", "bezwaar"])),
    st.builds(lambda day: Event(RECEIVED, day, "avg-antwoord"), st.dates(D(2026, 9, 1), D(2027, 3, 1))),
)
start_terms = st.lists(st.sampled_from([BESLISTERMIJN, INGEBREKE, BEZWAARTERMIJN, BESLIS_BEZWAAR, AVG, KLACHT,
                                        HERSTEL]), unique=True)


def open_rules(terms):
    return sorted(term.rule for term in terms if term.open)


@SETTINGS
@given(start_terms, st.lists(events, min_size=1, max_size=5))
def test_same_event_twice_is_once_and_one_open_term_per_rule(terms, sequence):
    terms = list(terms)
    for event in sequence:
        once = apply(terms, model.consequences(event, terms))
        twice = apply(once, model.consequences(event, once))
        assert twice == once
        rules = open_rules(once)
        assert len(rules) == len(set(rules)), rules
        terms = once


def answered_in(outcome):
    """The CLOSE and ADJUST changes of an outcome, without their notes (``answered_changes`` leaves them out)."""
    return [dataclasses.replace(change, note="") for change in outcome.changes if change.action in (CLOSE, ADJUST)]


@pytest.mark.parametrize("name", list(CASES))
def test_what_a_document_answers_is_what_its_consequences_close_and_adjust(name):
    event, terms, _expected = CASES[name]
    assert list(model.answered_changes(event, terms)) == answered_in(model.consequences(event, terms))


@SETTINGS
@given(start_terms, st.lists(events, min_size=1, max_size=5))
def test_what_a_document_answers_follows_the_model_after_any_events(terms, sequence):
    """Matching a letter to trajecten asks ``answered_changes``; the review shows ``consequences``: the same
    terms closed and adjusted, in the same order, with the same reasons and days, whatever came before."""
    terms = list(terms)
    for event in sequence:
        assert list(model.answered_changes(event, terms)) == answered_in(model.consequences(event, terms))
        terms = apply(terms, model.consequences(event, terms))


def test_what_a_decision_answers_leaves_out_the_dwangsom_words():
    decided = Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION, label="Besluit")
    full = model.consequences(decided, [BESLISTERMIJN, INGEBREKE])
    answered = model.answered_changes(decided, [BESLISTERMIJN, INGEBREKE])
    assert "dwangsom" in " ".join(full.messages) and "dwangsom" in full.changes[1].note
    assert [(c.action, c.term_id, c.reason, c.note) for c in answered] == [
        (CLOSE, 1, BESLUIT, ""), (CLOSE, 2, BESLUIT, "")]


# -- one rule for argument blocks (issue 21) ------------------------------------------------------
def test_one_rule_decides_which_blocks_a_letter_may_use():
    from dossier_app.errors import UsageError
    from dossier_app.letters.catalogue import ArgumentBlock, all_kinds
    from dossier_app.letters.render import block_available, choose_blocks

    kind = next(kind for kind in all_kinds() if kind.blocks)
    hidden = ArgumentBlock("verborgen", "Verborgen", "", True, (), (), "", "traject.besluit", "")
    kind = dataclasses.replace(kind, blocks=kind.blocks + (hidden,))
    context = {"traject": {"besluit": True}}
    assert not block_available(hidden, set(), context)
    assert block_available(hidden, set(), {})
    assert "verborgen" not in choose_blocks(kind, {}, set(), context)       # the assistant's defaults
    with pytest.raises(UsageError, match="verborgen"):                      # the command line's blokken=
        choose_blocks(kind, {"blokken": "verborgen"}, set(), context)


# -- the traject's status follows the model (gevolgen.toml [[traject]]) ----------------------------------------
STATUS_CASES = [
    # (event, status before, status after or None when it stays)
    (Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION), "aanvraag verstuurd", "besluit"),
    (Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION), "voorbereiding", "besluit"),
    (Event(RECEIVED, DECISION, "beschikking", decision_date=DECISION), "beroep", None),
    (Event(SENT, D(2026, 9, 8), "aanvraag-jeugdhulp", method="post"), "voorbereiding", "aanvraag verstuurd"),
    (Event(SENT, D(2026, 9, 8), "aanvraag"), "besluit", "aanvraag verstuurd"),
    (Event(SENT, D(2026, 12, 2), "bezwaarschrift", method="post"), "besluit", "bezwaar"),
    (Event(SENT, D(2026, 12, 2), "bezwaarschrift-pro-forma", method="post"), "besluit", "bezwaar"),
    (Event(RECEIVED, DECISION, "beslissing-op-bezwaar", decision_date=DECISION), "bezwaar", "beslissing op bezwaar"),
    (Event(SENT, D(2026, 12, 2), "beroepschrift", method="post"), "beslissing op bezwaar", "beroep"),
    (Event(SENT, D(2026, 12, 2), "beroep-niet-tijdig-beslissen", method="post"), "aanvraag verstuurd", "beroep"),
    (Event(WITHDRAWN, D(2026, 12, 2), "aanvraag"), "aanvraag verstuurd", "afgerond"),
    (Event(WITHDRAWN, D(2026, 12, 2), "bezwaar"), "bezwaar", "afgerond"),
    (Event(SENT, D(2026, 12, 2), "ingebrekestelling", method="aangetekend"), "aanvraag verstuurd", None),
    (Event(RECEIVED, DECISION, "ontvangstbevestiging"), "aanvraag verstuurd", None),
]


@pytest.mark.parametrize(("event", "before", "after"), STATUS_CASES,
                         ids=[f"{e.kind}-{e.doc_kind}-{b}" for e, b, _ in STATUS_CASES])
def test_the_traject_status_follows_the_event(event, before, after):
    changes = [c for c in model.consequences(event, [], before).changes if c.action == model.STATUS]
    if after is None:
        assert changes == []
    else:
        assert [(c.title, c.reason) for c in changes] == [(after, f"was: {before}")]
        assert changes[0].basis.startswith("Awb ")
        assert changes[0].describe() == f"Status van het traject: {after} ({changes[0].basis})."
    # Without a traject (status None) the status is not looked at.
    assert not [c for c in model.consequences(event, []).changes if c.action == model.STATUS]


def test_every_status_step_names_a_known_status_and_its_article():
    from dossier_app.letters.catalogue import all_kinds
    from dossier_app.store.vocabulary import CASE_STATUSES, DOCUMENT_KINDS

    known = set(DOCUMENT_KINDS) | {kind.id for kind in all_kinds()} | {"bezwaar"}
    for step in model.status_table():
        assert step.status in CASE_STATUSES and set(step.after) <= set(CASE_STATUSES)
        assert set(step.doc_kinds) <= known, step
        assert "Awb" in step.basis


def test_closable_rules_name_every_rule_a_received_or_sent_document_can_close_or_adjust():
    """match_trajecten asks the model only about trajecten with an open term of one of these rules: for every
    other rule the model closes and adjusts nothing (whatever the letter answers, the dates, the facts)."""
    from dossier_app.deadlines.engine import RULES

    day = dt.date(2026, 6, 3)
    rules = sorted(set(RULES) | {model.RECEIPT_RULE})
    for row in model.table():
        if row.event not in (model.RECEIVED, model.SENT, model.WITHDRAWN):
            continue
        closable = model.closable_rules(row.event, row.doc_kind)
        for rule in rules:
            for start in (None, dt.date(2026, 4, 1), dt.date(2026, 7, 1)):
                terms = [model.Term(1, rule, dt.date(2026, 8, 1), start=start, source_id=7, source_kind="aanvraag",
                                    title="Term"),
                         model.Term(2, model.RECEIPT_RULE, dt.date(2026, 8, 1), start=start, source_id=7,
                                    title="Ontvangst")]
                for received_on, weeks in ((None, 1), (day, None)):
                    event = model.Event(row.event, day, row.doc_kind, answers=row.answers, decision_date=day,
                                        received_on=received_on, postponement_weeks=weeks, source_id=9)
                    answered = {change.rule for change in model.consequences(event, terms).changes
                                if change.action in (model.CLOSE, model.ADJUST)}
                    assert answered <= closable, (row.event, row.doc_kind, rule)
