"""The text layer of a PDF, read page by page in a child process that is stopped when one page takes too long.

pypdf is pure Python: a hostile page (a content stream built to be slow, forms nested in forms) cannot be
interrupted inside this process, least of all on the app's worker thread. So a child reads the PDF from a
pipe (never a file), says how many pages it has, then sends each page's text as soon as it has it; the
parent waits at most ``pdf_page_max_seconds`` (limits.toml) per page and kills the child when a page runs
over. The user then reads one Dutch sentence naming the page and the limit.
"""

from __future__ import annotations

import io
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from typing import IO, Any

from dossier_app import limits
from dossier_app.errors import DossierError, UsageError

# The hidden sub-command of the app's own program that runs the child (in a bundle sys.executable is the app).
CHILD_ARGUMENT = "--pdf-tekst-apart"
STARTUP_SECONDS = 10.0            # on top of the first page's time: starting Python and importing pypdf
MEMORY_BYTES = 2 * 1024 ** 3      # address space of the child (POSIX): a page that asks for more is refused
DAMAGED = "Dit PDF-bestand is beschadigd of beveiligd en kan niet gelezen worden."


def child_command(max_pages: int) -> list[str]:
    """The child with the page limit in force as its last argument (it does not read the settings)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_ARGUMENT, str(max_pages)]
    return [sys.executable, "-m", "dossier_app.intake.pdftext", str(max_pages)]


def _environment() -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT", "TMPDIR", "TEMP")
    return {key: value for key, value in os.environ.items() if key in keep}


def _lines(stream: IO[bytes], into: queue.Queue[bytes | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def page_texts(data: bytes, what: str = "De PDF") -> list[str]:
    """The text of each page (its text layer; '' for a page without one), each page within the time limit."""
    seconds = limits.value("pdf_page_max_seconds")
    try:
        child = subprocess.Popen(child_command(limits.value("pdf_max_pages")), stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_environment())
    except OSError:
        raise DossierError("De PDF kon niet gelezen worden: het hulpproces van de app start niet. "
                           "Installeer de app opnieuw.") from None
    answers: queue.Queue[bytes | None] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(child.stdout, answers), daemon=True)
    reader.start()
    try:
        try:
            assert child.stdin is not None
            child.stdin.write(data)
            child.stdin.close()
        except (BrokenPipeError, OSError):
            pass      # the child stopped early: its answer (or its silence) says why
        texts: list[str] = []
        count: int | None = None
        deadline = time.monotonic() + STARTUP_SECONDS + seconds   # starting, opening and counting the pages
        while count is None or len(texts) < count:
            try:
                line = answers.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                page = len(texts) + 1
                raise limits.refuse_slow("pdf_page_max_seconds",
                                         f"Pagina {page} van {what[0].lower() + what[1:]}") from None
            if line is None:     # the child ended without a full answer: out of memory, or killed
                raise limits.LimitExceeded(f"{what} is te groot of te ingewikkeld om veilig te lezen.")
            answer = json.loads(line)
            if "log" in answer:      # pypdf's remark in the child: to the app's log, as if read here
                logging.getLogger("pypdf").warning("%s", answer["log"])
                continue
            if "error" in answer:
                if answer["error"] == "pages":
                    raise limits.refuse("pdf_max_pages", what, int(answer["found"]))
                raise UsageError(DAMAGED)
            if count is None:
                count = int(answer["pages"])
                deadline = time.monotonic() + seconds     # started and opened: the first page's own time
            else:
                texts.append(str(answer["text"]))
                deadline = time.monotonic() + seconds     # the next page's own time (a remark does not reset it)
        return texts
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


def run_child() -> int:
    """The child: the PDF on stdin; one line of JSON with the page count, then one per page."""
    if hasattr(os, "fork"):
        import resource

        try:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        except (ValueError, OSError):
            pass
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

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()))
        pages = reader.pages
        count = len(pages)
        if count > int(sys.argv[-1]):
            say({"error": "pages", "found": count})
            return 0
        say({"pages": count})
        for page in pages:
            say({"text": page.extract_text() or ""})
    except MemoryError:
        return 1
    except Exception:  # noqa: BLE001 - one word back, never a traceback with the letter's text
        say({"error": "damaged"})
    return 0


if __name__ == "__main__":
    raise SystemExit(run_child())
