"""The text layer of a PDF, read page by page in a child process that is stopped when one page takes too long.

pypdf is pure Python: a hostile page (a content stream built to be slow, forms nested in forms) cannot be
interrupted inside this process, least of all on the app's worker thread. So a child (a ``Reader``) reads
each PDF from a pipe (never a file), says how many pages it has, then sends each page's text as soon as it
has it; the parent waits at most ``pdf_page_max_seconds`` (limits.toml) per page and kills the child when a
page runs over. The user then reads one Dutch sentence naming the page and the limit.

Starting Python and importing pypdf costs ~0.2 s, a hundred times the reading of a one-page letter (issue
25). So a reader stays running between files: the session keeps one for its imports (``DossierSession.
pdf_reader``), and a batch of twenty letters starts it once. A file that hangs, crashes the child or runs
out of its memory ends that child; the next file gets a fresh one. The child holds on to nothing of a file
once it has answered (it drops and collects it), writes nothing to disk, and ends when the session locks
(``Reader.stop``), when the app quits (``atexit``), when its pipe closes, or — checked every second, also
in the middle of a page — when the app that started it is gone.
"""

from __future__ import annotations

import atexit
import gc
import io
import json
import logging
import math
import os
import queue
import select
import subprocess
import sys
import threading
import time
import weakref
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from dossier_app import limits
from dossier_app.cancellation import Cancelled
from dossier_app.errors import DossierError, UsageError

# The hidden sub-command of the app's own program that runs the child (in a bundle sys.executable is the app).
CHILD_ARGUMENT = "--pdf-tekst-apart"
STARTUP_SECONDS = 10.0            # on top of the first page's time: starting Python and importing pypdf
MEMORY_BYTES = 2 * 1024 ** 3      # address space of the child (POSIX): a page that asks for more is refused
PARENT_CHECK_SECONDS = 1.0        # how often the child checks that the app that started it still runs
DAMAGED = "Dit PDF-bestand is beschadigd of beveiligd en kan niet gelezen worden."
NO_CHILD = "De PDF kon niet gelezen worden: het hulpproces van de app start niet. Installeer de app opnieuw."


def child_command() -> list[str]:
    """The child's command line (the page limit comes with each file: it does not read the settings)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_ARGUMENT]
    return [sys.executable, "-m", "dossier_app.intake.pdftext"]


def _environment() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT", "TMPDIR", "TEMP")
    return {key: value for key, value in os.environ.items() if key in keep}


def _lines(stream: IO[bytes], into: queue.Queue[bytes | None]) -> None:
    with stream:
        for line in stream:
            into.put(line)
    into.put(None)


class _Child:
    """One running child: the process, its answers as they come, and whether it has read a file yet.

    Where the system can wait on a pipe with a time limit (``select.poll``: Linux, macOS) the thread reading a
    file waits on the child's answers itself; elsewhere (Windows) a thread reads them into a queue. Waiting
    itself saves two hand-offs between threads per answer (each a wake-up that, on a busy computer, waits for
    its turn: ~0.1-1 ms per file)."""

    def __init__(self) -> None:
        try:
            self.process = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL, env=_environment())
        except OSError:
            raise DossierError(NO_CHILD) from None
        self.served = False       # it has answered a file: Python and pypdf are loaded
        assert self.process.stdout is not None
        self._answers: queue.Queue[bytes | None] | None = None
        self._poll: Any = None
        self._received = bytearray()    # read from the pipe, not yet a whole answer
        self._ended = False             # the pipe closed: what is in _received is all there is
        self._reading = threading.Lock()     # held while waiting on the pipe (``end`` closes it only when free)
        if hasattr(select, "poll"):
            self._poll = select.poll()
            self._poll.register(self.process.stdout.fileno(), select.POLLIN)
        else:
            self._answers = queue.Queue()
            threading.Thread(target=_lines, args=(self.process.stdout, self._answers), daemon=True,
                             name="pdf-tekst-antwoorden").start()

    def answer(self, timeout: float) -> bytes | None:
        """The child's next answer (one line), waiting at most ``timeout`` seconds (then ``queue.Empty``);
        None when the child ended (stopped, killed, crashed) without more. Called by one thread at a time."""
        if self._answers is not None:
            return self._answers.get(timeout=timeout)
        with self._reading:
            return self._polled_answer(timeout)

    def _polled_answer(self, timeout: float) -> bytes | None:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        last_look = False
        while True:
            self._ended = self._ended or self.process.stdout.closed
            end = self._received.find(b"\n")
            if end >= 0 or (self._ended and self._received):
                end = end if end >= 0 else len(self._received) - 1
                line = bytes(self._received[:end + 1])
                del self._received[:end + 1]
                return line
            if self._ended:
                return None
            if last_look:
                raise queue.Empty
            left = deadline - time.monotonic()
            last_look = left <= 0          # the time is up: what has arrived by now still counts, nothing later
            if not self._poll.poll(max(0, math.ceil(left * 1000))):
                continue
            part = os.read(self.process.stdout.fileno(), 65536)
            if part:
                self._received += part
            else:
                self._ended = True
                self._close_answers()

    def _close_answers(self) -> None:
        """Close the child's end of the answers (only with ``_reading`` held, or from the reading thread)."""
        stdout = self.process.stdout
        if stdout is not None and not stdout.closed:
            try:
                self._poll.unregister(stdout.fileno())
            except (KeyError, ValueError):
                pass
            stdout.close()

    def alive(self) -> bool:
        return self.process.poll() is None

    def end(self) -> None:
        """Kill it (when it still runs) and wait for it: no process is left behind."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        # Its answers: closed here unless a thread is waiting on them (that thread sees the end and closes them).
        if self._poll is not None and self._reading.acquire(blocking=False):
            try:
                self._close_answers()
            finally:
                self._reading.release()


_readers: weakref.WeakSet[Reader] = weakref.WeakSet()


@dataclass(frozen=True)
class _Ahead:
    """A file sent to a child (with the child's stop count then), whose answer has not been read yet."""

    data: bytes
    child: _Child
    stops: int


def _send(child: _Child, data: bytes) -> None:
    """One file to the child: a line of JSON (its size, the page limit), then its bytes."""
    request = {"size": len(data), "max_pages": limits.value("pdf_max_pages")}
    try:
        assert child.process.stdin is not None
        child.process.stdin.write(json.dumps(request).encode("ascii") + b"\n")
        child.process.stdin.write(data)
        child.process.stdin.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass      # the child stopped early: its answer (or its silence) says why


class Reader:
    """A child process that reads the text layers of PDFs one after another, started on first use.

    ``read`` sends one file and waits for its pages, each within the time limit; one file at a time
    (a second thread waits its turn). ``stop`` ends the child at once, from any thread: a file being read
    then ends in ``Cancelled``. After ``stop`` or a failed file the next ``read`` starts a fresh child."""

    def __init__(self) -> None:
        self._turn = threading.Lock()         # one file at a time
        self._state = threading.Lock()        # guards _child and _stops (held only briefly)
        self._child: _Child | None = None
        self._stops = 0
        self._ahead: _Ahead | None = None     # a file sent before its text was asked for (``send_ahead``)
        _readers.add(self)

    @property
    def pid(self) -> int | None:
        """The process id of the running child; None when none runs (not started yet, stopped, or ended)."""
        with self._state:
            child = self._child
        return child.process.pid if child is not None and child.alive() else None

    def start(self) -> None:
        """Start the child now (it loads Python and pypdf while the app does other work); no-op when it runs."""
        with self._turn:
            self._running()

    def _running(self) -> tuple[_Child, int]:
        with self._state:
            if self._child is None or not self._child.alive():
                if self._child is not None:
                    self._child.end()
                self._child = _Child()
            return self._child, self._stops

    def _forget(self, child: _Child) -> None:
        with self._state:
            if self._child is child:
                self._child = None
        child.end()

    def stop(self) -> None:
        """End the child (locking, quitting): at once, also in the middle of a file (and what was sent ahead)."""
        with self._state:
            child, self._child = self._child, None
            self._stops += 1
            self._ahead = None
        if child is not None:
            child.end()

    def send_ahead(self, data: bytes) -> None:
        """Send a file whose text ``read(data)`` will ask for soon (the same bytes object): the child reads it
        while the app does other work — an import recognises one letter while the next is read — instead of
        the app waiting for it, and waking it, afterwards. Nothing when a file is ahead already or no child
        starts (``read`` then says why)."""
        with self._turn:
            if self._ahead is not None:
                return
            try:
                child, stops = self._running()
            except DossierError:
                return
            self._ahead = _Ahead(data, child, stops)
            _send(child, data)

    def read(self, data: bytes, what: str = "De PDF") -> list[str]:
        """The text of each page (its text layer; '' for a page without one), each page within the time limit."""
        seconds = limits.value("pdf_page_max_seconds")
        with self._turn:
            ahead, self._ahead = self._ahead, None
            if ahead is not None and (ahead.data is not data or ahead.child is not self._child):
                self._drop(ahead, seconds)        # sent ahead, then not asked for (another file, or stopped)
                ahead = None
            if ahead is None:
                child, stops = self._running()
                ahead = _Ahead(data, child, stops)
                _send(child, data)
            result = self._result(ahead, what, seconds)
        if isinstance(result, UsageError):
            raise result
        return result

    def _result(self, sent: _Ahead, what: str, seconds: float) -> list[str] | UsageError:
        child = sent.child
        answered = False
        try:
            result = self._answer(child, what, seconds, sent.stops)
            answered = True
        finally:
            if answered:     # also a refusal in words (damaged, too many pages): the child is ready again
                child.served = True
            else:            # too slow, ended, or anything unexpected: this child is done
                self._forget(child)
        return result

    def _drop(self, sent: _Ahead, seconds: float) -> None:
        """Wait for the answer to a file sent ahead that nobody asks for, and forget it (the child is then
        ready for the next file; a child that fails on it is ended, as after any failed file)."""
        try:
            self._result(sent, "De PDF", seconds)
        except (DossierError, Cancelled):
            pass

    def _answer(self, child: _Child, what: str, seconds: float, stops: int) -> list[str] | UsageError:
        """The pages' texts, or the child's refusal of the file; raises when the child fails to answer. The
        time limit counts from now (a file sent ahead has had more: never less, whatever the app did meanwhile)."""
        texts: list[str] = []
        count: int | None = None
        # a new child first starts Python and imports pypdf; then opening and counting the pages
        deadline = time.monotonic() + (0.0 if child.served else STARTUP_SECONDS) + seconds
        while count is None or len(texts) < count:
            try:
                line = child.answer(max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                page = len(texts) + 1
                raise limits.refuse_slow("pdf_page_max_seconds",
                                         f"Pagina {page} van {what[0].lower() + what[1:]}") from None
            if line is None:     # the child ended without a full answer: stopped (locking), out of memory, killed
                if self._stops != stops:
                    raise Cancelled()
                raise limits.LimitExceeded(f"{what} is te groot of te ingewikkeld om veilig te lezen.")
            answer = json.loads(line)
            if "log" in answer:      # pypdf's remark in the child: to the app's log, as if read here
                logging.getLogger("pypdf").warning("%s", answer["log"])
                continue
            if "error" in answer:
                if answer["error"] == "pages":
                    return limits.refuse("pdf_max_pages", what, int(answer["found"]))
                return UsageError(DAMAGED)
            if count is None:
                count = int(answer["pages"])
                deadline = time.monotonic() + seconds     # opened: the first page's own time
            else:
                texts.append(str(answer["text"]))
                deadline = time.monotonic() + seconds     # the next page's own time (a remark does not reset it)
        return texts


def page_texts(data: bytes, what: str = "De PDF", reader: Reader | None = None) -> list[str]:
    """The text of each page, read by ``reader`` (kept running for the next file), or without one by a
    child started for this file alone and ended after it."""
    if reader is not None:
        return reader.read(data, what)
    once = Reader()
    try:
        return once.read(data, what)
    finally:
        once.stop()


@atexit.register
def stop_all() -> None:
    """End every reader's child (the app quits)."""
    for reader in list(_readers):
        reader.stop()


# -- the child -------------------------------------------------------------------------------------
def _watch_parent() -> None:
    """End this process when the app that started it is gone, also while pypdf is busy with a page."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    parts, left = [], size
    while left > 0:
        part = stream.read(left)
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def run_child() -> int:
    """The child: per file a line of JSON (its size, the page limit) and the PDF's bytes on stdin; back one
    line of JSON with the page count, then one per page. It ends when stdin closes."""
    if hasattr(os, "fork"):
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        except (ValueError, OSError):
            pass
        _watch_parent()
    out = sys.stdout

    def say(answer: dict[str, Any]) -> None:
        out.write(json.dumps(answer, ensure_ascii=True) + "\n")
        out.flush()

    class ToParent(logging.Handler):
        """pypdf's remarks go to the parent (its log), never to stderr as English noise."""

        def emit(self, record: logging.LogRecord) -> None:
            say({"log": record.getMessage()[:500]})

    pdf_log = logging.getLogger("pypdf")
    pdf_log.addHandler(ToParent(logging.WARNING))
    pdf_log.propagate = False
    from pypdf import PdfReader   # loaded before the first file: the reader is warm

    _warm_up(PdfReader)
    # What is loaded now (Python, pypdf) lives as long as the child: set it aside from the collector, so the
    # collection after each file looks only at what that file made (0.1 ms instead of 5 ms; the next file
    # would wait for it).
    gc.collect()
    gc.freeze()
    source = sys.stdin.buffer
    while True:
        header = source.readline()
        if not header:
            return 0          # the app closed the pipe: done
        try:
            request = json.loads(header)
            size, max_pages = int(request["size"]), int(request["max_pages"])
        except (ValueError, KeyError, TypeError):
            return 1
        data = _read_exactly(source, size)
        if data is None:
            return 0
        if not _read_one(PdfReader, data, max_pages, say):
            return 1          # out of memory: ended, the next file gets a fresh child
        del data              # nothing of this file is kept for the next
        gc.collect()


# A fresh child read its first files ~7% slower than the later ones (1.84 against 1.71 ms for a one-page
# letter): it reads a small letter of its own this many times before the first file, while the app still
# reads the dossier (about 10 ms).
WARM_UP_READS = 10


def _warm_up(pdf_reader: Any) -> None:
    """Read ``warm_up_pdf`` a few times: pypdf's code and what it sets up once are ready for the first file."""
    data = warm_up_pdf()
    try:
        for _ in range(WARM_UP_READS):
            for page in pdf_reader(io.BytesIO(data)).pages:
                page.extract_text()
    except Exception:  # noqa: BLE001 - a warm-up that fails changes nothing for the files
        pass


def warm_up_pdf() -> bytes:
    """A one-page letter in Helvetica with a compressed text stream, as an office program writes one; its text
    is made up (nobody's letter)."""
    lines = ["Gemeente Voorbeeld", "Postbus 1, 1234 AB Voorbeeld", "Datum: 1 januari 2026", "Ons kenmerk: VB-2026-1",
             "Onderwerp: een voorbeeld om de lezer op gang te brengen", "Geachte heer, mevrouw,",
             "Hierbij ontvangt u ons besluit over uw aanvraag (zie bijlage).",
             "Bent u het niet eens met dit besluit, dan kunt u binnen zes weken bezwaar maken.",
             "Met vriendelijke groet,", "Gemeente Voorbeeld"]
    text = "BT /F1 11 Tf 14 TL 57 785 Td " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    stream = zlib.compress(text.encode("latin-1"))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def _read_one(pdf_reader: Any, data: bytes, max_pages: int, say: Callable[[dict[str, Any]], None]) -> bool:
    """Answer one file; False when the child ran out of memory (it then ends)."""
    try:
        pages = pdf_reader(io.BytesIO(data)).pages
        count = len(pages)
        if count > max_pages:
            say({"error": "pages", "found": count})
            return True
        say({"pages": count})
        for page in pages:
            say({"text": page.extract_text() or ""})
    except MemoryError:
        return False
    except Exception:  # noqa: BLE001 - one word back, never a traceback with the letter's text
        say({"error": "damaged"})
    return True

if __name__ == "__main__":
    raise SystemExit(run_child())
