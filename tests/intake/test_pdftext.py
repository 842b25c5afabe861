"""Issue 25: the child that reads a PDF's text layer stays running between files (intake/pdftext.py), and
keeps every guarantee of issue 26: a file that hangs or kills it is stopped and named in one Dutch sentence,
the next file gets a fresh child, and no child outlives the session or the app."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from dossier_app import limits
from dossier_app.errors import UsageError
from dossier_app.intake import extract, pdftext
from dossier_app.services import intake
from dossier_app.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.intake.test_limits import slow_pdf

pytestmark = [pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc"),
              pytest.mark.slow]     # reader processes started, stopped and killed: make test-quick skips it


def letter_pdf(path: Path, kenmerk: str, day: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Gemeente Rivierstad", "Postbus 12, 1234 AB Rivierstad", "", f"Datum: {day}",
                 f"Ons kenmerk: {kenmerk}", "Onderwerp: beschikking jeugdhulp", "", "Geachte mevrouw,", "",
                 "Hierbij ontvangt u ons besluit over uw aanvraag voor ambulante begeleiding.",
                 "Wij kennen de begeleiding toe voor de duur van twaalf maanden.",
                 "Bent u het niet eens met dit besluit, dan kunt u binnen zes weken bezwaar maken."):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def running(pid: int) -> bool:
    """The process exists and is not a zombie (an orphan's zombie waits for init, but runs nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def opened(tmp_path):
    session = sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE)
    yield session
    session.lock()


def warm_reader(opened, tmp_path, kenmerk: str) -> tuple[Path, int]:
    """A letter read once, so the session's reader runs: (the letter, the reader's pid)."""
    good = letter_pdf(tmp_path / "brief.pdf", kenmerk, "3 juni 2026")
    intake.analyse(opened, good)
    pid = opened.pdf_reader.pid
    assert pid is not None and running(pid)
    return good, pid


def test_two_files_in_a_row_are_read_by_one_reader_with_the_same_results(opened, tmp_path):
    first = letter_pdf(tmp_path / "eerste.pdf", "RS-2026-1", "3 juni 2026")
    second = letter_pdf(tmp_path / "tweede.pdf", "RS-2026-2", "10 juni 2026")
    assert opened.pdf_reader.pid is None                 # started on first use, not on unlock
    one = intake.analyse(opened, first)
    pid = opened.pdf_reader.pid
    assert pid is not None and running(pid)
    two = intake.analyse(opened, second)
    assert opened.pdf_reader.pid == pid                  # the second file paid no start
    for found, path, kenmerk in ((one, first, "RS-2026-1"), (two, second, "RS-2026-2")):
        # the same text as a child for this file alone (as before issue 25) and as pypdf in this process
        alone = pdftext.page_texts(path.read_bytes())
        assert found.text == "\n\n".join(alone)
        assert alone == [page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages]
        assert (found.method, found.kind, found.kenmerk) == ("tekstlaag", "beschikking", kenmerk)
    assert (one.date.isoformat(), two.date.isoformat()) == ("2026-06-03", "2026-06-10")
    batch = intake.analyse_many(opened, [first, second])
    assert opened.pdf_reader.pid == pid
    assert [item.text for item in batch.suggestions] == [one.text, two.text] and not batch.failures


def test_a_refused_file_leaves_the_reader_ready_for_the_next(opened, tmp_path):
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4 dit is geen pdf")
    good = letter_pdf(tmp_path / "brief.pdf", "RS-2026-3", "3 juni 2026")
    intake.analyse(opened, good)
    pid = opened.pdf_reader.pid
    with pytest.raises(UsageError, match="beschadigd of beveiligd"):
        intake.analyse(opened, broken)
    assert intake.analyse(opened, good).kenmerk == "RS-2026-3"
    assert opened.pdf_reader.pid == pid


def test_a_page_that_hangs_the_reader_is_stopped_and_the_next_file_gets_a_fresh_one(opened, tmp_path,
                                                                                       monkeypatch):
    real = limits.value
    monkeypatch.setattr(limits, "value", lambda name: 2 if name == "pdf_page_max_seconds" else real(name))
    good, warm = warm_reader(opened, tmp_path, "RS-2026-4")
    with pytest.raises(UsageError) as stopped:
        intake.analyse(opened, slow_pdf(tmp_path / "traag.pdf", 300_000))
    assert str(stopped.value) == ("Pagina 1 van de PDF traag.pdf kost te veel tijd om te lezen: de app neemt ten "
                                  "hoogste 2 seconden per pagina van een PDF (de grens staat in de instellingen als "
                                  "'pdf_page_max_seconds').")
    assert not running(warm) and opened.pdf_reader.pid is None
    assert intake.analyse(opened, good).kenmerk == "RS-2026-4"
    assert opened.pdf_reader.pid not in (None, warm)


def test_a_reader_killed_mid_file_gives_the_message_and_the_next_file_a_fresh_reader(opened, tmp_path):
    good, killed = warm_reader(opened, tmp_path, "RS-2026-5")
    outcome: list[BaseException] = []

    def read_slow() -> None:
        try:
            intake.analyse(opened, slow_pdf(tmp_path / "traag.pdf", 300_000))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=read_slow)
    worker.start()
    time.sleep(1.0)                           # the child is busy with the page (it needs half a minute)
    assert worker.is_alive()
    os.kill(killed, signal.SIGKILL)
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], UsageError)   # analyse: a failure as UsageError
    assert str(outcome[0]) == "De PDF traag.pdf is te groot of te ingewikkeld om veilig te lezen."
    assert intake.analyse(opened, good).kenmerk == "RS-2026-5"
    assert opened.pdf_reader.pid not in (None, killed)


def test_locking_the_session_ends_the_reader_also_in_the_middle_of_a_file(opened, tmp_path):
    good, pid = warm_reader(opened, tmp_path, "RS-2026-6")
    opened.lock()
    assert opened.pdf_reader.pid is None and not running(pid)

    opened.unlock(PASSPHRASE)
    intake.analyse(opened, good)
    busy = opened.pdf_reader.pid
    assert busy is not None and busy != pid
    done: list[intake.Analysis] = []
    worker = threading.Thread(target=lambda: done.append(
        intake.analyse_many(opened, [slow_pdf(tmp_path / "traag.pdf", 300_000), good])))
    worker.start()
    time.sleep(1.0)
    opened.lock()                               # locking while the reader is busy with a page
    worker.join(10)
    assert not worker.is_alive() and not running(busy)
    # stopped, not a false "te groot": nothing read, nothing failed
    assert done[0].cancelled and not done[0].failures and not done[0].suggestions


QUITS = """
import sys
from pathlib import Path
from dossier_app.intake import pdftext
reader = pdftext.Reader()
reader.read(Path(sys.argv[1]).read_bytes())
print(reader.pid, flush=True)
if sys.argv[2] == "hang":
    print(reader.read(Path(sys.argv[3]).read_bytes()))
"""


def test_no_reader_outlives_the_app_that_quits(tmp_path):
    good = letter_pdf(tmp_path / "brief.pdf", "RS-2026-7", "3 juni 2026")
    done = subprocess.run([sys.executable, "-c", QUITS, str(good), "quit"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert gone_within(int(done.stdout.strip()), 2)


def test_no_reader_outlives_an_app_that_is_killed_in_the_middle_of_a_page(tmp_path):
    good = letter_pdf(tmp_path / "brief.pdf", "RS-2026-8", "3 juni 2026")
    slow = slow_pdf(tmp_path / "traag.pdf", 300_000)
    app = subprocess.Popen([sys.executable, "-c", QUITS, str(good), "hang", str(slow)], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        assert app.stdout is not None
        pid = int(app.stdout.readline())
        time.sleep(0.5)                      # the child is busy with the slow page
        assert running(pid)
        app.kill()
        app.wait(10)
        assert gone_within(pid, 3 * pdftext.PARENT_CHECK_SECONDS)
    finally:
        if app.poll() is None:
            app.kill()
        if app.stdout is not None:
            app.stdout.close()


def test_without_a_reader_each_file_gets_its_own_child_as_before(tmp_path):
    good = letter_pdf(tmp_path / "brief.pdf", "RS-2026-9", "3 juni 2026")
    with pytest.raises(UsageError, match="beschadigd of beveiligd"):
        pdftext.page_texts(b"%PDF-1.4 geen pdf")
    assert "RS-2026-9" in extract.extract_file(good, tmp_path).text


@pytest.mark.parametrize("waits_itself", [True, False])
def test_the_childs_answers_come_line_by_line_however_the_pipe_cuts_them(monkeypatch, waits_itself):
    """The thread reading a file waits on the child's pipe itself (poll) or, where it cannot (Windows), on a
    thread's queue: either way whole answers, a last one without its newline, then None; a timeout is Empty."""
    import queue

    script = ("import sys, time; out = sys.stdout.buffer\n"
              "out.write(b'{\"pa'); out.flush(); time.sleep(0.2)\n"
              "out.write(b'ges\": 2}\\n{\"text\": \"een\"}\\n{\"te'); out.flush(); time.sleep(0.6)\n"
              "out.write(b'xt\": \"twee\"}'); out.flush()\n")
    monkeypatch.setattr(pdftext, "child_command", lambda: [sys.executable, "-c", script])
    if not waits_itself:
        monkeypatch.delattr(pdftext.select, "poll", raising=False)
    child = pdftext._Child()
    try:
        assert child.answer(5) == b'{"pages": 2}\n'
        assert child.answer(5) == b'{"text": "een"}\n'
        with pytest.raises(queue.Empty):
            child.answer(0.1)
        assert child.answer(5) == b'{"text": "twee"}'
        assert child.answer(5) is None
    finally:
        child.end()


def test_the_reader_warms_up_on_a_letter_of_its_own_that_pypdf_reads_without_a_remark(caplog):
    """Before its first file the child reads a made-up letter (nobody's content) a few times: a real one-page
    text PDF, read without a warning, so the warm-up says nothing to the app's log."""
    import logging

    from pypdf import PdfReader

    data = pdftext.warm_up_pdf()
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        pages = PdfReader(io.BytesIO(data)).pages
        text = pages[0].extract_text()
    assert len(pages) == 1 and not caplog.records
    assert "Ons kenmerk: VB-2026-1" in text and "binnen zes weken bezwaar maken" in text
    seen = []
    pdftext._warm_up(lambda stream: seen.append(stream.read()) or PdfReader(io.BytesIO(seen[-1])))
    assert seen == [data] * pdftext.WARM_UP_READS


def test_a_file_sent_ahead_is_answered_once_and_an_unasked_one_never_mixes_up_the_next(tmp_path):
    """``send_ahead``: the child reads a file before its text is asked for; a file sent ahead and then not
    asked for (another file came first, or the reader stopped) never hands its text to another file."""
    first = letter_pdf(tmp_path / "eerste.pdf", "RS-2026-11", "3 juni 2026").read_bytes()
    second = letter_pdf(tmp_path / "tweede.pdf", "RS-2026-12", "10 juni 2026").read_bytes()
    text = {key: pdftext.page_texts(data) for key, data in (("first", first), ("second", second))}
    assert text["first"] != text["second"]
    reader = pdftext.Reader()
    try:
        reader.send_ahead(first)
        pid = reader.pid
        assert reader.read(first) == text["first"]
        assert reader.pid == pid                      # one child; the file was not sent twice (the answer fits)
        assert reader.read(second) == text["second"]  # nothing of the first is left over in the pipe
        reader.send_ahead(first)
        assert reader.read(second) == text["second"]  # asked for another file: the one ahead is dropped
        assert reader.read(first) == text["first"]
        reader.send_ahead(second)
        reader.stop()
        assert reader.read(second) == text["second"]  # stopped with a file ahead: a fresh child reads it
        assert reader.pid != pid
    finally:
        reader.stop()


def test_an_import_of_several_files_reads_the_next_pdf_while_recognising_and_gives_the_same_suggestions(
        opened, tmp_path):
    files = [letter_pdf(tmp_path / f"brief-{number}.pdf", f"RS-2026-2{number}", f"{number + 3} juni 2026")
             for number in range(4)]
    note = tmp_path / "notitie.docx"
    note.write_bytes(b"geen word-bestand")          # a failure between the PDFs changes nothing for them
    one_by_one = [intake.analyse(opened, path) for path in files]
    batch = intake.analyse_many(opened, [files[0], files[1], note, files[2], files[3]])
    assert [(item.text, item.kenmerk, item.date) for item in batch.suggestions] == [
        (item.text, item.kenmerk, item.date) for item in one_by_one]
    assert [failure.source for failure in batch.failures] == ["notitie.docx"]
    # And again right after: nothing sent ahead is left over for the next import.
    again = intake.analyse_many(opened, files[::-1])
    assert sorted(item.kenmerk for item in again.suggestions) == sorted(item.kenmerk for item in one_by_one)
    assert [item.kenmerk for item in again.suggestions] == [item.kenmerk for item in one_by_one]
