"""Backups restore to identical content; old schema versions migrate safely."""

import datetime as dt

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.errors import DamagedDossier, DossierExists
from dossier_app.security import keys
from dossier_app.store import attachments, database as sql, entries, migrations, search
from dossier_app.store.backup import automatic_backup, create_backup, read_manifest, restore_backup
from dossier_app.store.dossier import Dossier, attachments_dir_for
from dossier_app.store.models import database


def snapshot(dossier):
    tables = [row[0] for row in dossier.db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search_index%' ORDER BY name")]
    content = {}
    for table in tables:
        content[table] = sorted(map(repr, dossier.db.execute_sql(f'SELECT * FROM "{table}"').fetchall()))
    content["search"] = sorted(map(repr, dossier.db.execute_sql(
        "SELECT source, ref, title, body FROM search_index").fetchall()))
    content["files"] = {a["id"]: attachments.read_bytes(dossier, a["id"])
                        for a in [attachments.describe(row[0]) for row in
                                  dossier.db.execute_sql("SELECT id FROM attachment").fetchall()]}
    return content


def test_backup_restore_identical(demo_path, tmp_path):
    backup = tmp_path / "demo.dossierbackup"
    with Dossier.unlock(demo_path, PASSPHRASE) as dossier:
        original = snapshot(dossier)
        create_backup(dossier, backup)
    manifest = read_manifest(backup)
    assert manifest["files"][0]["name"] == "dossier.db"
    assert len(manifest["files"]) == 1 + len(original["files"])
    restored = tmp_path / "terug.dossier"
    restore_backup(backup, restored)
    assert attachments_dir_for(restored).is_dir()
    with Dossier.unlock(restored, PASSPHRASE) as dossier:
        assert snapshot(dossier) == original
        assert dossier.schema_version == migrations.LATEST_VERSION
    with pytest.raises(DossierExists):
        restore_backup(backup, restored)


def test_damaged_backup_is_refused(demo_path, tmp_path):
    backup = tmp_path / "demo.dossierbackup"
    with Dossier.unlock(demo_path, PASSPHRASE) as dossier:
        create_backup(dossier, backup)
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    backup.write_bytes(bytes(data))
    with pytest.raises(DamagedDossier):
        restore_backup(backup, tmp_path / "kapot.dossier")
    assert not (tmp_path / "kapot.dossier").exists()
    not_a_backup = tmp_path / "iets.dossierbackup"
    not_a_backup.write_text("geen back-up")
    with pytest.raises(DamagedDossier):
        restore_backup(not_a_backup, tmp_path / "x.dossier")


def test_automatic_backups_rotate(dossier, tmp_path):
    folder = tmp_path / "backups"
    made = []
    for number in range(4):
        entries.add_note(f"Notitie {number}")
        made.append(automatic_backup(dossier, folder, keep=2))
    remaining = sorted(p.name for p in folder.iterdir())
    assert remaining == sorted(p.name for p in made[-2:])


def make_v1_dossier(path):
    """A dossier exactly as schema version 1 wrote it (no search index)."""
    salt = keys.new_salt()
    key = keys.derive_key(PASSPHRASE, salt)
    sql.create_private_file(path)
    db = sql.connect(path, keys.sqlcipher_key_literal(key, salt))
    database.initialize(db)
    migrations.migrate(db, target=1)
    now = "2026-01-05 10:00:00"
    db.execute_sql("INSERT INTO dossier_info (key, value) VALUES ('format', 'gezinsdossier'), ('name', 'Oud')")
    db.execute_sql("INSERT INTO entry (kind, occurred_on, title, body, created_at, updated_at) "
                   "VALUES ('notitie', '2026-01-05', 'Oude notitie', 'Geschreven met versie één', ?, ?)",
                   (now, now))
    db.execute_sql("INSERT INTO contact (role, name, created_at) VALUES ('huisarts', 'dr. Oudshoorn', ?)", (now,))
    assert migrations.current_version(db) == 1
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_all()
    database.initialize(None)


def test_migrates_v1_with_safety_copy(tmp_path):
    path = tmp_path / "oud.dossier"
    make_v1_dossier(path)
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        assert dossier.schema_version == migrations.LATEST_VERSION
        assert dossier.safety_copy is not None and dossier.safety_copy.exists()
        assert [hit.title for hit in search.search("versie")] == ["Oude notitie"]
        assert [hit.title for hit in search.search("Oudshoorn")] == ["dr. Oudshoorn"]
        entries.add_note("Nieuw na migratie", occurred_on=dt.date(2026, 2, 1))
        safety = dossier.safety_copy
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        assert dossier.safety_copy is None  # nothing left to migrate
    # The safety copy is the untouched v1 file, encrypted with the same passphrase.
    db = sql.connect(safety, keys.sqlcipher_key_literal(keys.derive_key(PASSPHRASE, keys.read_salt(safety)),
                                                         keys.read_salt(safety)))
    try:
        assert migrations.current_version(db) == 1
        assert db.execute_sql("SELECT title FROM entry").fetchall() == [("Oude notitie",)]
    finally:
        db.close_all()


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "oud.dossier"
    make_v1_dossier(path)

    def broken(db):
        raise RuntimeError("migratie breekt af")

    monkeypatch.setitem(migrations.FOLLOW_UPS, 2, broken)
    with pytest.raises(RuntimeError):
        Dossier.unlock(path, PASSPHRASE)
    monkeypatch.undo()
    db = sql.connect(path, keys.sqlcipher_key_literal(keys.derive_key(PASSPHRASE, keys.read_salt(path)),
                                                      keys.read_salt(path)))
    try:
        assert migrations.current_version(db) == 1
        tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master")}
        assert "search_index" not in tables
    finally:
        db.close_all()
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        assert dossier.schema_version == migrations.LATEST_VERSION


def test_newer_schema_is_refused(dossier, tmp_path):
    dossier.db.execute_sql("PRAGMA user_version = 999")
    path = dossier.path
    dossier.close()
    with pytest.raises(DamagedDossier, match="nieuwere versie"):
        Dossier.unlock(path, PASSPHRASE)
