"""Correctness of what the performance work changed (no timing here: see bench/)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.errors import AttachmentDamaged, DamagedDossier
from dossier_app.security import filecrypt, keys, pagecheck
from dossier_app.store import attachments, database as sql, entries, migrations, search
from dossier_app.store.dossier import Dossier
from dossier_app.store.models import database


def test_search_finds_edited_text_and_forgets_old(dossier):
    first = entries.add_note("Gesprek over de zorgaanbieder Kompas", title="Gesprek")
    other = entries.add_note("Kompas belde terug", title="Terugbellen")
    entries.update_entry(first, body="Gesprek over de huisarts Veldkamp")
    assert [hit.ref for hit in search.search("Veldkamp")] == [first]
    assert [hit.ref for hit in search.search("Kompas")] == [other]
    entries.update_entry(first, body="Nogmaals gewijzigd")
    entries.update_entry(first, body="Derde versie Veldkamp")
    assert [hit.ref for hit in search.search("Veldkamp")] == [first]
    rows = database.execute_sql("SELECT count(*) FROM search_index WHERE source = 'entry'").fetchone()[0]
    assert rows == 2  # one row per entry, never a leftover
    entries.delete_entry(other)
    assert search.search("Kompas") == []


def test_index_rows_of_different_sources_do_not_collide(dossier):
    contact = entries.add_contact("huisarts", "dr. Zonneveld")
    case = entries.add_traject("Aanvraag Zonnebloem")
    note = entries.add_note("Zonnetje in huis")
    assert {(hit.source, hit.ref) for hit in search.search("Zon")} == {
        ("contact", contact), ("traject", case), ("entry", note)}


def test_migration_4_renumbers_an_existing_index(tmp_path):
    path = tmp_path / "v3.dossier"
    salt = keys.new_salt()
    key = keys.derive_key(PASSPHRASE, salt)
    sql.create_private_file(path)
    db = sql.connect(path, keys.sqlcipher_key_literal(key, salt))
    database.initialize(db)
    migrations.migrate(db, target=3)
    now = "2026-01-05 10:00:00"
    db.execute_sql("INSERT INTO dossier_info (key, value) VALUES ('format', 'gezinsdossier'), ('name', 'Drie')")
    for number in range(1, 4):
        db.execute_sql("INSERT INTO entry (kind, occurred_on, title, body, created_at, updated_at) "
                       "VALUES ('notitie', '2026-01-05', ?, ?, ?, ?)", (f"Notitie {number}", "woord", now, now))
        db.execute_sql("INSERT INTO search_index (source, ref, kind, occurred_on, title, body) "
                       "VALUES ('entry', ?, 'notitie', '2026-01-05', ?, 'woord')", (number, f"Notitie {number}"))
    db.execute_sql("INSERT INTO search_index (source, ref, kind, occurred_on, title, body) "
                   "VALUES ('entry', 2, 'notitie', '2026-01-05', 'Notitie 2', 'woord')")  # a stale duplicate
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_all()
    database.initialize(None)
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        assert dossier.schema_version == migrations.LATEST_VERSION
        assert sorted(hit.ref for hit in search.search("woord")) == [1, 2, 3]
        entries.update_entry(2, body="anders")
        assert sorted(hit.ref for hit in search.search("woord")) == [1, 3]
        rowids = [row[0] for row in database.execute_sql("SELECT rowid FROM search_index ORDER BY rowid")]
        assert rowids == [search.index_rowid("entry", ref) for ref in (1, 2, 3)]


def test_timeline_pages_are_slices_of_the_whole(dossier):
    case = entries.add_traject("Traject A")
    for number in range(25):
        entries.add_note(f"Notitie {number}", occurred_on=dt.date(2026, 1, 1) + dt.timedelta(days=number // 3),
                         case_id=case if number % 2 else None)
    whole = entries.timeline()
    assert len(whole) == 25 == entries.count_entries()
    assert [item.date for item in whole] == sorted((item.date for item in whole), reverse=True)
    assert entries.timeline(limit=10, offset=0) == whole[:10]
    assert entries.timeline(limit=10, offset=20) == whole[20:]
    assert entries.timeline(limit=7, after=whole[6]) == whole[7:14]
    in_case = entries.timeline(case_id=case)
    assert len(in_case) == entries.count_entries(case_id=case) == 12
    assert entries.timeline(case_id=case, limit=5, after=in_case[4]) == in_case[5:10]
    assert all(item.case_title == "Traject A" for item in in_case)
    assert entries.count_entries(kind="document") == 0


def test_lazy_timeline_model_fetches_more(dossier, qtbot):
    from dossier_app.ui.table_models import TimelineModel

    for number in range(23):
        entries.add_note(f"Notitie {number}", occurred_on=dt.date(2026, 2, 1) + dt.timedelta(days=number))
    whole = entries.timeline()
    calls = []

    def fetch(limit, last):
        calls.append((limit, last.id if last else None))
        return entries.timeline(limit=limit, after=last)

    model = TimelineModel()
    model.PAGE_SIZE = 10
    model.set_source(fetch, entries.count_entries())
    assert model.rowCount() == 10 and model.total_count() == 23
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    model.fetch_all()
    assert model.rowCount() == 23 and not model.canFetchMore()
    assert model.rows() == whole
    assert calls == [(10, None), (10, whole[9].id), (10, whole[19].id)]
    model.set_rows(whole[:2])  # a fixed list still works
    assert model.rowCount() == 2 and not model.canFetchMore() and model.row(1) == whole[1]


def _damage_page(path, number: int) -> None:
    data = bytearray(path.read_bytes())
    start = (number - 1) * keys.PAGE_SIZE + 200
    data[start:start + 32] = bytes(32)
    path.write_bytes(bytes(data))


def test_verify_integrity_detects_damage_that_open_does_not_read(tmp_path):
    path = tmp_path / "groot.dossier"
    with Dossier.create(path, PASSPHRASE) as dossier:
        for number in range(400):
            entries.add_note(f"Notitie {number} " + "tekst " * 60)
        dossier.verify_integrity()  # a healthy dossier passes
    pages = path.stat().st_size // keys.PAGE_SIZE
    assert pages > 3 * pagecheck.SAMPLE_PAGES
    _damage_page(path, pages // 2)
    with Dossier.unlock(path, PASSPHRASE) as dossier:  # opening stays quick and works
        with pytest.raises(DamagedDossier, match="beschadigd"):
            dossier.verify_integrity()


def _filled(path, notes: int) -> tuple[bytes, bytes]:
    """A closed dossier with ``notes`` notes of a few hundred bytes each: its key and salt."""
    with Dossier.create(path, PASSPHRASE) as dossier:
        for number in range(notes):
            entries.add_note(f"Notitie {number} " + "tekst " * 60)
        return dossier.key, dossier.salt


def test_open_refuses_damaged_first_and_last_pages(tmp_path):
    path = tmp_path / "klein.dossier"
    key, salt = _filled(path, 100)
    assert pagecheck.damaged_sample_pages(path, key, salt) == []
    pages = path.stat().st_size // keys.PAGE_SIZE
    for number in (2, pages):
        copy = tmp_path / f"kapot-{number}.dossier"
        copy.write_bytes(path.read_bytes())
        _damage_page(copy, number)
        assert pagecheck.damaged_sample_pages(copy, key, salt) == [number]
        with pytest.raises(DamagedDossier):
            Dossier.unlock(copy, PASSPHRASE)


def test_the_sample_is_exactly_the_first_and_last_pages_each_checked_on_its_own(tmp_path):
    path = tmp_path / "middel.dossier"
    key, salt = _filled(path, 200)
    pages = path.stat().st_size // keys.PAGE_SIZE
    sample = pagecheck.SAMPLE_PAGES
    assert pages > 2 * sample + 2
    healthy = path.read_bytes()
    damaged = tmp_path / "kapot.dossier"
    for number in (1, sample, sample + 1, pages - sample, pages - sample + 1, pages):
        data = bytearray(healthy)
        start = (number - 1) * keys.PAGE_SIZE + 100
        data[start:start + 8] = bytes(8)
        damaged.write_bytes(bytes(data))
        inside = number <= sample or number > pages - sample
        assert pagecheck.damaged_sample_pages(damaged, key, salt) == ([number] if inside else [])
    # A file cut off inside a page counts as damaged at its last (incomplete) page.
    damaged.write_bytes(healthy[:-100])
    assert pagecheck.damaged_sample_pages(damaged, key, salt) == [pages]


def test_a_family_read_read_only_is_refused_when_its_last_page_is_damaged(tmp_path):
    path = tmp_path / "gezin.dossier"
    _filled(path, 100)
    _damage_page(path, path.stat().st_size // keys.PAGE_SIZE)
    with pytest.raises(DamagedDossier, match="beschadigd"):
        Dossier.unlock(path, PASSPHRASE, read_only=True)


def test_backup_refuses_a_damaged_dossier(tmp_path):
    from dossier_app.store.backup import create_backup

    path = tmp_path / "groot.dossier"
    with Dossier.create(path, PASSPHRASE):
        for number in range(400):
            entries.add_note(f"Notitie {number} " + "tekst " * 60)
    _damage_page(path, path.stat().st_size // keys.PAGE_SIZE // 2)
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        with pytest.raises(DamagedDossier):
            create_backup(dossier, tmp_path / "kopie.dossierbackup")
    assert not (tmp_path / "kopie.dossierbackup").exists()


def test_single_pass_export_releases_nothing_when_damaged(dossier, tmp_path):
    data = bytes(range(256)) * 9000  # a few chunks
    attachment_id = attachments.add_bytes(dossier, None, data, "rapport.pdf")
    target = tmp_path / "uit" / "rapport.pdf"
    target.parent.mkdir()
    assert attachments.export(dossier, attachment_id, target).read_bytes() == data
    assert attachments.read_bytes(dossier, attachment_id) == data
    sealed = attachments.encrypted_path(dossier, attachment_id)
    raw = bytearray(sealed.read_bytes())
    raw[-100] ^= 0x01  # the last chunk: everything before it decrypts fine
    sealed.write_bytes(bytes(raw))
    damaged_target = tmp_path / "uit" / "kapot.pdf"
    with pytest.raises(AttachmentDamaged):
        attachments.export(dossier, attachment_id, damaged_target)
    assert list(damaged_target.parent.iterdir()) == [target]
    with pytest.raises(AttachmentDamaged):
        attachments.read_bytes(dossier, attachment_id)


def test_default_decrypt_still_verifies_before_writing(tmp_path):
    key = filecrypt.new_file_key()
    sealed = io.BytesIO()
    size, digest = filecrypt.encrypt_stream(io.BytesIO(b"x" * 3000), sealed, key, chunk_size=1024)
    raw = bytearray(sealed.getvalue())
    raw[-5] ^= 0x01
    path = tmp_path / "b.gzb"
    path.write_bytes(bytes(raw))
    out = io.BytesIO()
    with pytest.raises(AttachmentDamaged):
        filecrypt.decrypt_file(path, out, key, digest)
    assert out.getvalue() == b""


def test_letter_case_selection_matches_per_case_check(dossier):
    from dossier_app.letters import context, context_queries

    today = dt.date(2026, 6, 1)
    entries.add_person("ouder", "Sanne de Vries")
    entries.add_person("kind", "Noor de Vries", birth_date=dt.date(2015, 3, 2))
    entries.add_contact("gemeente", "Gemeente Utrecht", organisation="Gemeente Utrecht")
    old = entries.add_traject("Oud traject", opened_on=dt.date(2025, 1, 1))
    new = entries.add_traject("Nieuw traject", opened_on=dt.date(2026, 1, 1))
    entries.add_document(occurred_on=dt.date(2025, 2, 1), title="Beschikking", doc_kind="beschikking",
                         case_id=old, decision_date=dt.date(2025, 2, 1))
    entries.add_document(occurred_on=dt.date(2026, 2, 1), title="Verslag", doc_kind="gespreksverslag",
                         case_id=new, inaccuracies="Datum klopt niet")
    by_case = context_queries.available_by_case([old, new], today)
    assert by_case[old] == context.available_items(old, today) and "beschikking" in by_case[old]
    assert by_case[new] == context.available_items(new, today) and "verslag" in by_case[new]
    assert context.select_case(["beschikking"], today) == old
    assert context.select_case(["verslag"], today) == new
    assert context.select_case([], today) == new
    assert context.available_items(None, today) >= {"beschikking", "verslag"}


def _family_with_trajecten(count: int, *, beschikking_in=None) -> list[int]:
    """A family, a gemeente and ``count`` trajecten (oldest first), each with notes and a gesprek;
    a beschikking in the trajecten at the positions ``beschikking_in`` (all when None)."""
    entries.add_person("ouder", "Sanne de Vries", street="Berkenlaan 12", postcode="1234 AB", city="Lindenhoven")
    entries.add_person("kind", "Noor de Vries", birth_date=dt.date(2015, 3, 2))
    entries.add_contact("gemeente", "Gemeente Lindenhoven", organisation="Gemeente Lindenhoven",
                        street="Postbus 1", postcode="1234 AA", city="Lindenhoven")
    ids = []
    for number in range(count):
        opened = dt.date(2020, 1, 1) + dt.timedelta(days=20 * number)
        case = entries.add_traject(f"Traject {number}", opened_on=opened)
        ids.append(case)
        for day in range(3):
            entries.add_note(f"Notitie {day} in traject {number}", occurred_on=opened + dt.timedelta(days=day),
                             case_id=case)
        if beschikking_in is None or number in beschikking_in:
            entries.add_document(occurred_on=opened + dt.timedelta(days=5), title=f"Beschikking {number}",
                                 doc_kind="beschikking", case_id=case, decision_date=opened + dt.timedelta(days=5),
                                 sender="Gemeente Lindenhoven", kenmerk=f"JGT-{number}")
    return ids


def _count_queries(monkeypatch, work) -> int:
    real = database.obj.execute_sql
    calls = []

    def counting(sql, params=None, *args, **kwargs):
        calls.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", counting)
    try:
        work()
    finally:
        monkeypatch.undo()
    return len(calls)


def _answers_for(kind: str, today: dt.date) -> dict:
    from dossier_app.letters.render import MissingFields, render_letter

    answers: dict = {}
    for _ in range(4):
        try:
            render_letter(kind, today=today, answers=answers)
            return answers
        except MissingFields as exc:
            answers.update({name: "Zie de toelichting." for name, _question in exc.missing})
    raise AssertionError(f"{kind}: fields keep missing")


@pytest.mark.parametrize("kind", ["bezwaarschrift", "avg-inzage"])
def test_letter_queries_do_not_grow_with_trajecten(tmp_path, monkeypatch, kind):
    """A letter reads the dossier in a fixed number of queries: the same for 50 trajecten as for 2."""
    from dossier_app.letters.render import render_letter

    today = dt.date(2026, 6, 1)
    counts, letters = {}, {}
    for count in (2, 50):
        with Dossier.create(tmp_path / f"d{count}.dossier", PASSPHRASE):
            newest = _family_with_trajecten(count)[-1]
            answers = _answers_for(kind, today)
            result = {}
            counts[count] = _count_queries(monkeypatch, lambda result=result, answers=answers: result.setdefault(
                "letter", render_letter(kind, today=today, answers=answers)))
            letters[count] = result["letter"]
            assert letters[count].case_id == newest
    assert counts[50] == counts[2] <= 45, counts
    # …and it is still about the newest traject's beschikking.
    if kind == "bezwaarschrift":
        assert "JGT-49" in letters[50].text and "JGT-48" not in letters[50].text


def test_letter_finds_an_older_traject_beyond_the_first_batches(dossier):
    """Only the 7th traject from the newest has a beschikking: the batched search still finds it,
    and a preferred item is looked for beyond the first traject that fits."""
    from dossier_app.letters import context

    today = dt.date(2026, 6, 1)
    ids = _family_with_trajecten(12, beschikking_in={4})
    assert context.select_case(["beschikking"], today) == ids[4]
    case_id, available = context.select_case_with_items(["beschikking"], today)
    assert case_id == ids[4] and available == context.available_items(ids[4], today)
    # Every traject fits an empty requirement; the newest wins unless an older one has what is preferred.
    assert context.select_case([], today) == ids[11]
    assert context.select_case([], today, prefers=["beschikking"]) == ids[4]
    assert context.select_case([], today, prefers=["kinderrechterzaak"]) == ids[11]


def test_reused_reference_document_keeps_nothing_of_an_earlier_letter():
    """write_docx reuses one opened reference.docx: each .docx has only its own text and title."""
    import docx

    from dossier_app.letters.blocks import parse
    from dossier_app.letters.docx_writer import write_docx

    first = write_docx(parse("<!-- romp -->\nEerste brief over **Zonnebloemstraat** en *Kompas*.\n"),
                       title="Geheime titel")
    second = write_docx(parse("<!-- romp -->\nTweede brief.\n"), title="")
    opened = docx.Document(io.BytesIO(second))
    text = "\n".join(paragraph.text for paragraph in opened.paragraphs)
    assert text == "Tweede brief."
    assert opened.core_properties.title == ""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        unpacked = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Zonnebloemstraat" not in unpacked and b"Geheime" not in unpacked and b"Tweede brief" in unpacked
    again = docx.Document(io.BytesIO(first))
    assert [p.text for p in again.paragraphs] == ["Eerste brief over Zonnebloemstraat en Kompas."]
    runs = again.paragraphs[0].runs
    assert [(run.text, run.bold, run.italic) for run in runs] == [
        ("Eerste brief over ", None, None), ("Zonnebloemstraat", True, None), (" en ", None, None),
        ("Kompas", None, True), (".", None, None)]
    assert again.core_properties.title == "Geheime titel"



def test_every_connection_keeps_a_page_cache_of_32_mib(tmp_path, prepared_dossiers):
    """A 50k-entry dossier is ~60 MB; with SQLCipher's default cache (~8 MB) reading the whole timeline
    decrypted its pages again and again (bench: 3× slower). Read-only opens (Mijn gezinnen) too."""
    from tests.conftest import copy_dossier

    path = copy_dossier(prepared_dossiers["leeg"], tmp_path / "gezin.dossier")
    for read_only in (False, True):
        opened = Dossier.unlock(path, key=prepared_dossiers["key"], read_only=read_only)
        try:
            assert opened.db.execute_sql("PRAGMA cache_size").fetchone()[0] == -32 * 1024
        finally:
            opened.close()
