"""Blocks -> .docx, with every page and paragraph style taken from reference.docx."""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dossier_app import paths
from dossier_app.errors import UsageError
from dossier_app.letters.blocks import Block
from dossier_app.letters.styles import BULLET_STYLE, HEADING_STYLE, NUMBERED_STYLE, SECTION_STYLES, build_reference_docx

# The reference document, opened once per version of the file (path, size,
# modification time) with its map of style names, and reused for every letter:
# a letter only fills the body, saves, and empties the body again (and blanks
# the title) before the next one, so no letter text stays behind in it. A lock
# keeps two threads from writing into it at once.
_REFERENCE_CACHE: dict[tuple[str | None, int, int], tuple[Any, dict[str, str | None]]] = {}   # (document, names)
_REFERENCE_LOCK = threading.Lock()


def _reference(path: Path | None) -> tuple[Any, dict[str, str | None]]:
    """(document, style names) of the reference; call with _REFERENCE_LOCK held."""
    path = Path(path) if path else paths.reference_docx()
    try:
        stat = path.stat()
        version: tuple[str | None, int, int] = (str(path), stat.st_size, stat.st_mtime_ns)
    except OSError:
        version = (None, 0, 0)
    cached = _REFERENCE_CACHE.get(version)
    if cached is None:
        from docx import Document   # cold start: python-docx loads with the first letter written
        from docx.enum.style import WD_STYLE_TYPE

        if version[0] is not None:
            data = path.read_bytes()
        else:
            buffer = io.BytesIO()
            build_reference_docx(buffer)
            data = buffer.getvalue()
        document = Document(io.BytesIO(data))
        styles = document.styles
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        # Paragraph style name -> style id (None for the default style, which
        # python-docx writes as no pStyle at all).
        names = {style.name: (None if default is not None and style.style_id == default.style_id
                              else style.style_id)
                 for style in styles if style.type == WD_STYLE_TYPE.PARAGRAPH}
        _clear_body(document)
        cached = (document, names)
        _REFERENCE_CACHE.clear()
        _REFERENCE_CACHE[version] = cached
    return cached


def _clear_body(document: Any) -> None:
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


KIND_STYLES = {"bullet": BULLET_STYLE, "number": NUMBERED_STYLE, "heading": HEADING_STYLE}


def _style_for(names: Container[str], block: Block) -> str:
    wanted = KIND_STYLES.get(block.kind) or SECTION_STYLES.get(block.part, SECTION_STYLES["romp"])
    return wanted if wanted in names else "Normal"


# Parts whose lines form one paragraph (an address block, reference lines).
LINE_PARTS = {"afzender", "geadresseerde", "kenmerken"}


# The end of a letter stays on one page: the last paragraph of the body, the
# closing and every signature line are kept with what follows them.
KEEP_PARTS = ("slot", "ondertekening")


def unwritable_character(text: str) -> str | None:
    """The first character that a Word document (XML 1.0) cannot hold, as 'U+0001'; None if all fit.
    Tabs and line breaks fit; other control characters, lone surrogates and U+FFFE/U+FFFF do not."""
    for char in text:
        code = ord(char)
        if (code < 0x20 and char not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return f"U+{code:04X}"
    return None


def write_docx(blocks: list[Block], *, title: str = "", reference: Path | None = None) -> bytes:
    for block in blocks:
        for run_model in block.runs:
            bad = unwritable_character(run_model.text)
            if bad:
                raise UsageError(f"De brief bevat een onzichtbaar teken ({bad}) dat niet in een Word-document kan. "
                                 "Haal het weg uit de gegevens in het dossier en maak de brief opnieuw.")
    with _REFERENCE_LOCK:
        document, style_names = _reference(reference)
        try:
            _fill(document, style_names, blocks, title)
            out = io.BytesIO()
            document.save(out)
        finally:
            _clear_body(document)
            document.core_properties.title = ""
    return out.getvalue()


def _fill(document: Any, style_names: dict[str, Any], blocks: list[Block], title: str) -> None:
    _clear_body(document)
    paragraphs = _paragraphs(style_names, blocks)
    _keep_together(paragraphs)
    # The body written as WordprocessingML text and parsed once: python-docx's element API builds the same
    # paragraphs (tests/letters/test_docx_writer.py compares the two) but costs several times as much.
    body = _body_parser()(f'<w:body xmlns:w="{_W}">{"".join(map(_paragraph_xml, paragraphs))}</w:body>')
    section = document.element.body.sectPr
    for element in list(body):
        if section is not None:
            section.addprevious(element)
        else:
            document.element.body.append(element)
    properties = document.core_properties
    properties.title = title
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""


@dataclass
class _Paragraph:
    """One paragraph of the letter: its part, style and runs (("br", "") for a line break)."""

    part: str
    style_id: str | None
    runs: list[tuple[str, str, bool, bool]] = field(default_factory=list)    # (kind, text, bold, italic)
    keep_with_next: bool | None = None
    keep_together: bool = False


def _paragraphs(style_names: dict[str, Any], blocks: list[Block]) -> list[_Paragraph]:
    previous: Block | None = None
    paragraph: _Paragraph | None = None
    written: list[_Paragraph] = []
    for block in blocks:
        joins = (previous is not None and paragraph is not None and block.part in LINE_PARTS
                 and previous.part == block.part and block.kind == previous.kind == "paragraph")
        previous = block
        if joins and paragraph is not None:
            paragraph.runs.append(("br", "", False, False))
        else:
            # The style id straight from the cached map: python-docx's own lookup by name scans every style.
            paragraph = _Paragraph(block.part, style_names.get(_style_for(style_names, block)))
            written.append(paragraph)
        if block.kind == "paragraph" and block.runs and all(run.bold for run in block.runs if run.text.strip()):
            # A bold line of its own is a heading in the letter (**Wat ik van u vraag**): never the last
            # line of a page, always with the paragraph it heads.
            paragraph.keep_with_next = True
        if block.kind == "number":
            paragraph.runs.append(("text", f"{block.number}.\t", False, False))
        for run_model in block.runs:
            if run_model.line_break:
                paragraph.runs.append(("br", "", False, False))
            paragraph.runs.append(("text", run_model.text, run_model.bold, run_model.italic))
    return written


def _keep_together(paragraphs: list[_Paragraph]) -> None:
    """Keep the last body paragraph, the closing and the signature block on one page."""
    last_body = max((index for index, paragraph in enumerate(paragraphs) if paragraph.part == "romp"), default=None)
    signature = [index for index, paragraph in enumerate(paragraphs) if paragraph.part in KEEP_PARTS]
    if last_body is None or not signature:
        return
    chain = [last_body] + [index for index in signature if index > last_body]
    for position, index in enumerate(chain):
        paragraphs[index].keep_together = True
        paragraphs[index].keep_with_next = position < len(chain) - 1


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSERS = threading.local()


def _body_parser() -> Any:
    """Parses WordprocessingML text into python-docx's own element classes. One parser per thread (an lxml
    parser is not shared between threads), made with the thread's first letter: lxml and python-docx are not
    loaded at start."""
    parse = getattr(_PARSERS, "parse", None)
    if parse is None:
        from docx.oxml.parser import element_class_lookup
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False)
        parser.set_element_class_lookup(element_class_lookup)
        parse = _PARSERS.parse = functools.partial(etree.fromstring, parser=parser)
    return parse


# What python-docx writes for a tab and a line break inside a run's text (a carriage return too).
_RUN_PIECES = re.compile(r"(\t|\r|\n)")


def _paragraph_xml(paragraph: _Paragraph) -> str:
    properties = ""
    if paragraph.style_id is not None:
        properties += f'<w:pStyle w:val="{escape(paragraph.style_id, {chr(34): "&quot;"})}"/>'
    if paragraph.keep_with_next is not None:
        properties += "<w:keepNext/>" if paragraph.keep_with_next else '<w:keepNext w:val="0"/>'
    if paragraph.keep_together:
        properties += "<w:keepLines/>"
    return (f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}"
            f"{''.join(_run_xml(*run) for run in paragraph.runs)}</w:p>")


def _run_xml(kind: str, text: str, bold: bool, italic: bool) -> str:
    if kind == "br":
        return "<w:r><w:br/></w:r>"
    formatting = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    content = []
    for piece in _RUN_PIECES.split(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{f'<w:rPr>{formatting}</w:rPr>' if formatting else ''}{''.join(content)}</w:r>"
