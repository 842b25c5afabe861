"""The headless CLI: commands, exit codes, one-line errors, JSON."""

import hashlib
import json
import os

import pytest

from tests.conftest import PASSPHRASE, run_cli_subprocess


def test_init_note_search_json(tmp_path, cli, passphrase_file):
    path = tmp_path / "gezin.dossier"
    assert cli("init", path, "--passphrase-file", passphrase_file)[0] == 0
    code, out, err = cli("note", path, "Keukentafelgesprek gepland op dinsdag", "--date", "2026-11-02",
                         "--passphrase-file", passphrase_file)
    assert code == 0 and "toegevoegd" in out
    code, out, err = cli("search", path, "keukentafel", "--json", "--passphrase-file", passphrase_file)
    assert code == 0
    hits = json.loads(out)
    assert hits == [{**hits[0], "type": "notitie", "date": "2026-11-02"}]
    assert "Keukentafelgesprek gepland op dinsdag" in hits[0]["text"]


def test_passphrase_from_environment(tmp_path, cli, monkeypatch):
    path = tmp_path / "gezin.dossier"
    monkeypatch.setenv("DOSSIER_PASSPHRASE", PASSPHRASE)
    assert cli("init", path)[0] == 0
    # Read once, then removed from the environment (issue 11, item 10): helpers never inherit it.
    assert "DOSSIER_PASSPHRASE" not in os.environ
    monkeypatch.setenv("DOSSIER_PASSPHRASE", PASSPHRASE)
    assert cli("note", path, "via de omgeving")[0] == 0
    assert "DOSSIER_PASSPHRASE" not in os.environ
    code, out, err = cli("note", path, "zonder wachtwoord")
    assert code == 2 and err.count("\n") == 1


@pytest.mark.slow
def test_exit_codes_and_files_unchanged(tmp_path, passphrase_file):
    path = tmp_path / "gezin.dossier"
    result = run_cli_subprocess("init", path, "--passphrase-file", passphrase_file)
    assert result.returncode == 0, result.stderr
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    wrong = tmp_path / "fout"
    wrong.write_text("helemaal verkeerd")
    result = run_cli_subprocess("note", path, "x", "--passphrase-file", wrong)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "wachtwoord klopt niet" in result.stderr
    assert "ERROR CORE" not in result.stderr + result.stdout
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before

    damaged = tmp_path / "kapot.dossier"
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    damaged.write_bytes(bytes(data))
    before_damaged = hashlib.sha256(damaged.read_bytes()).hexdigest()
    result = run_cli_subprocess("search", damaged, "x", "--passphrase-file", passphrase_file)
    assert result.returncode in (3, 4)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before_damaged

    text = tmp_path / "boodschappen.txt"
    text.write_text("melk, brood")
    result = run_cli_subprocess("search", text, "melk", "--passphrase-file", passphrase_file)
    assert result.returncode == 4 and "Traceback" not in result.stderr

    result = run_cli_subprocess("search", tmp_path / "bestaat-niet.dossier", "x")
    assert result.returncode == 2 and "bestaat niet" in result.stderr

    result = run_cli_subprocess("onzin")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = run_cli_subprocess("note", path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_backup_restore_commands(demo_path, tmp_path, cli, passphrase_file):
    backup = tmp_path / "demo.dossierbackup"
    assert cli("backup", demo_path, "--out", backup, "--passphrase-file", passphrase_file)[0] == 0
    restored = tmp_path / "terug.dossier"
    code, out, err = cli("restore", backup, "--out", restored, "--passphrase-file", passphrase_file)
    assert code == 0, err
    code, out, err = cli("search", restored, "JGT-2026-0412", "--json", "--passphrase-file", passphrase_file)
    assert any(hit["type"] == "document" for hit in json.loads(out))
    wrong = tmp_path / "fout"
    wrong.write_text("verkeerd wachtwoord")
    code, out, err = cli("restore", backup, "--out", tmp_path / "b.dossier", "--passphrase-file", wrong)
    assert code == 3 and not (tmp_path / "b.dossier").exists()


def test_passwd_command(tmp_path, cli, passphrase_file, monkeypatch):
    path = tmp_path / "gezin.dossier"
    cli("init", path, "--passphrase-file", passphrase_file)
    monkeypatch.setenv("DOSSIER_NEW_PASSPHRASE", "kort")
    code, out, err = cli("passwd", path, "--passphrase-file", passphrase_file)
    assert code == 2 and "minstens" in err
    assert cli("note", path, "nog oud", "--passphrase-file", passphrase_file)[0] == 0
    monkeypatch.setenv("DOSSIER_NEW_PASSPHRASE", "een lang nieuw wachtwoord")
    assert cli("passwd", path, "--passphrase-file", passphrase_file)[0] == 0
    monkeypatch.setenv("DOSSIER_PASSPHRASE", "een lang nieuw wachtwoord")
    code, out, err = cli("search", path, "oud", "--json")
    assert code == 0 and json.loads(out)[0]["text"] == "nog oud"


def test_attach_and_export_attachment(tmp_path, cli, passphrase_file):
    path = tmp_path / "gezin.dossier"
    cli("init", path, "--passphrase-file", passphrase_file)
    cli("note", path, "Scan van de beschikking", "--passphrase-file", passphrase_file)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 demo")
    assert cli("attach", path, 1, scan, "--passphrase-file", passphrase_file)[0] == 0
    out = tmp_path / "uit.pdf"
    assert cli("export-attachment", path, 1, "--out", out, "--passphrase-file", passphrase_file)[0] == 0
    assert out.read_bytes() == b"%PDF-1.4 demo"
    code, _, err = cli("export-attachment", path, 1, "--out", out, "--passphrase-file", passphrase_file)
    assert code == 2 and "bestaat al" in err


@pytest.mark.parametrize("args", [["--version"]])
def test_version(args):
    result = run_cli_subprocess(*args)
    assert result.returncode == 0 and "Gezinsdossier" in result.stdout


HEAVY_MODULES = ("peewee", "sqlcipher3", "babel", "keyring", "docx", "jinja2", "PySide6")


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["--help"], ["geen-opdracht"], ["deadline", "--help"]])
def test_help_and_usage_errors_load_no_storage_or_letters(argv):
    """`dossier-app --help` and a mistyped command answer from argparse alone: the services
    (and peewee, SQLCipher, babel, the keychain, python-docx) load only when a command runs."""
    import subprocess
    import sys

    probe = ("import sys\nfrom dossier_app.cli import main\n"
             f"try:\n    code = main({argv!r})\nexcept SystemExit as exc:\n    code = exc.code\n"
             f"print('LOADED', sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules), code)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("LOADED"), result.stderr
    loaded = last.split(" ", 1)[1]
    if argv == ["deadline", "--help"]:
        # Its help lists the deadline rules, which the deadline service knows: loaded for that only.
        assert "de regel:" in result.stdout and "beslistermijn-aanvraag" in result.stdout
        assert "PySide6" not in loaded and "docx" not in loaded
    else:
        assert loaded.startswith("[]"), loaded
        assert loaded.endswith(" 0" if argv == ["--help"] else " 2")


def test_deadlines_say_one_day_today_and_many_days_in_dutch(tmp_path, cli, passphrase_file):
    path = tmp_path / "gezin.dossier"
    assert cli("init", path, "--passphrase-file", passphrase_file)[0] == 0
    for title, day in (("Morgen", "2026-12-07"), ("Vandaag", "2026-12-06"), ("Later", "2026-12-16")):
        assert cli("deadline-add", path, title, day, "--passphrase-file", passphrase_file)[0] == 0
    code, out, _err = cli("deadlines", path, "--today", "2026-12-06", "--passphrase-file", passphrase_file)
    assert code == 0
    lines = {line.split()[-1]: line for line in out.splitlines()}
    assert "nog 1 dag " in lines["Morgen"] and "dagen" not in lines["Morgen"]
    assert "vandaag" in lines["Vandaag"] and "nog 0" not in lines["Vandaag"]
    assert "nog 10 dagen" in lines["Later"]
