"""Reads dropped or chosen files off the GUI thread, with a progress bar and cancel, then asks.

The work (``services.intake.analyse_many``) runs on the task runner; it reports
progress through a signal of ``Progress`` (emitted on the worker thread, received
queued on the GUI thread) and stops before the next file once cancelled.
"""

from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from dossier_app import APP_NAME
from dossier_app.services import intake
from dossier_app.ui.intake.review_dialog import ReviewDialog
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import Progress, runner

FILE_FILTER = ("Post (*.pdf *.jpg *.jpeg *.png *.heic *.heif *.tif *.tiff *.eml *.msg *.docx);;"
               "Alle bestanden (*)")


class IntakeController(QObject):
    """One import at a time, for the window that owns it."""

    imported = Signal()        # something was stored: refresh the pages

    def __init__(self, parent_widget):
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.progress_dialog: QProgressDialog | None = None
        self.review: ReviewDialog | None = None
        self._stop = threading.Event()

    def choose_files(self, session, start_folder: Path) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Post importeren", str(start_folder),
                                                 FILE_FILTER)
        if chosen:
            self.start(session, [Path(item) for item in chosen])

    def start(self, session, paths: list[Path]) -> None:
        if self.progress_dialog is not None:
            return
        files = intake.files_in(paths)
        if not files:
            self._tell(QMessageBox.Icon.Information, "Hier staan geen bestanden die de app kan lezen "
                                                "(PDF, JPEG, PNG, HEIC, .eml, .msg of .docx).")
            return
        self._stop.clear()
        dialog = QProgressDialog("Post lezen…", "Annuleren", 0, len(files), self.parent_widget)
        dialog.setObjectName("intake-progress")
        dialog.setWindowTitle("Post importeren")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._stop.set)
        dialog.setValue(0)
        self.progress_dialog = dialog
        progress = Progress(self)
        progress.step.connect(self._step)
        runner().run(self, intake.analyse_many, session, files,
                     progress=lambda done, total, name: progress.step.emit(done, total, name),
                     cancelled=self._stop.is_set, cancellable=True,
                     on_done=lambda result: self._analysed(session, result),
                     on_failed=self._failed)

    def _tell(self, severity, text: str) -> None:
        """A message that does not block (no nested event loop while work reports back)."""
        box = QMessageBox(severity, APP_NAME, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _step(self, done: int, total: int, name: str) -> None:
        dialog = self.progress_dialog
        if dialog is not None:
            dialog.setLabelText(f"Gelezen: {done} van {total} ({name})")
            dialog.setValue(done)    # may process events (a modal progress dialog does)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.hide()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _failed(self, exc) -> None:
        self._close_progress()
        self._tell(QMessageBox.Icon.Warning, describe(exc))

    def _analysed(self, session, result) -> None:
        self._close_progress()
        if result.failures:   # each failed file by name, with the reason (like `import` on the command line)
            read = len(result.suggestions) + len(result.failures)
            lines = "".join(f"<li>{html.escape(item.source)}: {html.escape(item.message)}</li>"
                            for item in result.failures)
            self._tell(QMessageBox.Icon.Warning, f"<p>{len(result.failures)} van {read} bestanden konden niet worden "
                                            f"ingelezen:</p><ul>{lines}</ul>")
        if not result.suggestions:
            return
        self.review = ReviewDialog(session, result.suggestions, self.parent_widget,
                                   stopped_early=result.cancelled)
        self.review.stored.connect(self.imported.emit)
        self.review.finished.connect(lambda _code: self._review_closed())
        self.review.open()

    def _review_closed(self) -> None:
        if self.review is not None:
            self.review.deleteLater()
            self.review = None
