"""Attachments of one entry: add (dialog or drag and drop), open a private copy, save a copy elsewhere."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout,
    QWidget,
)

from dossier_app import APP_NAME
from dossier_app.services import attachments, timeline
from dossier_app.ui import folders
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import StatusLabel


class AttachmentsPanel(QWidget):
    """``confirm_export()`` is asked before a file leaves the dossier (e.g. a recording without consent)."""

    def __init__(self, session, entry_id: int | None, *, confirm_export=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.entry_id = entry_id
        self.confirm_export = confirm_export or (lambda: True)
        self.pending: list[Path] = []   # files chosen before the entry exists
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Bijlagen")
        self.list.setMinimumHeight(70)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        add = QPushButton("Bijlage toevoegen…")
        add.clicked.connect(lambda _checked=False: self.choose_files())
        self.open_button = QPushButton("Openen")
        self.open_button.clicked.connect(lambda _checked=False: self.open_selected())
        self.export_button = QPushButton("Opslaan als…")
        self.export_button.clicked.connect(lambda _checked=False: self.export_selected())
        buttons = QHBoxLayout()
        for button in (add, self.open_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(QLabel("<b>Bijlagen</b> (versleuteld bewaard; sleep bestanden hierheen)"))
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.status = StatusLabel()
        self.status.setObjectName("attachment-status")
        self.status.setAccessibleDescription("Status van de bijlagen")   # the name is the status text
        layout.addWidget(self.status)
        self.refresh()

    # -- listing -----------------------------------------------------------------
    def refresh(self):
        self.list.clear()
        if self.entry_id is not None and self.session.is_open:
            for row in timeline.entry(self.session, self.entry_id).attachments:
                info = attachments.describe(self.session, row["id"])
                item = QListWidgetItem(f"{info.display_name} ({info.size // 1024 + 1} kB)")
                item.setData(Qt.UserRole, info.id)
                self.list.addItem(item)
        for path in self.pending:
            self.list.addItem(QListWidgetItem(f"{path.name} (wordt toegevoegd bij opslaan)"))
        has_stored = any(self.list.item(i).data(Qt.UserRole) for i in range(self.list.count()))
        self.open_button.setEnabled(has_stored)
        self.export_button.setEnabled(has_stored)
        if has_stored and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # -- adding --------------------------------------------------------------------
    def choose_files(self):
        files, _ = QFileDialog.getOpenFileNames(self, "Bijlage toevoegen", str(folders.start()))
        if files:
            folders.remember(files[0])
        self.add_files([Path(name) for name in files])

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):
        self.add_files([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def add_files(self, files: list[Path]):
        files = [path for path in files if path.is_file()]
        if not files:
            return
        if self.entry_id is None:
            self.pending.extend(files)
            self.refresh()
            return
        self._store(self.entry_id, files)

    def store_pending(self, entry_id: int):
        """After the entry is saved: encrypt the files chosen before (the work outlives the editor)."""
        self.entry_id = entry_id
        files, self.pending = self.pending, []
        self._store(entry_id, files, owner=self.window().parent() or self)

    def _store(self, entry_id, files, owner=None):
        self.status.setText("Bezig met versleutelen…")
        session = self.session

        def work():
            for path in files:
                attachments.add_file(session, entry_id, path)

        runner().run(owner or self, work, on_done=lambda _r: self._added(), on_failed=self._failed)

    def _added(self):
        if shiboken6.isValid(self) and self.isVisible():
            self.status.setText("")
            self.refresh()

    def _failed(self, exc):
        alive = shiboken6.isValid(self)
        if alive:
            self.status.setText("")
        QMessageBox.warning(self.window() if alive else None, APP_NAME, describe(exc))

    # -- opening and saving a copy -------------------------------------------------------
    def export_selected(self):
        attachment_id = self.selected_id()
        if attachment_id is None or not self.confirm_export():
            return
        name = attachments.describe(self.session, attachment_id).file_name
        chosen, _ = QFileDialog.getSaveFileName(self, "Bijlage opslaan als", folders.start_file(name))
        if not chosen:
            return
        folders.remember(chosen)
        self.status.setText("Bezig met opslaan…")
        # The file dialog has asked before replacing an existing file; a dossier or backup is still refused.
        runner().run(self, attachments.export, self.session, attachment_id, Path(chosen), overwrite=True,
                     on_done=lambda path: self.status.setText(f"Opgeslagen als {Path(path).name}."),
                     on_failed=self._failed)

    def open_selected(self):
        attachment_id = self.selected_id()
        if attachment_id is None:
            return
        runner().run(self, attachments.open_private_copy, self.session, attachment_id,
                     on_done=self._show_copy, on_failed=self._failed)

    def _show_copy(self, path):
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.status.setText("Er is geen programma gevonden om dit bestand te openen. Gebruik 'Opslaan als…' "
                                "en open de kopie zelf.")
