"""Issue 25: what reading a letter needs of the dossier (its parties, every traject's terms) is read once and
kept while nothing is committed; anything committed — here or from another thread's connection — is seen by
the next file."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from dossier_app.services import deadlines, family, intake
from dossier_app.services import session as sessions
from dossier_app.store import entries
from tests.conftest import PASSPHRASE
from tests.intake.test_pdftext import letter_pdf


@pytest.fixture
def opened(tmp_path):
    session = sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE)
    yield session
    session.lock()


def in_another_thread(work):
    """Run ``work`` on its own thread (peewee gives it its own connection), as the app's task runner does."""
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(work()))
    worker.start()
    worker.join(30)
    assert done, "the write in the other thread did not finish"
    return done[0]


def test_contacts_are_read_once_while_nothing_changes(opened, tmp_path, monkeypatch):
    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    intake.analyse(opened, letter)
    reads = []
    real = entries.contact_names
    monkeypatch.setattr(entries, "contact_names", lambda: reads.append(1) or real())
    intake.analyse(opened, letter)
    intake.analyse(opened, letter)
    assert reads == []
    family.add_contact(opened, "wijkteam", "Wijkteam Oost")
    intake.analyse(opened, letter)
    assert reads == [1]


@pytest.mark.parametrize("where", ["same thread", "other thread"])
def test_a_sender_added_after_a_first_read_is_recognised(opened, tmp_path, where):
    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    assert intake.analyse(opened, letter).sender_contact_id is None

    def add():
        return family.add_contact(opened, "gemeente", "Gemeente Rivierstad")

    added = add() if where == "same thread" else in_another_thread(add)
    assert intake.analyse(opened, letter).sender_contact_id == added


@pytest.mark.parametrize("where", ["same thread", "other thread"])
def test_a_term_set_after_a_first_read_draws_the_letter_to_its_traject(opened, tmp_path, where):
    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    waiting = family.add_traject(opened, "Ambulante begeleiding")
    other = family.add_traject(opened, "Dagbesteding")     # newer: it comes first while nothing waits
    assert intake.analyse(opened, letter).traject_id == other

    def add():
        return deadlines.add_deadline(opened, "Aanvraag begeleiding", dt.date(2026, 5, 1),
                                      rule_id="beslistermijn-aanvraag", traject_id=waiting)

    add() if where == "same thread" else in_another_thread(add)
    found = intake.analyse(opened, letter)
    assert found.traject_id == waiting and found.traject_id != other
    assert "wacht hierop" in intake.traject_choice(opened, found)


def test_trajecten_children_and_terms_are_read_once_while_nothing_changes(opened, tmp_path, monkeypatch):
    """The trajecten, the children and every traject's terms too: a next file reads none of them again, nor does
    the review asking which traject the letter goes to; a commit makes the next file read them once."""
    from dossier_app.store import dossier_deadlines

    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    family.add_traject(opened, "Ambulante begeleiding")
    intake.analyse(opened, letter)
    reads: list[str] = []
    for module, name in ((entries, "trajecten"), (entries, "people"), (dossier_deadlines, "terms_per_traject")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, real=real, name=name, **kw: reads.append(name) or real(*args,
                                                                                                            **kw))
    found = intake.analyse(opened, letter)
    intake.analyse_many(opened, [letter, letter])
    intake.traject_choice(opened, found)
    assert reads == []
    family.add_traject(opened, "Dagbesteding")
    intake.analyse(opened, letter)
    assert sorted(reads) == ["people", "terms_per_traject", "trajecten"]


@pytest.mark.parametrize("where", ["same thread", "other thread"])
def test_a_traject_added_or_closed_after_a_first_read_is_seen(opened, tmp_path, where):
    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    first = family.add_traject(opened, "Ambulante begeleiding")
    assert intake.analyse(opened, letter).traject_id == first

    def run(work):
        return work() if where == "same thread" else in_another_thread(work)

    newer = run(lambda: family.add_traject(opened, "Dagbesteding"))     # the newest comes first among equals
    assert intake.analyse(opened, letter).traject_id == newer
    run(lambda: family.set_traject_status(opened, newer, "afgerond"))   # a closed traject counts only by kenmerk
    assert intake.analyse(opened, letter).traject_id == first


@pytest.mark.parametrize("where", ["same thread", "other thread"])
def test_a_term_done_after_a_first_read_no_longer_draws_the_letter(opened, tmp_path, where):
    """What the consequence model says a letter answers in a traject is kept with the trajecten: a term ticked off
    (committed here or by another connection) is not answered by the next file."""
    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    waiting = family.add_traject(opened, "Ambulante begeleiding")
    other = family.add_traject(opened, "Dagbesteding")
    term = deadlines.add_deadline(opened, "Aanvraag begeleiding", dt.date(2026, 5, 1),
                                  rule_id="beslistermijn-aanvraag", traject_id=waiting)
    found = intake.analyse(opened, letter)
    assert found.traject_id == waiting and "wacht hierop" in intake.traject_choice(opened, found)

    def done():
        deadlines.mark_done(opened, term)

    done() if where == "same thread" else in_another_thread(done)
    found = intake.analyse(opened, letter)
    assert found.traject_id == other and "wacht hierop" not in intake.traject_choice(opened, found)


@pytest.mark.parametrize("where", ["same thread", "other thread"])
def test_a_child_added_after_a_first_read_is_named(opened, tmp_path, where):
    letter = tmp_path / "brief.pdf"
    letter_pdf(letter, "RS-2026-1", "3 juni 2026")
    assert intake.analyse(opened, letter).child_id is None

    def add():
        return family.add_person(opened, "kind", "Gemeente Rivierstad")    # a name the letter holds

    child = add() if where == "same thread" else in_another_thread(add)
    found = intake.analyse(opened, letter)
    assert found.child_id == child and found.child_name == "Gemeente Rivierstad"


def test_an_import_reads_the_settings_limits_once_for_all_its_files(opened, tmp_path, monkeypatch):
    from dossier_app import paths, settings

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    letters = [letter_pdf(tmp_path / f"brief-{number}.pdf", f"RS-2026-{number}", "3 juni 2026") for number in (1, 2, 3)]
    reads = []
    real = settings.load
    monkeypatch.setattr(settings, "load", lambda: reads.append(1) or real())
    assert len(intake.analyse_many(opened, letters).suggestions) == 3
    assert reads == [1]


@pytest.mark.parametrize("where", ["same thread", "other thread"])
def test_a_letter_stored_after_a_first_read_is_seen_as_already_there(opened, tmp_path, where):
    """The documents looked up by kenmerk and by file are kept with the rest: a document with the letter's kenmerk
    and date, or the very file, stored after a first read (here or by another connection) is seen by the next."""
    from dossier_app.services import timeline

    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    first = intake.analyse(opened, letter)
    assert not any("staat al in het dossier" in warning for warning in first.warnings)

    def run(work):
        return work() if where == "same thread" else in_another_thread(work)

    run(lambda: timeline.add_document(opened, occurred_on=dt.date(2026, 6, 3), title="Beschikking",
                                      doc_kind="beschikking", kenmerk="RS-2026-1"))
    again = intake.analyse(opened, letter)
    assert any("hetzelfde kenmerk (RS-2026-1)" in warning for warning in again.warnings)
    run(lambda: intake.accept(opened, first, anyway=True))
    third = intake.analyse(opened, letter)
    assert any("staat al in het dossier (dit bestand" in warning for warning in third.warnings)


def test_no_name_of_the_dossier_stays_in_a_compiled_pattern_after_locking(tmp_path):
    """A party's name pattern is kept with the dossier's parties while it is open, never for the process."""
    import gc
    import re

    session = sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE)
    family.add_contact(session, "gemeente", "Gemeente Rivierstad")
    letter = letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026")
    assert intake.analyse(session, letter).sender_contact_id is not None

    def named() -> list[str]:
        gc.collect()
        return [item.pattern for item in gc.get_objects()
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str) and "Rivierstad" in item.pattern]

    assert named(), "while the dossier is open its name patterns are kept"
    session.lock()
    assert named() == []
