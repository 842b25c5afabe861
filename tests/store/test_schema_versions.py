"""Every migration from every older schema version (issue 27): one fixture dossier per version.

tests/store/schema_versions.py builds, for each schema version N, a dossier that lived through versions
1..N (each migration, then what that version's app wrote). Opening it with today's code must migrate it to
the latest version, keep an encrypted safety copy at N, end with exactly the schema of a new dossier, keep
every row and value it had, and work: search, the letter log, a letter from its beschikking."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier_app.services import family, letters, search, timeline
from dossier_app.services.session import DossierSession
from dossier_app.store import migrations
from dossier_app.store.dossier import Dossier
from tests.store import schema_versions as versions

OLDER = [number for number in migrations.MIGRATIONS if number < migrations.LATEST_VERSION]


def test_every_schema_version_has_its_fixture_data():
    assert set(versions.DATA_BY_VERSION) == set(migrations.MIGRATIONS), (
        "a new migration needs its step in tests/store/schema_versions.py (what that version's app writes)")


def test_the_fixtures_are_built_the_same_way_every_time(tmp_path):
    contents = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.dossier"
        versions.build(path, OLDER[-1])
        db = versions.open_raw(path)
        try:
            contents.append({table: versions.rows_of(db, table, columns)
                             for table, columns in versions.user_tables(db).items()})
        finally:
            db.close_all()
    assert contents[0] == contents[1] and contents[0]["entry"]


@pytest.fixture(scope="module")
def new_schema(tmp_path_factory):
    """The schema of a dossier created by today's code."""
    path = tmp_path_factory.mktemp("nieuw") / "nieuw.dossier"
    with Dossier.create(path, versions.PASSPHRASE) as created:
        return versions.schema(created.db)


@pytest.mark.parametrize("version", OLDER)
def test_a_dossier_of_each_older_version_migrates_to_the_schema_of_a_new_one_and_keeps_every_row(
        version, tmp_path, new_schema):
    path = tmp_path / f"versie-{version}.dossier"
    versions.build(path, version)
    db = versions.open_raw(path)
    try:
        before = {table: versions.rows_of(db, table, columns) for table, columns in versions.user_tables(db).items()}
        columns_before = versions.user_tables(db)
    finally:
        db.close_all()

    with Dossier.unlock(path, versions.PASSPHRASE) as opened:
        assert opened.schema_version == migrations.LATEST_VERSION
        assert opened.safety_copy is not None and opened.safety_copy.exists()
        assert versions.schema(opened.db) == new_schema
        for table, columns in columns_before.items():
            assert versions.rows_of(opened.db, table, columns) == before[table], table
        safety = opened.safety_copy
    copy = versions.open_raw(safety)
    try:
        assert migrations.current_version(copy) == version
        assert versions.rows_of(copy, "entry", columns_before["entry"]) == before["entry"]
    finally:
        copy.close_all()


@pytest.mark.parametrize("version", OLDER)
def test_a_migrated_dossier_of_each_older_version_works(version, tmp_path):
    path = tmp_path / f"versie-{version}.dossier"
    versions.build(path, version)
    with DossierSession(path) as opened:
        opened.unlock(versions.PASSPHRASE)
        assert opened.name == "Familie Versie"
        assert sorted(p.name for p in family.people(opened)) == ["Ria Versie", "Tim Versie"]
        assert [item.title for item in timeline.timeline(opened)][:2] == ["Bezwaartermijn: Beschikking jeugdhulp",
                                                                         "Bezwaarschrift"]
        # the index (version 2, re-keyed by version 4) finds each thing once
        assert [(hit.title, hit.ref) for hit in search.search(opened, "versie") if hit.title == "Oude notitie"] == [
            ("Oude notitie", 1)]
        assert [hit.title for hit in search.search(opened, "Oudshoorn")] == (["dr. Oudshoorn"] if version >= 4 else [])
        log = letters.letter_records(opened)
        assert [(record.kind, record.sent_on) for record in log] == [("bezwaarschrift", dt.date(2026, 1, 7))]
        assert log[0].subject == ("Bezwaar tegen de beschikking JH-2025-77" if version >= 3 else "")
        rendered = letters.prepare(opened, "bezwaarschrift", traject_id=1, today=dt.date(2026, 1, 10),
                                   answers={"gevraagde_hulp": "Dyslexiebehandeling"})
        assert "JH-2025-77" in rendered.text and "Ria Versie" in rendered.text


def test_the_latest_version_opens_without_migrating_and_holds_every_version_s_data(tmp_path):
    path = tmp_path / "laatste.dossier"
    versions.build(path, migrations.LATEST_VERSION)
    with Dossier.unlock(path, versions.PASSPHRASE) as opened:
        assert opened.safety_copy is None
        consent = opened.db.execute_sql("SELECT recipient, purpose FROM consent").fetchall()
        assert consent == [("Leeshuis", "Verslag naar school")]
        assert opened.db.execute_sql("SELECT options FROM deadline").fetchall() == [('{"postponement_weeks": 6}',)]
