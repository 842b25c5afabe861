"""One editor per item: opening it again raises the open one; closed editors are forgotten.

The manager keeps drafts safe on lock: every open editor saves what was
typed and closes before the dossier is locked.
"""

from __future__ import annotations

import importlib

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from dossier_app.services import timeline

# Kind of timeline entry -> its editor ("module:Class" under dossier_app.ui.editors).
# Editors are imported when one first opens, not at start-up (the deadline editor
# alone pulls in the calendar export).
ENTRY_EDITORS = {"gesprek": "conversation:ConversationEditor", "document": "document:DocumentEditor",
                 "opname": "recording:RecordingEditor", "notitie": "note:NoteEditor"}
OTHER_EDITORS = {"termijn": "deadline:DeadlineEditor", "contact": "contact:ContactEditor",
                 "gezinslid": "person:PersonEditor", "toestemming": "consent:ConsentEditor",
                 "traject": "traject:TrajectEditor"}


def editor_class(kind: str) -> type:
    module, _, name = (ENTRY_EDITORS.get(kind) or OTHER_EDITORS[kind]).partition(":")
    return getattr(importlib.import_module(f"dossier_app.ui.editors.{module}"), name)


class EditorManager(QObject):
    saved = Signal()          # something was saved: refresh what is shown

    def __init__(self, parent_window):
        super().__init__(parent_window)
        self.window = parent_window
        self._open: dict[tuple, QWidget] = {}

    # -- opening -------------------------------------------------------------------------
    def _show(self, key: tuple, factory):
        existing = self._open.get(key)
        if existing is not None and shiboken6.isValid(existing):
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        editor = factory()
        self._open[key] = editor
        editor.saved.connect(self.saved)
        editor.finished.connect(lambda _code, key=key, editor=editor: self._forget(key, editor))
        editor.destroyed.connect(lambda _obj=None, key=key: self._open.pop(key, None))
        editor.show()
        return editor

    def _forget(self, key, editor):
        if self._open.get(key) is editor:
            del self._open[key]

    def new_entry(self, session, kind: str, traject_id=None):
        if kind == "termijn":
            return self._show(("termijn", "nieuw"), lambda: editor_class("termijn")(session, parent=self.window))
        editor = editor_class(kind)
        return self._show((kind, "nieuw"), lambda: editor(session, parent=self.window, traject_id=traject_id))

    def edit_entry(self, session, entry_id: int):
        kind = timeline.entry(session, entry_id).kind
        editor = editor_class(kind)
        return self._show((kind, entry_id), lambda: editor(session, entry_id, parent=self.window))

    def edit_contact(self, session, contact=None):
        key = ("contact", contact.id if contact else "nieuw")
        return self._show(key, lambda: editor_class("contact")(session, contact, parent=self.window))

    def edit_person(self, session, person=None):
        key = ("gezinslid", person.id if person else "nieuw")
        return self._show(key, lambda: editor_class("gezinslid")(session, person, parent=self.window))

    def edit_consent(self, session, consent=None):
        key = ("toestemming", consent.id if consent else "nieuw")
        return self._show(key, lambda: editor_class("toestemming")(session, consent, parent=self.window))

    def new_traject(self, session):
        return self._show(("traject", "nieuw"), lambda: editor_class("traject")(session, parent=self.window))

    # -- state ------------------------------------------------------------------------------
    def open_editors(self) -> list:
        return [editor for editor in self._open.values() if shiboken6.isValid(editor)]

    def close_all_for_lock(self) -> list[tuple]:
        """Keep every open editor's text as a draft, then close it; returns what was open."""
        was_open = [key for key, editor in self._open.items() if shiboken6.isValid(editor)]
        for editor in self.open_editors():
            editor.close_for_lock()
        self._open.clear()
        return was_open

    def reopen(self, session, keys: list[tuple]) -> None:
        """After unlocking: the timeline editors that were open come back, with their drafts."""
        for kind, ref in keys:
            if kind == "termijn":
                self.new_entry(session, "termijn")
            elif kind in ENTRY_EDITORS:
                if ref == "nieuw":
                    self.new_entry(session, kind)
                else:
                    self.edit_entry(session, ref)
