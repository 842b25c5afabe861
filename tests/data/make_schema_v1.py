"""Write tests/data/schema-v1.dossier: a dossier exactly as schema version 1 stored it.

Run once (`python tests/data/make_schema_v1.py`); the file is committed so that a
change to a shipped migration, or to how old files are read, fails
tests/store/test_schema_fixture.py. Passphrase: see PASSPHRASE below (a test fixture).
"""

from pathlib import Path

from dossier_app.security import keys
from dossier_app.store import database as sql
from dossier_app.store import migrations
from dossier_app.store.models import database

PASSPHRASE = "schema een fixture wachtwoord"
NOW = "2026-01-05 10:00:00"
ROWS = [
    ("INSERT INTO dossier_info (key, value) VALUES ('format', 'gezinsdossier'), ('name', 'Familie Versie-Een'), "
     "('created_at', '2026-01-05T10:00:00')", ()),
    ("INSERT INTO person (id, role, name, street, postcode, city, birth_date, created_at) VALUES "
     "(1, 'ouder', 'Ria Versie-Een', 'Kerkstraat 1', '1234 AB', 'Oudedorp', NULL, ?), "
     "(2, 'kind', 'Tim Versie-Een', '', '', '', '2014-06-01', ?)", (NOW, NOW)),
    ("INSERT INTO contact (id, role, name, organisation, city, created_at) VALUES "
     "(1, 'gemeente', 'College van B&W', 'Gemeente Oudedorp', 'Oudedorp', ?)", (NOW,)),
    ("INSERT INTO traject (id, title, child_id, status, opened_on, notes, created_at) VALUES "
     "(1, 'Aanvraag jeugdhulp Tim', 2, 'besluit', '2025-12-01', 'Hulpvraag: dyslexie', ?)", (NOW,)),
    ("INSERT INTO entry (id, kind, case_id, occurred_on, title, body, created_at, updated_at) VALUES "
     "(1, 'notitie', 1, '2026-01-05', 'Oude notitie', 'Geschreven met versie een', ?, ?), "
     "(2, 'gesprek', 1, '2025-12-10', 'Keukentafelgesprek', 'Over school', ?, ?), "
     "(3, 'document', 1, '2025-12-20', 'Beschikking jeugdhulp', '', ?, ?), "
     "(4, 'termijn', 1, '2026-02-02', 'Bezwaartermijn: Beschikking jeugdhulp', '', ?, ?)", (NOW,) * 8),
    ("INSERT INTO conversation (entry_id, location, topic, report_status) VALUES "
     "(2, 'Thuis', 'School', 'toegezegd')", ()),
    ("INSERT INTO participant (entry_id, name) VALUES (2, 'Ria Versie-Een'), (2, 'Wijkteam')", ()),
    ("INSERT INTO agreement (entry_id, who, what, due_date, done) VALUES "
     "(2, 'Wijkteam', 'stuurt het verslag', '2025-12-24', 0)", ()),
    ("INSERT INTO document (entry_id, doc_kind, direction, sender, kenmerk, decision_date, inaccuracies) VALUES "
     "(3, 'beschikking', 'ontvangen', 'Gemeente Oudedorp', 'JH-2025-77', '2025-12-20', 'Klopt niet: geen school')", ()),
    ("INSERT INTO deadline (entry_id, rule_id, start_date, due_date, status, basis, source_entry_id) VALUES "
     "(4, 'bezwaartermijn', '2025-12-20', '2026-02-02', 'open', 'Awb 6:7, 6:8', 3)", ()),
]


def main(path: Path) -> None:
    path.unlink(missing_ok=True)
    salt = keys.new_salt()
    key = keys.derive_key(PASSPHRASE, salt)
    sql.create_private_file(path)
    db = sql.connect(path, keys.sqlcipher_key_literal(key, salt))
    database.initialize(db)
    migrations.migrate(db, target=1)
    for statement, params in ROWS:
        db.execute_sql(statement, params)
    db.execute_sql("PRAGMA journal_mode = DELETE")
    db.close_all()
    database.initialize(None)


if __name__ == "__main__":
    main(Path(__file__).with_name("schema-v1.dossier"))
