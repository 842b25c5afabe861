"""Blocks -> .docx, with every page and paragraph style taken from reference.docx."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK

from dossier_app import paths
from dossier_app.letters.blocks import Block
from dossier_app.letters.styles import BULLET_STYLE, HEADING_STYLE, NUMBERED_STYLE, SECTION_STYLES, build_reference_docx


def _reference(path: Path | None):
    path = Path(path) if path else paths.reference_docx()
    if path.exists():
        return Document(str(path))
    buffer = io.BytesIO()
    build_reference_docx(buffer)
    buffer.seek(0)
    return Document(buffer)


def _clear_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


KIND_STYLES = {"bullet": BULLET_STYLE, "number": NUMBERED_STYLE, "heading": HEADING_STYLE}


def _style_for(document, block: Block) -> str:
    names = {style.name for style in document.styles}
    wanted = KIND_STYLES.get(block.kind) or SECTION_STYLES.get(block.part, SECTION_STYLES["romp"])
    return wanted if wanted in names else "Normal"


# Parts whose lines form one paragraph (an address block, reference lines).
LINE_PARTS = {"afzender", "geadresseerde", "kenmerken"}


# The end of a letter stays on one page: the last paragraph of the body, the
# closing and every signature line are kept with what follows them.
KEEP_PARTS = ("slot", "ondertekening")


def _keep_together(paragraphs: list) -> None:
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


def write_docx(blocks: list[Block], *, title: str = "", reference: Path | None = None) -> bytes:
    document = _reference(reference)
    _clear_body(document)
    previous: Block | None = None
    paragraph = None
    written: list = []
    for block in blocks:
        joins = (previous is not None and paragraph is not None and block.part in LINE_PARTS
                 and previous.part == block.part and block.kind == previous.kind == "paragraph")
        previous = block
        if joins:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        else:
            paragraph = document.add_paragraph(style=_style_for(document, block))
            written.append((block.part, paragraph))
        if block.kind == "number":
            paragraph.add_run(f"{block.number}.\t")
        for run_model in block.runs:
            if run_model.line_break:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            run = paragraph.add_run(run_model.text)
            run.bold = run_model.bold or None
            run.italic = run_model.italic or None
    _keep_together(written)
    properties = document.core_properties
    properties.title = title
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = ""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
