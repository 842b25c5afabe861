"""The block model: a letter as a list of paragraphs with a part and runs.

Templates write a light Markdown subset (paragraphs, **bold**, *italic*,
bullet and numbered lists, hard line breaks) with ``<!-- part -->`` markers
for the parts of a letter. markdown-it-py parses it; nothing here is a
hand-written Markdown parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:   # markdown-it loads with the first letter parsed (cold start)
    from markdown_it import MarkdownIt

_PART_MARKER = re.compile(r"^<!--\s*([a-z-]+)\s*-->\s*$")
# In the text a person edits, a part marker reads "── afzender ──" instead of an HTML comment.
_MARKER_LINE = re.compile(r"^<!--\s*([a-z-]+)\s*-->[ \t]*$", re.MULTILINE)
_FRIENDLY_LINE = re.compile(r"^──\s*([a-z-]+)\s*──[ \t]*$", re.MULTILINE)


def friendly_markers(markdown: str) -> str:
    """'<!-- afzender -->' lines as '── afzender ──' (what the assistant's text box shows)."""
    return _MARKER_LINE.sub(lambda match: f"── {match.group(1)} ──", markdown)


def source_markers(text: str) -> str:
    """The other way round: '── afzender ──' lines back to '<!-- afzender -->'."""
    return _FRIENDLY_LINE.sub(lambda match: f"<!-- {match.group(1)} -->", text)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    line_break: bool = False   # a line break before this run's text


@dataclass
class Block:
    part: str                  # afzender, geadresseerde, …, romp, bijlagen
    kind: str                  # 'paragraph' | 'heading' | 'bullet' | 'number'
    runs: list[Any] = field(default_factory=list)
    number: int = 0

    @property
    def text(self) -> str:
        return "".join(("\n" if run.line_break else "") + run.text for run in self.runs)


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark", {"html": True, "typographer": False})
    return _PARSER


def _runs(inline_token: Any) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    pending_break = False
    for child in inline_token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "hardbreak":
            pending_break = True
        elif child.type == "softbreak":
            runs.append(Run(" ", bold, italic))
        elif child.type in ("text", "code_inline", "html_inline"):
            runs.append(Run(child.content, bold, italic, pending_break))
            pending_break = False
    merged: list[Run] = []
    for run in runs:
        if merged and not run.line_break and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, merged[-1].line_break)
        else:
            merged.append(run)
    return merged


def parse(markdown: str) -> list[Block]:
    tokens = _parser().parse(source_markers(markdown))
    blocks: list[Block] = []
    part = "romp"
    list_stack: list[list[Any]] = []   # [kind, counter]
    heading = False
    for token in tokens:
        if token.type == "html_block":
            match = _PART_MARKER.match(token.content.strip())
            if match:
                part = match.group(1)
        elif token.type == "bullet_list_open":
            list_stack.append(["bullet", 0])
        elif token.type == "ordered_list_open":
            list_stack.append(["number", int(token.attrs.get("start", 1) or 1) - 1])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            runs = _runs(token)
            if not runs:
                continue
            if list_stack and token.level >= 2:
                kind, counter = list_stack[-1]
                if kind == "number":
                    list_stack[-1][1] = counter + 1
                blocks.append(Block(part, kind, runs, list_stack[-1][1] if kind == "number" else 0))
            elif heading:
                blocks.append(Block(part, "heading", runs))
            else:
                blocks.append(Block(part, "paragraph", runs))
    return blocks


def plain_text(blocks: list[Block]) -> str:
    """The letter as plain text (for the preview and the letter log)."""
    lines: list[str] = []
    previous_part = None
    for block in blocks:
        if previous_part is not None and block.part != previous_part:
            lines.append("")
        if block.kind == "bullet":
            lines.append("- " + block.text)
        elif block.kind == "number":
            lines.append(f"{block.number}. " + block.text)
        else:
            if block.part == "romp" and previous_part == "romp" and lines and lines[-1] != "":
                lines.append("")
            lines.append(block.text)
        previous_part = block.part
    return "\n".join(lines).strip() + "\n"
