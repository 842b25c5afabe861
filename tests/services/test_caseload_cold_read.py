"""Mijn gezinnen's cold read (issue 25): the plain-row read gives exactly what the full case state gives, a wrong
key is still refused, and a read-only peek leaves the file as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 22)


def _expected(path: Path, key: bytes, number: int, today: dt.date) -> list:
    """The rows as Mijn gezinnen made them before issue 25: the full case state (terms and dated afspraken
    through the models), its meldingen, and the undated afspraken, mapped one by one."""
    from dossier_app.services import caseload, deadlines
    from dossier_app.services.session import DossierSession
    from dossier_app.store import backup, overview

    labels = caseload._kind_labels()
    opened = DossierSession(path)
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    with opened:
        name = opened.name
        alias = caseload.pseudonym(backup.existing_dossier_id() or str(path.resolve()))
        state = deadlines.case_state(opened, today)
        trajecten = {traject.id: traject.title for traject in state.trajecten}
        found = []
        for item in state.items:
            label = "Afspraak" if item.source == "afspraak" else labels.get(item.rule, "Termijn")
            found.append(caseload.CaseloadItem(
                number, path, name, item.source, item.id, label, item.title, item.due_date, item.overdue,
                item.days_left, trajecten.get(item.case_id, "") if item.case_id is not None else "", item.rule,
                item.explanation, item.next_step, alias, item.notices))
        for traject in state.trajecten:
            for index, notice in enumerate(traject.notices):
                found.append(caseload.CaseloadItem(number, path, name, caseload.NOTICE, traject.id * 1000 + index,
                                                   "Melding", notice, None, False, None, traject.title,
                                                   family_pseudonym=alias))
        for row in overview.open_agreements(undated_only=True):
            found.append(caseload.CaseloadItem(number, path, name, "afspraak", row["id"], "Afspraak",
                                               f"Afspraak: {row['who']} — {row['what']}", None, False, None,
                                               trajecten.get(row["case_id"], ""), "afspraak",
                                               family_pseudonym=alias))
    return found


def _grow(path: Path) -> None:
    """Many afspraken (dated, undated, done), terms by hand and a withdrawn aanvraag (meldingen)."""
    from dossier_app.services import deadlines, timeline
    from dossier_app.services.session import DossierSession
    from dossier_app.store import overview

    opened = DossierSession(path)
    opened.unlock(PASSPHRASE)
    with opened:
        trajecten = [traject.id for traject in deadlines.case_state(opened, TODAY).trajecten]
        for number in range(40):
            agreements = [timeline.AgreementInput(f"Persoon {number}-{index}", f"Taak {index}",
                                                  TODAY + dt.timedelta(days=index * 7 - 20) if index % 3 else None)
                          for index in range(6)]
            timeline.add_conversation(opened, occurred_on=TODAY - dt.timedelta(days=number), title=f"Gesprek {number}",
                                      agreements=agreements,
                                      traject_id=trajecten[number % len(trajecten)] if number % 4 else None)
        for number in range(12):
            deadlines.add_deadline(opened, f"Termijn {number}", TODAY + dt.timedelta(days=number - 5),
                                   traject_id=trajecten[number % len(trajecten)] if number % 2 else None)
        for traject in trajecten[:2]:
            deadlines.withdraw(opened, traject, "aanvraag", TODAY - dt.timedelta(days=1))
        for row in overview.open_agreements()[::5]:
            if row["who"].startswith("Persoon"):
                deadlines.mark_done(opened, row["id"], is_agreement=True)     # done afspraken stay out


def _done_agreements(path: Path, key: bytes) -> set:
    from dossier_app.services.session import DossierSession
    from dossier_app.store.models import Agreement

    opened = DossierSession(path)
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    with opened:
        return {row.id for row in Agreement.select().where(Agreement.done == True)}  # noqa: E712 - peewee


def _snapshot(folder: Path) -> dict:
    return {item.name: (hashlib.sha256(item.read_bytes()).hexdigest(), item.stat().st_mtime_ns)
            for item in folder.iterdir() if item.is_file()}


@pytest.fixture
def families(tmp_path, demo_path):
    """The demo and a bigger dossier grown from it, closed, with the key."""
    from dossier_app.services import caseload
    from tests.conftest import copy_dossier

    folder = tmp_path / "gezinnen"
    folder.mkdir()
    demo = copy_dossier(demo_path, folder / "demo.dossier")
    bigger = copy_dossier(demo_path, folder / "groot.dossier")
    _grow(bigger)
    key = caseload.key_from_passphrase(demo, PASSPHRASE)
    return {"folder": folder, "paths": [demo, bigger], "key": key}


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 1, 1), dt.date(2031, 6, 30)])
def test_cold_read_gives_exactly_the_full_case_state(families, today):
    from dossier_app.services import caseload

    paths, key = families["paths"], families["key"]
    keys = {str(path.resolve()): key for path in paths}
    result = caseload.load(paths, today=today, session_keys=keys)
    assert [family.state for family in result.families] == [caseload.READ, caseload.READ]
    expected = sorted(_expected(paths[0], key, 1, today) + _expected(paths[1], key, 2, today),
                      key=caseload._sort_key)
    assert list(result.items) == expected
    # The bigger dossier has every kind of row, so the comparison covers each.
    bigger = [item for item in result.items if item.family_number == 2]
    assert len(bigger) > 150
    if today == TODAY:      # the meldingen are of lately closed terms (before the withdrawal: none yet)
        assert {item.source for item in bigger} == {"termijn", "afspraak", caseload.NOTICE}
    assert any(item.source == "afspraak" and item.due_date is None for item in bigger)
    assert any(item.source == "afspraak" and item.due_date is not None and item.traject for item in bigger)
    done = _done_agreements(paths[1], key)
    assert len(done) > 20 and not any(item.source == "afspraak" and item.id in done for item in bigger)


def test_cold_read_with_a_wrong_key_says_so_and_changes_nothing(families):
    from dossier_app.errors import WrongPassphrase
    from dossier_app.services import caseload
    from dossier_app.services.session import DossierSession

    path = families["paths"][0]
    before = _snapshot(families["folder"])
    wrong = bytes(reversed(families["key"]))
    result = caseload.load([path], today=TODAY, session_keys={str(path.resolve()): wrong})
    assert result.families[0].state == caseload.LOCKED
    assert "sleutel past niet meer" in result.families[0].message
    assert result.items == ()
    with pytest.raises(WrongPassphrase, match="wachtwoord klopt niet"):
        DossierSession(path).unlock_with_key(wrong, read_only=True, leave_no_trace=True)
    assert _snapshot(families["folder"]) == before


def test_a_read_only_peek_leaves_the_files_as_they_were(families):
    from dossier_app.services import caseload
    from dossier_app.services.session import DossierSession

    paths, key = families["paths"], families["key"]
    before = _snapshot(families["folder"])
    caseload.load(paths, today=TODAY, session_keys={str(path.resolve()): key for path in paths})
    opened = DossierSession(paths[1])
    opened.unlock_with_key(key, read_only=True, leave_no_trace=True)
    assert opened.read_only
    opened.lock()
    assert _snapshot(families["folder"]) == before           # same bytes, same mtime, no side files


def test_cold_read_sees_what_a_program_that_has_the_dossier_open_wrote(families):
    """Another program has the dossier open for writing (its -wal holds a write not yet in the file)."""
    from dossier_app.services import caseload, deadlines
    from dossier_app.services.session import DossierSession

    path, key = families["paths"][0], families["key"]
    writer = DossierSession(path)
    writer.unlock_with_key(key)
    try:
        deadlines.add_deadline(writer, "Pas geschreven termijn", TODAY + dt.timedelta(days=2))
        result = caseload.load([path], today=TODAY, session_keys={str(path.resolve()): key})
        assert any(item.title == "Pas geschreven termijn" for item in result.items)
        assert writer.is_open and not writer.read_only
    finally:
        writer.lock()


def test_an_advised_item_is_the_item_with_its_next_step():
    """``DeadlineItem.advised`` names every field itself (it is cheaper than dataclasses.replace): a new field
    must be added there too."""
    import dataclasses

    from dossier_app.store.dossier_deadlines import DeadlineItem

    item = DeadlineItem(7, "termijn", "Bezwaartermijn", TODAY, True, -3, "bezwaar", "Awb 6:7", "Uitleg", "Stap", 4,
                        True, ("oud",))
    advised = item.advised("Nieuwe stap", False, ("Melding",))
    assert advised == dataclasses.replace(item, next_step="Nieuwe stap", letter=False, notices=("Melding",))
    assert len(dataclasses.fields(DeadlineItem)) == 13
