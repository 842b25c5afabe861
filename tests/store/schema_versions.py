"""One dossier per schema version, built the way a family's dossier lived through the versions (issue 27).

For version N: create an encrypted dossier, and for every version up to N apply that version's migration and
then write what the app of that version wrote (its new tables and columns; the search index rows the app kept
since version 2). Deterministic: a fixed salt and fixed rows, so every run builds the same content
(SQLCipher's page IVs differ, the data does not). A migration without its DATA_BY_VERSION step fails
tests/store/test_schema_versions.py, so the next version gets its fixture too.

The committed tests/data/schema-v1.dossier stays as a file written by version 1 itself.
"""

from __future__ import annotations

from pathlib import Path

from dossier_app.security import keys
from dossier_app.store import database as sql
from dossier_app.store import migrations
from dossier_app.store.models import database

PASSPHRASE = "schema versies fixture wachtwoord"     # a test fixture's, nobody's real one
SALT = bytes(range(keys.SALT_SIZE))
NOW = "2026-01-05 10:00:00"

Step = list[tuple[str, tuple]]

DATA_BY_VERSION: dict[int, Step] = {
    # 1: the family, a contact, a traject, a note, a beschikking with its bezwaartermijn, a conversation, a letter.
    1: [
        ("INSERT INTO dossier_info (key, value) VALUES ('format', 'gezinsdossier'), ('name', 'Familie Versie'), "
         "('created_at', '2026-01-05T10:00:00')", ()),
        ("INSERT INTO person (id, role, name, street, postcode, city, birth_date, created_at) VALUES "
         "(1, 'ouder', 'Ria Versie', 'Kerkstraat 1', '1234 AB', 'Oudedorp', NULL, ?), "
         "(2, 'kind', 'Tim Versie', '', '', '', '2014-06-01', ?)", (NOW, NOW)),
        ("INSERT INTO contact (id, role, name, organisation, street, postcode, city, created_at) VALUES "
         "(1, 'gemeente', 'College van B&W', 'Gemeente Oudedorp', 'Postbus 1', '1234 ZZ', 'Oudedorp', ?)", (NOW,)),
        ("INSERT INTO traject (id, title, child_id, status, opened_on, notes, created_at) VALUES "
         "(1, 'Aanvraag jeugdhulp Tim', 2, 'besluit', '2025-12-01', 'Hulpvraag: dyslexie', ?)", (NOW,)),
        ("INSERT INTO entry (id, kind, case_id, occurred_on, title, body, created_at, updated_at) VALUES "
         "(1, 'notitie', 1, '2026-01-05', 'Oude notitie', 'Geschreven met versie een', ?, ?), "
         "(2, 'gesprek', 1, '2025-12-10', 'Keukentafelgesprek', 'Over school', ?, ?), "
         "(3, 'document', 1, '2025-12-20', 'Beschikking jeugdhulp', '', ?, ?), "
         "(4, 'termijn', 1, '2026-02-02', 'Bezwaartermijn: Beschikking jeugdhulp', '', ?, ?), "
         "(5, 'brief', 1, '2026-01-06', 'Bezwaarschrift', '', ?, ?)", (NOW,) * 10),
        ("INSERT INTO conversation (entry_id, location, topic, report_status) VALUES "
         "(2, 'Thuis', 'School', 'toegezegd')", ()),
        ("INSERT INTO participant (entry_id, name) VALUES (2, 'Ria Versie'), (2, 'Wijkteam')", ()),
        ("INSERT INTO agreement (entry_id, who, what, due_date, done) VALUES "
         "(2, 'Wijkteam', 'stuurt het verslag', '2025-12-24', 0)", ()),
        ("INSERT INTO document (entry_id, doc_kind, direction, sender, kenmerk, decision_date, inaccuracies) "
         "VALUES (3, 'beschikking', 'ontvangen', 'Gemeente Oudedorp', 'JH-2025-77', '2025-12-20', '')", ()),
        ("INSERT INTO deadline (entry_id, rule_id, start_date, due_date, status, basis, source_entry_id) VALUES "
         "(4, 'bezwaartermijn', '2025-12-20', '2026-02-02', 'open', 'Awb 6:7, 6:8', 3)", ()),
        ("INSERT INTO letter (entry_id, kind, final_text, recipient_id, sent_on, send_method) VALUES "
         "(5, 'bezwaarschrift', 'Geachte heer, mevrouw, ik maak bezwaar.', 1, '2026-01-07', 'post')", ()),
    ],
    # 2: the full-text index; the app of version 2 indexed what was there (rowids of its own choosing).
    2: [
        ("INSERT INTO search_index (rowid, source, ref, kind, occurred_on, title, body) VALUES "
         "(1, 'entry', '1', 'notitie', '2026-01-05', 'Oude notitie', 'Geschreven met versie een'), "
         "(2, 'contact', '1', 'contact', '', 'College van B&W', 'Gemeente Oudedorp'), "
         "(3, 'entry', '1', 'notitie', '2026-01-05', 'Oude notitie', 'Geschreven met versie een')", ()),
    ],
    # 3: the letter log's subject and deadline columns, and a draft of a form.
    3: [
        ("UPDATE letter SET subject = 'Bezwaar tegen de beschikking JH-2025-77', deadline_rule = 'beslistermijn-"
         "bezwaar', deadline_start = '2026-01-07' WHERE entry_id = 5", ()),
        ("INSERT INTO draft (form, ref, payload, updated_at) VALUES "
         "('notitie', '', '{\"titel\": \"Half af\"}', ?)", (NOW,)),
    ],
    # 4: search rows keyed by what they index (ref * 4 + source code); a huisarts added then.
    4: [
        ("INSERT INTO contact (id, role, name, organisation, created_at) VALUES "
         "(2, 'huisarts', 'dr. Oudshoorn', 'Praktijk Oudshoorn', ?)", (NOW,)),
        ("INSERT INTO search_index (rowid, source, ref, kind, occurred_on, title, body) VALUES "
         "(9, 'contact', '2', 'contact', '', 'dr. Oudshoorn', 'Praktijk Oudshoorn')", ()),
    ],
    # 5: facts that change a running term, and a bezwaar before an adviescommissie.
    5: [
        ("UPDATE deadline SET options = '{\"postponement_weeks\": 6}' WHERE entry_id = 4", ()),
        ("UPDATE traject SET objection_committee = 1 WHERE id = 1", ()),
    ],
    # 8: gezag and the child's own words, a provider's waiting list, the consent register.
    8: [
        ("UPDATE person SET gezag = 'ja' WHERE id = 1", ()),
        ("UPDATE person SET own_voice = 'Ik wil gewoon kunnen lezen.' WHERE id = 2", ()),
        ("INSERT INTO contact (id, role, name, waiting_list, contracted, created_at) VALUES "
         "(3, 'jeugdhulpaanbieder', 'Leeshuis', '8 weken', 'ja', ?)", (NOW,)),
        ("INSERT INTO consent (recipient, contact_id, purpose, given_on, created_at) VALUES "
         "('Leeshuis', 3, 'Verslag naar school', '2026-03-01', ?)", (NOW,)),
    ],
    # 9: indexes for the Overzicht's pages only; the app wrote nothing new.
    9: [],
    # 10: the kenmerk key (the migration fills the older rows); a letter received then gets it as it is stored.
    10: [
        ("INSERT INTO entry (id, kind, case_id, occurred_on, title, body, created_at, updated_at) VALUES "
         "(6, 'document', 1, '2025-12-22', 'Informatiebrief wijkteam', '', ?, ?)", (NOW, NOW)),
        ("INSERT INTO document (entry_id, doc_kind, direction, sender, kenmerk, kenmerk_key, inaccuracies) VALUES "
         "(6, 'overig', 'ontvangen', 'Gemeente Oudedorp', 'INFO 2025 / 12', 'info 2025 / 12', '')", ()),
    ],
    # 11: an index on a traject's entries by date only; the app wrote nothing new.
    11: [],
}


def build(path: Path, version: int) -> None:
    """Write ``path``: a closed dossier at schema ``version``, with the data of every version up to it."""
    if version not in migrations.MIGRATIONS:
        raise ValueError(f"no schema version {version}")
    key = keys.derive_key(PASSPHRASE, SALT)
    sql.create_private_file(path)
    db = sql.connect(path, keys.sqlcipher_key_literal(key, SALT))
    database.initialize(db)
    try:
        for number in migrations.MIGRATIONS:
            if number > version:
                break
            migrations.migrate(db, target=number)
            with db.atomic():
                for statement, params in DATA_BY_VERSION[number]:
                    db.execute_sql(statement, params)
        assert migrations.current_version(db) == version
        db.execute_sql("PRAGMA journal_mode = DELETE")
    finally:
        db.close_all()
        database.initialize(None)


def rows_of(db, table: str, columns: list[str]) -> list[tuple]:
    """The rows of ``table``, only ``columns``, in a fixed order."""
    listed = ", ".join(columns)
    return sorted(db.execute_sql(f"SELECT {listed} FROM {table}").fetchall(), key=repr)


def user_tables(db) -> dict[str, list[str]]:
    """Every table the app writes (not the search index and its shadow tables), with its columns."""
    names = [name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_index%' ORDER BY name").fetchall()]
    return {name: [row[1] for row in db.execute_sql(f"PRAGMA table_info({name})").fetchall()] for name in names}


def schema(db) -> list[tuple]:
    """The schema as SQLite keeps it: every table, index and trigger with its SQL."""
    return db.execute_sql("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                          "ORDER BY type, name").fetchall()


def open_raw(path: Path):
    """The dossier's database connection (no migration), for reading what is in it."""
    return sql.connect(path, keys.sqlcipher_key_literal(keys.derive_key(PASSPHRASE, SALT), SALT))
