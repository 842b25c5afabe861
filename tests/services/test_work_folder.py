"""The private work folder of an import is made only when a file needs one (OCR), and wiped after it."""

from __future__ import annotations

import stat
import tempfile

import pytest

from dossier_app.services import attachments, intake
from dossier_app.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.intake.test_pdftext import letter_pdf


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_folder_is_made_when_asked_private_and_wiped_also_after_an_error(private_tmp):
    with attachments.private_work_folder_on_demand():
        assert list(private_tmp.iterdir()) == []                 # not asked: not made
    with pytest.raises(RuntimeError):
        with attachments.private_work_folder_on_demand() as folder:
            made = folder()
            assert folder() == made and made.parent == private_tmp
            assert stat.S_IMODE(made.stat().st_mode) == 0o700
            (made / "pagina.png").write_bytes(b"plaintext")
            raise RuntimeError("stop")
    assert list(private_tmp.iterdir()) == []
    with attachments.private_work_folder() as plain:             # the eager one still gives a folder
        assert plain.is_dir()
    assert list(private_tmp.iterdir()) == []


def test_reading_a_text_pdf_makes_no_work_folder(tmp_path, private_tmp, monkeypatch):
    made = []
    real = tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda *args, **kw: made.append(kw.get("prefix")) or real(*args, **kw))
    opened = sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE)
    try:
        made.clear()
        found = intake.analyse(opened, letter_pdf(tmp_path / "brief.pdf", "RS-2026-1", "3 juni 2026"))
        assert found.kenmerk == "RS-2026-1"
        assert attachments.WORK_FOLDER_PREFIX not in made
        assert not any(item.name.startswith(attachments.WORK_FOLDER_PREFIX) for item in private_tmp.iterdir())
    finally:
        opened.lock()
