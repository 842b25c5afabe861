"""Issue 22 (deadlines): an opschorting (Awb 4:15 lid 1, Awb 7:10 lid 2) runs from the day
after the request to complete or repair until, not including, the day it was completed or
the period given for it ended unused. The dates are chosen so that one day more or less
lands on another working day: a weekend or feestdag cannot hide an off-by-one."""

import datetime as dt
import json

import pytest

from dossier_app.deadlines import RULES, compute
from dossier_app.deadlines.calendar import next_working_day
from dossier_app.deadlines.engine import suspended_days
from dossier_app.store import dossier_deadlines, entries

D = dt.date.fromisoformat


def _neighbours_are_working_days(day: dt.date) -> None:
    for other in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):
        assert next_working_day(other)[0] == other, f"{other} is no working day: the test could not see a slip"


def test_suspended_days_are_strictly_between_request_and_completion():
    assert suspended_days(D("2026-09-08"), D("2026-09-17")) == 8        # 9 .. 16 September
    assert suspended_days(D("2026-09-08"), D("2026-09-09")) == 0        # completed the next day
    assert suspended_days(D("2026-09-08"), D("2026-09-08")) == 0        # completed the same day


def test_beslistermijn_aanvraag_opschorting_counts_the_days_between():
    plain = compute("beslistermijn-aanvraag", D("2026-09-01"))
    assert plain.deadline == D("2026-10-27")
    # Asked to complete on Tuesday 8 September, completed Thursday 17 September:
    # stood still 9 up to and including 16 September = 8 days -> Wednesday 4 November.
    result = compute("beslistermijn-aanvraag", D("2026-09-01"), suspensions=[(D("2026-09-08"), D("2026-09-17"))])
    assert result.deadline == D("2026-11-04")
    _neighbours_are_working_days(result.deadline)
    assert "Awb 4:15 lid 1" in result.explanation
    assert "van 9 september 2026 tot en met 16 september 2026: acht dagen erbij" in result.explanation
    assert "gevraagd op 8 september 2026" in result.explanation


def test_beslistermijn_bezwaar_opschorting_counts_the_days_between():
    plain = compute("beslistermijn-bezwaar", D("2026-11-02"))
    assert plain.deadline == D("2027-01-25")
    # Hersteltermijn asked Tuesday 1 December, gronden sent Thursday 10 December:
    # stood still 2 .. 9 December = 8 days -> Tuesday 2 February 2027.
    result = compute("beslistermijn-bezwaar", D("2026-11-02"), suspensions=[(D("2026-12-01"), D("2026-12-10"))])
    assert result.deadline == D("2027-02-02")
    _neighbours_are_working_days(result.deadline)
    assert "Awb 7:10 lid 2" in result.explanation and "acht dagen erbij" in result.explanation


def test_completed_the_next_day_adds_nothing():
    result = compute("beslistermijn-aanvraag", D("2026-09-01"), suspensions=[(D("2026-09-08"), D("2026-09-09"))])
    assert result.deadline == D("2026-10-27")
    assert "stond geen dag stil" in result.explanation


def test_the_stored_hersteltermijn_suspends_the_beslistermijn_op_bezwaar_by_the_days_between(dossier):
    case = entries.add_traject("Bezwaar")
    source = entries.add_document(occurred_on=D("2026-11-23"), title="Bezwaarschrift", doc_kind="bezwaarschrift",
                                  case_id=case)
    dossier_deadlines.add_computed("beslistermijn-bezwaar", D("2026-11-02"), case_id=case, source_entry_id=source)
    repair = dossier_deadlines.add_computed("hersteltermijn", D("2026-11-23"), case_id=case, source_entry_id=source)
    dossier_deadlines.set_repair_term(repair, D("2026-12-01"), D("2026-12-29"), supplied_on=D("2026-12-10"))
    item = next(i for i in dossier_deadlines.open_items(D("2026-12-11")) if i.rule == "beslistermijn-bezwaar")
    assert item.due_date == D("2027-02-02")


def test_the_hersteltermijn_is_not_labelled_a_statutory_term():
    rule = RULES["hersteltermijn"]
    assert "geen wettelijke termijn" in rule.basis
    assert "bepaalt zelf hoe lang" in rule.description
    result = compute("hersteltermijn", D("2026-11-23"))
    assert result.basis != "Awb 6:6"


def test_cli_help_says_what_to_enter_for_an_opschorting(cli, capsys):
    with pytest.raises(SystemExit):
        cli("deadline", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "GEVRAAGD AANGEVULD" in text
    assert "datum van het verzoek om aanvulling" in text and "ongebruikt verstreek" in text
    assert "vanaf de dag na GEVRAAGD tot (niet tot en met) AANGEVULD" in text
    code, out, _ = cli("deadline", "beslistermijn-aanvraag", "2026-09-01", "--opschorting", "2026-09-08",
                       "2026-09-17", "--json")
    assert json.loads(out)["deadline"] == "2026-11-04"


def test_the_term_facts_dialog_asks_for_the_request_and_the_completion(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt

    from tests.conftest import PASSPHRASE
    from dossier_app.services import deadlines, session as sessions, timeline
    from dossier_app.ui.term_facts_dialog import TermFactsDialog
    from PySide6.QtWidgets import QLabel

    from tests.support.uihelpers import (
        WAIT_MS, click_row, click_sidebar, open_with_passphrase, page, row_texts, type_into, wait_idle, when_modal,
    )

    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Test") as opened:
        timeline.add_document(opened, occurred_on=D("2026-09-01"), title="Aanvraag jeugdhulp",
                              doc_kind="aanvraag", direction="verzonden", received_on=D("2026-09-01"))
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    click_sidebar(qtbot, window, "Termijnen")
    deadline_page = page(window, "termijnen")
    texts = row_texts(deadline_page.view, 3)
    click_row(qtbot, deadline_page.view, texts.index(next(t for t in texts if t.startswith("Beslistermijn"))))
    seen = {}

    def fill(dialog):
        seen["help"] = " ".join(dialog.findChild(QLabel, "suspension-help").text().split())
        seen["labels"] = (dialog.stood_still_from.edit.accessibleName(), dialog.stood_still_to.edit.accessibleName())
        type_into(qtbot, dialog.stood_still_from.edit, "08-09-2026")
        type_into(qtbot, dialog.stood_still_to.edit, "17-09-2026")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        seen["error"] = dialog.error.text()
        if dialog.isVisible():
            dialog.reject()

    when_modal(qtbot, TermFactsDialog, fill)
    qtbot.mouseClick(deadline_page.adjust_button, Qt.LeftButton)
    assert seen["error"] == ""
    assert "datum in van de brief waarin de organisatie om aanvulling vroeg" in seen["help"]
    assert "vanaf de dag na het verzoek tot de dag van de aanvulling" in seen["help"]
    assert "verzoek om aanvulling" in seen["labels"][0]
    item = next(i for i in deadlines.open_items(window.session, D("2026-09-02"))
                if i.rule == "beslistermijn-aanvraag")
    assert item.due_date == D("2026-11-04")


def test_the_hersteltermijn_entered_on_the_beslistermijn_op_bezwaar_suspends_it(qtbot, window, tmp_path):
    """Found by reading (issue 21): the term facts dialog offers the hersteltermijn box on the beslistermijn op
    bezwaar, but passed that term to the store, which refused it ("Dit is geen hersteltermijn"). Now the
    hersteltermijn of the same bezwaar gets the gemeente's dates (made when there was none) and the beslistermijn
    stands still from the request until the gronden were sent (Awb 7:10 lid 2)."""
    from PySide6.QtCore import Qt

    from tests.conftest import PASSPHRASE
    from dossier_app.services import deadlines, session as sessions, timeline
    from dossier_app.ui.term_facts_dialog import TermFactsDialog

    from tests.support.uihelpers import (
        WAIT_MS, click_row, click_sidebar, open_with_passphrase, page, row_texts, type_into, wait_idle, when_modal,
    )

    path = tmp_path / "gezin.dossier"
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Test") as opened:
        timeline.add_document(opened, occurred_on=D("2026-10-01"), title="Beschikking", doc_kind="beschikking",
                              decision_date=D("2026-10-01"))
        timeline.add_document(opened, occurred_on=D("2026-10-20"), title="Bezwaarschrift", doc_kind="bezwaarschrift",
                              direction="verzonden")
        before = next(i for i in deadlines.open_items(opened, D("2026-10-21"))
                      if i.title.startswith("Beslistermijn op bezwaar"))
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    click_sidebar(qtbot, window, "Termijnen")
    deadline_page = page(window, "termijnen")
    texts = row_texts(deadline_page.view, 3)
    click_row(qtbot, deadline_page.view, texts.index(next(t for t in texts if t.startswith("Beslistermijn op"))))
    seen = {}

    def fill(dialog):
        seen["repair_shown"] = dialog.repair_asked.edit.isVisibleTo(dialog)
        type_into(qtbot, dialog.repair_asked.edit, "01-12-2026")
        type_into(qtbot, dialog.repair_until.edit, "29-12-2026")
        type_into(qtbot, dialog.repair_sent.edit, "10-12-2026")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        seen["error"] = dialog.error.text()
        if dialog.isVisible():
            dialog.reject()

    when_modal(qtbot, TermFactsDialog, fill)
    qtbot.mouseClick(deadline_page.adjust_button, Qt.LeftButton)
    assert seen == {"repair_shown": True, "error": ""}
    after = next(i for i in deadlines.open_items(window.session, D("2026-12-11")) if i.id == before.id)
    # Stood still from 2 December up to (not including) 10 December: 8 days later than before.
    assert after.due_date - before.due_date >= dt.timedelta(days=8)
    assert "Awb 7:10 lid 2" in after.explanation
