"""The baselines of `make bench`: the cheapest correct way to produce the app's output with the bare libraries.

Each function here gives the SAME output as the app's figure it is compared with (same rows, same text,
same archive members), without the app's layers; bench/README.md says per figure what it does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tomllib
from pathlib import Path

from dossier_app.deadlines.consequences import RECEIPT_RULE
from dossier_app.store.database import CACHE_SIZE_KIB

# The same rows and columns the app's timeline reads (with each document's kind).
TIMELINE_SQL = ("SELECT e.id, e.kind, e.occurred_on, e.title, e.case_id, t.title, substr(e.body, 1, 300), d.doc_kind "
                "FROM entry AS e LEFT JOIN traject AS t ON t.id = e.case_id "
                "LEFT JOIN document AS d ON d.entry_id = e.id "
                "ORDER BY e.occurred_on DESC, e.id DESC")
# What happened lately (the Overzicht's last few entries): no terms, nothing dated after today.
RECENT_SQL = ("SELECT e.id, e.kind, e.occurred_on, e.title, e.case_id, t.title, substr(e.body, 1, 300), d.doc_kind "
              "FROM entry AS e LEFT JOIN traject AS t ON t.id = e.case_id "
              "LEFT JOIN document AS d ON d.entry_id = e.id "
              "WHERE e.kind IN ('gesprek', 'document', 'opname', 'notitie', 'brief') AND e.occurred_on < ? "
              "ORDER BY e.occurred_on DESC, e.id DESC LIMIT ?")
# The same output as the app's search (the best 200 rows by bm25, no snippet: the app makes a
# snippet only for a hit that is shown), in the cheapest way with the bare library.
SEARCH_SQL = ("SELECT source, ref, kind, occurred_on, title, body "
              "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 200")
# Every open term and every dated open afspraak with what the Overzicht and Mijn gezinnen show of it.
OPEN_TERMS_SQL = ("SELECT e.id, e.title, d.due_date, d.rule_id, d.basis, d.explanation, d.next_step, e.case_id "
                  "FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id WHERE d.status = 'open'")
# Every term, closed ones too, with the facts kept on it (Mijn gezinnen's meldingen and next steps read them).
ALL_TERMS_SQL = ("SELECT e.id, e.title, d.due_date, d.rule_id, d.basis, d.explanation, d.next_step, e.case_id, "
                 "d.status, d.options, d.source_entry_id FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id")
OPEN_AGREEMENTS_SQL = ("SELECT a.id, a.who, a.what, a.due_date, e.title, e.occurred_on, e.case_id "
                       "FROM agreement AS a JOIN entry AS e ON e.id = a.entry_id "
                       "WHERE a.done = 0 AND a.due_date IS NOT NULL")
# The Overzicht shows the first page of the open dated afspraken, with how many there are (and how many overdue).
AGREEMENTS_PAGE_SQL = OPEN_AGREEMENTS_SQL + " ORDER BY a.due_date, a.id LIMIT ?"
AGREEMENT_COUNTS_SQL = ("SELECT COUNT(*), COALESCE(SUM(due_date < ?), 0) FROM agreement "
                        "WHERE done = 0 AND due_date IS NOT NULL")
# Every term, closed ones too, with what a term's next step and a traject's meldingen are read from: the facts and
# why it closed (options), its first and last day (a term started since another changes that one's next step), the
# day it closed (the meldingen are the closings of the last ``[meldingen] dagen`` days).
STATE_TERMS_SQL = ("SELECT e.id, e.title, d.due_date, d.rule_id, d.basis, d.explanation, d.next_step, e.case_id, "
                   "d.status, d.options, d.start_date, d.done_on "
                   "FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id")
TRAJECTEN_SQL = "SELECT id, title, status FROM traject ORDER BY id"
# (not waiting any more once an answer closed its receipt to-do: store/letter_log.py AWAITING_RECEIPT_SQL)
WAITING_LETTERS_SQL = ("SELECT l.entry_id, e.title, l.sent_on FROM letter AS l JOIN entry AS e ON e.id = l.entry_id "
                       "WHERE l.sent_on IS NOT NULL AND l.receipt_confirmed_on IS NULL AND NOT EXISTS (SELECT 1 "
                       "FROM deadline AS r WHERE r.source_entry_id = l.entry_id AND r.rule_id = ? "
                       "AND r.status != 'open')")
# The same, for one traject, filtered in SQL (what the gespreksvoorbereiding shows of it).
TRAJECT_ROW_SQL = "SELECT id, title, status, opened_on, child_id FROM traject WHERE id = ?"
PEOPLE_SQL = "SELECT id, role, name, birth_date FROM person ORDER BY role, id"
TRAJECT_STATE_TERMS_SQL = STATE_TERMS_SQL + " WHERE e.case_id = ?"
TRAJECT_AGREEMENTS_SQL = ("SELECT a.id, a.who, a.what, a.due_date, e.title, e.occurred_on "
                          "FROM agreement AS a JOIN entry AS e ON e.id = a.entry_id "
                          "WHERE a.done = 0 AND e.case_id = ?")
# What happened: no terms (listed apart) and never a recording made without consent (the document may be shown).
TRAJECT_HISTORY_SQL = ("SELECT e.occurred_on, e.kind, e.title, d.doc_kind FROM entry AS e "
                       "LEFT JOIN document AS d ON d.entry_id = e.id WHERE e.case_id = ? AND e.kind != 'termijn' "
                       "AND e.id NOT IN (SELECT entry_id FROM recording WHERE consent = 0) "
                       "ORDER BY e.occurred_on DESC, e.id DESC LIMIT ?")
TRAJECT_INACCURATE_SQL = ("SELECT e.title, e.occurred_on, d.sender, d.inaccuracies FROM document AS d "
                          "JOIN entry AS e ON e.id = d.entry_id WHERE e.case_id = ? AND d.inaccuracies != ''")
# The letters and sent documents of the traject whose answer is awaited: an open term runs from them.
TRAJECT_AWAITING_SQL = ("SELECT s.title, s.kind, s.occurred_on, l.sent_on, d.due_date, e.title, d.entry_id, s.id, "
                        "d.rule_id FROM deadline AS d JOIN entry AS e ON e.id = d.entry_id "
                        "JOIN entry AS s ON s.id = d.source_entry_id "
                        "LEFT JOIN document AS doc ON doc.entry_id = s.id LEFT JOIN letter AS l ON l.entry_id = s.id "
                        "WHERE d.status = 'open' AND e.case_id = ? AND ((s.kind = 'document' AND "
                        "doc.direction = 'verzonden') OR (s.kind = 'brief' AND l.sent_on IS NOT NULL)) "
                        "ORDER BY d.due_date")
# The meldingen, from the app's tables, read once: the closings of the last NOTICE_DAYS days (gevolgen.toml
# [meldingen] dagen) of the legal terms (rules.toml: a to-do such as an expected receipt is no news), with a reason
# other than being ticked off by hand.
_TABLES = Path(__file__).resolve().parent.parent / "dossier_app" / "deadlines"
NOTICE_DAYS = int(tomllib.loads((_TABLES / "gevolgen.toml").read_text(encoding="utf-8"))["meldingen"]["dagen"])
LEGAL_RULES = frozenset(tomllib.loads((_TABLES / "rules.toml").read_text(encoding="utf-8")))
MANUAL_REASON = "met de hand afgevinkt"
NOTE_INSERT_SQL = "INSERT INTO entry (kind, occurred_on, title, body, case_id, created_at, updated_at) " \
                  "VALUES ('notitie', ?, ?, ?, NULL, datetime('now'), datetime('now'))"
INDEX_INSERT_SQL = ("INSERT INTO search_index (rowid, source, ref, kind, occurred_on, title, body) "
                    "VALUES (?, 'entry', ?, 'notitie', ?, ?, ?)")
# The durability and safety settings the app uses for every write (store/database.py).
WRITE_PRAGMAS = ("PRAGMA journal_mode = wal", "PRAGMA synchronous = full", "PRAGMA foreign_keys = 1",
                 "PRAGMA secure_delete = 1")


def connect(path: Path, key_literal: str, *, writes: bool = False):
    from sqlcipher3 import dbapi2

    connection = dbapi2.connect(str(path), isolation_level=None)
    connection.execute(f"PRAGMA key = \"{key_literal}\"")
    # The app's page cache: a baseline is the cheapest correct way, and a larger cache is cheaper.
    connection.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
    if writes:
        for pragma in WRITE_PRAGMAS:
            connection.execute(pragma).fetchall()
    return connection


def _closings(terms, today: str, first_day: str) -> dict:
    """Per traject the legal terms closed in the last NOTICE_DAYS days and why (the meldingen), from every term."""
    found: dict = {}
    for row in terms:
        if row[8] != "open" and row[3] in LEGAL_RULES and row[11] and first_day <= str(row[11])[:10] <= today:
            reason = json.loads(row[9] or "{}").get("gesloten", "")
            if reason and reason != MANUAL_REASON:
                found.setdefault(row[7], []).append((row, reason))
    return found


RECENT_ENTRIES = 5


def overview_rows(connection, today: str = "2026-06-15", first: int = 5) -> tuple:
    """What the Overzicht shows: per traject its open terms soonest first (from every term of the dossier, closed
    ones too: a term's next step and a traject's meldingen come from its whole history) and the closings of the
    last NOTICE_DAYS days; the first ``first`` open dated afspraken with how many there are; the open and overdue
    counts; letters waiting for a receipt; the newest timeline items."""
    return _overview_rows(connection, today, first)[1]


def _overview_rows(connection, today: str, first: int) -> tuple:
    """``overview_rows`` with every term row it was made from."""
    every = connection.execute(STATE_TERMS_SQL).fetchall()
    agreements = connection.execute(AGREEMENTS_PAGE_SQL, (first,)).fetchall()
    agreed, agreed_overdue = connection.execute(AGREEMENT_COUNTS_SQL, (today,)).fetchone()
    trajecten = connection.execute(TRAJECTEN_SQL).fetchall()
    waiting = connection.execute(WAITING_LETTERS_SQL, (RECEIPT_RULE,)).fetchall()
    next_day = (dt.date.fromisoformat(today) + dt.timedelta(days=1)).isoformat()
    recent = connection.execute(RECENT_SQL, (next_day, RECENT_ENTRIES)).fetchall()
    terms = [row for row in every if row[8] == "open"]
    grouped: dict = {}
    for row in sorted(terms, key=lambda row: (row[2], row[0])):
        grouped.setdefault(row[7], []).append(row)
    first_day = (dt.date.fromisoformat(today) - dt.timedelta(days=NOTICE_DAYS)).isoformat()
    closings = _closings(every, today, first_day)
    counts = (len(terms) + agreed, sum(1 for row in terms if str(row[2]) < today) + agreed_overdue, agreed)
    return every, (trajecten, grouped, agreements, waiting, recent, closings, counts)


def overview_with_advice(connection, today: str = "2026-06-15", first: int = 5) -> tuple:
    """``overview_rows`` and what the Overzicht says of them the first time after opening, when nothing is kept
    yet: per open term its next step, for each shown one the letter that is the next step, and per traject its
    meldingen and (without an open term) its own step. Those come from the legal rules, which have one home
    (dossier_app/deadlines/advice.py and the tables it reads): the baseline calls them on plain terms made from
    its own rows, as the app does (``_advice_terms``). Returns the rows, per traject (open term id, next step,
    letter kind, button text) soonest first, and per traject (its meldingen, its own step)."""
    from dossier_app.deadlines import advice
    from dossier_app.dutch import weekday_date

    every, rows = _overview_rows(connection, today, first)
    trajecten, grouped = rows[0], rows[1]
    day = dt.date.fromisoformat(today)
    terms = _advice_terms(every, day)
    status_of = {traject_id: status for traject_id, _title, status in trajecten}
    steps: dict = {}
    for traject, open_rows in grouped.items():
        mine = terms.get(traject, [])
        by_id = {term.id: term for term in mine}
        advised = []
        for index, row in enumerate(open_rows):
            term = by_id[row[0]]
            step = advice.next_step(term, mine, status_of.get(traject), day)
            kind, label = "", ""
            if index < first and step.letter:
                kind, label = LETTER_TRIGGERS.get((term.rule, "verlopen" if term.due < day else "loopt"), ("", ""))
                if "{datum}" in label:
                    label = label.replace("{datum}", weekday_date(term.due, with_year=False))
            advised.append((row[0], step.text or row[6], kind, label))
        steps[traject] = advised
    own = {traject_id: ([notice.text for notice in advice.notices(terms.get(traject_id, []), day)],
                        advice.traject_step(status, terms.get(traject_id, [])))
           for traject_id, _title, status in trajecten}
    return rows, steps, own


def _advice_terms(every, day: dt.date) -> dict:
    """Per traject the terms the advice reads, as plain values, from rows of STATE_TERMS_SQL: the open ones, and
    of the closed ones only those it looks at (``advice.closed_terms_needed``: the cheapest correct way)."""
    from dossier_app.deadlines import advice
    from dossier_app.deadlines.consequences import Term

    closed_since, closed_rules = advice.closed_terms_needed(day)
    since = closed_since.isoformat()
    terms: dict = {}
    for (entry_id, title, due, rule, _basis, _explanation, _own_step, traject, status, options, start,
         done_on) in every:
        if status != "open" and rule not in closed_rules and (done_on is None or str(done_on)[:10] < since):
            continue
        facts = json.loads(options) if options and options != "{}" else {}
        terms.setdefault(traject, []).append(Term(
            entry_id, rule, _day(due), _day(start), status == "open", title=title, done_on=_day(done_on),
            closed_reason=facts.get("gesloten", ""), closing_note=facts.get("gevolg", "")))
    return terms


def _day(value) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value)[:10])


def _letter_triggers() -> dict:
    """(rule, 'loopt' | 'verlopen') -> (letter kind, button text): the first kind in catalogue order, read once."""
    from dossier_app.letters.catalogue import summaries

    found: dict = {}
    for kind in summaries().values():
        for trigger in kind.triggers:
            found.setdefault((trigger.rule, trigger.state), (kind.id, trigger.label))
    return found


LETTER_TRIGGERS = _letter_triggers()


def family_rows(path: Path, key_literal: str) -> tuple:
    """What Mijn gezinnen shows of one family: its open terms and afspraken with their traject titles, and the
    meldingen (what lately closed a term, and why): those come from every term of a traject, closed ones too, with
    the facts kept on it, as does each open term's next step."""
    connection = connect(path, key_literal)
    try:
        name = connection.execute("SELECT value FROM dossier_info WHERE key = 'name'").fetchall()
        titles = {row[0]: row[1] for row in connection.execute("SELECT id, title, status FROM traject").fetchall()}
        every = connection.execute(ALL_TERMS_SQL).fetchall()
        terms = [row[:8] for row in every if row[8] == "open"]
        agreements = connection.execute("SELECT a.id, a.who, a.what, a.due_date, e.case_id FROM agreement AS a "
                                        "JOIN entry AS e ON e.id = a.entry_id WHERE a.done = 0").fetchall()
        return name, [(row, titles.get(row[-1], "")) for row in terms + agreements]
    finally:
        connection.close()


FAMILY_AGREEMENTS_SQL = ("SELECT a.id, a.who, a.what, a.due_date, e.title, e.occurred_on, e.case_id "
                         "FROM agreement AS a JOIN entry AS e ON e.id = a.entry_id WHERE a.done = 0")


def family_with_advice(path: Path, key_literal: str, today: str = "2026-06-15") -> tuple:
    """What Mijn gezinnen shows of one family, the same output as the app: its name; each open term with its
    traject's title and its next step (the consequence model's advice, from every term of its traject that the
    advice reads, ``_advice_terms``; the term's own step when the history changes nothing); each traject's
    meldingen; each open afspraak with its title, traject and where it was agreed ("Afgesproken in het gesprek
    'X' van 2 november 2026")."""
    from dossier_app.deadlines import advice
    from dossier_app.dutch import long_date

    connection = connect(path, key_literal)
    try:
        name = connection.execute("SELECT value FROM dossier_info WHERE key = 'name'").fetchall()
        trajecten = connection.execute(TRAJECTEN_SQL).fetchall()
        every = connection.execute(STATE_TERMS_SQL).fetchall()
        agreements = connection.execute(FAMILY_AGREEMENTS_SQL).fetchall()
    finally:
        connection.close()
    day = dt.date.fromisoformat(today)
    titles = {traject_id: title for traject_id, title, _status in trajecten}
    status_of = {traject_id: status for traject_id, _title, status in trajecten}
    terms = _advice_terms(every, day)
    own_steps = {row[0]: row[6] for row in every if row[8] == "open"}     # a term's own step, when nothing changes it
    found = []
    for traject, mine in terms.items():
        for term in mine:
            if term.open:
                step = advice.next_step(term, mine, status_of.get(traject), day).text or own_steps[term.id]
                found.append((term.id, term.title, term.due, titles.get(traject, ""), step))
        found += [(notice.term_id, notice.text, None, titles.get(traject, ""), "")
                  for notice in advice.notices(mine, day)]
    for agreement_id, who, what, due, conversation, held_on, traject in agreements:
        found.append((agreement_id, f"Afspraak: {who} — {what}", _day(due), titles.get(traject, ""),
                      "" if due is None else f"Afgesproken in het gesprek '{conversation}' van "
                                             f"{long_date(_day(held_on))}."))
    return name, found


def traject_rows(connection, case_id: int, history: int, today: str = "2026-06-15") -> tuple:
    """What the gespreksvoorbereiding shows of one traject, each filtered by traject in SQL: the traject, the
    parents and children, every term of the traject (closed ones too: the next steps and meldingen come from its
    whole history) with its open terms and the closings of the last NOTICE_DAYS days, its open afspraken, the last
    ``history`` items, the documents with onjuistheden and the letters whose answer is awaited."""
    traject = connection.execute(TRAJECT_ROW_SQL, (case_id,)).fetchone()
    people = connection.execute(PEOPLE_SQL).fetchall()
    every = connection.execute(TRAJECT_STATE_TERMS_SQL, (case_id,)).fetchall()
    first_day = (dt.date.fromisoformat(today) - dt.timedelta(days=NOTICE_DAYS)).isoformat()
    return (traject, people, sorted((row for row in every if row[8] == "open"), key=lambda row: (row[2], row[0])),
            _closings(every, today, first_day),
            connection.execute(TRAJECT_AGREEMENTS_SQL, (case_id,)).fetchall(),
            connection.execute(TRAJECT_HISTORY_SQL, (case_id, history)).fetchall(),
            connection.execute(TRAJECT_INACCURATE_SQL, (case_id,)).fetchall(),
            connection.execute(TRAJECT_AWAITING_SQL, (case_id,)).fetchall())


def write_note(connection, number: int, text: str, day: str, index_rowid, *, checkpoint: bool = True) -> None:
    """One note in its own transaction, with its search-index row: what one app write stores.

    ``checkpoint``: then copied from the log into the file itself, as the app promises for every write
    (docs/SECURITY.md, property 6: ``NAME.dossier`` alone holds every commit, for a sync folder or a copy
    made while the dossier is open). Without it the note is durable in the ``-wal`` only: not the same
    output (kept as a second, informative figure)."""
    connection.execute("BEGIN IMMEDIATE")
    cursor = connection.execute(NOTE_INSERT_SQL, (day, f"Notitie {number}", text))
    entry_id = cursor.lastrowid
    rowid = index_rowid("entry", entry_id)
    connection.execute("DELETE FROM search_index WHERE rowid = ?", (rowid,))
    connection.execute(INDEX_INSERT_SQL, (rowid, entry_id, day, f"Notitie {number}", text))
    connection.execute("COMMIT")
    if checkpoint:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def docx_of(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypt_file(source: Path, target: Path, key: bytes, chunk: int) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    with open(source, "rb") as src, open(target, "wb") as dst:
        _encrypt_chunks(src, dst, AESGCM(key), chunk)


def _encrypt_chunks(src, dst, aead, chunk: int, digest=None) -> int:
    """AES-GCM per chunk from ``src`` into ``dst`` (hashing the plaintext into ``digest``), synced; the size."""
    size = index = 0
    while True:
        block = src.read(chunk)
        if digest is not None:
            digest.update(block)
        size += len(block)
        dst.write(aead.encrypt(index.to_bytes(12, "big"), block, b""))
        index += 1
        if len(block) < chunk:
            break
    dst.flush()
    os.fsync(dst.fileno())
    return size


ATTACHMENT_INSERT_SQL = ("INSERT INTO attachment (entry_id, filename, media_type, size, sha256, file_key, "
                         "storage_name, created_at) VALUES (?, ?, 'application/pdf', ?, ?, ?, ?, datetime('now'))")


def store_attachment(connection, source: Path, folder: Path, entry_id: int, chunk: int, index_rowid) -> None:
    """What storing one attachment must produce, the cheapest correct way: the file encrypted (AES-GCM per
    chunk, a key of its own) with its SHA-256, durable under its name (the file synced, then the folder: a
    new name survives a crash only then), and then its row and the entry's search-index row (the file name
    becomes findable) committed in one transaction with the app's write pragmas."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = AESGCM.generate_key(256)
    digest = hashlib.sha256()
    name = os.urandom(16).hex() + ".bin"
    with open(source, "rb") as src, open(folder / name, "wb") as dst:
        size = _encrypt_chunks(src, dst, AESGCM(key), chunk, digest)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(ATTACHMENT_INSERT_SQL, (entry_id, source.name, size, digest.hexdigest(), key, name))
    # The entry is a document: its index row holds its text, the document's sender, kenmerk and
    # onjuistheden, and the names of its attachments.
    kind, day, title, *texts = connection.execute(
        "SELECT e.kind, e.occurred_on, e.title, e.body, d.sender, d.kenmerk, d.inaccuracies FROM entry AS e "
        "LEFT JOIN document AS d ON d.entry_id = e.id WHERE e.id = ?", (entry_id,)).fetchone()
    names = [row[0] for row in connection.execute("SELECT filename FROM attachment WHERE entry_id = ? ORDER BY id",
                                                  (entry_id,))]
    rowid = index_rowid("entry", entry_id)
    connection.execute("DELETE FROM search_index WHERE rowid = ?", (rowid,))
    connection.execute("INSERT INTO search_index (rowid, source, ref, kind, occurred_on, title, body) "
                       "VALUES (?, 'entry', ?, ?, ?, ?, ?)", (rowid, entry_id, kind, day, title,
                                                              "\n".join(filter(None, [*texts, *names]))))
    connection.execute("COMMIT")


def decrypt_file(source: Path, target: Path, key: bytes, chunk: int) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    with open(source, "rb") as src, open(target, "wb") as dst:
        index = 0
        while True:
            block = src.read(chunk + 16)
            if not block:
                break
            dst.write(aead.decrypt(index.to_bytes(12, "big"), block, b""))
            index += 1
        dst.flush()
        os.fsync(dst.fileno())


def export_copy(path: Path, key_literal: str, target: Path) -> None:
    target.unlink(missing_ok=True)
    connection = connect(path, key_literal)
    connection.execute("ATTACH DATABASE ? AS kopie KEY ?", (str(target), key_literal))
    connection.execute("SELECT sqlcipher_export('kopie')")
    connection.execute("DETACH DATABASE kopie")
    connection.close()


def backup(path: Path, key_literal: str, attachments: Path, out: Path) -> None:
    """The same verified archive as the app's backup: the integrity walk, an encrypted copy of the database
    and the (already encrypted) attachment files in one tar, fsynced, then read back with SHA-256."""
    connection = connect(path, key_literal)
    connection.execute("PRAGMA cipher_integrity_check").fetchall()
    connection.execute("PRAGMA quick_check").fetchall()
    connection.close()
    copy = out.with_suffix(".db")
    export_copy(path, key_literal, copy)
    with tarfile.open(out, "w") as archive:
        archive.add(copy, arcname="dossier.db")
        for item in sorted(attachments.glob("*")) if attachments.is_dir() else ():
            archive.add(item, arcname=f"bijlagen/{item.name}", recursive=False)
    with open(out, "rb") as handle:
        os.fsync(handle.fileno())
    with tarfile.open(out, "r") as archive:
        for member in archive.getmembers():
            digest = hashlib.sha256()
            handle = archive.extractfile(member)
            for block in iter(lambda handle=handle: handle.read(1024 * 1024), b""):
                digest.update(block)
    copy.unlink()
    out.unlink()


# A PDF from someone else is read in a process the app can stop (issue 26: a page that hangs pypdf, or a file that
# eats memory, must not take the app with it). The cheapest correct way to read the next file's text that way:
# one running Python process with pypdf, the file's bytes in over a pipe (its size on a line first), the text
# back on one line — no page limits, no time limits, no framing per page.
PDF_CHILD = ("import sys, io, json; from pypdf import PdfReader\n"
             "source, out = sys.stdin.buffer, sys.stdout\n"
             "for line in iter(source.readline, b''):\n"
             "    data = source.read(int(line))\n"
             "    text = '\\n'.join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)\n"
             "    out.write(json.dumps(text) + '\\n'); out.flush()\n")


class PdfChild:
    """The baseline's running reader: ``text(path)`` sends one PDF and waits for its text."""

    def __init__(self) -> None:
        import subprocess
        import sys

        self.process = subprocess.Popen([sys.executable, "-c", PDF_CHILD], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)

    def text(self, path: Path) -> str:
        data = Path(path).read_bytes()
        self.process.stdin.write(b"%d\n" % len(data) + data)
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
