"""Which paragraph style each part of a letter uses, and how the reference
document that defines them is built.

Everything about how a letter looks lives in ``templates/reference.docx``:
open it in Word or LibreOffice, change a style, save, and every new letter
follows. ``build_reference_docx`` only makes the first version of that file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# python-docx loads when a letter is written (cold start: the first screen writes none).

# Letter part (a section marker in the template) -> paragraph style name.
SECTION_STYLES = {
    "afzender": "Afzender",
    "geadresseerde": "Geadresseerde",
    "plaats-datum": "Datumregel",
    "kenmerken": "Kenmerken",
    "betreft": "Betreft",
    "aanhef": "Aanhef",
    "romp": "Brieftekst",
    "slot": "Slot",
    "ondertekening": "Ondertekening",
    "bijlagen": "Bijlagen",
}
HEADING_STYLE = "Tussenkop"
BULLET_STYLE = "List Bullet"
NUMBERED_STYLE = "Genummerd"

FONT = "Arial"
FONT_SIZE_PT = 10.5


def _paragraph_style(document: Any, name: str, *, base: str = "Normal", before: float = 0, after: float = 0,
                     bold: bool = False, keep_with_next: bool = False, left_indent: Any = None,
                     first_line_indent: Any = None) -> Any:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.font.bold = bold or None
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_with_next
    if left_indent is not None:
        fmt.left_indent = left_indent
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    style.quick_style = True
    return style


def build_reference_docx(path: Any) -> Any:      # a path, or a file-like object to write into
    """Write the default reference document: A4, calm margins, Dutch letter styles."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(FONT_SIZE_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
    if fonts is not None:
        for attribute in ("w:eastAsia", "w:cs"):
            fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + attribute.split(":")[1], FONT)
    _paragraph_style(document, "Afzender")
    _paragraph_style(document, "Geadresseerde", before=30)
    _paragraph_style(document, "Datumregel", before=30, after=12)
    _paragraph_style(document, "Kenmerken")
    _paragraph_style(document, "Betreft", before=12, after=18, bold=True)
    _paragraph_style(document, "Aanhef", after=10)
    _paragraph_style(document, "Brieftekst", after=8)
    _paragraph_style(document, HEADING_STYLE, before=8, after=4, bold=True, keep_with_next=True)
    _paragraph_style(document, NUMBERED_STYLE, base="Brieftekst", after=4, left_indent=Cm(0.75),
                     first_line_indent=Cm(-0.75))
    bullet = document.styles[BULLET_STYLE]
    bullet.paragraph_format.space_after = Pt(4)
    _paragraph_style(document, "Slot", before=10, keep_with_next=True)
    _paragraph_style(document, "Ondertekening", before=48, keep_with_next=True)
    _paragraph_style(document, "Bijlagen", before=24)
    document.core_properties.title = "Gezinsdossier briefsjabloon"
    document.core_properties.author = "Gezinsdossier"
    document.save(path if hasattr(path, "write") else str(Path(path)))
    return path
