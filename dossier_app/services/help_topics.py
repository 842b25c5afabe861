"""Short Dutch help, written as Markdown files in resources/help/ and shown as HTML (markdown-it-py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dossier_app import paths

HELP_DIR = paths.resource_path("help")


@dataclass(frozen=True)
class HelpTopic:
    name: str
    title: str


# The Help menu, in this order.
TOPICS = ("overzicht", "brieven", "aanvraag-of-melding", "familiegroepsplan", "natura-of-pgb", "beschikking",
          "clientondersteuner", "opnemen", "gegevens", "gegevens-weigeren", "bevoegdheid", "escalatie")
# F1 on a page opens the help that fits it best.
PAGE_TOPICS = {
    "start": "overzicht", "overzicht": "overzicht", "tijdlijn": "overzicht", "zoeken": "overzicht",
    "gesprekken": "opnemen", "opnames": "opnemen", "documenten": "beschikking", "termijnen": "aanvraag-of-melding",
    "brieven": "brieven", "contacten": "escalatie", "gezin": "clientondersteuner",
    "toestemmingen": "bevoegdheid",
}


def _path(name: str) -> Path:
    return HELP_DIR / f"{name}.md"


@cache
def _text(name: str) -> str:
    return _path(name).read_text(encoding="utf-8")


def title(name: str) -> str:
    first = _text(name).lstrip().splitlines()[0]
    return first.lstrip("#").strip()


def topics() -> list[HelpTopic]:
    return [HelpTopic(name, title(name)) for name in TOPICS]


def page_topic(page_or_topic: str) -> str:
    """A topic name for a page name (or the topic itself)."""
    if page_or_topic in TOPICS:
        return page_or_topic
    return PAGE_TOPICS.get(page_or_topic, "overzicht")


def topic_html(name: str) -> str:
    """The help text as HTML (the Markdown file has no raw HTML: it is escaped)."""
    from markdown_it import MarkdownIt   # only when help is shown, not for the menu titles

    return str(MarkdownIt("commonmark", {"html": False}).render(_text(page_topic(name))))
