"""Issue 10 (deadlines in the dossier): facts that change a term are stored and
recomputed; sending a letter starts its term and ends the one it answers."""

import datetime as dt

import pytest

from dossier_app.errors import UsageError
from dossier_app.letters.render import render_letter
from dossier_app.store import entries, letter_log, dossier_deadlines
from tests.support import sending

D = dt.date.fromisoformat


def _items(today):
    return {item.rule: item for item in dossier_deadlines.open_items(today)}


def test_item7_verdaging_opschorting_committee_and_extension_are_stored_and_recomputed(dossier):
    case = entries.add_traject("Bezwaar")
    objection = dossier_deadlines.add_computed("beslistermijn-bezwaar", D("2026-11-02"), case_id=case)
    assert _items(D("2026-11-22"))["beslistermijn-bezwaar"].due_date == D("2027-01-25")
    dossier_deadlines.set_objection_committee(case)
    item = _items(D("2026-11-22"))["beslistermijn-bezwaar"]
    assert item.due_date == D("2027-03-08") and "met adviescommissie" in item.explanation
    assert dossier_deadlines.adjust(objection, postponement_weeks=6,
                                    postponement_notice=D("2027-02-20")) == D("2027-04-19")
    item = _items(D("2026-11-22"))["beslistermijn-bezwaar"]
    assert "verdaagd met zes weken (bericht van 20 februari 2027, Awb 7:10 lid 3)" in item.explanation
    assert dossier_deadlines.deadline_options(objection)["postponement_notice"] == D("2027-02-20")
    # A new beslistermijn op bezwaar in this traject gets the committee term by itself.
    other = dossier_deadlines.add_computed("beslistermijn-bezwaar", D("2026-11-02"), case_id=case)
    assert dossier_deadlines.deadline_options(other)["committee"] is True

    application = dossier_deadlines.add_computed("beslistermijn-aanvraag", D("2026-09-01"))
    # Stood still 11-23 September: 13 days.
    assert dossier_deadlines.adjust(application, suspension=(D("2026-09-10"), D("2026-09-24"))) == D("2026-11-09")
    assert dossier_deadlines.adjust(application, postponement_weeks=4,
                                    postponement_notice=D("2026-11-01")) == D("2026-12-07")
    explanation = next(i for i in dossier_deadlines.open_items(D("2026-09-02")) if i.id == application).explanation
    assert "Awb 4:15" in explanation and "Awb 4:14 lid 3" in explanation

    avg = dossier_deadlines.add_computed("avg-reactietermijn", D("2026-11-02"))
    assert dossier_deadlines.adjust(avg, extension=True, extension_notice=D("2026-11-25")) == D("2027-02-02")
    with pytest.raises(UsageError, match="met de hand"):
        dossier_deadlines.adjust(dossier_deadlines.add_manual("Zelf", D("2026-12-01")), postponement_weeks=2)


def _objection_dossier():
    entries.add_person("ouder", "Ouder Een", street="Straat 1", postcode="1000 AA", city="Stad")
    entries.add_person("kind", "Kind Een", birth_date=dt.date(2015, 1, 1))
    entries.add_contact("gemeente", "Gemeente Stad", street="Postbus 1", postcode="1000 AB", city="Stad")
    case = entries.add_traject("Aanvraag")
    entries.add_document(occurred_on=D("2026-11-02"), title="Beschikking", doc_kind="beschikking",
                         kenmerk="K-1", decision_date=D("2026-11-02"), case_id=case)
    return case


def test_item10_sending_a_bezwaar_starts_beslistermijn_and_closes_bezwaartermijn(dossier):
    case = _objection_dossier()
    assert set(_items(D("2026-11-22"))) == {"bezwaartermijn"}
    rendered = render_letter("bezwaarschrift", today=D("2026-11-22"), answers={"gevraagde_hulp": "Begeleiding."})
    letter = letter_log.record(dossier, rendered, rendered.to_docx(), on=D("2026-11-22"))
    sending.mark_sent(letter, D("2026-11-23"), "post")
    items = _items(D("2026-11-23"))
    assert "bezwaartermijn" not in items  # sending the bezwaar ends it
    assert items["beslistermijn-bezwaar"].due_date == D("2027-01-25")  # without any confirmation of receipt
    assert "ook als de gemeente de ontvangst" in items["beslistermijn-bezwaar"].explanation
    sending.confirm_receipt(letter, D("2026-11-25"))
    assert [i.rule for i in dossier_deadlines.open_items(D("2026-11-25"))].count("beslistermijn-bezwaar") == 1
    assert case


def test_item10_receipt_term_starts_when_sent_and_is_recomputed_on_receipt(dossier):
    case = _objection_dossier()
    dossier_deadlines.add_computed("beslistermijn-aanvraag", D("2026-08-03"), case_id=case)  # passed on 28 September
    rendered = render_letter("ingebrekestelling", today=D("2026-11-22"))
    letter = letter_log.record(dossier, rendered, rendered.to_docx(), on=D("2026-11-22"))
    sending.mark_sent(letter, D("2026-11-20"), "post")  # Friday: assumed received Monday 23 Nov
    item = _items(D("2026-11-22"))["ingebrekestelling"]
    assert item.due_date == D("2026-12-07") and "Nog niet bevestigd" in item.explanation
    sending.confirm_receipt(letter, D("2026-11-24"))
    item = _items(D("2026-11-22"))["ingebrekestelling"]
    assert item.due_date == D("2026-12-08") and "Nog niet bevestigd" not in item.explanation
    assert [i.rule for i in dossier_deadlines.open_items(D("2026-11-22"))].count("ingebrekestelling") == 1


def test_item8_pro_forma_tracks_the_hersteltermijn_and_suspends_the_beslistermijn(dossier):
    _objection_dossier()
    rendered = render_letter("bezwaarschrift-pro-forma", today=D("2026-11-22"))
    letter = letter_log.record(dossier, rendered, rendered.to_docx(), on=D("2026-11-22"))
    sending.mark_sent(letter, D("2026-11-23"), "email")
    items = _items(D("2026-11-23"))
    repair = items["hersteltermijn"]
    assert repair.title.startswith("Belangrijk") and repair.due_date == D("2026-12-21")
    assert "uiterlijk op deze dag" in repair.next_step
    # The gemeente asks on 1 December for the gronden by 29 December.
    dossier_deadlines.set_repair_term(repair.id, D("2026-12-01"), D("2026-12-29"))
    items = _items(D("2026-12-02"))
    assert items["hersteltermijn"].due_date == D("2026-12-29")
    assert items["beslistermijn-bezwaar"].due_date == D("2027-02-22")
    assert "Awb 7:10 lid 2" in items["beslistermijn-bezwaar"].explanation
    # The gronden went in on 15 December: the suspension ends there.
    dossier_deadlines.set_repair_term(repair.id, D("2026-12-01"), D("2026-12-29"), supplied_on=D("2026-12-15"))
    items = _items(D("2026-12-16"))
    assert "hersteltermijn" not in items
    assert items["beslistermijn-bezwaar"].due_date == D("2027-02-08")


def test_item7_cli_stores_and_recomputes(tmp_path, cli, passphrase_file):
    import json

    from tests.conftest import PASSPHRASE
    from dossier_app.store.dossier import Dossier

    path = tmp_path / "gezin.dossier"
    Dossier.create(path, PASSPHRASE).close()
    code, out, err = cli("deadline-add", path, "Beslistermijn bezwaar", "2026-11-02", "--rule",
                         "beslistermijn-bezwaar", "--commissie", "--passphrase-file", passphrase_file)
    assert code == 0, err
    entry_id = int(out.split()[1])
    code, out, err = cli("deadline-adjust", path, entry_id, "--verdaging", "6", "--verdaging-bericht", "2027-02-20",
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "maandag 19 april 2027" in out
    code, out, err = cli("deadlines", path, "--json", "--today", "2026-11-22", "--passphrase-file", passphrase_file)
    item = json.loads(out)[0]
    assert item["due_date"] == "2027-04-19"
    assert "met adviescommissie" in item["explanation"] and "bericht van 20 februari 2027" in item["explanation"]
    code, out, err = cli("deadline", "beslistermijn-bezwaar", "2026-11-02", "--verdaging", "6",
                         "--uitstel-instemming", "4", "--json")
    assert json.loads(out)["deadline"] == "2027-04-05"


def test_item10_a_bezwaarschrift_recorded_by_hand_closes_the_bezwaartermijn(dossier):
    import datetime as dt

    from dossier_app.store import dossier_deadlines as deadlines_in_dossier
    from dossier_app.store import entries as store_entries

    traject = store_entries.add_traject("Bezwaar", opened_on=dt.date(2026, 10, 1))
    store_entries.add_document(occurred_on=dt.date(2026, 11, 2), title="Beschikking", doc_kind="beschikking",
                               decision_date=dt.date(2026, 11, 2), case_id=traject)
    store_entries.add_document(occurred_on=dt.date(2026, 11, 20), title="Mijn bezwaarschrift",
                               doc_kind="bezwaarschrift", direction="verzonden", case_id=traject)
    open_rules = {item.rule: item.due_date for item in deadlines_in_dossier.open_items(dt.date(2026, 11, 21))}
    assert "bezwaartermijn" not in open_rules
    # six weeks from the end of the bezwaartermijn (Monday 14 December 2026): Monday 25 January 2027
    assert open_rules["beslistermijn-bezwaar"] == dt.date(2027, 1, 25)
