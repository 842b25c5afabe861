"""Creating, unlocking and protecting the encrypted dossier file."""

import datetime as dt
import hashlib
import os
import stat

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.errors import DamagedDossier, DossierExists, UsageError, WrongPassphrase
from dossier_app.security import keys
from dossier_app.store import entries, migrations, search
from dossier_app.store.dossier import Dossier


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_then_unlock_keeps_content(tmp_path):
    path = tmp_path / "gezin.dossier"
    with Dossier.create(path, PASSPHRASE, name="Familie Test") as dossier:
        entries.add_note("Gebeld met de gemeente over de aanvraag.", occurred_on=dt.date(2026, 11, 2))
        assert dossier.name == "Familie Test"
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        items = entries.timeline()
        assert [item.title for item in items] == ["Gebeld met de gemeente over de aanvraag."]
        assert items[0].date == dt.date(2026, 11, 2)
        assert dossier.schema_version == migrations.LATEST_VERSION


def test_file_starts_with_random_salt_and_is_private(tmp_path):
    path = tmp_path / "gezin.dossier"
    Dossier.create(path, PASSPHRASE).close()
    head = path.read_bytes()[:16]
    assert head != b"SQLite format 3\x00"
    assert path.stat().st_size % keys.PAGE_SIZE == 0
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_create_refuses_existing_file_and_short_passphrase(tmp_path):
    path = tmp_path / "gezin.dossier"
    path.write_text("iets anders")
    with pytest.raises(DossierExists):
        Dossier.create(path, PASSPHRASE)
    assert path.read_text() == "iets anders"
    with pytest.raises(UsageError):
        Dossier.create(tmp_path / "kort.dossier", "kort")
    assert not (tmp_path / "kort.dossier").exists()


def test_wrong_passphrase_is_refused_and_file_unchanged(tmp_path):
    path = tmp_path / "gezin.dossier"
    Dossier.create(path, PASSPHRASE).close()
    before = digest(path)
    listing = sorted(os.listdir(tmp_path))
    with pytest.raises(WrongPassphrase) as caught:
        Dossier.unlock(path, "dit is niet het wachtwoord")
    assert "wachtwoord klopt niet" in str(caught.value)
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == listing


def test_passphrase_unicode_normalisation(tmp_path):
    path = tmp_path / "gezin.dossier"
    composed = "cliënt-wachtwoord"
    decomposed = "clie\u0308nt-wachtwoord"
    Dossier.create(path, composed).close()
    Dossier.unlock(path, decomposed).close()


@pytest.mark.parametrize("damage", ["middle", "tail", "truncate"])
def test_damaged_file_is_reported_and_unchanged(tmp_path, damage):
    path = tmp_path / "gezin.dossier"
    with Dossier.create(path, PASSPHRASE):
        for number in range(200):
            entries.add_note(f"Notitie nummer {number} " + "tekst " * 40)
    data = bytearray(path.read_bytes())
    assert len(data) > 5 * keys.PAGE_SIZE
    if damage == "middle":
        start = 3 * keys.PAGE_SIZE + 100
        data[start:start + 64] = bytes(64)
    elif damage == "tail":
        data[-200] ^= 0xFF
    else:
        data = data[: len(data) - 1000]
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises((DamagedDossier, WrongPassphrase)) as caught:
        Dossier.unlock(path, PASSPHRASE)
    assert isinstance(caught.value, DamagedDossier)
    assert digest(path) == before


def test_not_a_dossier(tmp_path):
    import sqlite3

    plain = tmp_path / "gewoon.db"
    connection = sqlite3.connect(plain)
    connection.execute("create table t(x)")
    connection.commit()
    connection.close()
    with pytest.raises(DamagedDossier, match="onversleuteld"):
        Dossier.unlock(plain, PASSPHRASE)
    text = tmp_path / "brief.txt"
    text.write_text("Geachte heer, mevrouw,")
    with pytest.raises(DamagedDossier):
        Dossier.unlock(text, PASSPHRASE)
    with pytest.raises(DamagedDossier):
        Dossier.unlock(tmp_path, PASSPHRASE)


def test_change_passphrase(tmp_path):
    path = tmp_path / "gezin.dossier"
    with Dossier.create(path, PASSPHRASE) as dossier:
        entries.add_note("Voor het wisselen van het wachtwoord.")
        old_salt = dossier.salt
        dossier.change_passphrase("een heel nieuw wachtwoord")
        assert dossier.salt != old_salt
        entries.add_note("Na het wisselen, in dezelfde sessie.")
    with pytest.raises(WrongPassphrase):
        Dossier.unlock(path, PASSPHRASE)
    with Dossier.unlock(path, "een heel nieuw wachtwoord"):
        titles = {item.title for item in entries.timeline()}
        assert titles == {"Voor het wisselen van het wachtwoord.", "Na het wisselen, in dezelfde sessie."}
        assert [hit.title for hit in search.search("wisselen")]
    assert not list(tmp_path.glob("*.nieuw"))


def test_two_dossiers_are_open_at_once_each_bound_where_it_is_used(tmp_path):
    """Issue 24: no global current dossier; opening a second one leaves the first open and untouched."""
    from dossier_app.store.models import UNBOUND_MESSAGE

    first = Dossier.create(tmp_path / "a.dossier", PASSPHRASE)
    with first.bound():
        entries.add_note("In dossier A")
    second = Dossier.create(tmp_path / "b.dossier", PASSPHRASE)
    assert first.is_open and second.is_open
    with second.bound():
        assert entries.timeline() == []
        entries.add_note("In dossier B")
        with first.bound():
            assert [item.summary for item in entries.timeline()] == ["In dossier A"]
        assert [item.summary for item in entries.timeline()] == ["In dossier B"]
    with pytest.raises(AttributeError, match="No dossier is bound"):
        entries.timeline()
    assert "needs_open" in UNBOUND_MESSAGE
    first.close()
    with second.bound():
        assert [item.summary for item in entries.timeline()] == ["In dossier B"]
    second.close()


def test_search_everything_with_diacritics_and_prefixes(dossier):
    entries.add_contact("clientondersteuner", "Mevr. Özdemir", organisation="MEE Lindenhoven")
    conversation = entries.add_conversation(
        occurred_on=dt.date(2026, 10, 1), title="Evaluatiegesprek", participants=["Sanne"],
        agreements=[("Wijkteam", "stuurt het verslag van de evaluatie", dt.date(2026, 10, 15))])
    hits = search.search("clientondersteuner")
    assert [hit.title for hit in hits] == ["Mevr. Özdemir"]
    hits = search.search("evalua verslag")
    assert [(hit.type, hit.ref) for hit in hits] == [("gesprek", conversation)]
    assert "[" in hits[0].snippet
    assert search.search('"; DROP TABLE entry; --') == []
    assert search.search("   ") == []
