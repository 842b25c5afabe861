"""A writer killed with SIGKILL mid-write loses nothing it committed."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.store import entries
from dossier_app.store.dossier import Dossier

WRITER = textwrap.dedent("""
    import sys
    from dossier_app.store.dossier import Dossier
    from dossier_app.store import entries
    with Dossier.unlock(sys.argv[1], sys.argv[2]):     # bound for the store calls below
        number = 0
        while True:
            entries.add_note(f"committed-{number} " + "x" * 500)
            print(number, flush=True)
            number += 1
""")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_writes_keeps_every_commit(tmp_path):
    path = tmp_path / "gezin.dossier"
    Dossier.create(path, PASSPHRASE).close()
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path), PASSPHRASE],
                               stdout=subprocess.PIPE, text=True)
    committed = []
    try:
        for line in process.stdout:
            committed.append(int(line))
            if len(committed) >= 150:
                break
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with Dossier.unlock(path, PASSPHRASE) as dossier:
        assert dossier.db.execute_sql("PRAGMA cipher_integrity_check").fetchall() == []
        titles = {item.title.split()[0] for item in entries.timeline()}
        missing = [n for n in committed if f"committed-{n}" not in titles]
        assert missing == []
        assert len(titles) >= len(committed)
