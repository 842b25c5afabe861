"""Full-text search (FTS5 inside the encrypted file) over everything."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dossier_app.store.models import (
    Traject, Contact, Entry, Person, database,
)
from dossier_app.store.vocabulary import CONTACT_ROLES, ENTRY_KINDS
from dossier_app.values import quick_init

_TOKEN = re.compile(r"\w+", re.UNICODE)
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_TOKENS = 16


@quick_init         # 200 hits a search: made in one step each (dossier_app/values.py)
@dataclass(frozen=True)
class SearchHit:
    source: str        # 'entry' | 'contact' | 'person' | 'traject'
    ref: int
    type: str          # entry kind, or the source
    date: str          # ISO date or ''
    title: str
    text: str
    body: str = field(default="", repr=False, compare=False)     # the indexed text the snippet comes from
    words: tuple[str, ...] = field(default=(), repr=False, compare=False)  # the search words, folded

    @cached_property
    def marked(self) -> str:
        """The snippet with \x02 and \x03 around the matched words (the title if the words
        are only in the title). Made when first shown: a results page shows a few of its
        200 hits, and a snippet is the costly part of a hit."""
        snippet = make_snippet(self.body, self.words)
        return shown(snippet if MARK_START in snippet else self.title)

    @property
    def plain_snippet(self) -> str:
        """The snippet as plain text (for a tooltip or a screen reader)."""
        return self.marked.replace(MARK_START, "").replace(MARK_END, "")

    @property
    def snippet(self) -> str:
        """The snippet with [ and ] around the matched words."""
        return self.marked.replace(MARK_START, "[").replace(MARK_END, "]")

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "id": self.ref, "type": self.type, "date": self.date,
            "title": self.title, "text": self.text, "snippet": self.snippet,
        }


def _join(*parts: object) -> str:
    return "\n".join(str(part) for part in parts if part)


# Every detail row's searchable text of one entry in ONE statement (a write pays one round trip, not
# seven): the parts in a fixed order, each table's rows in their own order.
_ENTRY_TEXT_SQL = " UNION ALL ".join(
    f"SELECT {part} AS part, rowid AS row, {columns} FROM {table} WHERE entry_id = ?"
    for part, (table, columns) in enumerate((
        ("conversation", "location, topic, ''"),
        ("document", "sender, kenmerk, inaccuracies"),
        ("deadline", "basis, explanation, next_step"),
        ("letter", "final_text, '', ''"),
        ("participant", "name, '', ''"),
        ("agreement", "who || ': ' || what, '', ''"),
        ("attachment", "filename, '', ''"),
    ))) + " ORDER BY part, row"


def _entry_text(entry: Entry) -> str:
    rows = database.execute_sql(_ENTRY_TEXT_SQL, (entry.id,) * 7).fetchall()
    return _join(entry.body, *(piece for _part, _row, *pieces in rows for piece in pieces))


# Each indexed row has a fixed rowid: ref * 4 + the code of its source, so
# replacing or forgetting it is a rowid lookup (schema version 4), never a scan
# over the UNINDEXED source/ref columns.
SOURCE_CODES = {"entry": 0, "contact": 1, "person": 2, "traject": 3}


def index_rowid(source: str, ref: int) -> int:
    return int(ref) * len(SOURCE_CODES) + SOURCE_CODES[source]


def _put(source: str, ref: int, kind: str, occurred_on: dt.date | None, title: str, body: str) -> None:
    rowid = index_rowid(source, ref)
    database.execute_sql("DELETE FROM search_index WHERE rowid = ?", (rowid,))
    database.execute_sql(
        "INSERT INTO search_index (rowid, source, ref, kind, occurred_on, title, body) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (rowid, source, ref, kind, occurred_on.isoformat() if occurred_on else "", title, body),
    )


def forget(source: str, ref: int) -> None:
    database.execute_sql("DELETE FROM search_index WHERE rowid = ?", (index_rowid(source, ref),))


def reindex_entry(entry: Entry) -> None:
    _put("entry", entry.id, entry.kind, entry.occurred_on, entry.title, _entry_text(entry))


def index_new_entry(entry_id: int, kind: str, occurred_on: dt.date, title: str, body: str) -> None:
    """The index row of an entry written just now without detail rows (a note): its text is its body,
    so the seven-table detail query of ``reindex_entry`` is not run (it would find nothing)."""
    _put("entry", entry_id, kind, occurred_on, title, _join(body))


def reindex_contact(contact: Contact) -> None:
    _put("contact", contact.id, "contact", None, contact.name,
         _join(CONTACT_ROLES.get(contact.role, contact.role), contact.organisation, contact.department,
               contact.contact_person, contact.street, contact.postcode, contact.city,
               contact.email, contact.phone, contact.notes))


def reindex_person(person: Person) -> None:
    _put("person", person.id, "gezinslid", person.birth_date, person.name,
         _join(person.street, person.postcode, person.city, person.phone, person.email, person.notes))


def reindex_case(case: Traject) -> None:
    _put("traject", case.id, "traject", case.opened_on, case.title, _join(case.status, case.notes))


def rebuild_index() -> None:
    database.execute_sql("DELETE FROM search_index")
    for entry in Entry.select():
        reindex_entry(entry)
    for contact in Contact.select():
        reindex_contact(contact)
    for person in Person.select():
        reindex_person(person)
    for case in Traject.select():
        reindex_case(case)


def fts_query(text: str) -> str:
    """User text -> a safe FTS5 query: every word must occur (prefix match)."""
    words = _TOKEN.findall(text)
    return " ".join('"' + word.replace('"', '') + '"*' for word in words)


# Every match is ranked (bm25, FTS5's built-in ``rank``): with ``ORDER BY rank LIMIT n`` FTS5 keeps
# only the best n while it reads the match lists, without reading or sorting the other rows'
# columns, so even a word found in every entry ("gesprek") gets its best older match on top.
# The rows themselves are then read by rowid.
RESULT_LIMIT = 200

_BEST_SQL = ("SELECT source, ref, kind, occurred_on, title, body FROM search_index "
             "WHERE search_index MATCH ? ORDER BY rank LIMIT ?")


def _best_rows(query: str, limit: int) -> list[tuple[Any, ...]]:
    """(source, ref, kind, occurred_on, title, body) of the best ``limit`` matches, best first (bm25; equal ranks
    oldest first, as FTS5's rank order gives them: tests/store/test_search_speed.py compares with a full
    ``ORDER BY rank, rowid``). One query: FTS5 ranks every match while it reads the match lists and reads the
    columns of the best ``limit`` only. (Until stop 37 the rowids and ranks came first and the rows were then read
    by rowid: twice the time; selecting ``rank`` itself costs a bm25 per row again.)"""
    return list(database.execute_sql(_BEST_SQL, (query, limit)).fetchall())


def search(text: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
    query = fts_query(text)
    if not query:
        return []
    # No FTS5 snippet(): it scores every window against every hit, which grows with the
    # square of a matching entry's size (seconds for a 0.25 MB note). The snippet is made
    # below in one pass up to the first hit.
    rows = _best_rows(query, limit)
    words = tuple(_fold(word) for word in _TOKEN.findall(text))
    hits = []
    for source, ref, kind, occurred_on, title, body in rows:
        body = body or ""
        text = body if body.startswith(title) else _join(title, body)
        hits.append(SearchHit(source, int(ref), kind, occurred_on or "", title, text, body, words))
    return hits


# Embedding and override controls (LRE, RLE, PDF, LRO, RLO): in a snippet they could turn
# "verslag<RLO>fdp.exe" into what looks like "verslagexe.pdf". Shown as U+FFFD instead.
_DIRECTION_OVERRIDES = dict.fromkeys(range(0x202A, 0x202F), "\ufffd")


def shown(text: str) -> str:
    """Display text for a snippet: direction overrides made visible (the stored text is unchanged)."""
    return text.translate(_DIRECTION_OVERRIDES)


def _fold(word: str) -> str:
    """Like the index's tokenizer (unicode61, remove_diacritics 2): case and accents ignored."""
    if word.isascii():      # most words: nothing to decompose
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def make_snippet(body: str, words: Sequence[str], size: int = SNIPPET_TOKENS) -> str:
    """About ``size`` words around the first hit, matched words between MARK_START/MARK_END.

    Linear in the position of the first hit: tokens are scanned lazily, and
    only the window around that hit is marked."""
    if not words:
        return ""
    prefixes = tuple(words)
    before = size // 3
    scan_from = _scan_start(body, prefixes, before)
    if scan_from is None:
        return ""
    window: list[tuple[int, int, bool]] = []  # the last few tokens before the hit: (start, end, matched)
    tokens = _TOKEN.finditer(body, scan_from)
    first = None
    for match in tokens:
        hit = _fold(match.group()).startswith(prefixes)
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
        window.append((match.start(), match.end(), _fold(match.group()).startswith(prefixes)))
    start, end = window[0][0], window[-1][1]
    pieces, position = [], start
    for token_start, token_end, hit in window:
        if hit:
            pieces.append(body[position:token_start] + MARK_START + body[token_start:token_end] + MARK_END)
            position = token_end
    pieces.append(body[position:end])
    text = " ".join("".join(pieces).split())
    return ("… " if start > 0 else "") + text + (" …" if body[end:].strip() else "")


class _CharFolds(dict[int, str]):
    """Code point -> that one character folded like ``_fold``, for ``str.translate``.

    Only one-for-one folds ("É" -> "e"); a character whose fold is longer or empty
    ("ß" -> "ss") keeps its place and is noted in ``expanding``, so positions in
    the folded text are positions in the original. Holds characters, never text."""

    expanding: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold(char)
        if len(folded) != 1:
            self.expanding.add(char)
            folded = char
        self[code] = folded
        return folded


_CHAR_FOLDS = _CharFolds()


def _scan_start(body: str, words: tuple[str, ...], before: int) -> int | None:
    """Where make_snippet's token scan may start: ``before`` tokens ahead of the first
    token that starts with one of ``words`` (0: from the start); None when no token does.

    The first hit is found by a regular expression over the folded text (C speed) rather
    than by folding every token in Python; any text or word the one-for-one fold cannot
    mirror exactly is scanned the old way, from the start."""
    folded = body.lower() if body.isascii() else body.translate(_CHAR_FOLDS)
    if len(folded) != len(body) or (not body.isascii() and not _CHAR_FOLDS.expanding.isdisjoint(body)):
        return 0
    if any(word.translate(_CHAR_FOLDS) != word for word in words):
        return 0
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + ")")
    for found in pattern.finditer(folded):
        token = _TOKEN.match(body, found.start())
        if token is None or not _fold(token.group()).startswith(words):
            continue        # the folded text and the tokens disagree here: check the next
        preceding = [match.start() for match in _TOKEN.finditer(body, max(0, found.start() - 64 * before),
                                                                    found.start())]
        if preceding and preceding[0] > 0 and preceding[0] == max(0, found.start() - 64 * before) \
                and _TOKEN.match(body, preceding[0] - 1):
            preceding = preceding[1:]       # a token cut in half by the slice
        if len(preceding) < before and found.start() - 64 * before > 0:
            return 0                        # very long tokens: scan the old way
        return preceding[-before] if len(preceding) >= before else (preceding[0] if preceding else found.start())
    return None


def kind_label(kind: str) -> str:
    return ENTRY_KINDS.get(kind, kind)
