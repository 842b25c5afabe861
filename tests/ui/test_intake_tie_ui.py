"""Issue 21: a decision that fits two trajecten equally well (both wait for a decision) — the import review asks
which traject it belongs to, as a person answers: by clicking one. `import --accept` takes the best match and
says which and why."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QRadioButton

from tests.conftest import PASSPHRASE
from dossier_app.services import session as sessions
from dossier_app.store import entries
from tests.cli.test_consequences_e2e import decision_pdf

from tests.support.uihelpers import (
    WAIT_MS, button, click_sidebar, drop, open_with_passphrase, page, review_dialog, row_texts, wait_idle,
)


def two_waiting_trajecten(path):
    """Two trajecten, each with an aanvraag received in September: both wait for a decision."""
    with sessions.create_dossier(path, PASSPHRASE):
        for title, day in (("Dagbesteding", "2026-09-01"), ("Vervoer", "2026-09-15")):
            traject = entries.add_traject(title, status="aanvraag verstuurd")
            entries.add_document(occurred_on=dt.date.fromisoformat(day), title=f"Aanvraag {title.lower()}",
                                 doc_kind="aanvraag", direction="verzonden", received_on=dt.date.fromisoformat(day),
                                 case_id=traject)
    return path


@pytest.fixture
def opened(qtbot, window, tmp_path):
    path = two_waiting_trajecten(tmp_path / "gezin.dossier")
    open_with_passphrase(qtbot, window, path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    return window


def test_the_review_asks_which_traject_when_two_fit_equally(qtbot, opened, tmp_path):
    window = opened
    click_sidebar(qtbot, window, "Tijdlijn")
    drop(window, [decision_pdf(tmp_path / "besluit.pdf")], page(window, "tijdlijn"))
    qtbot.waitUntil(lambda: review_dialog() is not None, timeout=WAIT_MS)
    dialog = review_dialog()
    choices = [choice for choice in dialog.findChildren(QRadioButton, "intake-tie-choice") if choice.isVisible()]
    assert sorted(choice.text() for choice in choices) == ["Dagbesteding", "Vervoer"]
    assert not any(choice.isChecked() for choice in choices)
    effect = dialog.findChild(QLabel, "intake-effect")
    assert effect.text() == "Kies eerst het traject; dan ziet u hier wat opslaan verandert."
    # Saving before choosing stores nothing and says why.
    qtbot.mouseClick(button(dialog, "Opslaan"), Qt.LeftButton)
    assert dialog.status.text().startswith("Kies eerst bij welk traject deze brief hoort")
    # The person clicks 'Dagbesteding': the review now lists what saving does there.
    chosen = next(choice for choice in choices if choice.text() == "Dagbesteding")
    qtbot.mouseClick(chosen, Qt.LeftButton, pos=QPoint(8, chosen.height() // 2))   # on the round button
    qtbot.waitUntil(lambda: not dialog.findChild(type(dialog.tie), "intake-tie").isVisible(), timeout=WAIT_MS)
    changes = dialog.findChild(QListWidget, "intake-changes")
    lines = [changes.item(number).text() for number in range(changes.count())]
    assert lines[0] == "Sluit: Beslistermijn aanvraag: Aanvraag dagbesteding (besluit ontvangen)."
    assert "Start: bezwaartermijn, laatste dag 12 januari 2027." in lines
    qtbot.mouseClick(button(dialog, "Opslaan"), Qt.LeftButton)
    qtbot.waitUntil(lambda: "opgeslagen" in dialog.status.text(), timeout=WAIT_MS)
    qtbot.mouseClick(button(dialog, "Sluiten"), Qt.LeftButton)
    qtbot.waitUntil(lambda: review_dialog() is None, timeout=WAIT_MS)
    click_sidebar(qtbot, window, "Termijnen")
    titles = row_texts(page(window, "termijnen").view, 3)
    assert not any(title.startswith("Beslistermijn aanvraag: Aanvraag dagbesteding") for title in titles)
    assert any(title.startswith("Beslistermijn aanvraag: Aanvraag vervoer") for title in titles)


def test_import_accept_takes_the_best_match_and_says_which_and_why(tmp_path, cli, passphrase_file):
    path = two_waiting_trajecten(tmp_path / "gezin.dossier")
    code, out, err = cli("import", path, decision_pdf(tmp_path / "besluit.pdf"), "--accept", "--json",
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    row = json.loads(out)[0]
    # The newest traject goes first among equals; the output names it, why it fits, and the other one.
    assert row["traject"] == ("Vervoer (wacht hierop: Beslistermijn aanvraag: Aanvraag vervoer); past even goed bij: "
                              "Dagbesteding — gekozen is het nieuwst aangelegde traject; controleer dit")
    assert len(row["even_goed"]) == 2
    assert "Sluit: Beslistermijn aanvraag: Aanvraag vervoer (besluit ontvangen)." in row["gevolg"]
