"""Issue 11, items 8-10: only real keychains, every keychain call bounded, no passphrase in the environment."""

from __future__ import annotations

import time

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from tests.conftest import PASSPHRASE
from dossier_app.errors import KeychainUnavailable
from dossier_app.security import keychain
from dossier_app.services import keys, session


class PlaintextKeyring(KeyringBackend):
    """Stands in for keyrings.alt.file.PlaintextKeyring: priority > 0, writes the key to a file."""

    priority = 1
    stored: dict = {}

    def get_password(self, service, username):
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        self.stored.pop((service, username), None)


PlaintextKeyring.__module__ = "keyrings.alt.file"


class DBusFailingKeyring(KeyringBackend):
    """A real-looking backend that raises something other than KeyringError (keyring #514, #589)."""

    priority = 1

    def get_password(self, service, username):
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def set_password(self, service, username, password):
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def delete_password(self, service, username):
        raise RuntimeError("dbus")


class HangingKeyring(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        time.sleep(30)

    def set_password(self, service, username, password):
        time.sleep(30)

    def delete_password(self, service, username):
        time.sleep(30)


@pytest.fixture
def trusted():
    added = []

    def trust(cls):
        keychain.trust_backend_for_tests(cls)
        added.append(cls)

    yield trust
    for cls in added:
        keychain.untrust_backend_for_tests(cls)


def test_plaintext_backend_counts_as_no_keychain(tmp_path, cli, passphrase_file):
    PlaintextKeyring.stored.clear()
    keyring.set_keyring(PlaintextKeyring())
    assert not keychain.is_available()
    path = tmp_path / "gezin.dossier"
    code, out, err = cli("init", path, "--remember", "--passphrase-file", passphrase_file)
    assert code == 0 and "niet beschikbaar" in err
    assert PlaintextKeyring.stored == {}  # the key never reached the plaintext file


def test_chainer_uses_only_its_trusted_member(memory_keyring):
    PlaintextKeyring.stored.clear()
    class Chain(ChainerBackend):  # a chainer with exactly these members, plaintext first
        backends = [PlaintextKeyring(), memory_keyring]

    keyring.set_keyring(Chain())
    keychain.store_key("dossier-x", b"\x01" * 32)
    assert PlaintextKeyring.stored == {}
    assert keychain.load_key("dossier-x") == b"\x01" * 32


def test_backend_raising_anything_means_not_available(tmp_path, cli, passphrase_file, trusted):
    trusted(DBusFailingKeyring)
    keyring.set_keyring(DBusFailingKeyring())
    path = tmp_path / "gezin.dossier"
    code, out, err = cli("init", path, "--remember", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "aangemaakt" in out and "sleutelhanger" in err
    with pytest.raises(KeychainUnavailable):
        keychain.load_key("dossier-x")
    opened = session.DossierSession(path)
    assert keys.unlock_with_keychain(opened) is False  # the caller then asks for the passphrase
    assert keys.is_remembered(path) is False
    with pytest.raises(KeychainUnavailable):  # told truthfully, never a D-Bus traceback
        keys.forget_key(path)
    code, out, err = cli("note", path, "gewoon met wachtwoord", "--passphrase-file", passphrase_file)
    assert code == 0, err


def test_hanging_backend_times_out(tmp_path, monkeypatch, trusted, passphrase_file, cli):
    trusted(HangingKeyring)
    keyring.set_keyring(HangingKeyring())
    monkeypatch.setattr(keychain, "TIMEOUT_SECONDS", 0.2)
    started = time.monotonic()
    with pytest.raises(KeychainUnavailable, match="reageert niet"):
        keychain.load_key("dossier-x")
    path = tmp_path / "gezin.dossier"
    code, out, err = cli("init", path, "--remember", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert time.monotonic() - started < 5


def test_no_environment_variable_can_trust_a_plaintext_backend(monkeypatch):
    import os

    for name in ("PYTHON_KEYRING_BACKEND", "DOSSIER_TRUST_KEYRING", "DOSSIER_KEYCHAIN"):
        monkeypatch.setenv(name, "keyrings.alt.file.PlaintextKeyring")
    keyring.set_keyring(PlaintextKeyring())
    assert not keychain.is_available()
    assert not any("TRUST" in key for key in vars(keychain) if key.isupper() and key.endswith("_ENV"))
    assert os.environ  # (the module reads no environment at all)


def test_helpers_get_a_clean_environment(monkeypatch):
    from dossier_app.letters import pdf

    monkeypatch.setenv("DOSSIER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("DOSSIER_NEW_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SOME_TOKEN", "geheim")
    env = pdf.helper_environment()
    assert PASSPHRASE not in env.values() and "geheim" not in env.values()
    assert "PATH" in env


def test_remember_without_a_keychain_says_so_in_dutch_with_exit_2(tmp_path, cli, passphrase_file):
    """Issue 26: `remember` without a keychain exited 1 with a raw message."""
    path = tmp_path / "gezin.dossier"
    code, _out, err = cli("init", path, "--passphrase-file", passphrase_file)
    assert code == 0, err
    keyring.set_keyring(PlaintextKeyring())
    code, _out, err = cli("remember", path, "--passphrase-file", passphrase_file)
    assert code == 2, err
    assert err.startswith("Fout: ") and "sleutelhanger" in err and "wachtwoord" in err
    assert len(err.strip().splitlines()) == 1
