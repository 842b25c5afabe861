"""Issue 11, item 15: search time does not grow with the square of a matching entry's size."""

from __future__ import annotations

import time

from conftest import PASSPHRASE
from dossier_app.services import search, session, timeline
from dossier_app.store.search import MARK_END, MARK_START, make_snippet


def test_search_in_a_large_matching_entry_is_fast(tmp_path):
    opened = session.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE)
    try:
        timeline.add_note(opened, "gesprek " + "keukentafel gemeente " * 50_000)  # about 1 MB
        started = time.perf_counter()
        hits = search.search(opened, "keukentafel")
        elapsed = time.perf_counter() - started
    finally:
        opened.lock()
    assert len(hits) == 1
    assert f"{MARK_START}keukentafel{MARK_END}" in hits[0].marked
    assert elapsed < 2.0  # was minutes with FTS5 snippet() (0.24 MB: 5 s)


def test_snippet_marks_prefixes_ignoring_case_and_accents():
    body = "Eerst koffie. Daarna het Keukentafelgesprek met de gemeente over café-bezoek en meer woorden hier."
    snippet = make_snippet(body, ["keukentafel", "cafe"])
    assert f"{MARK_START}Keukentafelgesprek{MARK_END}" in snippet
    assert f"{MARK_START}café{MARK_END}" in snippet
    assert make_snippet(body, ["niets"]) == ""
