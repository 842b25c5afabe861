"""Text from an incoming file: PDF (text layer or scan), photo, e-mail (.eml, .msg), .docx.

Every function works on bytes in memory. A photo or a scanned page is prepared
for Tesseract in memory and given to it through a pipe; only a scanned PDF's
pages are files (pdftoppm renders them), in ``workdir``, a private folder the
caller creates and wipes. Tesseract writes its text to a pipe, never to disk.

The Tesseract and pdftoppm programs are run here directly, not through pytesseract or pdf2image (issue 27):
both wrappers write what they handle to the system's temp folder (pytesseract the page image and the
recognised text, pdf2image the rendered pages unless given a folder), while a letter's text may never reach
a temp file (docs/SECURITY.md); and the app needs what they do not offer in one place: the private
``workdir``, a bare environment for the helper (``helper_environment``), one thread per page, a timeout and
the resource limits of limits.toml, and a Dutch sentence when a program is missing (external_tools.py).
"""

from __future__ import annotations

import email
import email.policy
import io
import logging
import mimetypes
import subprocess
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from html.parser import HTMLParser
import zipfile

from dossier_app import external_tools, limits
from dossier_app.errors import DossierError, UsageError
from dossier_app.letters.pdf import helper_environment

if TYPE_CHECKING:
    from dossier_app.intake.pdftext import Reader

# pypdf reports odd but readable PDFs through logging: to the app's log when it has one, never as
# English noise on stderr (logging's last-resort handler) — issue 26.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".heif")
MAIL_SUFFIXES = (".eml", ".msg")
WORD_SUFFIXES = (".docx",)
SUPPORTED_SUFFIXES = PDF_SUFFIXES + IMAGE_SUFFIXES + MAIL_SUFFIXES + WORD_SUFFIXES

# A PDF page with fewer characters than this in its text layer is taken for a scan.
MIN_TEXT_PER_PAGE = 25
OCR_LANGUAGES = "nld+eng"
OCR_DPI = 300
# Photos narrower than this are enlarged before OCR (Tesseract reads ~300 dpi best).
MIN_OCR_WIDTH = 2000

OCR_MISSING = ("Voor scans en foto's is het programma Tesseract nodig (met Nederlandse taal), en dat is niet "
               f"gevonden op deze computer. {external_tools.install_hint('tesseract')} "
               "Of typ de gegevens van de brief zelf over.")


class OcrUnavailable(UsageError):
    """Tesseract (or its Dutch language data) is not installed."""


@dataclass(frozen=True)
class Original:
    """A file to keep as an encrypted attachment: the file itself, or one attached to an e-mail."""

    filename: str
    data: bytes
    media_type: str


@dataclass
class Extracted:
    """The text of one incoming document and the files it came in."""

    name: str                          # file name, as shown
    text: str = ""                     # the letter's text (an e-mail's attachments first, then its body)
    method: str = ""                   # 'tekstlaag' | 'ocr' | 'e-mail' | 'docx'
    originals: list[Original] = field(default_factory=list)
    mail_from: str = ""                # an e-mail's sender address
    mail_subject: str = ""
    warnings: list[str] = field(default_factory=list)


def is_supported(path: Path) -> bool:
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def media_type_of(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


# -- OCR -------------------------------------------------------------------------------------
def tesseract_path() -> str | None:
    """Tesseract's program: on PATH or where its installer puts it (dossier_app/external_tools.py)."""
    return external_tools.find("tesseract")


def ocr_available() -> bool:
    """Tesseract with Dutch language data."""
    found = tesseract_path()
    if not found:
        return False
    try:
        listed = subprocess.run([found, "--list-langs"], capture_output=True, text=True, timeout=30,
                                stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "nld" in (listed.stdout + listed.stderr).split()


def _helper_environment() -> dict[str, str]:
    env = helper_environment()
    env["OMP_THREAD_LIMIT"] = "1"   # one core per page: the machine is shared with the app
    return env


def ocr_image_file(image: Path, what: str = "De scan") -> str:
    """Tesseract on one image file; the text comes back through a pipe."""
    return _tesseract(str(image), None, what)


def ocr_image_bytes(image: bytes, what: str = "De scan") -> str:
    """Tesseract on an image given through a pipe (never written to disk); the text comes back the same way."""
    return _tesseract("stdin", image, what)


def _tesseract(source: str, image: bytes | None, what: str) -> str:
    found = tesseract_path()
    if not found or not ocr_available():
        raise OcrUnavailable(OCR_MISSING)
    try:
        done = subprocess.run([found, source, "stdout", "-l", OCR_LANGUAGES, "--psm", "3"],
                              input=image, stdin=None if image is not None else subprocess.DEVNULL,
                              capture_output=True, timeout=limits.value("ocr_page_max_seconds"),
                              env=_helper_environment(), check=False)
    except subprocess.TimeoutExpired:
        raise limits.refuse_slow("ocr_page_max_seconds", f"{what} (tekstherkenning)") from None
    if done.returncode != 0:
        raise DossierError("Tesseract kon deze scan niet lezen.")
    return done.stdout.decode("utf-8", errors="replace")


def check_image_size(width: int, height: int, what: str = "De afbeelding") -> None:
    """Refuse an image by the size in its header, before a single pixel is decoded."""
    if width < 1 or height < 1:
        raise UsageError(f"{what} heeft geen beeldpunten en kan niet gelezen worden.")
    if width * height > limits.value("image_max_pixels"):
        raise limits.refuse("image_max_pixels", what, width * height)
    if max(width, height) > limits.value("image_max_aspect") * min(width, height):
        raise UsageError(f"{what} is {width} × {height} beeldpunten: te smal of te lang om als brief te lezen "
                         f"(de app leest afbeeldingen tot een verhouding van 1 op "
                         f"{limits.value('image_max_aspect')}).")


# Where OCR puts its images: a private folder, or what makes one when first asked (a text PDF needs none).
WorkFolder = Path | Callable[[], Path]


def _folder(workdir: WorkFolder) -> Path:
    return workdir if isinstance(workdir, Path) else workdir()


def _prepare_image(data: bytes, what: str = "De afbeelding") -> bytes:
    """Upright, greyscale and large enough, as PNG bytes for Tesseract (in memory: a page of a letter is
    dossier content and never lands in a file outside the dossier). PNG with light compression: Tesseract
    reads it faster than an uncompressed format, and making it costs a third of the default level."""
    from PIL import Image, ImageOps   # cold start: loads only for this kind of file

    _register_heif()
    from PIL import ImageFilter   # cold start: loads only for this kind of file

    try:
        with warnings.catch_warnings():   # the size is checked here, against our own limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))   # reads the header only
    except Image.DecompressionBombError:
        raise limits.refuse("image_max_pixels", what) from None
    with opened:
        check_image_size(*opened.size, what=what)
        image = ImageOps.exif_transpose(opened).convert("L")
    image = image.filter(ImageFilter.MedianFilter(3))   # specks of dust and scanner noise
    if image.width < MIN_OCR_WIDTH:
        # Enlarged for Tesseract, never past the pixel limit.
        factor = min(MIN_OCR_WIDTH / image.width,
                     (limits.value("image_max_pixels") / (image.width * image.height)) ** 0.5)
        if factor > 1:
            image = image.resize((int(image.width * factor), int(image.height * factor)), Image.Resampling.LANCZOS)
    written = io.BytesIO()
    image.save(written, format="PNG", compress_level=1)
    return written.getvalue()


def _register_heif() -> None:
    try:
        from pillow_heif import register_heif_opener   # cold start: loads only for this kind of file
    except ImportError:  # HEIC photos then cannot be read; every other kind still can
        return
    register_heif_opener()


def ocr_image(data: bytes, what: str = "De afbeelding") -> str:
    return ocr_image_bytes(_prepare_image(data, what), what)


def _pdf_pages_as_images(data: bytes, into: WorkFolder, count: int) -> list[Path]:
    """Each page as an image file in ``into``: the scanned image itself when a page is one
    picture (its own resolution), otherwise the page rendered by pdftoppm (poppler)."""
    from pypdf import PdfReader   # cold start: loads only for this kind of file

    workdir = _folder(into)
    images: list[Path] = []
    try:
        pages = PdfReader(io.BytesIO(data)).pages
        if not all(_page_pictures_fit(page) for page in pages):
            raise limits.refuse("image_max_pixels", "Een scan in deze PDF")
        pictures = [list(page.images) for page in pages]
    except limits.LimitExceeded:
        raise
    except Exception:  # noqa: BLE001 - unusual image encodings: render the pages instead
        pictures = []
    if pictures and all(len(found) == 1 for found in pictures):
        for found in pictures:
            target = workdir / f"{uuid.uuid4().hex}{Path(found[0].name).suffix or '.png'}"
            target.write_bytes(found[0].data)
            images.append(target)
        return images
    pdftoppm = external_tools.find("pdftoppm")
    if not pdftoppm:
        raise UsageError(external_tools.missing_sentence("pdftoppm"))
    source = workdir / f"{uuid.uuid4().hex}.pdf"
    source.write_bytes(data)
    try:
        prefix = workdir / uuid.uuid4().hex
        for number in range(1, count + 1):     # one page at a time, each within the time limit
            try:
                subprocess.run([pdftoppm, "-r", str(OCR_DPI), "-gray", "-png", "-f", str(number), "-l", str(number),
                                str(source), f"{prefix}-{number:05d}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                               timeout=limits.value("ocr_page_max_seconds"), env=_helper_environment(), check=False)
            except subprocess.TimeoutExpired:
                raise limits.refuse_slow("ocr_page_max_seconds", f"Pagina {number} van de scan") from None
        return sorted(workdir.glob(prefix.name + "*.png"))
    finally:
        source.unlink(missing_ok=True)


def _page_pictures_fit(page: Any) -> bool:
    """The page's own images and the page rendered at OCR_DPI stay under the pixel limit (read from the
    PDF's dictionaries, nothing decoded)."""
    most = limits.value("image_max_pixels")
    try:
        box = page.mediabox
        if float(box.width) * float(box.height) * (OCR_DPI / 72) ** 2 > most:
            return False
        objects: Any = page.get("/Resources", {}).get_object().get("/XObject", {}) or {}
        for item in objects.get_object().values():
            item = item.get_object()
            if item.get("/Subtype") == "/Image" and int(item.get("/Width", 0)) * int(item.get("/Height", 0)) > most:
                return False
    except (AttributeError, TypeError, ValueError, KeyError):
        return True
    return True


def pdf_page_count(data: bytes, what: str = "De PDF") -> int:
    from pypdf import PdfReader   # cold start: loads only for this kind of file

    count = len(PdfReader(io.BytesIO(data)).pages)
    if count > limits.value("pdf_max_pages"):
        raise limits.refuse("pdf_max_pages", what, count)
    return count


# -- per kind of file --------------------------------------------------------------------------
def pdf_text_layer(data: bytes, what: str = "De PDF", pdf_reader: Reader | None = None) -> list[str]:
    """Each page's text layer, read in a child process with a time limit per page (intake/pdftext.py): by
    ``pdf_reader`` when given (it stays running for the next file), else by a child for this file alone."""
    from dossier_app.intake import pdftext

    return pdftext.page_texts(data, what, pdf_reader)


def text_from_pdf(data: bytes, workdir: WorkFolder, what: str = "De PDF",
                  pdf_reader: Reader | None = None) -> tuple[str, str]:
    """(text, method): the text layer when there is one, otherwise OCR of every page."""
    try:
        pages = pdf_text_layer(data, what, pdf_reader)
    except DossierError:
        raise
    except Exception as exc:
        raise UsageError("Dit PDF-bestand is beschadigd of beveiligd en kan niet gelezen worden.") from exc
    if pages and all(len(page.strip()) >= MIN_TEXT_PER_PAGE for page in pages):
        return "\n\n".join(pages), "tekstlaag"
    if len(pages) > limits.value("pdf_ocr_max_pages"):
        raise limits.refuse("pdf_ocr_max_pages", f"{what} (een scan)", len(pages))
    if not ocr_available():
        raise OcrUnavailable(OCR_MISSING)
    texts = []
    for page in _pdf_pages_as_images(data, workdir, len(pages)):
        try:
            texts.append(ocr_image(page.read_bytes(), "Een pagina van de scan"))
        finally:
            page.unlink(missing_ok=True)
    return "\n\n".join(texts), "ocr"


def check_zip_based(data: bytes, what: str) -> None:
    """A .docx (a ZIP of XML) within the limits by its directory alone: members, unpacked size, ratio."""
    count = limits.zip_entry_count(data)
    if count is not None and count > limits.value("zip_max_entries"):
        raise limits.refuse("zip_max_entries", what, count)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise UsageError(f"{what} is beschadigd en kan niet gelezen worden.") from None
    if len(infos) > limits.value("zip_max_entries"):
        raise limits.refuse("zip_max_entries", what, len(infos))
    total = sum(info.file_size for info in infos)
    if total > limits.value("zip_max_uncompressed_bytes"):
        raise limits.refuse("zip_max_uncompressed_bytes", what, total)
    xml = sum(info.file_size for info in infos if info.filename.lower().endswith((".xml", ".rels")))
    if xml > limits.value("zip_max_xml_bytes"):
        raise limits.refuse("zip_max_xml_bytes", what, xml)
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > limits.value("zip_max_ratio") * max(1, info.compress_size):
            raise UsageError(f"{what} is een zogeheten zip-bom (een onderdeel pakt meer dan "
                             f"{limits.value('zip_max_ratio')} keer zo groot uit) en wordt niet gelezen.")


def text_from_docx(data: bytes, what: str = "Het Word-bestand") -> str:
    from docx import Document   # cold start: loads only for this kind of file

    check_zip_based(data, what)
    document = Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("  ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _text_of_part(name: str, data: bytes, workdir: WorkFolder, pdf_reader: Reader | None) -> tuple[str, str]:
    suffix = Path(name).suffix.lower()
    what = f"De bijlage {name}"
    if suffix in PDF_SUFFIXES:
        return text_from_pdf(data, workdir, what, pdf_reader)
    if suffix in IMAGE_SUFFIXES:
        return ocr_image(data, what), "ocr"
    if suffix in WORD_SUFFIXES:
        return text_from_docx(data, what), "docx"
    return "", ""


def _html_to_text(html: str) -> str:
    parts: list[str] = []

    hidden: list[str] = []   # inside <script>/<style>: code, not the letter's text (issue 26)

    class Collector(HTMLParser):
        def handle_data(self, data: str) -> None:
            if not hidden:
                parts.append(data)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                hidden.append(tag)
            if tag in ("br", "p", "div", "tr", "li"):
                parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if hidden and tag == hidden[-1]:
                hidden.pop()

    Collector().feed(html)
    return "".join(parts)


def _mail_parts_eml(data: bytes) -> tuple[str, str, str, list[Original]]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body is not None:
        text = body.get_content()
        if body.get_content_type() == "text/html":
            text = _html_to_text(text)
    attached = []
    for part in message.walk():   # also attachments inside nested multiparts and forwarded mails
        if part.is_multipart() or part is body:
            continue
        name = part.get_filename()
        if part.get_content_disposition() != "attachment" and not name:
            continue
        payload = part.get_payload(decode=True) or b""
        if not isinstance(payload, bytes) or not payload:   # a 0-byte attachment holds nothing to keep
            continue
        attached.append(Original(Path(name or "bijlage").name, payload, part.get_content_type()))
    return text, str(message.get("From", "")), str(message.get("Subject", "")), attached


def _mail_parts_msg(data: bytes) -> tuple[str, str, str, list[Original]]:
    import extract_msg   # cold start: loads only for this kind of file

    message: Any = extract_msg.openMsg(io.BytesIO(data))
    try:
        text = message.body or ""
        if not text.strip() and message.htmlBody:
            text = _html_to_text(message.htmlBody.decode("utf-8", errors="replace"))
        attached = []
        for item in message.attachments:
            payload = getattr(item, "data", None)
            if not isinstance(payload, bytes):
                continue   # embedded messages are kept with the .msg itself
            name = Path(item.longFilename or item.shortFilename or "bijlage").name
            attached.append(Original(name, payload, media_type_of(name)))
        return text, message.sender or "", message.subject or "", attached
    finally:
        message.close()


def extract_bytes(name: str, data: bytes, workdir: WorkFolder, *, pdf_reader: Reader | None = None) -> Extracted:
    """The text of one file given as bytes; OCR images go into ``workdir`` and are removed again.
    ``pdf_reader``: the running reader of PDF text layers to use (intake/pdftext.py); else one per PDF."""
    suffix = Path(name).suffix.lower()
    result = Extracted(name=name, originals=[Original(name, data, media_type_of(name))])
    if suffix not in SUPPORTED_SUFFIXES:
        raise UsageError(f"Bestanden van de soort '{suffix or name}' kan de app niet lezen. "
                         "Wel: PDF, JPEG, PNG, HEIC, .eml, .msg en .docx.")
    if len(data) > limits.value("file_max_bytes"):
        raise limits.refuse("file_max_bytes", f"Het bestand {name}", len(data))
    if suffix in MAIL_SUFFIXES:
        if len(data) > limits.value("mail_max_bytes"):
            raise limits.refuse("mail_max_bytes", f"De e-mail {name}", len(data))
        try:
            body, sender, subject, attached = (_mail_parts_eml if suffix == ".eml" else _mail_parts_msg)(data)
        except Exception as exc:
            raise UsageError(f"De e-mail {name} kan niet gelezen worden.") from exc
        result.mail_from, result.mail_subject = sender, subject
        texts = []
        for original in attached:
            result.originals.append(original)
            try:
                text, _method = _text_of_part(original.filename, original.data, workdir, pdf_reader)
            except OcrUnavailable:
                result.warnings.append(f"Bijlage {original.filename} is een scan en Tesseract ontbreekt.")
                continue
            except UsageError as exc:
                result.warnings.append(str(exc))
                continue
            if text.strip():
                texts.append(text)
        # The letter is usually the attachment; the mail's own text comes after it.
        result.text = "\n\n".join([*texts, f"Onderwerp: {subject}\n{body}" if subject else body])
        result.method = "e-mail"
        return result
    if suffix in PDF_SUFFIXES:
        result.text, result.method = text_from_pdf(data, workdir, f"De PDF {name}", pdf_reader)
    elif suffix in IMAGE_SUFFIXES:
        try:
            result.text, result.method = ocr_image(data, f"De afbeelding {name}"), "ocr"
        except (OcrUnavailable, UsageError):
            raise
        except OSError as exc:
            raise UsageError(f"De afbeelding {name} kan niet gelezen worden"
                             + (" (voor HEIC is het pakket pillow-heif nodig)." if suffix in (".heic", ".heif")
                                else ".")) from exc
    else:
        try:
            result.text, result.method = text_from_docx(data, f"Het Word-bestand {name}"), "docx"
        except UsageError:
            raise
        except Exception as exc:
            raise UsageError(f"Het Word-bestand {name} kan niet gelezen worden.") from exc
    return result


def extract_file(path: Path, workdir: WorkFolder, *, pdf_reader: Reader | None = None,
                 read: bytes | None = None) -> Extracted:
    """The text of one file. ``read``: its bytes as ``read_ahead`` read them (and sent them to the reader)."""
    path = Path(path)
    if read is not None:
        return extract_bytes(path.name, read, workdir, pdf_reader=pdf_reader)
    if path.is_dir():
        raise UsageError(f"{path.name} is een map; kies de bestanden erin.")
    if not path.is_file():
        raise UsageError(f"Het bestand {path.name} bestaat niet.")
    size = path.stat().st_size
    if size > limits.value("file_max_bytes"):   # before it is read into memory
        raise limits.refuse("file_max_bytes", f"Het bestand {path.name}", size)
    return extract_bytes(path.name, path.read_bytes(), workdir, pdf_reader=pdf_reader)


def read_ahead(path: Path, pdf_reader: Reader) -> bytes | None:
    """A PDF's bytes, sent to ``pdf_reader`` now (``Reader.send_ahead``) so that its text is being read while
    the app does other work; pass them to ``extract_file`` as ``read``. None for any other file, or one that
    cannot be read now or is over the size limit (``extract_file`` then reads it and says why)."""
    path = Path(path)
    if path.suffix.lower() not in PDF_SUFFIXES:
        return None
    try:
        if not path.is_file() or path.stat().st_size > limits.value("file_max_bytes"):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) > limits.value("file_max_bytes"):
        return None
    pdf_reader.send_ahead(data)
    return data
