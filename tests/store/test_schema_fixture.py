"""A dossier written by schema version 1 (committed in tests/data) still opens, migrates and works.

If a shipped migration is changed, old files on families' laptops no longer
match what new code expects: the checksums and the old file catch that.
"""

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from dossier_app.services import deadlines, family, letters, search, timeline
from dossier_app.services.session import DossierSession

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE_PASSPHRASE = "schema een fixture wachtwoord"     # the committed test fixture's, nobody's real one
MIGRATIONS = Path(__file__).resolve().parents[2] / "dossier_app" / "store" / "migrations"

# Migrations that have shipped: never edit them, add a new numbered one instead.
SHIPPED = {
    "0001_core.sql": "d0e0c67dfcff56bf616a983181a17c044310de1a17e4dfe59baf0e877040c114",
    "0002_search.sql": "b0615d191bee5ef6ea5ec499ed5a66ad1ac89f4e18cbb6b3f0bca1145c4fad62",
    "0003_letter_log.sql": "ce78e1889252f629a241f79cb038c3e8b8c39ff34e282db258c430000fbbb6aa",
    "0004_search_keys.sql": "51fcabf070653c005c02a9881874b714dc23fd775b2d999da2623eabbc282e04",
    "0005_deadline_facts.sql": "274fce8feafaddf5d8ab6918e89414d74f9f45eebd3b3b09586a04bef32a3e34",
    "0008_advice.sql": "3b003023a4762c76f19ba0149664771f1f2c8512d66c99831ceab94493a2d52b",
    "0009_open_items.sql": "be7729269b9f7eb4bd980ca0d008246f7f5c10fe52d67df209d0acc2741c00f3",
    "0010_kenmerk_key.sql": "959bc51f769ecf68706309842f3b831b50e8710b29f7fadc371db1e10ad64a7d",
    "0011_entry_case_date.sql": "cf4394b1a175d116d1013bbb5654f67dd38b2f8420f939f4c34b0fa0e26b1766",
}


def test_shipped_migrations_are_unchanged():
    for name, digest in SHIPPED.items():
        assert hashlib.sha256((MIGRATIONS / name).read_bytes()).hexdigest() == digest, (
            f"{name} has shipped; add a new numbered migration instead of changing it")


def test_a_schema_v1_dossier_opens_migrates_and_keeps_everything(tmp_path):
    path = tmp_path / "oud.dossier"
    shutil.copyfile(DATA / "schema-v1.dossier", path)
    with DossierSession(path) as opened:
        opened.unlock(FIXTURE_PASSPHRASE)
        assert opened.name == "Familie Versie-Een"
        assert {(p.role, p.name) for p in family.people(opened)} == {("ouder", "Ria Versie-Een"),
                                                                     ("kind", "Tim Versie-Een")}
        assert [t.title for t in family.trajecten(opened)] == ["Aanvraag jeugdhulp Tim"]
        titles = [item.title for item in timeline.timeline(opened)]
        assert titles == ["Bezwaartermijn: Beschikking jeugdhulp", "Oude notitie", "Beschikking jeugdhulp",
                          "Keukentafelgesprek"]
        talk = timeline.entry(opened, 2)
        assert talk.participants == ["Ria Versie-Een", "Wijkteam"]
        assert [(a["who"], a["due_date"]) for a in talk.agreements] == [("Wijkteam", dt.date(2025, 12, 24))]
        assert timeline.entry(opened, 3).fields["kenmerk"] == "JH-2025-77"
        open_items = deadlines.open_items(opened, dt.date(2026, 1, 10))
        assert [(i.rule, i.due_date) for i in open_items if i.source == "termijn"] == [
            ("bezwaartermijn", dt.date(2026, 2, 2))]
        assert [hit.ref for hit in search.search(opened, "dyslexie")] == [1]     # the index is built on migration
        assert [hit.ref for hit in search.search(opened, "keukentafel")] == [2]
        rendered = letters.prepare(opened, "bezwaarschrift", traject_id=1, today=dt.date(2026, 1, 10),
                                   answers={"gevraagde_hulp": "Dyslexiebehandeling"})
        assert "JH-2025-77" in rendered.text and "Ria Versie-Een" in rendered.text
    assert (DATA / "schema-v1.dossier").read_bytes() != path.read_bytes()     # the copy migrated, not the fixture
