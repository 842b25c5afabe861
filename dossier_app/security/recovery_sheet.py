"""The herstelblad as a one-page PDF (fpdf2): title, dossier name, date, the key in big letters,
its QR code, and what to do with it. Nothing from the dossier's content is ever on it.

The texts come in as a dict (``templates/herstelblad.toml``, loaded by the service). The
built-in PDF fonts know Latin-1 only: other characters are replaced by a close equivalent.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from fpdf import FPDF

_REPLACEMENTS = {"\u2014": "-", "\u2013": "-", "\u2026": "...", "\u2018": "'", "\u2019": "'",
                 "\u201c": '"', "\u201d": '"', "\u2192": "->", "\u00a0": " "}


def _latin1(text: str) -> str:
    """Latin-1 for the built-in fonts: dashes and quotes simplified, other letters without their
    accent where Latin-1 lacks them (Ayşe → Ayse), anything else '?'."""
    out = []
    for ch in str(text):
        ch = _REPLACEMENTS.get(ch, ch)
        try:
            ch.encode("latin-1")
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            ch = base if base and all(ord(c) < 256 for c in base) else "?"
        out.append(ch)
    return "".join(out)


def render_pdf(texts: dict[str, Any], *, key_groups: list[str], qr: Sequence[Sequence[bool]], dossier_name: str,
               file_name: str, made_on: str) -> bytes:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(_latin1(texts.get("title", "Herstelblad")))
    pdf.set_creator("Gezinsdossier")
    pdf.set_author("Gezinsdossier")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font("Helvetica", "B", 24)
    pdf.cell(width, 11, _latin1(texts["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(width, 7, _latin1(texts["subtitle"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 11)
    for label, value in (("Dossier", dossier_name), ("Bestand", file_name), ("Gemaakt op", made_on)):
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(28, 6, _latin1(label + ":"))
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(width - 28, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    # The key: three lines of three groups (read line by line), big and monospaced, in a box; the QR code beside it.
    qr_size = 46.0
    box_top = pdf.get_y()
    box_width = width - qr_size - 6
    pdf.set_draw_color(60, 60, 60)
    pdf.set_line_width(0.5)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_xy(pdf.l_margin + 4, box_top + 3)
    pdf.cell(box_width - 8, 6, _latin1(texts["key_label"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Courier", "B", 22)
    for start in range(0, len(key_groups), 3):
        pdf.set_x(pdf.l_margin + 4)
        pdf.cell(box_width - 8, 11, " ".join(key_groups[start:start + 3]), new_x="LMARGIN", new_y="NEXT")
    box_height = max(pdf.get_y() - box_top + 3, qr_size)
    pdf.rect(pdf.l_margin, box_top, box_width, box_height)
    _draw_qr(pdf, qr, pdf.l_margin + box_width + 6, box_top, qr_size)
    pdf.set_y(box_top + box_height + 5)

    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(width, 5.5, _latin1(texts["intro"]), align="L", new_x="LMARGIN", new_y="NEXT")
    for section in texts.get("sections", []):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(width, 7, _latin1(section["heading"]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for line in section["lines"]:
            pdf.set_x(pdf.l_margin)
            pdf.cell(5, 5.5, "-")
            pdf.multi_cell(width - 5, 5.5, _latin1(line), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(width, 4.5, _latin1(texts.get("footer", "")), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _draw_qr(pdf: FPDF, modules: Sequence[Sequence[bool]], x: float, y: float, size: float) -> None:
    rows = list(modules)
    if not rows:
        return
    cell = size / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):          # one rectangle per run of dark modules: a small, crisp PDF
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * cell, y + r * cell, (c - start) * cell, cell, style="F")
