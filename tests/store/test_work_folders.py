"""Issue 26: the app's work folders (`.inlezen-*`, `.backup-*`, `.restore-*`) and half-written outputs
(`.NAME.xxxxxxxx.deel`) are swept at every start, before any unlock, beside the known dossiers, and after
every command; one a live process holds is left alone. A plain (`--onversleuteld`) export killed half-way
leaves no plaintext: on Linux it has no name until it is complete (O_TMPFILE), elsewhere its `.deel` is
removed at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PASSPHRASE
from dossier_app import durable, paths, settings
from dossier_app.services import attachments, session, timeline

SECRET = b"GEHEIM-gezinsverhaal-7731"

# A plain export that stops for good once the archive's contents are written, not yet named.
STOPPED_EXPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from dossier_app import durable
    from dossier_app.services import archive, session
    from dossier_app.store import export_format
    if sys.argv[4] == "zonder-tmpfile":
        durable._O_TMPFILE = 0
    real = export_format.ArchiveWriter.close

    def close_then_hang(self):
        real(self)
        print("written", flush=True)
        time.sleep(600)

    export_format.ArchiveWriter.close = close_then_hang
    opened = session.DossierSession(Path(sys.argv[1]))
    opened.unlock(sys.argv[2])
    archive.export_archive(opened, Path(sys.argv[3]), passphrase=None, plain=True)
""")


def dossier_with_secret(folder):
    path = folder / "gezin.dossier"
    made = session.create_dossier(path, PASSPHRASE)
    note = timeline.add_note(made, "verslag " + SECRET.decode())
    scan = folder / "bron.txt"
    scan.write_bytes(SECRET * 4000)
    attachments.add_file(made, note, scan)
    scan.unlink()
    made.lock()
    return path


def holds_secret(item) -> bool:
    """The secret in the file's bytes, or in a member of a (plain, compressed) ZIP."""
    import zipfile

    data = item.read_bytes()
    if SECRET in data:
        return True
    try:
        with zipfile.ZipFile(item) as archive:
            return any(SECRET in archive.read(name) for name in archive.namelist())
    except (zipfile.BadZipFile, RuntimeError, OSError, ValueError):
        return False


def plaintext_files(folder) -> list[str]:
    return sorted(str(item.relative_to(folder)) for item in folder.rglob("*") if item.is_file() and holds_secret(item))


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv(paths.CONFIG_ENV, str(folder))
    return folder


@pytest.mark.multiprocess
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("way", ["O_TMPFILE", "zonder-tmpfile"])
def test_a_killed_plain_export_leaves_no_plaintext_after_the_next_start(tmp_path, cli, passphrase_file, config,
                                                                         way):
    if way == "O_TMPFILE" and not (durable._O_TMPFILE and sys.platform.startswith("linux")):
        pytest.skip("O_TMPFILE is Linux")
    folder = tmp_path / "dossiers"
    folder.mkdir()
    path = dossier_with_secret(folder)
    assert plaintext_files(folder) == []
    worker = subprocess.Popen([sys.executable, "-c", STOPPED_EXPORT, str(path), PASSPHRASE,
                               str(folder / "export.zip"), way], stdout=subprocess.PIPE, text=True)
    assert worker.stdout.readline().strip() == "written"
    if way == "zonder-tmpfile":
        assert [name for name in plaintext_files(folder) if name.endswith(".deel")]   # what a kill leaves here
    else:
        assert plaintext_files(folder) == []              # nothing has a name yet
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert not (folder / "export.zip").exists()
    # The next start of the command line, on any command that names the dossier: nothing is left.
    code, out, err = cli("search", path, "verslag", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert plaintext_files(folder) == []
    assert not [item.name for item in folder.iterdir() if item.name.endswith(".deel")]


def test_work_folders_beside_known_dossiers_are_swept_at_start_before_any_unlock(tmp_path, cli, config):
    fcntl = pytest.importorskip("fcntl")
    folder = tmp_path / "dossiers"
    folder.mkdir()
    path = dossier_with_secret(folder)
    known = settings.load()
    known.add_recent(path)
    settings.save(known)
    left = {name: folder / name for name in (".inlezen-k1ll3d", ".backup-k1ll3d", ".restore-k1ll3d")}
    for work in left.values():
        work.mkdir()
        (work / "dossier.db").write_bytes(os.urandom(512))
    half = folder / ".export.zip.0a1b2c3d.deel"
    half.write_bytes(b"PK" + SECRET)
    busy = folder / ".backup-b3z1g"            # a backup another process is making right now
    busy.mkdir()
    holder = os.open(busy, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        code, out, err = cli("programmas")     # a command that opens no dossier at all
        assert code == 0, err
        assert not [name for name, work in left.items() if work.exists()]
        assert not half.exists()
        assert busy.exists()
    finally:
        os.close(holder)
    assert plaintext_files(folder) == []


def test_a_folder_held_by_a_running_import_survives_a_sweep(tmp_path):
    from dossier_app.services import housekeeping

    work = durable.new_work_folder(".inlezen-", tmp_path)
    try:
        assert housekeeping.sweep_folder(tmp_path) == 0 and work.exists()
    finally:
        durable.remove_work_folder(work)
    assert not work.exists()
