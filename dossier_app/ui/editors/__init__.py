"""Editors, one module per kind of item; ``EditorManager`` opens them (one per item)."""

from dossier_app.ui.editors.manager import ENTRY_EDITORS, EditorManager  # noqa: F401
