"""Issue 26: resource limits on every import path, checked before decoding (dossier_app/limits.toml).

Every hostile input ends in one Dutch sentence, in under 10 s and under 500 MB
(each is read in a fresh process, which reports its own time and peak memory).
Each test here failed against the code before the fix (it ran out of time or
memory, or was accepted).
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier_app import limits
from dossier_app.errors import BadArchive, UsageError
from dossier_app.intake import extract
from tests.services.test_open_export import MINIMAL, write_archive

# Slow (PDFs stopped at their time and size limits): make test runs it, make test-quick skips it.
pytestmark = pytest.mark.slow

MAX_SECONDS = 10
MAX_MEGABYTES = 500

RUNNER = textwrap.dedent("""
    import json, resource, sys, tempfile, time
    from pathlib import Path
    kind, target = sys.argv[1], Path(sys.argv[2])
    start = time.monotonic()
    try:
        if kind == "intake":
            from dossier_app.intake import extract
            with tempfile.TemporaryDirectory() as work:
                extract.extract_file(target, Path(work))
        else:
            from dossier_app.services import archive
            archive.check_archive(target)
        outcome = ["aanvaard", ""]
    except Exception as exc:
        outcome = [type(exc).__name__, str(exc)]
    print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - start,
                      "megabytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def read_in_fresh_process(kind: str, path: Path, tmp_path: Path) -> tuple[str, str]:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    from dossier_app import paths

    done = subprocess.run([sys.executable, "-c", RUNNER, kind, str(path)], capture_output=True, text=True,
                          timeout=120, env={**__import__("os").environ, paths.CONFIG_ENV: str(config)})
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["seconds"] < MAX_SECONDS, report
    assert report["megabytes"] < MAX_MEGABYTES, report
    assert done.stderr.strip() == "", done.stderr[-2000:]
    return tuple(report["outcome"])


def one_dutch_sentence(text: str) -> None:
    assert text and "\n" not in text and "Traceback" not in text
    assert text.rstrip().endswith((".", ")")), text
    assert any(word in text for word in (" te ", " de ", " het ", " een ")), text


def png(width: int, height: int) -> bytes:
    """A PNG whose header says width × height (the pixel data is a token: nothing valid to decode)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def blank_pdf(path: Path, pages: int) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


# -- one hostile file of each kind ------------------------------------------------------------------
@pytest.mark.slow   # a fresh Python process per hostile input
def test_a_1_by_60000_png_is_refused_before_it_is_enlarged(tmp_path):
    from PIL import Image

    path = tmp_path / "strook.png"
    Image.new("L", (1, 60000), 255).save(path)
    kind, message = read_in_fresh_process("intake", path, tmp_path)
    assert kind == "UsageError"
    assert "1 × 60000" in message and "te smal of te lang" in message
    one_dutch_sentence(message)


@pytest.mark.slow   # a fresh Python process per hostile input
def test_a_png_asking_for_too_many_pixels_is_refused_by_its_header(tmp_path):
    path = tmp_path / "reus.png"
    path.write_bytes(png(30000, 30000))
    kind, message = read_in_fresh_process("intake", path, tmp_path)
    assert kind == "LimitExceeded"
    assert "40.000.000 beeldpunten" in message and "image_max_pixels" in message
    one_dutch_sentence(message)


@pytest.mark.slow   # a fresh Python process per hostile input
def test_a_scan_with_too_many_pages_is_refused_before_ocr(tmp_path):
    path = blank_pdf(tmp_path / "scan.pdf", 120)
    kind, message = read_in_fresh_process("intake", path, tmp_path)
    assert kind == "LimitExceeded"
    assert "(120)" in message and "30 pagina's per gescande PDF" in message
    one_dutch_sentence(message)


@pytest.mark.slow   # a fresh Python process per hostile input
def test_a_pdf_with_too_many_pages_is_refused(tmp_path):
    path = blank_pdf(tmp_path / "boek.pdf", 2500)
    kind, message = read_in_fresh_process("intake", path, tmp_path)
    assert kind == "LimitExceeded"
    assert "2.500" in message and "2.000 pagina's per PDF" in message
    one_dutch_sentence(message)


def slow_pdf(path: Path, operators: int) -> Path:
    """One page whose content stream (a few KB compressed) shows a letter 300,000 times: pypdf needs
    half a minute or more for its text."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 700 Td " + b"(a) Tj 1 0 Td " * operators + b"ET")
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_a_pdf_page_built_to_be_slow_is_stopped_at_the_time_limit(tmp_path):
    """Issue 26: text extraction had no time limit; pypdf cannot be interrupted, so a child process
    reads the PDF and is stopped after pdf_page_max_seconds on one page."""
    path = slow_pdf(tmp_path / "traag.pdf", 300_000)
    assert path.stat().st_size < 100_000
    kind, message = read_in_fresh_process("intake", path, tmp_path)
    assert kind == "LimitExceeded"
    assert message == ("Pagina 1 van de PDF traag.pdf kost te veel tijd om te lezen: de app neemt ten hoogste "
                       "5 seconden per pagina van een PDF (de grens staat in de instellingen als "
                       "'pdf_page_max_seconds').")
    one_dutch_sentence(message)


def zip_bomb(path: Path, megabytes: int, name: str = "word/document.xml") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("[Content_Types].xml", "<Types/>")
        with handle.open(name, "w", force_zip64=True) as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
    return path


@pytest.mark.slow   # a fresh Python process per hostile input
def test_a_docx_that_unpacks_to_hundreds_of_megabytes_is_refused(tmp_path):
    path = zip_bomb(tmp_path / "brief.docx", 300)
    assert path.stat().st_size < 2_000_000
    kind, message = read_in_fresh_process("intake", path, tmp_path)
    assert kind == "LimitExceeded"
    assert "Het Word-bestand brief.docx" in message and "uitgepakt" in message
    one_dutch_sentence(message)


@pytest.mark.slow   # a fresh Python process per hostile input
def test_an_archive_with_too_many_entries_is_refused_before_its_directory_is_read(tmp_path):
    path = tmp_path / "veel.zip"
    with zipfile.ZipFile(path, "w") as handle:
        handle.writestr("dossier.json", json.dumps(MINIMAL))
        for number in range(60_000):
            handle.writestr(f"bijlagen/{number}", b"")
    kind, message = read_in_fresh_process("archive", path, tmp_path)
    assert kind == "BadArchive"
    assert "60.001" in message and "50.000 bestanden in een archief" in message
    one_dutch_sentence(message)


@pytest.mark.slow   # a fresh Python process per hostile input
def test_an_archive_whose_end_record_claims_a_huge_count_is_refused(tmp_path):
    path = write_archive(tmp_path / "liegt.zip", MINIMAL)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8:end + 12] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    kind, message = read_in_fresh_process("archive", path, tmp_path)
    assert kind == "BadArchive" and "bestanden in een archief" in message


@pytest.mark.slow   # a fresh Python process per hostile input
def test_an_archive_with_a_300_mb_note_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "notitie.zip"
    data = dict(MINIMAL, entries=[dict(MINIMAL["entries"][0])])
    text = json.dumps(data)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as handle, \
            handle.open("dossier.json", "w", force_zip64=True) as member:
        member.write(text[:-2].encode() + b', "lang": "')
        block = b"a" * (1024 * 1024)
        for _ in range(300):
            member.write(block)
        member.write(b'"}')
    kind, message = read_in_fresh_process("archive", path, tmp_path)
    assert kind == "BadArchive"
    assert "dossier.json" in message and "archive_max_json_bytes" in message
    one_dutch_sentence(message)


@pytest.mark.slow   # a fresh Python process per hostile input
def test_one_text_field_over_the_limit_is_refused_naming_the_field(tmp_path):
    data = json.loads(json.dumps(MINIMAL))
    data["entries"][0]["title"] = "a" * (limits.value("archive_max_text_chars") + 1)
    path = write_archive(tmp_path / "veld.zip", data)
    kind, message = read_in_fresh_process("archive", path, tmp_path)
    assert kind == "BadArchive"
    assert "entries[0].title is te lang" in message
    one_dutch_sentence(message)


def test_an_archive_with_two_dossier_json_members_is_refused(tmp_path):
    from dossier_app.services import archive

    path = tmp_path / "dubbel.zip"
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "w") as handle:
        handle.writestr("dossier.json", json.dumps(MINIMAL))
        handle.writestr("dossier.json", json.dumps(dict(MINIMAL, info={"name": "Iemand anders"})))
    with pytest.raises(BadArchive, match="staat er twee keer in"):
        archive.check_archive(path)


def test_a_limit_can_be_raised_in_the_settings_up_to_its_ceiling(tmp_path, monkeypatch):
    from dossier_app import paths, settings

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path))
    assert limits.value("pdf_ocr_max_pages") == 30
    chosen = settings.load()
    chosen.limits = {"pdf_ocr_max_pages": 100, "zip_max_ratio": 10_000}
    settings.save(chosen)
    assert limits.value("pdf_ocr_max_pages") == 100
    assert limits.value("zip_max_ratio") == 200          # not a setting
    chosen.limits = {"pdf_ocr_max_pages": 10 ** 9}
    settings.save(chosen)
    assert limits.value("pdf_ocr_max_pages") == 500     # the ceiling
    assert "pdf_ocr_max_pages" in str(limits.refuse("pdf_ocr_max_pages", "De PDF x.pdf", 600))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CONFIG_HOME names the config folder on Linux")
def test_the_settings_follow_the_config_folder_the_environment_names(tmp_path, monkeypatch):
    """The user's config folder is asked of platformdirs once per value of what it is made from: another
    XDG_CONFIG_HOME (or home folder) is another folder, with its own settings."""
    from dossier_app import paths, settings

    monkeypatch.delenv(paths.CONFIG_ENV, raising=False)
    chosen_pages = {}
    for name, pages in (("een", 100), ("twee", 200)):
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / name))
        assert paths.config_dir() == tmp_path / name / "Gezinsdossier"
        chosen = settings.load()
        chosen.limits = {"pdf_ocr_max_pages": pages}
        settings.save(chosen)
        chosen_pages[name] = pages
    for name in ("een", "twee", "een"):
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / name))
        assert settings.settings_file() == tmp_path / name / "Gezinsdossier" / "settings.json"
        assert limits.value("pdf_ocr_max_pages") == chosen_pages[name]
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "thuis"))
    assert paths.config_dir() == tmp_path / "thuis" / ".config" / "Gezinsdossier"


@pytest.fixture
def counted_settings(tmp_path, monkeypatch):
    """Settings with a limit of 100 pages in a private config folder; returns (the settings, the list of reads)."""
    from dossier_app import paths, settings

    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path))
    chosen = settings.load()
    chosen.limits = {"pdf_ocr_max_pages": 100}
    settings.save(chosen)
    reads: list[int] = []
    real = settings.load
    monkeypatch.setattr(settings, "load", lambda: reads.append(1) or real())
    return chosen, reads


def test_within_settled_the_settings_are_read_once_and_a_change_counts_from_the_next_block(counted_settings):
    import threading

    from dossier_app import settings

    chosen, reads = counted_settings
    seen_elsewhere = []
    with limits.settled():
        assert [limits.value("pdf_ocr_max_pages") for _ in range(3)] == [100, 100, 100]
        chosen.limits = {"pdf_ocr_max_pages": 200}
        real_save = settings.save
        real_save(chosen)
        assert limits.value("pdf_ocr_max_pages") == 100       # this block keeps what it read
        worker = threading.Thread(target=lambda: seen_elsewhere.append(limits.value("pdf_ocr_max_pages")))
        worker.start()
        worker.join()
    assert reads == [1, 1]                                   # the block's one read, and the other thread's own
    assert seen_elsewhere == [200]                           # another thread is not in the block
    assert limits.value("pdf_ocr_max_pages") == 200          # after the block: read again
    with limits.settled():
        assert limits.value("pdf_ocr_max_pages") == 200


def test_security_doc_shows_every_limit():
    text = (Path(__file__).resolve().parents[2] / "docs" / "SECURITY.md").read_text("utf-8")
    for name, row in limits.table().items():
        assert f"`{name}`" in text and limits.shown(int(row["value"])) in text, name


# -- generated shapes (hypothesis) ---------------------------------------------------------------------
FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FAST
@given(width=st.integers(1, 200_000), height=st.integers(1, 200_000))
def test_any_image_size_is_read_within_limits_or_refused_by_its_header(tmp_path, width, height):
    too_many = width * height > limits.value("image_max_pixels")
    too_odd = max(width, height) > limits.value("image_max_aspect") * min(width, height)
    if not (too_many or too_odd):
        # Within the limits: checked without decoding (decoding this token would fail anyway).
        extract.check_image_size(width, height)
        return
    with pytest.raises(UsageError) as refused:
        extract.extract_bytes("foto.png", png(width, height), tmp_path)
    one_dutch_sentence(str(refused.value))


@FAST
@given(members=st.lists(st.tuples(st.sampled_from(["word/document.xml", "word/media/a.png", "x.rels", "a"]),
                                  st.integers(0, 400_000), st.booleans()), max_size=8))
def test_any_zip_layout_of_a_docx_is_read_or_refused_clearly(tmp_path, monkeypatch, members):
    table = {"zip_max_uncompressed_bytes": 600_000, "zip_max_xml_bytes": 300_000, "zip_max_entries": 6}
    real = limits.value
    monkeypatch.setattr(limits, "value", lambda name: table.get(name, real(name)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as handle, \
            _quiet():
        for index, (name, size, random) in enumerate(members):
            handle.writestr(f"{index}/{name}", (bytes(range(256)) * (size // 256 + 1))[:size] if random
                            else b"\x00" * size)
    try:
        extract.text_from_docx(buffer.getvalue(), "Het Word-bestand x.docx")
    except UsageError as exc:
        one_dutch_sentence(str(exc))
        total = sum(size for _name, size, _random in members)
        assert ("te groot" in str(exc) or "zip-bom" in str(exc) or "beschadigd" in str(exc)
                or total <= table["zip_max_uncompressed_bytes"])
    except Exception as exc:  # noqa: BLE001 - python-docx on a zip that is no Word file: not a limit
        assert type(exc).__name__ in ("PackageNotFoundError", "KeyError", "ValueError"), exc


class _quiet:
    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)


@FAST
@given(names=st.lists(st.sampled_from(["dossier.json", "bijlagen/1/a.pdf", "bijlagen/2/b", "x", "x/"]),
                      min_size=0, max_size=12),
       claimed=st.one_of(st.none(), st.integers(0, 0xFFFF)))
def test_any_archive_shape_ends_in_a_clear_error_or_is_read(tmp_path, names, claimed):
    from dossier_app.services import archive

    path = tmp_path / "vorm.zip"
    with zipfile.ZipFile(path, "w") as handle, _quiet():
        for name in names:
            handle.writestr(name, json.dumps(MINIMAL) if name == "dossier.json" else b"inhoud")
    if claimed is not None:
        data = bytearray(path.read_bytes())
        end = data.rfind(b"PK\x05\x06")
        data[end + 8:end + 12] = struct.pack("<HH", claimed, claimed)
        path.write_bytes(bytes(data))
    try:
        archive.check_archive(path)
    except (BadArchive, UsageError) as exc:
        one_dutch_sentence(str(exc))
        return
    assert names.count("dossier.json") == 1 and (claimed is None or claimed <= limits.value("archive_max_entries"))


@pytest.mark.slow   # a fresh Python process per hostile input
def test_pypdf_warnings_do_not_reach_stderr(tmp_path):
    """Issue 26: a PDF with a wrong startxref made pypdf print English lines on stderr."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    path = tmp_path / "scheef.pdf"
    path.write_bytes(data[:data.rfind(b"startxref")] + b"startxref\n9\n%%EOF\n")
    script = ("import sys; from dossier_app.intake import extract; "
              "print(extract.pdf_page_count(open(sys.argv[1], 'rb').read()))")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "1"
    assert done.stderr == ""


def test_pypdf_remarks_go_to_the_apps_log_without_the_bytes_they_quote(tmp_path):
    """Issue 26: route pypdf's warnings to the log — also those of the child that reads the text layer —
    and never the file's own bytes (pypdf quotes the start of a bad header)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    path = tmp_path / "scheef.pdf"
    path.write_bytes(b"GEHEIM" + data[data.index(b"\n"):data.rfind(b"startxref")] + b"startxref\n9\n%%EOF\n")
    logs = tmp_path / "logs"
    script = ("import sys, tempfile; from pathlib import Path; from dossier_app import diagnostics; "
              "from dossier_app.intake import extract; diagnostics.setup(); "
              "extract.extract_file(Path(sys.argv[1]), Path(tempfile.mkdtemp()))")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "GEZINSDOSSIER_LOGS": str(logs)})
    assert done.stderr == ""
    text = "".join(item.read_text("utf-8") for item in logs.rglob("*.log*"))
    assert " WARNING " in text and "startxref" in text.lower()
    assert "GEHEIM" not in text


def test_a_batch_import_with_one_failed_file_exits_non_zero_naming_it_and_shows_progress(
        tmp_path, cli, passphrase_file):
    """Issue 26: a batch import in which one file failed exited 0 and showed no progress."""
    from docx import Document

    from dossier_app.services import session

    path = tmp_path / "gezin.dossier"
    session.create_dossier(path, "correct paard batterij nietje zon").lock()
    good = tmp_path / "brief.docx"
    document = Document()
    document.add_paragraph("Gemeente Rivierstad. Kenmerk RS-1. Beschikking jeugdhulp van 2 november 2026.")
    document.save(good)
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4 dit is geen pdf")
    passphrase_file.write_text("correct paard batterij nietje zon\n", encoding="utf-8")
    code, out, err = cli("import", path, good, bad, "--passphrase-file", passphrase_file)
    assert code == 2, err
    assert "kapot.pdf" in err and "1 van 2 bestanden konden niet worden ingelezen" in err
    assert "Bestand 1 van 2 gelezen" in err and "Bestand 2 van 2 gelezen" in err


def test_mail_reads_nested_attachments_skips_empty_ones_and_not_script_text(tmp_path):
    """Issue 26: nested multipart attachments were not read, a 0-byte attachment was stored and
    the text of an HTML <script> was indexed as content."""
    from email.message import EmailMessage

    from docx import Document

    letter = io.BytesIO()
    document = Document()
    document.add_paragraph("Beschikking jeugdhulp, kenmerk RS-77.")
    document.save(letter)
    inner = EmailMessage()
    inner.add_attachment(letter.getvalue(), maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="brief.docx")
    outer = EmailMessage()
    outer["From"] = "gemeente@example.nl"
    outer["Subject"] = "Uw beschikking"
    outer.add_alternative("<html><body><p>Zie bijlage.</p><script>var geheimeCode = 1;</script>"
                          "<style>p {color: red}</style></body></html>", subtype="html")
    outer.make_mixed()
    outer.attach(inner)                      # a nested multipart with the letter in it
    outer.add_attachment(b"", maintype="application", subtype="pdf", filename="leeg.pdf")
    found = extract.extract_bytes("post.eml", outer.as_bytes(), tmp_path)
    names = [original.filename for original in found.originals]
    assert "brief.docx" in names and "leeg.pdf" not in names
    assert "RS-77" in found.text and "Zie bijlage." in found.text
    assert "geheimeCode" not in found.text and "color" not in found.text


def test_the_settings_file_is_read_again_only_when_it_changed(counted_settings):
    import os

    from dossier_app import settings

    chosen, reads = counted_settings
    assert [limits.value("pdf_ocr_max_pages") for _ in range(3)] == [100, 100, 100]
    assert len(reads) <= 1
    file = settings.settings_file()
    text = file.read_text("utf-8").replace('"pdf_ocr_max_pages": 100', '"pdf_ocr_max_pages": 120')
    stamp = file.stat().st_mtime_ns
    file.write_text(text, "utf-8")                          # edited in place: same file, another state
    os.utime(file, ns=(stamp + 10 ** 9, stamp + 10 ** 9))
    assert limits.value("pdf_ocr_max_pages") == 120
    chosen.limits = {"pdf_ocr_max_pages": 150}
    settings.save(chosen)                                   # replaced (a new file)
    assert limits.value("pdf_ocr_max_pages") == 150
    file.unlink()
    assert limits.value("pdf_ocr_max_pages") == 30          # gone: the table's value
