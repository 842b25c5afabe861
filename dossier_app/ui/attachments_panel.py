"""Attachments of one entry: add (dialog or drag and drop), open, export."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout,
    QWidget,
)

from dossier_app import APP_NAME
from dossier_app.ui.messages import describe
from dossier_app.ui.workers import run_in_background

NO_CONSENT_WARNING = (
    "Deze opname is gemaakt zonder dat de anderen toestemming gaven. U mocht het gesprek opnemen omdat u er "
    "zelf aan deelnam, maar u mag de opname niet delen met anderen. Gebruik hem om een eigen verslag te "
    "schrijven; dat verslag mag u wel delen.")

_open_folders: list[Path] = []


def cleanup_opened_files() -> None:
    """Remove every decrypted copy opened for viewing (on lock, close and exit)."""
    while _open_folders:
        shutil.rmtree(_open_folders.pop(), ignore_errors=True)


class AttachmentsPanel(QWidget):
    def __init__(self, session, entry_id: int | None, *, consent: bool | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self.entry_id = entry_id
        self.consent = consent
        self.pending: list[Path] = []   # files chosen before the entry exists
        self.setAcceptDrops(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Bijlagen")
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.warning = QLabel(NO_CONSENT_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #fff3cd; padding: 6px;")
        self.warning.setVisible(consent is False)
        add = QPushButton("Bijlage toevoegen…")
        add.clicked.connect(self.choose_files)
        self.open_button = QPushButton("Openen")
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = QPushButton("Opslaan als…")
        self.export_button.clicked.connect(self.export_selected)
        buttons = QHBoxLayout()
        for button in (add, self.open_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Bijlagen (versleuteld bewaard; sleep bestanden hierheen):"))
        layout.addWidget(self.warning)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.refresh()

    # -- listing -----------------------------------------------------------------
    def refresh(self):
        self.list.clear()
        if self.entry_id is not None and self.session.is_open:
            for attachment in self.session.entry(self.entry_id).attachments:
                item = QListWidgetItem(f"{attachment['filename']} ({attachment['size'] // 1024 + 1} kB)")
                item.setData(Qt.UserRole, attachment["id"])
                self.list.addItem(item)
        for path in self.pending:
            item = QListWidgetItem(f"{path.name} (wordt toegevoegd bij opslaan)")
            self.list.addItem(item)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item else None

    # -- adding --------------------------------------------------------------------
    def choose_files(self):
        files, _ = QFileDialog.getOpenFileNames(self, "Bijlage toevoegen")
        self.add_files([Path(name) for name in files])

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):
        self.add_files([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def add_files(self, paths: list[Path]):
        paths = [path for path in paths if path.is_file()]
        if not paths:
            return
        if self.entry_id is None:
            self.pending.extend(paths)
            self.refresh()
            return
        self.status.setText("Bezig met versleutelen…")

        def work():
            for path in paths:
                self.session.add_attachment(self.entry_id, path)

        run_in_background(work, lambda _r: self._added(), self._failed)

    def store_pending(self, entry_id: int, on_done=None):
        self.entry_id = entry_id
        paths, self.pending = self.pending, []

        def work():
            for path in paths:
                self.session.add_attachment(entry_id, path)

        run_in_background(work, lambda _r: (self._added(), on_done and on_done()), self._failed)

    def _added(self):
        self.status.setText("")
        self.refresh()

    def _failed(self, exc):
        self.status.setText("")
        QMessageBox.warning(self, APP_NAME, describe(exc))

    # -- opening and exporting ---------------------------------------------------------
    def _confirm_sharing(self) -> bool:
        if self.consent is not False:
            return True
        answer = QMessageBox.question(
            self, APP_NAME, NO_CONSENT_WARNING + "\n\nWeet u zeker dat u de opname buiten het dossier wilt opslaan?",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def export_selected(self, target: Path | None = None):
        attachment_id = self.selected_id()
        if attachment_id is None:
            return
        if not self._confirm_sharing():
            return
        if target is None:
            name = self.session.attachment(attachment_id)["filename"]
            chosen, _ = QFileDialog.getSaveFileName(self, "Bijlage opslaan als", str(Path.home() / name))
            if not chosen:
                return
            target = Path(chosen)
        run_in_background(self.session.export_attachment, lambda _r: self.status.setText("Opgeslagen."),
                          self._failed, attachment_id, target)

    def open_selected(self):
        attachment_id = self.selected_id()
        if attachment_id is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="gezinsdossier-open-"))
        folder.chmod(0o700)
        _open_folders.append(folder)
        name = Path(self.session.attachment(attachment_id)["filename"]).name
        target = folder / name
        run_in_background(self.session.export_attachment,
                          lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
                          self._failed, attachment_id, target)
