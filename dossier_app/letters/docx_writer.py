"""Blocks -> .docx, with every page and paragraph style taken from reference.docx."""

from __future__ import annotations

import io
import threading
from collections.abc import Container
from pathlib import Path
from typing import Any

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


def _keep_together(paragraphs: list[Any]) -> None:
    """Keep the last body paragraph, the closing and the signature block on one page."""
    last_body = max((index for index, (part, _) in enumerate(paragraphs) if part == "romp"), default=None)
    signature = [index for index, (part, _) in enumerate(paragraphs) if part in KEEP_PARTS]
    if last_body is None or not signature:
        return
    chain = [last_body] + [index for index in signature if index > last_body]
    for position, index in enumerate(chain):
        fmt = paragraphs[index][1].paragraph_format
        fmt.keep_together = True
        fmt.keep_with_next = position < len(chain) - 1


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
    from docx.enum.text import WD_BREAK

    _clear_body(document)
    previous: Block | None = None
    paragraph: Any = None
    written: list[Any] = []
    for block in blocks:
        joins = (previous is not None and paragraph is not None and block.part in LINE_PARTS
                 and previous.part == block.part and block.kind == previous.kind == "paragraph")
        previous = block
        if joins:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        else:
            paragraph = document.add_paragraph()
            # The style id straight from the cached map: python-docx's own
            # lookup by name scans every style of the document per paragraph.
            style_id = style_names.get(_style_for(style_names, block))
            if style_id is not None:
                paragraph._p.style = style_id
            written.append((block.part, paragraph))
        if block.kind == "paragraph" and block.runs and all(run.bold for run in block.runs if run.text.strip()):
            # A bold line of its own is a heading in the letter (**Wat ik van u vraag**): never the last
            # line of a page, always with the paragraph it heads.
            paragraph.paragraph_format.keep_with_next = True
        if block.kind == "number":
            paragraph.add_run(f"{block.number}.\t")
        for run_model in block.runs:
            if run_model.line_break:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            run = paragraph.add_run(run_model.text)
            # Only set what differs from plain text: setting None still adds an empty <w:rPr>.
            if run_model.bold:
                run.bold = True
            if run_model.italic:
                run.italic = True
    _keep_together(written)
    properties = document.core_properties
    properties.title = title
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
