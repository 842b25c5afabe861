"""Issue 11, item 15: search time does not grow with the square of a matching entry's size."""

from __future__ import annotations

import time

from tests.conftest import PASSPHRASE
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


def _ranked_in_full(query_text: str, limit: int) -> list[int]:
    from dossier_app.store import search as index
    from dossier_app.store.models import database

    return [row[0] for row in database.execute_sql(
        "SELECT ref FROM search_index WHERE search_index MATCH ? ORDER BY rank, rowid LIMIT ?",
        (index.fts_query(query_text), limit)).fetchall()]


def test_search_ranks_every_match_when_there_are_few(dossier):
    from dossier_app.store import entries, search as index

    for number in range(12):
        entries.add_note("wachtlijst " * (number % 4 + 1) + f"notitie {number} over school en logeeropvang")
    hits = index.search("wachtlijst")
    assert [hit.ref for hit in hits] == _ranked_in_full("wachtlijst", 200) and len(hits) == 12
    assert [hit.ref for hit in index.search("wachtlijst", limit=5)] == _ranked_in_full("wachtlijst", 5)


def test_a_very_common_word_finds_its_best_older_match_first(dossier, monkeypatch):
    """Every match is ranked: the best match of a word in many entries is on top even when it is the oldest.
    (An earlier version ranked only the newest CANDIDATES matches; a small cap would show that here.)"""
    from dossier_app.store import entries, search as index

    monkeypatch.setattr(index, "CANDIDATES", 5, raising=False)

    best = entries.add_note("gesprek gesprek gesprek over het gesprek")
    for number in range(40):
        entries.add_note(f"Notitie {number}: een gesprek over school, de wachtlijst en het logeren bij opa.")
    hits = index.search("gesprek", limit=3)
    assert hits[0].ref == best
    assert [hit.ref for hit in hits] == _ranked_in_full("gesprek", 3)
    assert all(f"{MARK_START}gesprek{MARK_END}" in hit.marked for hit in hits)


def _reference_snippet(body: str, words, size: int = 16) -> str:
    """make_snippet as it was before the fast first-hit search: fold every token in turn."""
    from dossier_app.store.search import _TOKEN, _fold

    words, window, before = tuple(words), [], size // 3
    tokens, first = _TOKEN.finditer(body), None
    for match in tokens:
        hit = _fold(match.group()).startswith(words)
        window.append((match.start(), match.end(), hit))
        if hit:
            first = len(window) - 1
            break
        if len(window) > before:
            window.pop(0)
    if first is None:
        return ""
    for match in tokens:
        if len(window) >= first + 1 + (size - before - 1) or len(window) >= size:
            break
        window.append((match.start(), match.end(), _fold(match.group()).startswith(words)))
    start, end = window[0][0], window[-1][1]
    pieces, position = [], start
    for token_start, token_end, hit in window:
        if hit:
            pieces.append(body[position:token_start] + MARK_START + body[token_start:token_end] + MARK_END)
            position = token_end
    pieces.append(body[position:end])
    text = " ".join("".join(pieces).split())
    return ("… " if start > 0 else "") + text + (" …" if body[end:].strip() else "")


def test_fast_snippet_marks_exactly_what_folding_every_token_marks():
    import random

    from dossier_app.store.search import _fold

    vocabulary = ["gesprek", "Gesprekken", "café", "CAFÉ", "cafe", "straße", "strasse", "Noor", "noorden", "de",
                  "één", "keukentafelgesprek", "x" * 300, "İstanbul", "naïef", "e\u0301cole", "école", "ﬁets",
                  "fiets", "Ωmega", "2025", "JGT-2025", "a_b", "über", "Über"]
    separators = [" ", ", ", ". ", "\n", " - ", "(", ")", "'", "’"]
    queries = ["gesp", "cafe", "café", "strass", "straße", "noor", "een", "één", "ecole", "fiets", "ωm", "2025",
               "jgt", "uber", "istanbul", "zzz", "a_b", "de"]
    rng = random.Random(12)
    for _ in range(3000):
        body = "".join(rng.choice(vocabulary) + rng.choice(separators) for _ in range(rng.randint(0, 80)))
        words = [_fold(word) for word in rng.sample(queries, rng.randint(1, 3))]
        assert make_snippet(body, words) == _reference_snippet(body, words), (body, words)
