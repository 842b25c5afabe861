"""One write (issue 25) pays for what it needs and nothing else: the search text of an entry is read
in one statement with every detail in the same order as before, and the lock file's record is
rewritten in place (a shorter record after a longer one still reads back as itself)."""

from __future__ import annotations

import datetime as dt
import os
import re

from tests.conftest import PASSPHRASE
from dossier_app.services import attachments, search, session as sessions, timeline
from dossier_app.store import lockfile

DAY = dt.date(2026, 11, 2)


def _body(opened, word: str, ref: int) -> str:
    hit = next(hit for hit in search.search(opened, word) if hit.source == "entry" and hit.ref == ref)
    return hit.body


def test_the_search_text_holds_every_detail_of_a_gesprek_and_a_document_in_order(tmp_path):
    with sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE, name="Gezin") as opened:
        talk = timeline.add_conversation(
            opened, occurred_on=DAY, title="Keukentafelgesprek", body="Besproken: de wachtlijst.",
            location="Zoetermeer", topic="Logopedie", participants=["Wilhelmina Oosterbroek", "Karel Appel"],
            agreements=[timeline.AgreementInput("Wijkteam", "stuurt het zorgplan", DAY),
                        timeline.AgreementInput("Wij", "bellen de school", None)])
        source = tmp_path / "kwartaalverslag.txt"
        source.write_text("verslag")
        attachments.add_file(opened, talk, source)
        letter = timeline.add_document(opened, occurred_on=DAY, title="Beschikking", doc_kind="beschikking",
                                       body="U krijgt geen hulp.", sender="Gemeente Lindenhoven",
                                       kenmerk="JGT-2026-0999", inaccuracies="Er staat geen verwijzing.",
                                       decision_date=DAY)
        assert _body(opened, "Oosterbroek", talk) == "\n".join([
            "Besproken: de wachtlijst.", "Zoetermeer", "Logopedie", "Wilhelmina Oosterbroek", "Karel Appel",
            "Wijkteam: stuurt het zorgplan", "Wij: bellen de school", "kwartaalverslag.txt"])
        assert _body(opened, "JGT-2026-0999", letter) == "\n".join([
            "U krijgt geen hulp.", "Gemeente Lindenhoven", "JGT-2026-0999", "Er staat geen verwijzing."])


def test_a_shorter_lock_record_after_a_longer_one_reads_back_as_itself(tmp_path):
    path = tmp_path / "gezin.dossier"
    path.write_bytes(b"x")
    lock = lockfile.DossierLock.acquire(path)
    try:
        lock.record_file({"head": "a" * 300}, "checkpoint", durable=True)
        lock.record_file({"head": "b"}, "rust", durable=False)
        assert lockfile.read_file_record(path) == {"head": "b", "state": "rust"}
        assert lockfile.LockOwner.read(lockfile.lock_path_for(path)).pid == os.getpid()
    finally:
        lock.release()


def test_a_note_stores_the_row_and_index_row_the_model_would(dossier):
    """add_note writes its row in one INSERT, not through the model: the stored values (and the search
    index row) are exactly what Entry.create and reindex_entry of the stored entry store for the same note."""
    from dossier_app.store import entries
    from dossier_app.store import search as store_search
    from dossier_app.store.models import Entry, database

    columns = "kind, occurred_on, title, body, case_id, typeof(occurred_on), typeof(created_at), " \
              "length(created_at), typeof(case_id)"
    traject = entries.add_traject("Logopedie")
    for when, title, case in ((DAY, "", None), (dt.datetime(2026, 11, 3, 14, 5), "  Eigen titel ", traject),
                              (dt.date(1, 1, 1), "", None)):
        text = "  Eerste regel van de notitie\nen een tweede regel. "
        fast = entries.add_note(text, occurred_on=when, title=title, case_id=case)
        with database.atomic():
            model = Entry.create(kind="notitie", occurred_on=when, title=(title or text.strip().splitlines()[0][:80])
                                 .strip(), body=text, case=case)
        store_search.reindex_entry(Entry.get_by_id(model.id))     # as read back (a datetime is stored as its day)

        def row(entry_id: int) -> tuple:
            return database.execute_sql(f"SELECT {columns} FROM entry WHERE id = ?", (entry_id,)).fetchone()

        def index_row(entry_id: int) -> tuple:
            return database.execute_sql(
                "SELECT source, kind, occurred_on, title, body FROM search_index WHERE rowid = ?",
                (store_search.index_rowid("entry", entry_id),)).fetchone()

        assert row(fast) == row(model.id)
        assert index_row(fast) == index_row(model.id) is not None
        created = database.execute_sql("SELECT created_at, updated_at FROM entry WHERE id IN (?, ?)",
                                       (fast, model.id)).fetchall()
        assert len(created) == 2
        assert all(stamp[0] == stamp[1] and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", stamp[0])
                   for stamp in created)


def test_one_write_reads_the_dossier_files_state_twice_and_records_it_before_and_after_the_checkpoint(
        tmp_path, monkeypatch):
    """Before the call (changed from outside?) and after the checkpoint (the new state); the record
    made durable before the checkpoint names the file as noted after the last write, not read again."""
    from dossier_app.store import sidefiles

    with sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE, name="Gezin") as opened:
        timeline.add_note(opened, "eerste")
        reads, records = [], []
        real_fingerprint, real_record = sidefiles.fingerprint, lockfile.DossierLock.record_file
        monkeypatch.setattr(sidefiles, "fingerprint", lambda path: reads.append(path) or real_fingerprint(path))

        def record(lock, fingerprint, state, *, durable):
            records.append((dict(fingerprint or {}), state, durable))
            real_record(lock, fingerprint, state, durable=durable)

        monkeypatch.setattr(lockfile.DossierLock, "record_file", record)
        noted = real_fingerprint(opened.path)
        timeline.add_note(opened, "tweede")
        assert len(reads) == 2
        assert [(state, durable) for _fingerprint, state, durable in records] == [
            (sidefiles.STATE_CHECKPOINT, True), (sidefiles.STATE_AT_REST, False)]
        assert records[0][0] == noted
        assert records[1][0] == real_fingerprint(opened.path) != noted


def test_the_files_fingerprint_hashes_its_first_and_last_page_at_every_size(tmp_path):
    """Read with plain reads on a descriptor (it runs twice per write): the same fingerprint as reading the
    first page and, when there is more, the last whole page after the first, for sizes around the pages."""
    import hashlib

    from dossier_app.store import sidefiles

    page = 4096
    for size in (0, 1, page - 1, page, page + 1, 2 * page - 1, 2 * page, 3 * page, 25 * page + 7):
        path = tmp_path / f"bestand-{size}"
        data = os.urandom(size)
        path.write_bytes(data)
        digest = hashlib.blake2b(data[:page], digest_size=16)
        if size > page:
            digest.update(data[max(page, size - page):][:page])
        info = os.stat(path)
        assert sidefiles.fingerprint(path) == {
            "dev": info.st_dev, "ino": info.st_ino, "size": size, "mtime_ns": info.st_mtime_ns,
            "ctime_ns": info.st_ctime_ns, "head": digest.hexdigest()}, size
    assert sidefiles.fingerprint(tmp_path / "weg") is None
