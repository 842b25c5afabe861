"""The benchmark's own rules (no timing here): figures need a target or a reason, app and baseline alternate,
and each baseline gives the same output as the app on the demo dossier."""

from __future__ import annotations

import datetime as dt

import pytest

from bench import bare
from bench.measure import MIN_ROUNDS, Report, timed_pair


def test_a_figure_without_target_or_reason_is_refused():
    report = Report()
    with pytest.raises(ValueError, match="neither a target"):
        report.add("zonder doel", 1.0, "ms")
    kept = report.add("met reden", 1.0, "ms", why="alleen ter vergelijking")
    assert kept.passed is None and kept.why == "alleen ter vergelijking"


def test_a_figure_is_the_median_of_its_rounds_with_min_and_max():
    report = Report()
    result = report.timing("ronden", [0.004, 0.001, 0.009, 0.002, 0.003], [0.001] * 5, target="≤ 5 ms",
                           check=lambda v, r: v <= 5)
    assert (result.value, result.low, result.high, result.rounds) == (3.0, 1.0, 9.0, 5)
    assert result.baseline == 1.0 and result.ratio == 3.0 and result.passed is True


def test_app_and_baseline_alternate_for_at_least_five_rounds():
    calls = []
    report = Report()
    report.pair("om en om", lambda: calls.append("app"), lambda: calls.append("kaal"), 2, target="—",
                check=lambda v, r: True)
    assert calls == ["app", "kaal"] * (MIN_ROUNDS + 1)      # one warm-up each, then the rounds
    ours, theirs = timed_pair(lambda: calls.append("a"), lambda: calls.append("b"), 3)
    assert calls[-6:] == ["a", "b"] * 3 and len(ours) == len(theirs) == 3


@pytest.fixture
def opened_demo(demo_path):
    from tests.conftest import PASSPHRASE
    from dossier_app.services.session import DossierSession, store_handle

    session = DossierSession(demo_path)
    with session:      # bound for the store calls of the test; locked at the end
        session.unlock(PASSPHRASE)
        yield session, store_handle(session)


def test_the_search_baseline_gives_the_apps_rows_in_the_apps_order(opened_demo):
    from dossier_app.store import search

    _session, dossier = opened_demo
    connection = bare.connect(dossier.path, dossier.key_literal)
    try:
        for text in ("bezwaar", "Noor", "beschik", "gemeente Lindenhoven"):
            ours = [(hit.source, hit.ref) for hit in search.search(text)]
            theirs = [(row[0], row[1]) for row in connection.execute(bare.SEARCH_SQL, (search.fts_query(text),))]
            assert ours and ours == theirs[:len(ours)]
    finally:
        connection.close()


@pytest.mark.parametrize("today", [dt.date(2026, 11, 22), dt.date(2026, 12, 20), dt.date(2027, 3, 1)])
def test_the_overview_baseline_reads_the_same_terms_meldingen_afspraken_and_counts(opened_demo, today):
    from dossier_app.services import deadlines, next_steps

    session, dossier = opened_demo
    steps = next_steps.next_steps(session, today)
    shown = next_steps.overview(session, today)
    state = deadlines.case_state(session, today)
    connection = bare.connect(dossier.path, dossier.key_literal)
    try:
        trajecten, grouped, agreements, _waiting, recent, closings, counts = bare.overview_rows(
            connection, today.isoformat(), next_steps.FIRST_PER_GROUP)
    finally:
        connection.close()
    assert bare.RECENT_ENTRIES == next_steps.RECENT_ENTRIES
    assert [row[0] for row in recent] == [item.id for item in shown.recent]
    terms = {row[0] for rows in grouped.values() for row in rows}
    assert terms == {step.deadline_id for step in steps if not step.is_agreement}
    assert [row[0] for row in agreements] == [step.deadline_id for step in shown.agreements]
    assert counts == (shown.open_count, shown.overdue_count, shown.agreements_total)
    assert {row[0] for row in trajecten} >= {step.traject_id for step in steps if step.traject_id}
    # The meldingen: the baseline picks out the same closings (their wording is the app's own work).
    from dossier_app.deadlines import RULES, consequences

    assert bare.LEGAL_RULES == frozenset(RULES) and bare.MANUAL_REASON == consequences.MANUAL_REASON
    noticed = {traject.id: [notice.split(":")[0] for notice in traject.notices]
               for traject in state.trajecten if traject.notices}
    assert noticed == {case: [row[1].split(":")[0] for row, _reason in sorted(
        found, key=lambda pair: (str(pair[0][11]), pair[0][0]), reverse=True)] for case, found in closings.items()}


@pytest.mark.parametrize("today", [dt.date(2026, 11, 22), dt.date(2026, 12, 20), dt.date(2027, 3, 1)])
def test_the_first_overview_baseline_gives_the_same_next_steps_and_letters(opened_demo, today):
    from dossier_app.services import next_steps

    session, dossier = opened_demo
    shown = next_steps.overview(session, today)
    connection = bare.connect(dossier.path, dossier.key_literal)
    try:
        _rows, steps, own = bare.overview_with_advice(connection, today.isoformat(), next_steps.FIRST_PER_GROUP)
    finally:
        connection.close()
    said = 0
    for group in shown.trajecten:
        ours = [(step.deadline_id, step.advice, step.kind_id, step.label if step.kind_id else "")
                for step in group.steps]
        assert ours == steps.get(group.traject_id, [])[:len(ours)]
        assert len(steps.get(group.traject_id, [])) == group.total
        if group.traject_id is not None:
            notices, step = own[group.traject_id]
            assert group.advice == (step.text if step else "") and list(group.notices) == notices
        said += sum(1 for step in group.steps if step.kind_id)
    assert said, "the demo has a step with a letter on each of these days"


@pytest.mark.parametrize("today", [dt.date(2026, 11, 22), dt.date(2026, 12, 20), dt.date(2027, 3, 1)])
def test_the_families_baseline_gives_what_mijn_gezinnen_shows(opened_demo, today):
    from dossier_app.services import caseload

    session, dossier = opened_demo
    from dossier_app.services import deadlines

    for traject in deadlines.case_state(session, today).trajecten[:2]:    # closes terms: meldingen
        deadlines.withdraw(session, traject.id, "aanvraag", today - dt.timedelta(days=1))
    key, literal, path = dossier.key, dossier.key_literal, dossier.path
    session.lock()
    read = caseload.load([path], today=today, session_keys={str(path.resolve()): key})
    name, rows = bare.family_with_advice(path, literal, today.isoformat())
    assert [family.label for family in read.families] == [name[0][0]]
    ours = sorted((item.id if item.source != caseload.NOTICE else 0, item.title, item.due_date, item.traject,
                   item.next_step if item.source == "termijn" else item.explanation) for item in read.items)
    theirs = sorted((0 if due is None and not explained and title.split(":")[0] != "Afspraak" else item_id,
                     title, due, traject, explained) for item_id, title, due, traject, explained in rows)
    assert ours == theirs
    assert any(item.source == "termijn" and item.next_step for item in read.items)
    assert any(item.source == caseload.NOTICE for item in read.items)
    assert any(item.source == "afspraak" and item.explanation.startswith("Afgesproken") for item in read.items)


def test_the_preparation_baseline_reads_what_the_preparation_shows(opened_demo):
    from dossier_app.services import preparation
    from dossier_app.store import overview

    today = dt.date(2026, 11, 22)
    _session, dossier = opened_demo
    connection = bare.connect(dossier.path, dossier.key_literal)
    try:
        for case in (1, 2, 5):
            (traject, people, open_terms, _closings, agreements, history, inaccurate,
             awaiting) = bare.traject_rows(connection, case, preparation.HISTORY_LENGTH, today.isoformat())
            assert traject[0] == case and {row[1] for row in people} <= {"ouder", "kind"}
            assert [row[2] for row in history] == [row["title"] for row in overview.history(case, 8)]
            assert sorted(row[0] for row in agreements) == sorted(row["id"] for row in overview.open_agreements(case))
            assert [row[0] for row in inaccurate] == [row["title"] for row in overview.inaccurate_documents(case)]
            assert sorted(row[6] for row in awaiting) == sorted(row["term_entry_id"]
                                                                for row in overview.awaiting_answer(case))
            assert open_terms == sorted(open_terms, key=lambda row: (row[2], row[0]))
    finally:
        connection.close()


def test_the_bare_write_stores_a_note_the_app_finds(opened_demo, tmp_path):
    import shutil

    from dossier_app.services.session import DossierSession
    from dossier_app.store import search

    session, dossier = opened_demo
    key, literal = dossier.key, dossier.key_literal
    session.lock()
    copy = tmp_path / "kopie.dossier"
    shutil.copyfile(dossier.path, copy)
    connection = bare.connect(copy, literal, writes=True)
    bare.write_note(connection, 1, "Een kale notitie over de zorgvuldigheidstoets.", "2026-11-20", search.index_rowid)
    connection.close()
    with DossierSession(copy) as reopened:
        reopened.unlock_with_key(key)
        hits = search.search("zorgvuldigheidstoets")
        assert [hit.title for hit in hits] == ["Notitie 1"]


def test_the_bare_write_baseline_leaves_the_note_in_the_file_itself_as_the_app_does(opened_demo, tmp_path):
    """The write figure's baseline gives the app's output: after the write, NAME.dossier alone (copied while
    the connection is still open, without its -wal) holds the note (docs/SECURITY.md, property 6); the
    informative write without a checkpoint does not."""
    import shutil

    from dossier_app.services.session import DossierSession
    from dossier_app.store import search

    session, dossier = opened_demo
    key, literal = dossier.key, dossier.key_literal
    session.lock()
    found = {}
    for checkpoint in (True, False):
        working = tmp_path / f"werk-{checkpoint}.dossier"
        shutil.copyfile(dossier.path, working)
        connection = bare.connect(working, literal, writes=True)
        try:
            bare.write_note(connection, 1, "Een kale notitie over de zorgvuldigheidstoets.", "2026-11-20",
                            search.index_rowid, checkpoint=checkpoint)
            alone = tmp_path / f"alleen-{checkpoint}.dossier"
            shutil.copyfile(working, alone)          # the file only, as a sync program or a copy takes it
        finally:
            connection.close()
        with DossierSession(alone) as reopened:
            reopened.unlock_with_key(key)
            found[checkpoint] = [hit.title for hit in search.search("zorgvuldigheidstoets")]
    assert found == {True: ["Notitie 1"], False: []}


def test_the_bare_attachment_baseline_gives_the_apps_row_and_index_row(opened_demo, tmp_path):
    """Storing an attachment: the baseline's row has the app's size and SHA-256, and the entry's search-index
    row becomes the same text (the file name findable), in a copy of the same dossier."""
    import shutil

    from dossier_app.store import attachments, entries, search
    from dossier_app.store.models import database

    _session, dossier = opened_demo
    entry_id = entries.timeline(kind="document", limit=1)[0].id
    source = tmp_path / "rapport-zorgvuldigheidstoets.pdf"
    source.write_bytes(b"%PDF-1.4 een kleine bijlage " * 4000)
    copy = tmp_path / "kopie.dossier"
    shutil.copyfile(dossier.path, copy)
    folder = tmp_path / "kaal"
    folder.mkdir()
    attachments.add_file(dossier, entry_id, source)
    ours_row = database.execute_sql("SELECT size, sha256 FROM attachment WHERE entry_id = ? ORDER BY id DESC",
                                    (entry_id,)).fetchone()
    ours_index = database.execute_sql("SELECT body FROM search_index WHERE rowid = ?",
                                      (search.index_rowid("entry", entry_id),)).fetchone()[0]
    connection = bare.connect(copy, dossier.key_literal, writes=True)
    try:
        bare.store_attachment(connection, source, folder, entry_id, 64 * 1024, search.index_rowid)
        theirs_row = connection.execute("SELECT size, sha256 FROM attachment WHERE entry_id = ? ORDER BY id DESC",
                                        (entry_id,)).fetchone()
        theirs_index = connection.execute("SELECT body FROM search_index WHERE rowid = ?",
                                          (search.index_rowid("entry", entry_id),)).fetchone()[0]
    finally:
        connection.close()
    assert tuple(ours_row) == tuple(theirs_row) and ours_row[0] == source.stat().st_size
    assert "rapport-zorgvuldigheidstoets.pdf" in ours_index
    assert sorted(ours_index.split("\n")) == sorted(theirs_index.split("\n"))
    assert len(list(folder.iterdir())) == 1


def test_the_import_baseline_reads_in_a_process_the_text_the_app_reads(tmp_path):
    from pypdf import PdfReader

    from dossier_app.intake import pdftext
    from tests.intake.test_pdftext import letter_pdf

    letters = [letter_pdf(tmp_path / f"brief-{number}.pdf", f"RS-2026-{number}", f"{number + 1} juni 2026")
               for number in range(3)]
    reading = bare.PdfChild()
    try:
        for letter in letters:     # one process, file after file, each its own text
            text = reading.text(letter)
            assert text == "\n".join(page.extract_text() for page in PdfReader(letter).pages)
            assert text == "\n".join(pdftext.page_texts(letter.read_bytes()))
            assert f"RS-2026-{letters.index(letter)}" in text
        assert reading.process.poll() is None
    finally:
        reading.stop()
    assert reading.process.returncode == 0
