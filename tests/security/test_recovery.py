"""The recovery key (herstelsleutel) and its sheet: a second way in that sets a new passphrase,
and nothing else: wrong keys, typos and a missing file change nothing; the sidecar and the
PDF hold no secret and no content."""

import hashlib
import os
import stat

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.errors import DamagedDossier, OutputExists, WrongPassphrase
from dossier_app.services import backups, keys, recovery, session as sessions, timeline

# Slow (key derivations for passphrases and recovery keys): make test runs it, make test-quick skips it.
pytestmark = pytest.mark.slow

NEW = "een heel nieuw wachtwoord voor later"
SECRET_NOTE = "Gesprek met de jeugdarts over Noor"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make(tmp_path, name="gezin.dossier"):
    path = tmp_path / name
    with sessions.create_dossier(path, PASSPHRASE, name="Familie Herstel") as opened:
        timeline.add_note(opened, SECRET_NOTE)
        sheet = recovery.make_recovery_key(opened)
    return path, sheet


def notes(path, passphrase):
    with sessions.DossierSession(path) as opened:
        opened.unlock(passphrase)
        return [item.title for item in timeline.timeline(opened)]


def test_recovery_key_opens_and_sets_a_new_passphrase(tmp_path):
    path, sheet = make(tmp_path)
    assert len(sheet.groups) == 9 and all(len(group) == 4 for group in sheet.groups)
    opened = sessions.DossierSession(path)
    said = recovery.recover(opened, sheet.key.lower().replace(" ", "-"), NEW)
    try:
        assert opened.is_open and [item.title for item in timeline.timeline(opened)] == [SECRET_NOTE]
    finally:
        opened.lock()
    assert any("oude wachtwoord" in note for note in said)
    with pytest.raises(WrongPassphrase):
        notes(path, PASSPHRASE)
    assert notes(path, NEW) == [SECRET_NOTE]


def test_same_recovery_key_works_after_a_passphrase_change(tmp_path):
    path, sheet = make(tmp_path)
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        keys.change_passphrase(opened, "tweede wachtwoord dat lang genoeg is")
    sidecar = recovery.sidecar_path(path)
    assert len(sidecar.read_text().split('"salt"')) == 2          # only the current key, after the change
    opened = sessions.DossierSession(path)
    recovery.recover(opened, sheet.key, NEW)
    opened.lock()
    assert notes(path, NEW) == [SECRET_NOTE]


def test_a_new_sheet_replaces_the_old_one(tmp_path):
    path, old = make(tmp_path)
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        assert recovery.has_recovery_key(opened)
        new = recovery.make_recovery_key(opened)
    assert new.replaced_earlier and new.key != old.key
    with pytest.raises(recovery.WrongRecoveryKey):
        recovery.recover(sessions.DossierSession(path), old.key, NEW)
    opened = sessions.DossierSession(path)
    recovery.recover(opened, new.key, NEW)
    opened.lock()


@pytest.mark.parametrize("case", ["typo", "order", "wrong", "short", "letter", "missing", "damaged"])
def test_bad_keys_and_a_missing_sidecar_change_nothing(tmp_path, case):
    path, sheet = make(tmp_path)
    other_path, other = make(tmp_path, "ander.dossier")
    sidecar = recovery.sidecar_path(path)
    typed = sheet.key
    if case == "typo":
        first = sheet.groups[2]
        swapped = ("1" if first[0] != "1" else "2") + first[1:]
        typed = sheet.key.replace(first, swapped, 1)
    elif case == "order":                  # read down the columns instead of along the lines
        typed = " ".join(sheet.groups[i] for i in (0, 3, 6, 1, 4, 7, 2, 5, 8))
    elif case == "wrong":
        typed = other.key
    elif case == "short":
        typed = sheet.key[:-5]
    elif case == "letter":
        typed = "U" + sheet.key[1:]
    elif case == "missing":
        sidecar.unlink()
    elif case == "damaged":
        sidecar.write_text("{niet: json")
    before = {name: digest(tmp_path / name) for name in os.listdir(tmp_path)}
    opened = sessions.DossierSession(path)
    mistyped = recovery.RecoveryKeyMistyped
    expected = {"typo": mistyped, "order": mistyped, "short": mistyped, "letter": mistyped,
                "wrong": recovery.WrongRecoveryKey, "missing": recovery.RecoveryFileMissing,
                "damaged": DamagedDossier}[case]
    with pytest.raises(expected) as caught:
        recovery.recover(opened, typed, NEW)
    message = str(caught.value)
    assert {"typo": "niet goed overgenomen", "order": "regel voor regel", "short": "36 tekens",
            "letter": "teken dat er niet in", "wrong": "hoort niet bij", "missing": "geen herstelbestand",
            "damaged": "beschadigd"}[case] in message
    assert not opened.is_open
    assert {name: digest(tmp_path / name) for name in os.listdir(tmp_path)} == before
    assert notes(path, PASSPHRASE) == [SECRET_NOTE]


def test_sidecar_holds_no_plaintext_key_and_is_private(tmp_path):
    path, sheet = make(tmp_path)
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        dossier = sessions.store_handle(opened)
        key, salt = dossier.key, dossier.salt
    data = recovery.sidecar_path(path).read_bytes()
    raw = bytes(sheet.groups[0], "ascii")
    for secret in (key, key.hex().encode(), key.hex().upper().encode(), raw, sheet.key.encode(),
                   "".join(sheet.groups).encode(), PASSPHRASE.encode(), SECRET_NOTE.encode()):
        assert secret not in data
    assert salt.hex().encode() in data       # the (public) salt names which file the key belongs to
    assert stat.S_IMODE(recovery.sidecar_path(path).stat().st_mode) == 0o600


def test_sheet_pdf_has_the_key_groups_and_no_content(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    path, sheet = make(tmp_path)
    out = recovery.write_sheet_pdf(sheet, tmp_path / "herstelblad.pdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    for group in sheet.groups:
        assert group in text
    assert "Familie Herstel" in text and "gezin.dossier" in text and "paspoort" in text
    assert "Noor" not in text and "jeugdarts" not in text and PASSPHRASE not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises(OutputExists):
        recovery.write_sheet_pdf(sheet, out)
    with pytest.raises(Exception, match="nooit overschreven"):
        recovery.write_sheet_pdf(sheet, path)


def test_qr_code_on_the_printed_page_holds_the_key(tmp_path):
    """The QR code as printed (PDF → PNG, read back module by module) is segno's code of the key."""
    import shutil
    import subprocess

    import segno
    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    _path, sheet = make(tmp_path)
    assert sheet.qr_text == "-".join(sheet.groups)
    expected = [[bool(c) for c in row] for row in segno.make(sheet.qr_text, error="m").matrix_iter(border=4)]
    assert [list(row) for row in sheet.qr] == expected
    pdf = recovery.write_sheet_pdf(sheet, tmp_path / "blad.pdf")
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "blad")],
                   check=True, timeout=60)
    image = Image.open(tmp_path / "blad.png").convert("L")
    width, height = image.size
    dpmm = width / 210
    cell = 46 * dpmm / len(expected)               # the code is printed 46 mm wide, quiet zone included
    left = int(142 * dpmm)                         # right of the key's box
    pixels = image.load()
    dark = [[pixels[x, y] < 128 for x in range(left, width)] for y in range(int(40 * dpmm), int(120 * dpmm))]

    def long_run(row):                             # a finder pattern's edge: 7 dark modules in a row
        run = 0
        for index, value in enumerate(row):
            run = run + 1 if value else 0
            if run >= 6 * cell:
                return index - run + 1
        return None

    top = int(40 * dpmm) + next(y for y, row in enumerate(dark) if long_run(row) is not None)
    x0 = left + long_run(dark[top - int(40 * dpmm)])
    inner = len(expected) - 8
    read = [[pixels[int(x0 + (c + 0.5) * cell), int(top + (r + 0.5) * cell)] < 128
             for c in range(inner)] for r in range(inner)]
    assert read == [row[4:-4] for row in expected[4:-4]]


def test_sidecar_lost_by_copying_is_put_back_on_the_next_unlock(tmp_path):
    path, sheet = make(tmp_path)
    recovery.sidecar_path(path).unlink()
    assert notes(path, PASSPHRASE) == [SECRET_NOTE]
    assert recovery.sidecar_path(path).exists()
    opened = sessions.DossierSession(path)
    recovery.recover(opened, sheet.key, NEW)
    opened.lock()


def test_crash_between_swap_and_rewrap_keeps_the_sheet_working(tmp_path, monkeypatch):
    """The sidecar learns the new key before the file swap; if the tidy-up after it never runs,
    the key still opens the re-keyed file."""
    path, sheet = make(tmp_path)
    from dossier_app.security import recovery as core

    real_write = core.write_sidecar
    calls = []

    def write_once(*args, **kwargs):
        calls.append(len(args[2]))
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(core, "write_sidecar", write_once)
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        keys.change_passphrase(opened, "tweede wachtwoord dat lang genoeg is")
    monkeypatch.setattr(core, "write_sidecar", real_write)
    assert calls == [2, 1]
    opened = sessions.DossierSession(path)
    recovery.recover(opened, sheet.key, NEW)
    opened.lock()


def test_backups_open_with_the_passphrase_not_the_recovery_key(tmp_path):
    """What the sheet says: the key opens this dossier file; a backup opens with its passphrase."""
    path, sheet = make(tmp_path)
    archive = tmp_path / "gezin.dossierbackup"
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        backups.backup_to(opened, archive)
    assert b".herstel" not in archive.read_bytes()
    restored = tmp_path / "terug.dossier"
    backups.restore(archive, restored, lambda s: s.unlock(PASSPHRASE))
    # Put back with its passphrase, the copy gets its own recovery file: the sheet that was valid
    # when the backup was made opens it too.
    assert recovery.sidecar_path(restored).exists()
    assert notes(restored, PASSPHRASE) == [SECRET_NOTE]
    opened = sessions.DossierSession(restored)
    recovery.recover(opened, sheet.key, NEW)
    opened.lock()


def test_the_recovery_file_is_never_overwritten_by_an_output(tmp_path, cli, passphrase_file):
    path, _sheet = make(tmp_path)
    sidecar = recovery.sidecar_path(path)
    before = digest(sidecar)
    for args in (("backup", path, "--out", sidecar), ("recovery-sheet", path, "--out", sidecar)):
        code, _out, err = cli(*args, "--passphrase-file", passphrase_file)
        assert code == 2 and "nooit overschreven" in err
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        sheet = recovery.make_recovery_key(opened)
    with pytest.raises(Exception, match="nooit overschreven"):
        recovery.write_sheet_pdf(sheet, sidecar, overwrite=True)
    assert digest(sidecar) != before           # rewritten by the new key only, and still valid JSON
    opened = sessions.DossierSession(path)
    recovery.recover(opened, sheet.key, NEW)
    opened.lock()


def test_cli_passwd_says_old_backups_keep_the_old_passphrase(tmp_path, cli, passphrase_file, monkeypatch):
    path, sheet = make(tmp_path)
    monkeypatch.setenv("DOSSIER_NEW_PASSPHRASE", NEW)
    code, out, err = cli("passwd", path, "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "gewijzigd" in out and "oude wachtwoord" in out
    opened = sessions.DossierSession(path)
    recovery.recover(opened, sheet.key, "en nog een ander wachtwoord")
    opened.lock()


def test_cli_init_prints_the_key_once_and_recover_uses_it(tmp_path, cli, passphrase_file, monkeypatch):
    path = tmp_path / "gezin.dossier"
    code, out, _err = cli("init", path, "--passphrase-file", passphrase_file)
    assert code == 0 and "herstelsleutel" in out
    key = next(line.strip() for line in out.splitlines() if line.startswith("    "))
    assert len(key.split()) == 9
    monkeypatch.setenv("DOSSIER_RECOVERY_KEY", key[:-1] + ("0" if key[-1] != "0" else "1"))
    monkeypatch.setenv("DOSSIER_NEW_PASSPHRASE", NEW)
    before = digest(path)
    code, _out, err = cli("recover", path)
    assert code == 2 and "niet goed overgenomen" in err and digest(path) == before
    monkeypatch.setenv("DOSSIER_RECOVERY_KEY", key)
    monkeypatch.setenv("DOSSIER_NEW_PASSPHRASE", NEW)
    code, out, err = cli("recover", path)
    assert code == 0, err
    assert "nieuw wachtwoord" in out and "oude wachtwoord" in out
    assert "DOSSIER_RECOVERY_KEY" not in os.environ and "DOSSIER_NEW_PASSPHRASE" not in os.environ
    assert notes(path, NEW) == []


def test_cli_recovery_sheet_and_init_with_sheet(tmp_path, cli, passphrase_file):
    pypdf = pytest.importorskip("pypdf")
    path = tmp_path / "gezin.dossier"
    sheet = tmp_path / "blad.pdf"
    code, out, err = cli("init", path, "--passphrase-file", passphrase_file, "--herstelblad", sheet)
    assert code == 0, err
    first = pypdf.PdfReader(sheet).pages[0].extract_text()
    assert "herstelsleutel" not in out.split("\n", 1)[0] and "blad.pdf" in out
    code, out, err = cli("recovery-sheet", path, "--passphrase-file", passphrase_file, "--out", sheet)
    assert code == 2 and "bestaat al" in err
    again = tmp_path / "blad2.pdf"
    code, out, err = cli("recovery-sheet", path, "--passphrase-file", passphrase_file, "--out", again)
    assert code == 0, err
    assert "werkt vanaf nu niet meer" in out
    second = pypdf.PdfReader(again).pages[0].extract_text()
    assert first != second


def test_a_failing_sidecar_write_before_the_swap_changes_nothing(tmp_path, monkeypatch):
    """The sidecar learns the new key before the swap; if that write fails, the passphrase stays."""
    path, sheet = make(tmp_path)
    from dossier_app.security import recovery as core

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    before = digest(path)
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        monkeypatch.setattr(core, "write_sidecar", full_disk)
        with pytest.raises(Exception, match="schijf is vol"):
            keys.change_passphrase(opened, "tweede wachtwoord dat lang genoeg is")
        monkeypatch.undo()
    assert digest(path) == before
    assert not path.with_name(path.name + ".nieuw").exists()
    assert notes(path, PASSPHRASE) == [SECRET_NOTE]
    opened = sessions.DossierSession(path)
    recovery.recover(opened, sheet.key, NEW)
    opened.lock()


def test_an_archive_never_carries_the_recovery_key_to_a_copy(tmp_path):
    """Found by hand: the open export held the recovery key's wrapping key, so the original's
    herstelblad opened the copy (and a plain archive plus the original's .herstel file would
    have opened the original)."""
    import json
    import zipfile

    from dossier_app.services import archive

    path, sheet = make(tmp_path)
    plain = tmp_path / "export.zip"
    with sessions.DossierSession(path) as opened:
        opened.unlock(PASSPHRASE)
        archive.export_archive(opened, plain, passphrase=None, plain=True)
    with zipfile.ZipFile(plain) as archive_file:
        data = archive_file.read("dossier.json").decode("utf-8")
    assert "recovery" not in data and SECRET_NOTE in data
    assert not {"recovery_wrap_key", "recovery_made_on"} & set(json.loads(data).get("info", {}))
    copy = archive.import_archive(plain, tmp_path / "kopie.dossier", NEW)
    assert notes(copy, NEW) == [SECRET_NOTE]          # unlocking the copy writes no sidecar for it
    assert not (tmp_path / "kopie.dossier.herstel").exists()
    before = digest(copy)
    with pytest.raises(recovery.RecoveryFileMissing):
        recovery.recover(sessions.DossierSession(copy), sheet.key, "weer een ander wachtwoord")
    assert digest(copy) == before
