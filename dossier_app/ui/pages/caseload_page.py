"""Mijn gezinnen: the dossiers this computer knows, and what is due across them.

Shown beside the open dossier (which stays open: "Terug" returns to it). The
overview is read off the GUI thread by services.caseload, one dossier at a
time, each through its own short-lived read-only session, with progress ("2 van 5");
it lives in memory only, kept per file version (``caseload.ReadCache``) so that a
second opening reads only what changed, and forgotten when the app locks. A double-click opens that family.
Families are added by choosing their files; a family without a remembered key
is unlocked here with its passphrase, for this run of the app only (the key is
kept in memory and forgotten when the app locks). Its own name is shown once it
was read, and kept in the settings only when the user ticks that box.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout,
    QWidget,
)

from dossier_app import APP_NAME
from dossier_app import settings as settings_store
from dossier_app.errors import OutputExists
from dossier_app.dutch import days_left
from dossier_app.services import caseload
from dossier_app.services.session import DOSSIER_SUFFIX
from dossier_app.ui import folders, theme
from dossier_app.ui.messages import describe
from dossier_app.ui.pages.base import RowsTable
from dossier_app.ui.table_models import SOON_DAYS, Column, RowsModel
from dossier_app.ui.tasks import Progress, runner
from dossier_app.ui.widgets import ErrorLabel, passphrase_edit


def _status(item) -> str:
    if item.is_notice:
        return item.kind_label
    if item.due_date is None:
        return "geen datum"
    if item.overdue:
        return "Verlopen"
    text = days_left(item.days_left)
    return text[0].upper() + text[1:]


class FamiliesModel(RowsModel):
    columns = (
        Column("number", "Nr.", lambda family: family.number),
        Column("name", "Gezin", lambda family: family.label),
        Column("state", "Stand", lambda family: family.state_label),
        Column("why", "Toelichting", lambda family: family.message),
        Column("alias", "In de agenda", lambda family: f"Gezin {family.pseudonym}" if family.pseudonym else ""),
    )

    def row_id(self, row):
        return row.number


class CaseloadModel(RowsModel):
    columns = (
        Column("due", "Datum", lambda item: item.due_date),
        Column("status", "Status", _status),
        Column("family", "Gezin", lambda item: item.family),
        Column("traject", "Traject", lambda item: item.traject),
        Column("what", "Wat", lambda item: item.title),
    )

    def row_id(self, row):
        return (row.family_number, row.source, row.id)

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid():
            item = self.row(index.row())
            if item.overdue:
                return QBrush(theme.color("error"))
            if item.days_left is not None and item.days_left <= SOON_DAYS:
                return QBrush(theme.color("attention"))
        return super().data(index, role)


class CalendarChoiceDialog(QDialog):
    """What the calendar may say besides "Gezin K7QF: Bezwaartermijn" (all off unless ticked)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("calendar-choice")
        self.setWindowTitle("Agenda exporteren")
        layout = QVBoxLayout(self)
        intro = QLabel("Uw agenda staat vaak op andere apparaten of bij een andere dienst. Standaard zet de app er "
                       "alleen in: <i>Gezin K7QF: Bezwaartermijn</i> (een vaste schuilnaam per gezin) en de "
                       "datum. Vink aan wat er meer in mag.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.family_name = QCheckBox("De naam van het gezin (in plaats van de schuilnaam, zoals 'Gezin K7QF')")
        self.title = QCheckBox("De omschrijving uit het dossier (bijvoorbeeld het kenmerk van een besluit)")
        self.explanation = QCheckBox("Wat de termijn betekent en wat u kunt doen")
        for box in (self.family_name, self.title, self.explanation):
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Opslaan als…")
        buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> caseload.CalendarChoice:
        return caseload.CalendarChoice(family_name=self.family_name.isChecked(), title=self.title.isChecked(),
                                       explanation=self.explanation.isChecked())


class FamilyUnlockDialog(QDialog):
    """One family's passphrase, to read it in Mijn gezinnen for this run of the app (Enter unlocks)."""

    unlocked = Signal(str, bytes)      # the resolved path, the key (kept in memory by the page)

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self.setObjectName("family-unlock")
        self.setWindowTitle(f"{APP_NAME} — gezin ontgrendelen")
        self.path = Path(path)
        self.working = False
        intro = QLabel(f"Typ het wachtwoord van <b>{html.escape(self.path.name)}</b>. Het dossier wordt "
                       "alleen-lezen gelezen; de sleutel blijft alleen in het geheugen, tot de app vergrendelt "
                       "of sluit.")
        intro.setWordWrap(True)
        self.passphrase = passphrase_edit("Wachtwoord van dit gezin")
        label = QLabel("&Wachtwoord *")
        label.setBuddy(self.passphrase)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ontgrendelen")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.start_unlock)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.passphrase, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

    def start_unlock(self):
        if self.working:
            return
        if not self.passphrase.text():
            self.error.show_message("Typ eerst het wachtwoord.")
            return
        self.working = True
        self.buttons.setEnabled(False)
        self.error.show_message("")
        runner().run(self, caseload.key_from_passphrase, self.path, self.passphrase.text(),
                     on_done=self._done, on_failed=self._failed)

    def _done(self, key: bytes):
        self.working = False
        self.passphrase.clear()
        self.unlocked.emit(str(self.path.resolve()), key)
        self.accept()

    def _failed(self, exc):
        self.working = False
        self.buttons.setEnabled(True)
        self.error.show_message(describe(exc))
        self.passphrase.selectAll()
        self.passphrase.setFocus()


class CaseloadPage(QWidget):
    open_family = Signal(object)        # the dossier's Path
    names_known = Signal(dict)          # path -> family name (kept in memory by the window)
    back = Signal()

    name = "gezinnen"

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.setObjectName("page-gezinnen")
        self.settings = settings
        self.result: caseload.Caseload | None = None
        self.session_keys: dict[str, bytes] = {}      # families unlocked here, for this run only
        self.cache = caseload.ReadCache()             # what was read, per file version, until the app locks
        self._progress = Progress(self)
        self._progress.step.connect(self._step)
        self._task = None
        self.display_name = lambda path: Path(path).stem    # the window gives the names it learnt
        self.open_session = lambda: None                    # the window's open session (its family is read too)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 20, 30, 20)
        heading = QLabel("<h2>Mijn gezinnen</h2>")
        heading.setAccessibleName("Mijn gezinnen")
        layout.addWidget(heading)
        self.intro = QLabel("Alle dossiers die deze computer kent. Van dossiers waarvan u de sleutel op deze "
                            "computer heeft laten onthouden, of die u hier met het wachtwoord ontgrendelt, ziet "
                            "u hieronder de termijnen en afspraken; die dossiers worden daarvoor één voor één "
                            "alleen-lezen geopend en niet gewijzigd. Dubbelklik om een gezin te openen.")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.families = RowsTable(FamiliesModel(self), "Gezinnen")
        self.families.setMaximumHeight(180)
        self.families.row_activated.connect(lambda family: self.open_family.emit(family.path))
        self.families.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.families)
        family_buttons = QHBoxLayout()
        self.add_button = QPushButton("Gezin &toevoegen…")
        self.add_button.setToolTip("Kies de dossierbestanden van de gezinnen die u hier wilt zien.")
        self.unlock_button = QPushButton("&Ontgrendelen…")
        self.unlock_button.setToolTip("Typ het wachtwoord van het gekozen gezin om het hier te zien, zolang de "
                                      "app open is.")
        self.keep_names = QCheckBox("Namen van de gezinnen onthouden op deze computer")
        self.keep_names.setToolTip("De naam van een gezin is een persoonsgegeven. Zonder vinkje toont de app na "
                                   "het sluiten weer de bestandsnaam.")
        self.keep_names.setChecked(settings.remember_family_names)
        self.add_button.clicked.connect(lambda _c=False: self.add_families())
        self.unlock_button.clicked.connect(lambda _c=False: self.unlock_selected())
        self.keep_names.toggled.connect(self._keep_names_toggled)
        for widget in (self.add_button, self.unlock_button):
            family_buttons.addWidget(widget)
        family_buttons.addWidget(self.keep_names)
        family_buttons.addStretch()
        layout.addLayout(family_buttons)
        layout.addWidget(QLabel("<b>Termijnen en afspraken van alle gezinnen</b>"))
        self.items = RowsTable(CaseloadModel(self), "Termijnen van alle gezinnen")
        self.items.row_activated.connect(lambda item: self.open_family.emit(item.family_path))
        layout.addWidget(self.items, 1)
        self.status = QLabel()
        self.status.setObjectName("caseload-status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("Terug")
        self.refresh_button = QPushButton("Vernieuwen")
        self.calendar_button = QPushButton("Agenda exporteren (.ics)…")
        self.back_button.clicked.connect(lambda _c=False: self.back.emit())
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        self.calendar_button.clicked.connect(lambda _c=False: self.export_calendar())
        for button in (self.back_button, self.refresh_button, self.calendar_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)

    # -- loading ---------------------------------------------------------------------------
    def refresh(self):
        """Read the overview again (off the GUI thread); shows file names until then."""
        known = [Path(item) for item in self.settings.recent]
        self.result = None
        self.families.set_rows([caseload.Family(number, path, self._known_name(path), caseload.LOCKED,
                                                "Wordt gelezen…")
                                for number, path in enumerate(known, start=1)])
        self._update_buttons()
        self.items.set_rows([])
        self.calendar_button.setEnabled(False)
        if not known:
            self.status.setText("Deze computer kent nog geen dossiers. Open of maak er eerst een.")
            return
        self.status.setText(f"De dossiers worden gelezen… 0 van {len(known)}")
        if self._task is not None:
            self._task.cancel()        # an earlier reading that is still running: its result is not wanted
        step = self._progress.step
        self._task = runner().run(self, caseload.load, known, session_keys=dict(self.session_keys), cache=self.cache,
                                  open_here=self.open_session(),
                                  progress=lambda done, total, _name: step.emit(done, total, ""), cancellable=True,
                                  on_done=self._loaded, on_failed=self._failed)

    def _step(self, done: int, total: int, _name: str):
        if self.result is None and self._task is not None:
            self.status.setText(f"De dossiers worden gelezen… {done} van {total}")

    def _known_name(self, path: Path) -> str:
        """The family's name learnt in this run, or kept with the user's consent; else the file name."""
        text = str(Path(path).resolve())
        shown = self.display_name(path)
        if shown and shown not in (Path(path).name, Path(path).stem):
            return shown
        return self.settings.family_names.get(text, Path(path).stem)

    def _loaded(self, result: caseload.Caseload):
        self._task = None
        families = tuple(family if family.state == caseload.READ
                         else dataclasses.replace(family, label=self._known_name(family.path))
                         for family in result.families)
        result = dataclasses.replace(result, families=families)
        self.result = result
        self.families.set_rows(result.families)
        self.items.set_rows(result.items)
        self.calendar_button.setEnabled(bool(result.items))
        read = sum(1 for family in result.families if family.state == caseload.READ)
        locked = sum(1 for family in result.families if family.state == caseload.LOCKED)
        text = f"{read} van de {len(result.families)} dossiers gelezen."
        if locked:
            text += f" {locked} vergrendeld: de sleutel is niet onthouden op deze computer."
        self.status.setText(text)
        self._update_buttons()
        self.names_known.emit(result.names())
        if self.settings.remember_family_names:
            self.settings.keep_family_names(result.names())
            settings_store.save(self.settings)

    # -- families ----------------------------------------------------------------------------
    def _update_buttons(self):
        chosen = self.families.selected_row()
        self.unlock_button.setEnabled(chosen is not None and chosen.state == caseload.LOCKED
                                      and self.result is not None)

    def add_families(self):
        """Gezin toevoegen…: choose dossier files; they join the list this computer knows."""
        chosen, _ = QFileDialog.getOpenFileNames(self, "Gezinnen toevoegen", str(folders.start()),
                                                 f"Gezinsdossier (*{DOSSIER_SUFFIX});;Alle bestanden (*)")
        if chosen:
            folders.remember(chosen[0])
        self.add_paths([Path(item) for item in chosen])

    def add_paths(self, chosen):
        for path in reversed(list(chosen)):
            self.settings.add_recent(path)
        if chosen:
            settings_store.save(self.settings)
            self.refresh()

    def unlock_selected(self):
        chosen = self.families.selected_row()
        if chosen is None or chosen.state != caseload.LOCKED:
            return None
        dialog = FamilyUnlockDialog(chosen.path, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.unlocked.connect(self._family_unlocked)
        dialog.open()
        return dialog

    def _family_unlocked(self, path_text: str, key: bytes):
        self.session_keys[path_text] = key
        self.refresh()

    def forget_keys(self):
        """The app locks: families unlocked here must be unlocked again, and what was read is forgotten."""
        self.session_keys.clear()
        self.cache.clear()

    def _keep_names_toggled(self, checked: bool):
        self.settings.remember_family_names = checked
        if checked and self.result is not None:
            self.settings.keep_family_names(self.result.names())
        elif not checked:
            self.settings.family_names = {}
        settings_store.save(self.settings)

    def _failed(self, exc):
        self._task = None
        self.status.setText(describe(exc))

    def clear(self):
        """Forget what was read (when the app locks or a dossier opens)."""
        self.result = None
        self.families.set_rows([])
        self.items.set_rows([])
        self.status.clear()

    # -- calendar --------------------------------------------------------------------------------
    def export_calendar(self):
        if self.result is None or not self.result.items:
            return
        dialog = CalendarChoiceDialog(self)
        accepted = dialog.exec() == QDialog.Accepted
        choice = dialog.choice()
        dialog.deleteLater()
        if not accepted:
            return
        chosen, _ = QFileDialog.getSaveFileName(self, "Agenda opslaan als", folders.start_file("gezinnen.ics"),
                                                "Agenda (*.ics)")
        if not chosen:
            return
        folders.remember(chosen)
        self._write_calendar(Path(chosen), choice, overwrite=False)

    def _write_calendar(self, target: Path, choice, *, overwrite: bool):
        if self.result is None:          # nothing read yet: the calendar button is not offered then
            return
        try:
            count = caseload.export_calendar(self.result.items, target, choice=choice, overwrite=overwrite)
        except OutputExists:
            answer = QMessageBox.question(self, APP_NAME, f"{target.name} bestaat al. Wilt u het vervangen?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self._write_calendar(target, choice, overwrite=True)
            return
        except Exception as exc:  # noqa: BLE001 - a calm, true message
            QMessageBox.warning(self, APP_NAME, describe(exc))
            return
        self.status.setText(f"{count} termijnen en afspraken opgeslagen in {target.name}.")
