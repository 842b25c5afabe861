"""Issue 26: `passwd` is refused in one Dutch sentence with its own exit code (6) while the dossier is
open elsewhere, also read-only; a `passwd` killed half-way leaves no temporary file behind once the
dossier is opened again, and the dossier opens with the old passphrase."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.services import session, timeline

NEW_PASSPHRASE = "een ander lang wachtwoord voor het gezin"

READER = textwrap.dedent("""
    import sys
    from dossier_app.services import session, timeline
    opened = session.DossierSession(sys.argv[1])
    opened.unlock(sys.argv[2], read_only=True)
    print("open", len(timeline.timeline(opened)), flush=True)
    sys.stdin.readline()
    opened.lock()
""")

# A passphrase change that stops for good once its new copy (NAME.dossier.nieuw) is written.
STOPPED_PASSWD = textwrap.dedent("""
    import sys, time
    from dossier_app.services import keys, session
    from dossier_app.store.dossier import Dossier
    real = Dossier.export_copy

    def export_then_hang(self, target, **kwargs):
        real(self, target, **kwargs)
        print("copy", flush=True)
        time.sleep(600)

    Dossier.export_copy = export_then_hang
    opened = session.DossierSession(sys.argv[1])
    opened.unlock(sys.argv[2])
    keys.change_passphrase(opened, sys.argv[3])
""")


def new_dossier(tmp_path):
    path = tmp_path / "gezin.dossier"
    made = session.create_dossier(path, PASSPHRASE)
    timeline.add_note(made, "voor de wijziging")
    made.lock()
    return path


def titles(path, passphrase):
    opened = session.DossierSession(path)
    opened.unlock(passphrase)
    try:
        return [item.title for item in timeline.timeline(opened)]
    finally:
        opened.lock()


@pytest.mark.multiprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the -shm lock is asked with F_GETLK on Linux")
def test_passwd_is_refused_with_exit_6_while_open_read_only_elsewhere(tmp_path, cli, passphrase_file):
    path = new_dossier(tmp_path)
    new = tmp_path / "nieuw.txt"
    new.write_text(NEW_PASSPHRASE)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path), PASSPHRASE], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().split() == ["open", "1"]
        code, out, err = cli("passwd", path, "--passphrase-file", passphrase_file, "--new-passphrase-file", new)
        assert code == 6
        assert err.strip().endswith("Het wachtwoord is niet gewijzigd: gezin.dossier is nog geopend in een ander "
                                    "venster of programma (ook alleen-lezen telt mee); sluit het daar en probeer "
                                    "het opnieuw.")
        assert "gewijzigd." not in out
        assert not (tmp_path / "gezin.dossier.nieuw").exists()
    finally:
        reader.stdin.write("\n")
        reader.stdin.close()
        reader.wait(timeout=30)
    assert titles(path, PASSPHRASE) == ["voor de wijziging"]
    # Closed there: now it is changed.
    code, out, err = cli("passwd", path, "--passphrase-file", passphrase_file, "--new-passphrase-file", new)
    assert code == 0, err
    assert titles(path, NEW_PASSPHRASE) == ["voor de wijziging"]


@pytest.mark.multiprocess
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_passwd_leaves_no_temporary_file_and_the_old_passphrase_opens(tmp_path, cli, passphrase_file):
    path = new_dossier(tmp_path)
    worker = subprocess.Popen([sys.executable, "-c", STOPPED_PASSWD, str(path), PASSPHRASE, NEW_PASSPHRASE],
                              stdout=subprocess.PIPE, text=True)
    assert worker.stdout.readline().strip() == "copy"
    assert (tmp_path / "gezin.dossier.nieuw").exists()      # the half-way state the kill leaves
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    code, out, err = cli("search", path, "wijziging", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "voor de wijziging" in out
    left = sorted(item.name for item in tmp_path.iterdir() if item.name.startswith("gezin.dossier"))
    assert left == ["gezin.dossier"]
