"""Editor for a notitie."""

from __future__ import annotations

from dossier_app.services import timeline
from dossier_app.ui.editors.entry import EntryEditor


class NoteEditor(EntryEditor):
    kind = "notitie"
    notes_label = "Tekst"

    def create_entry(self, title, occurred_on, body, traject_id) -> int:
        return timeline.add_note(self.session, body or title, title=title, occurred_on=occurred_on,
                                 traject_id=traject_id)
