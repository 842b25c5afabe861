"""The Overzicht and the gespreksvoorbereiding read their rows in plain SQL and only the closed terms the advice
reads (issue 25): they give exactly what the model queries and the whole history gave."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dossier_app.deadlines import advice
from dossier_app.services import deadlines, handle, next_steps, preparation, session as sessions
from dossier_app.store import letter_log, open_items, overview
from dossier_app.deadlines.consequences import RECEIPT_RULE
from dossier_app.store.models import Agreement, Deadline, Document, Entry, Letter, Recording, Traject
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 22)
DAYS = (TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=30), TODAY, TODAY + dt.timedelta(days=20),
        TODAY + dt.timedelta(days=60), TODAY + dt.timedelta(days=400))


@pytest.fixture
def demo(demo_path):
    opened = sessions.DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    with sessions.store_handle(opened).bound():
        yield opened
    opened.close()


# -- the model queries these replaced, kept here as the reference ------------------------------------------------
def _in_case(query, case_id):
    return query.where(Entry.case == case_id) if case_id is not None else query


def _model_open_agreements(case_id=None, *, undated_only=False):
    query = (Agreement.select(Agreement, Entry).join(Entry, on=(Agreement.entry == Entry.id))
             .where(Agreement.done == False))  # noqa: E712 - peewee expression
    if undated_only:
        query = query.where(Agreement.due_date.is_null())
    rows = [{"id": row.id, "who": row.who, "what": row.what, "due_date": row.due_date,
             "conversation": row.entry.title, "conversation_date": row.entry.occurred_on,
             "case_id": row.entry.case_id} for row in _in_case(query, case_id)]
    rows.sort(key=lambda row: (row["due_date"] is None, row["due_date"] or dt.date.max, row["id"]))
    return rows


def _model_awaiting_answer(case_id=None):
    query = (Deadline.select(Deadline, Entry).join(Entry, on=(Deadline.entry == Entry.id))
             .where((Deadline.status == "open") & Deadline.source_entry.is_null(False)))
    rows = []
    for deadline in _in_case(query, case_id).order_by(Deadline.due_date, Deadline.entry):
        sent = Entry.get_or_none(Entry.id == deadline.source_entry_id)
        if sent is None or sent.kind not in ("brief", "document"):
            continue
        sent_on = sent.occurred_on
        if sent.kind == "document":
            document = Document.get_or_none(Document.entry == sent.id)
            if document is None or document.direction != "verzonden":
                continue
        else:
            letter = Letter.get_or_none(Letter.entry == sent.id)
            if letter is None or letter.sent_on is None:
                continue
            sent_on = letter.sent_on
        rows.append({"title": sent.title, "sent_on": sent_on, "due_date": deadline.due_date,
                     "term": deadline.entry.title, "term_entry_id": deadline.entry_id, "case_id": sent.case_id,
                     "sent_id": sent.id, "rule": deadline.rule_id})
    return rows


def _model_inaccurate_documents(case_id=None):
    query = (Document.select(Document, Entry).join(Entry, on=(Document.entry == Entry.id))
             .where(Document.inaccuracies != ""))
    return [{"title": document.entry.title, "date": document.entry.occurred_on, "sender": document.sender,
             "statements": [line.strip(" -•\t") for line in document.inaccuracies.splitlines()
                            if line.strip(" -•\t")]}
            for document in _in_case(query, case_id).order_by(Entry.occurred_on, Entry.id)]


def _model_history(case_id, limit):
    secret = Recording.select(Recording.entry).where(Recording.consent == False)  # noqa: E712
    query = _in_case(Entry.select().where((Entry.kind != "termijn") & Entry.id.not_in(secret)), case_id)
    rows = [{"date": row.occurred_on, "kind": row.kind, "title": row.title, "id": row.id, "doc_kind": ""}
            for row in query.order_by(Entry.occurred_on.desc(), Entry.id.desc()).limit(limit)]
    kinds = {document.entry_id: document.doc_kind for document in
             Document.select().where(Document.entry.in_([row["id"] for row in rows if row["kind"] == "document"]))}
    for row in rows:
        row["doc_kind"] = kinds.get(row["id"]) or ""
    return rows


def _model_letters():
    rows = (Letter.select(Letter, Entry).join(Entry, on=(Letter.entry == Entry.id))
            .order_by(Entry.occurred_on.desc(), Entry.id.desc()))
    return [{"id": row.entry.id, "kind": row.kind, "subject": row.subject, "date": row.entry.occurred_on.isoformat(),
             "template_version": row.template_version, "case_id": row.entry.case_id,
             "enclosures": json.loads(row.enclosures), "docx_sha256": row.docx_sha256,
             "sent_on": row.sent_on.isoformat() if row.sent_on else None, "send_method": row.send_method,
             "tracking_number": row.tracking_number,
             "receipt_confirmed_on": row.receipt_confirmed_on.isoformat() if row.receipt_confirmed_on else None}
            for row in rows]


def _mark_a_letter_sent():
    """One letter of the demo sent, its receipt not confirmed (the Overzicht lists it as waiting)."""
    first = Letter.select().order_by(Letter.entry).first()
    assert first is not None
    Letter.update(sent_on=TODAY - dt.timedelta(days=3), send_method="post", receipt_confirmed_on=None).where(
        Letter.entry == first.entry_id).execute()
    # ... and its receipt to-do open again, as it is for a letter whose receipt nothing has shown yet
    Deadline.update(status="open", done_on=None).where(
        (Deadline.source_entry == first.entry_id) & (Deadline.rule_id == RECEIPT_RULE)).execute()


# -- the tests ----------------------------------------------------------------------------------------------------
def test_the_traject_reads_in_plain_sql_give_what_the_model_queries_gave(demo):
    _mark_a_letter_sent()
    cases = [row.id for row in Traject.select(Traject.id)] + [None]
    assert any(_model_awaiting_answer(case) for case in cases), "the demo has letters awaiting an answer"
    assert Recording.select().where(Recording.consent == False).exists()  # noqa: E712 - the history leaves it out
    for case in cases:
        assert overview.open_agreements(case) == _model_open_agreements(case)
        assert overview.open_agreements(case, undated_only=True) == _model_open_agreements(case, undated_only=True)
        assert overview.awaiting_answer(case) == _model_awaiting_answer(case)
        assert overview.inaccurate_documents(case) == _model_inaccurate_documents(case)
        for limit in (1, 8, 100):
            assert overview.history(case, limit) == _model_history(case, limit)


def test_the_letter_log_in_plain_sql_and_the_letters_awaiting_a_receipt(demo):
    _mark_a_letter_sent()
    assert letter_log.letters() == _model_letters()
    waiting = [row for row in _model_letters() if row["sent_on"] and not row["receipt_confirmed_on"]]
    assert waiting and letter_log.letters(awaiting_receipt=True) == waiting


def test_the_afspraken_page_and_the_counts_in_plain_sql(demo):
    every = sorted(deadlines.open_items(demo, TODAY), key=lambda item: (item.due_date, item.id))
    agreements = [item for item in every if item.source == "afspraak"]
    assert agreements
    by_due = sorted(agreements, key=lambda item: (item.due_date, item.id))
    page = open_items.agreements(TODAY, limit=2)
    assert [(item.id, item.title, item.due_date, item.explanation) for item in page] == \
        [(item.id, item.title, item.due_date, item.explanation) for item in by_due[:2]]
    assert open_items.agreements(TODAY, offset=1) == open_items.agreements(TODAY)[1:]
    open_count, overdue, agreed = open_items.counts_and_agreements(TODAY)
    assert (open_count, overdue) == (len(every), sum(item.overdue for item in every)) == open_items.counts(TODAY)
    assert agreed == len(agreements) == open_items.agreement_count()


@pytest.mark.parametrize("day", DAYS)
def test_the_state_from_the_closed_terms_the_advice_reads_equals_the_state_from_every_term(demo, day, monkeypatch):
    """Only the closed terms of the meldingen's period and of the rules a next step looks back at are made into
    terms: the state, the Overzicht and the gespreksvoorbereiding are those of the whole history."""
    deadlines.mark_done(demo, next(item.id for item in deadlines.open_items(demo, TODAY) if item.adjustable),
                        is_agreement=False)
    cases = [row.id for row in Traject.select(Traject.id)]
    assert Deadline.select().where(Deadline.status != "open").exists()

    def state():
        states = [deadlines.case_state(demo, day, traject_id=case) for case in [None, *cases]]
        return (states, next_steps.overview(demo, day),
                [preparation.prepare(demo, case, today=day).markdown for case in cases])

    filtered = state()
    monkeypatch.setattr(advice, "closed_terms_needed", lambda today: (None, frozenset()))    # every closed term
    handle.forget_kept(demo)          # worked out again, not the state kept from the first read
    whole = state()
    assert filtered == whole


def test_the_history_rules_are_the_rules_next_steps_look_back_at():
    assert advice.history_rules() == frozenset(step.after for step in advice._steps() if step.after)
    since, rules = advice.closed_terms_needed(TODAY)
    assert since == TODAY - dt.timedelta(days=advice.notice_days()) and rules == advice.history_rules()


def test_the_questions_are_read_again_when_their_file_changes(tmp_path, monkeypatch):
    from dossier_app import paths

    folder = tmp_path / "sjablonen"
    (folder / preparation.FOLDER).mkdir(parents=True)
    source = paths.templates_dir() / preparation.FOLDER / preparation.QUESTIONS_FILE
    target = folder / preparation.FOLDER / preparation.QUESTIONS_FILE
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(paths, "templates_dir", lambda: folder)
    first = preparation.questions()
    assert first == preparation.questions() and first
    target.write_text(source.read_text(encoding="utf-8") + '\n[[vraag]]\nid = "extra-vraag"\nvraag = "Nog iets?"\n',
                      encoding="utf-8")
    again = [question.id for question in preparation.questions()]
    assert again == [question.id for question in first] + ["extra-vraag"]
