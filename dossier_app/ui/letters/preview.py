"""A letter's blocks (the same model the .docx is written from) as HTML for a preview on screen."""

from __future__ import annotations

import html

from dossier_app.ui import theme

# How each part of the letter looks on screen (the .docx takes the same parts from reference.docx).
PART_STYLE = {
    "afzender": "margin:0;",
    "geadresseerde": "margin:0;",
    "plaats-datum": "margin:12px 0 0 0;",
    "kenmerken": "margin:0;",
    "betreft": "margin:12px 0 12px 0; font-weight:bold;",
    "slot": "margin:12px 0 0 0;",
    "ondertekening": "margin:0;",
    "bijlagen": "margin:0; font-size:small;",
}
PAGE_FONT = "font-family:'Calibri','Carlito','Liberation Sans',sans-serif; font-size:11pt;"
MISSING_MARK = "[nog invullen]"


def _runs_html(block) -> str:
    parts = []
    for run in block.runs:
        text = html.escape(run.text)
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.line_break:
            text = "<br>" + text
        parts.append(text)
    out = "".join(parts)
    return out.replace(html.escape(MISSING_MARK),
                       theme.span("paper-missing", html.escape(MISSING_MARK)))


def letter_html(blocks) -> str:
    """Paragraphs, headings and lists, part by part, as the printed letter has them."""
    body = []
    previous = None
    open_list = ""
    for block in blocks:
        if block.part != previous and previous in ("geadresseerde",):
            body.append("<p style='margin:0'>&nbsp;</p>")
        kind = block.kind if block.kind in ("bullet", "number") else ""
        if open_list and kind != open_list:
            body.append("</ul>" if open_list == "bullet" else "</ol>")
            open_list = ""
        if kind and not open_list:
            body.append("<ul>" if kind == "bullet" else f"<ol start='{block.number or 1}'>")
            open_list = kind
        style = PART_STYLE.get(block.part, "margin:0 0 10px 0;")
        if kind:
            body.append(f"<li>{_runs_html(block)}</li>")
        elif block.kind == "heading":
            body.append(f"<p style='{style} font-weight:bold'>{_runs_html(block)}</p>")
        else:
            body.append(f"<p style='{style}'>{_runs_html(block)}</p>")
        previous = block.part
    if open_list:
        body.append("</ul>" if open_list == "bullet" else "</ol>")
    return f"<div style=\"{theme.css('paper')} {PAGE_FONT}\">{''.join(body)}</div>"
