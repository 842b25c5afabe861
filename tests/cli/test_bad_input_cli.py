"""Issue 11, item 14: odd command-line input gets exit code 2 or 4 and a Dutch line, never 1.

Years past 9999, undecodable file names (as a POSIX argv delivers them, surrogate-escaped),
attachment names longer than a file system allows, and a right-to-left override in a name."""

import hashlib
import os

import pytest



def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def dossier_path(tmp_path, cli, passphrase_file):
    path = tmp_path / "gezin.dossier"
    assert cli("init", path, "--passphrase-file", passphrase_file)[0] == 0
    assert cli("note", path, "Eerste notitie", "--passphrase-file", passphrase_file)[0] == 0
    return path


def test_a_deadline_past_the_year_9999_is_a_usage_error(dossier_path, cli, passphrase_file, tmp_path):
    code, out, err = cli("deadline", "bezwaartermijn", "9999-12-31")
    assert code == 2 and "na het jaar 9999" in err and err.count("\n") == 1
    before = digest(dossier_path)
    code, _out, err = cli("deadline-add", dossier_path, "Bezwaar", "9999-12-20", "--rule", "bezwaartermijn",
                          "--passphrase-file", passphrase_file)
    assert code == 2 and "9999" in err
    assert digest(dossier_path) == before
    # A deadline on the last day there is: stored, listed, and a calendar for it is refused in words.
    assert cli("deadline-add", dossier_path, "Laatste dag", "9999-12-31", "--passphrase-file", passphrase_file)[0] == 0
    code, out, _err = cli("deadlines", dossier_path, "--today", "9999-12-31", "--passphrase-file", passphrase_file)
    assert code == 0 and "9999-12-31" in out
    code, _out, err = cli("ics", dossier_path, "--out", tmp_path / "agenda.ics", "--today", "9999-12-31",
                          "--passphrase-file", passphrase_file)
    assert code in (0, 2), err
    code, _out, err = cli("deadline", "bezwaartermijn", "2026-02-30")
    assert code == 2 and "geen geldige datum" in err


def test_odd_numbers_are_usage_errors(dossier_path, cli, passphrase_file):
    before = digest(dossier_path)
    for number in ["99999999999999999999999", "0", "-3", "١٢", "1e3", ""]:
        code, _out, err = cli("note", dossier_path, "tekst", "--traject", number, "--passphrase-file",
                              passphrase_file)
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, (number, err)
    code, _out, err = cli("deadline-done", dossier_path, str(2**63), "--passphrase-file", passphrase_file)
    assert code == 2 and "geen geldig nummer" in err
    assert digest(dossier_path) == before


def test_a_number_that_points_nowhere_is_not_called_damage(dossier_path, cli, passphrase_file):
    before = digest(dossier_path)
    code, _out, err = cli("note", dossier_path, "tekst", "--traject", "999", "--passphrase-file", passphrase_file)
    assert code == 2 and "bestaat niet" in err and "beschadigd" not in err
    assert digest(dossier_path) == before


def test_undecodable_text_is_refused_and_undecodable_file_names_work(dossier_path, cli, passphrase_file, tmp_path):
    before = digest(dossier_path)
    code, _out, err = cli("note", dossier_path, "kapot \udcff teken", "--passphrase-file", passphrase_file)
    assert code == 2 and "geen geldige tekst" in err
    assert digest(dossier_path) == before
    # A file whose name is not UTF-8 (as on a POSIX disk from another system): argv gives it surrogate-escaped.
    raw = os.path.join(os.fsencode(tmp_path), b"verslag-\xe9t\xe9.txt")
    with open(raw, "wb") as stream:
        stream.write(b"inhoud")
    name = os.fsdecode(raw)
    assert "\udce9" in name
    code, out, err = cli("attach", dossier_path, "1", name, "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "verslag-\ufffdt\ufffd.txt" in out
    code, out, err = cli("export-attachment", dossier_path, "1", "--out", os.fsdecode(raw + b".terug"),
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    with open(raw + b".terug", "rb") as stream:
        assert stream.read() == b"inhoud"
    # A new dossier under such a name; a missing one says so.
    code, _out, err = cli("init", os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gezin-\xff.dossier")),
                          "--passphrase-file", passphrase_file)
    assert code == 0, err
    code, _out, err = cli("note", os.fsdecode(os.path.join(os.fsencode(tmp_path), b"weg-\xff.dossier")), "x",
                          "--passphrase-file", passphrase_file)
    assert code == 2 and "bestaat niet" in err


@pytest.mark.slow
def test_undecodable_arguments_from_a_real_posix_argv(dossier_path, passphrase_file, tmp_path):
    """The same through a real process: argv bytes that are not UTF-8, and printing them."""
    import subprocess
    import sys

    raw = os.path.join(os.fsencode(tmp_path), b"brief-\xff.pdf")
    with open(raw, "wb") as stream:
        stream.write(b"%PDF-1.4 nep")
    result = subprocess.run([sys.executable, "-m", "dossier_app", "attach", os.fsencode(dossier_path), b"1", raw,
                             b"--passphrase-file", os.fsencode(passphrase_file)],
                            capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
                            env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "dossier_app", "note", os.fsencode(dossier_path), b"x\xff",
                             b"--passphrase-file", os.fsencode(passphrase_file)],
                            capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "dossier_app", "deadline", b"bezwaartermijn", b"\xff-01-2026"],
                            capture_output=True, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 2 and b"Traceback" not in result.stderr and result.stderr.count(b"\n") == 1


def test_attachment_names_over_240_bytes_are_shortened_keeping_the_extension(dossier_path, cli, passphrase_file,
                                                                             tmp_path):
    long_name = "é" * 120 + "-verslag.pdf"          # 252 bytes in UTF-8: allowed by the disk, too long for us
    assert len(long_name.encode()) > 240
    source = tmp_path / long_name
    source.write_bytes(b"%PDF nep")
    code, out, err = cli("attach", dossier_path, "1", source, "--passphrase-file", passphrase_file)
    assert code == 0, err
    shown = out.split("(", 1)[1].rsplit(")", 1)[0]
    assert shown.endswith("….pdf") and len(shown.encode()) <= 240
    code, _out, err = cli("attach", dossier_path, "1", tmp_path / ("a" * 300), "--passphrase-file", passphrase_file)
    assert code == 2 and err.count("\n") == 1


def test_right_to_left_override_shows_the_real_extension_in_the_cli(dossier_path, cli, passphrase_file, tmp_path):
    from tests.conftest import PASSPHRASE
    from dossier_app.services import attachments
    from dossier_app.services.session import DossierSession

    source = tmp_path / "verslag\u202efdp.exe"
    source.write_bytes(b"MZ nep")
    code, out, err = cli("attach", dossier_path, "1", source, "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "\u202e" not in out and "verslag\ufffdfdp.exe)" in out
    code, found, err = cli("search", dossier_path, "fdp", "--passphrase-file", passphrase_file)
    assert code == 0 and "verslag\ufffd[fdp].exe" in found and "\u202e" not in found, found
    with DossierSession(dossier_path) as opened:
        opened.unlock(PASSPHRASE)
        attachment_id = int(out.split("Bijlage ", 1)[1].split(" ", 1)[0])
        info = attachments.describe(opened, attachment_id)
        assert info.file_name == "verslagfdp.exe"           # a saved or opened copy: the real extension
        copy = attachments.open_private_copy(opened, attachment_id)
        assert copy.name == "verslagfdp.exe" and copy.read_bytes() == b"MZ nep"
        attachments.remove_private_copies()


# -- taking over a lock from the command line (issue 11, item 4 / 14) ------------------------------
def write_foreign_lock(dossier_path, host="andere-laptop"):
    import json

    lock = dossier_path.with_name(dossier_path.name + ".lock")
    lock.write_text(json.dumps({"host": host, "user": "ouder", "pid": 4242, "since": "2026-11-20T09:15:00"}))
    return lock


def test_cli_takes_over_another_computers_lock_only_with_overnemen(dossier_path, cli, passphrase_file):
    lock = write_foreign_lock(dossier_path)
    before = digest(dossier_path)
    code, _out, err = cli("note", dossier_path, "na de crash", "--passphrase-file", passphrase_file)
    assert code == 5 and err.count("\n") == 1
    assert "andere-laptop" in err and "2026-11-20 09:15:00" in err and "--overnemen" in err
    assert digest(dossier_path) == before and lock.exists()
    code, out, err = cli("note", dossier_path, "na de crash", "--overnemen", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "staat nog als geopend op andere-laptop sinds 2026-11-20 09:15:00" in err and "neemt het nu over" in err
    assert "toegevoegd" in out and not lock.exists()
    code, out, _err = cli("search", dossier_path, "crash", "--passphrase-file", passphrase_file)
    assert code == 0 and "na de crash" in out


def test_overnemen_never_steals_from_a_live_process_on_this_computer(dossier_path, cli, passphrase_file):
    from dossier_app.store.lockfile import DossierLock

    held = DossierLock.acquire(dossier_path)         # a running program here holds the OS lock
    try:
        before = digest(dossier_path)
        code, _out, err = cli("note", dossier_path, "x", "--overnemen", "--passphrase-file", passphrase_file)
        assert code == 5 and "al geopend op" in err and "neemt het nu over" not in err
        assert digest(dossier_path) == before
    finally:
        held.release()


def test_a_lock_left_by_a_process_that_is_gone_on_this_computer_is_taken_over(dossier_path, cli, passphrase_file):
    from dossier_app.services.session import this_host

    lock = write_foreign_lock(dossier_path, host=this_host())   # written here, nobody holds it any more
    code, _out, err = cli("note", dossier_path, "weer verder", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert not lock.exists()


@pytest.mark.slow
def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`dossier-app letters | head -1`: the pipe closes early; no 'Fout', no traceback, exit 0."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "dossier_app", "letters"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    process.stdout.close()                          # the reader is gone before anything is written
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert b"Fout" not in err and b"Traceback" not in err and b"BrokenPipe" not in err
