"""The pages of an open dossier, by name, in sidebar order."""

from __future__ import annotations

from dataclasses import dataclass

from dossier_app.ui.pages.consents_page import ConsentsPage
from dossier_app.ui.pages.contacts_page import ContactsPage
from dossier_app.ui.pages.deadlines_page import DeadlinesPage
from dossier_app.ui.pages.family_page import FamilyPage
from dossier_app.ui.pages.letters_page import LettersPage
from dossier_app.ui.pages.overview_page import OverviewPage
from dossier_app.ui.pages.timeline_page import AllEntriesPage, ConversationsPage, DocumentsPage, RecordingsPage


@dataclass(frozen=True)
class PageSpec:
    name: str
    label: str
    page_class: type


SIDEBAR_PAGES = (
    PageSpec("overzicht", "Overzicht", OverviewPage),
    PageSpec("tijdlijn", "Tijdlijn", AllEntriesPage),
    PageSpec("gesprekken", "Gesprekken", ConversationsPage),
    PageSpec("documenten", "Documenten", DocumentsPage),
    PageSpec("opnames", "Opnames", RecordingsPage),
    PageSpec("termijnen", "Termijnen", DeadlinesPage),
    PageSpec("brieven", "Brieven", LettersPage),
    PageSpec("contacten", "Contacten", ContactsPage),
    PageSpec("gezin", "Gezin", FamilyPage),
    PageSpec("toestemmingen", "Toestemmingen", ConsentsPage),
)
PAGE_NAMES = tuple(spec.name for spec in SIDEBAR_PAGES)
