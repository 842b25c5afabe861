"""The pages of an open dossier, by name, in sidebar order."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    name: str
    label: str
    class_path: str     # "module:Class" under dossier_app.ui.pages

    @property
    def page_class(self) -> type:
        """The page's class, imported when a dossier's pages are built (not at start-up:
        the letters page alone pulls in python-docx and Jinja)."""
        module, _, name = self.class_path.partition(":")
        return getattr(importlib.import_module(f"dossier_app.ui.pages.{module}"), name)


SIDEBAR_PAGES = (
    PageSpec("overzicht", "Overzicht", "overview_page:OverviewPage"),
    PageSpec("tijdlijn", "Tijdlijn", "timeline_page:AllEntriesPage"),
    PageSpec("gesprekken", "Gesprekken", "timeline_page:ConversationsPage"),
    PageSpec("documenten", "Documenten", "timeline_page:DocumentsPage"),
    PageSpec("opnames", "Opnames", "timeline_page:RecordingsPage"),
    PageSpec("termijnen", "Termijnen", "deadlines_page:DeadlinesPage"),
    PageSpec("brieven", "Brieven", "letters_page:LettersPage"),
    PageSpec("contacten", "Contacten", "contacts_page:ContactsPage"),
    PageSpec("gezin", "Gezin", "family_page:FamilyPage"),
    PageSpec("toestemmingen", "Toestemmingen", "consents_page:ConsentsPage"),
)
PAGE_NAMES = tuple(spec.name for spec in SIDEBAR_PAGES)
