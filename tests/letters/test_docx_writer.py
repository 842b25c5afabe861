"""The letter's body is written as WordprocessingML text (fast); it must be exactly what python-docx's own
element API writes for the same blocks. The oracle below is that API, used the plain way."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from lxml import etree

from dossier_app import paths
from dossier_app.errors import DossierError
from dossier_app.letters import docx_writer
from dossier_app.letters.blocks import Block, Run
from dossier_app.letters.catalogue import all_kinds
from dossier_app.letters.render import MissingFields, render_letter
from dossier_app.letters.styles import SECTION_STYLES

TODAY = dt.date(2026, 11, 22)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _oracle(blocks: list[Block]) -> bytes:
    """The same letter through python-docx's paragraph and run API (what docx_writer did before)."""
    document = Document(str(paths.reference_docx()))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    names = {style.name for style in document.styles}
    previous, paragraph, written = None, None, []
    for block in blocks:
        joins = (previous is not None and paragraph is not None and block.part in docx_writer.LINE_PARTS
                 and previous.part == block.part and block.kind == previous.kind == "paragraph")
        previous = block
        if joins:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        else:
            paragraph = document.add_paragraph()
            wanted = docx_writer.KIND_STYLES.get(block.kind) or SECTION_STYLES.get(block.part, SECTION_STYLES["romp"])
            paragraph.style = document.styles[wanted if wanted in names else "Normal"]
            written.append((block.part, paragraph))
        if block.kind == "paragraph" and block.runs and all(run.bold for run in block.runs if run.text.strip()):
            paragraph.paragraph_format.keep_with_next = True
        if block.kind == "number":
            paragraph.add_run(f"{block.number}.\t")
        for model in block.runs:
            if model.line_break:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            run = paragraph.add_run(model.text)
            if model.bold:
                run.bold = True
            if model.italic:
                run.italic = True
    last_body = max((i for i, (part, _) in enumerate(written) if part == "romp"), default=None)
    signature = [i for i, (part, _) in enumerate(written) if part in docx_writer.KEEP_PARTS]
    if last_body is not None and signature:
        chain = [last_body] + [i for i in signature if i > last_body]
        for position, index in enumerate(chain):
            written[index][1].paragraph_format.keep_together = True
            written[index][1].paragraph_format.keep_with_next = position < len(chain) - 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _body(docx: bytes) -> bytes:
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    body = etree.fromstring(xml).find(f"{W}body")
    return etree.tostring(body, method="c14n")


def _letters():
    for kind in all_kinds():
        answers: dict = {}
        try:
            for _ in range(4):
                try:
                    yield kind.id, render_letter(kind.id, answers=answers, today=TODAY)
                    break
                except MissingFields as exc:
                    answers.update({name: "Zie de toelichting\tin het dossier & <de bijlage>." for name, _q
                                    in exc.missing})
        except DossierError:
            continue


def test_every_letter_of_the_demo_family_is_the_same_document_as_python_docx_writes(demo):
    compared = 0
    for kind_id, letter in _letters():
        assert _body(letter.to_docx()) == _body(_oracle(letter.blocks)), kind_id
        compared += 1
    assert compared >= 20


def test_every_letter_of_the_family_with_a_17_and_a_13_year_old_is_the_same_document(family_17_13):
    compared = 0
    for kind_id, letter in _letters():
        assert _body(letter.to_docx()) == _body(_oracle(letter.blocks)), kind_id
        compared += 1
    assert compared >= 20


@pytest.mark.parametrize("blocks", [
    [Block("afzender", "paragraph", [Run("Sanne de Vries")]), Block("afzender", "paragraph", [Run("Laan 1")]),
     Block("romp", "paragraph", [Run("Wat ik vraag", bold=True)]),
     Block("romp", "paragraph", [Run("  spaties  "), Run("vet", bold=True), Run("schuin", italic=True),
                                 Run("beide", bold=True, italic=True), Run("na een regel", line_break=True)]),
     Block("romp", "number", [Run("een\ttab en\neen regel\r& <tekens> \"quote\"")], number=1),
     Block("romp", "bullet", [Run("")]),
     Block("slot", "paragraph", [Run("Met vriendelijke groet,")]),
     Block("ondertekening", "paragraph", [Run("Sanne")])],
    [Block("romp", "heading", [Run("Kop")]), Block("bijlagen", "paragraph", [Run("\t")])],
])
def test_edge_cases_of_runs_are_written_as_python_docx_writes_them(blocks):
    assert _body(docx_writer.write_docx(blocks, title="Proef")) == _body(_oracle(blocks))


def test_a_letter_keeps_its_title_and_the_next_letter_starts_empty():
    first = docx_writer.write_docx([Block("romp", "paragraph", [Run("Eerste brief")])], title="Eén")
    second = docx_writer.write_docx([Block("romp", "paragraph", [Run("Tweede brief")])], title="Twee")
    assert b"Eerste brief" not in zipfile.ZipFile(io.BytesIO(second)).read("word/document.xml")
    assert b"Twee" in zipfile.ZipFile(io.BytesIO(second)).read("docProps/core.xml")
    assert b"Eerste brief" in zipfile.ZipFile(io.BytesIO(first)).read("word/document.xml")
