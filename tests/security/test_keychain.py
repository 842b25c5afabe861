"""Remember on this computer: the OS keychain, and the fallback to asking."""

import keyring
import keyring.backends.fail
import pytest

from tests.conftest import PASSPHRASE
from dossier_app.errors import KeychainUnavailable
from dossier_app.security import keychain
from dossier_app.store.dossier import Dossier


def test_remembered_key_opens_without_passphrase(tmp_path, memory_keyring, cli):
    path = tmp_path / "gezin.dossier"
    (tmp_path / "pw").write_text(PASSPHRASE)
    assert cli("init", path, "--passphrase-file", tmp_path / "pw", "--remember")[0] == 0
    stored = list(memory_keyring.store.values())
    assert len(stored) == 1
    assert PASSPHRASE not in stored[0]  # the derived key, never the passphrase
    code, out, err = cli("note", path, "Met de onthouden sleutel")
    assert (code, err) == (0, "")
    code, out, err = cli("forget", path)
    assert code == 0 and memory_keyring.store == {}
    code, out, err = cli("note", path, "Zonder sleutel")
    assert code == 2 and "wachtwoord" in err.lower()


def test_no_keychain_falls_back_to_passphrase(tmp_path, cli):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert not keychain.is_available()
    with pytest.raises(KeychainUnavailable, match="niet beschikbaar"):
        keychain.store_key("dossier-x", b"\x00" * 32)
    with pytest.raises(KeychainUnavailable):
        keychain.load_key("dossier-x")
    path = tmp_path / "gezin.dossier"
    (tmp_path / "pw").write_text(PASSPHRASE)
    code, out, err = cli("init", path, "--passphrase-file", tmp_path / "pw", "--remember")
    assert code == 0
    assert "sleutelhanger" in err and "niet beschikbaar" in err
    # Nothing was written anywhere as a fallback: the folder holds the dossier, its recovery file
    # (the key encrypted under the recovery key, tests/security/test_recovery.py) and the password file only.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gezin.dossier", "gezin.dossier.herstel", "pw"]
    code, out, err = cli("note", path, "Met wachtwoord", "--passphrase-file", tmp_path / "pw")
    assert code == 0


def test_stale_remembered_key_is_not_trusted(tmp_path, memory_keyring, cli):
    path = tmp_path / "gezin.dossier"
    dossier = Dossier.create(path, PASSPHRASE)
    keychain.store_key(dossier.key_id, b"\x01" * 32)
    dossier.close()
    code, out, err = cli("note", path, "tekst")
    assert code == 2
    assert "klopt niet meer" in err
    (tmp_path / "pw").write_text(PASSPHRASE)
    assert cli("note", path, "tekst", "--passphrase-file", tmp_path / "pw")[0] == 0


def test_locked_keychain_gives_clear_message(monkeypatch):
    import keyring.errors

    class Locked(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service, username, password):
            raise keyring.errors.KeyringLocked("locked")

        def delete_password(self, service, username):
            raise keyring.errors.KeyringLocked("locked")

    from dossier_app.security import keychain

    # Locked stands in for a real, locked platform keychain (trusted for this test only).
    monkeypatch.setattr(keychain, "_trusted_for_tests", keychain._trusted_for_tests | {Locked})
    keyring.set_keyring(Locked())
    with pytest.raises(KeychainUnavailable, match="vergrendeld"):
        keychain.load_key("dossier-x")


def test_passwd_moves_remembered_key(tmp_path, memory_keyring, cli, monkeypatch):
    path = tmp_path / "gezin.dossier"
    (tmp_path / "pw").write_text(PASSPHRASE)
    (tmp_path / "nieuw").write_text("nieuw wachtwoord 2026")
    cli("init", path, "--passphrase-file", tmp_path / "pw", "--remember")
    old = set(memory_keyring.store)
    code, out, err = cli("passwd", path, "--new-passphrase-file", tmp_path / "nieuw")
    assert code == 0, err
    assert set(memory_keyring.store) and set(memory_keyring.store) != old
    assert cli("note", path, "na passwd")[0] == 0
    assert cli("note", path, "oud", "--passphrase-file", tmp_path / "pw")[0] == 3
    assert cli("note", path, "nieuw", "--passphrase-file", tmp_path / "nieuw")[0] == 0
