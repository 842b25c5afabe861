"""Dialogs: create a dossier, unlock, settings, about."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QProgressBar, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from dossier_app import APP_NAME, __version__
from dossier_app.errors import DossierInUse, WrongPassphrase
from dossier_app.services import keys
from dossier_app.services.session import DOSSIER_SUFFIX
from dossier_app.ui import folders
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import ErrorLabel, fit_to_screen, mark_required, passphrase_edit
from dossier_app import settings as settings_store
from dossier_app.services import external_tools


def remember_checkbox(*, offered: bool = True) -> QCheckBox:
    """'Remember on this computer', disabled with the reason when there is no keychain.

    Asking the keychain can take seconds (a desktop keyring waking up): it runs off the GUI thread and
    the box is usable once the answer is in. Not ``offered``: a hidden, unticked box, and the keychain
    is not asked (the lock page, built each time a dossier opens: cold start, issue 25)."""
    box = QCheckBox("Onthouden op deze computer")
    box.setEnabled(False)
    if not offered:
        box.setVisible(False)
        return box
    box.setToolTip("De sleutelhanger wordt nagekeken…")

    def answered(available: bool):
        box.setEnabled(available)
        box.setToolTip("" if available else keys.KEYCHAIN_UNAVAILABLE_MESSAGE)
        if not available:
            box.setText("Onthouden op deze computer (kan niet: geen sleutelhanger beschikbaar)")

    runner().run(box, keys.keychain_available, on_done=answered, on_failed=lambda _exc: answered(False))
    return box


class CreateDialog(QDialog):
    """New dossier: where to save it, a passphrase twice (with a strength hint)."""

    def __init__(self, parent=None, default_folder: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — nieuw dossier")
        self.setMinimumWidth(600)
        self.path_edit = QLineEdit(str((default_folder or Path.home()) / f"gezin{DOSSIER_SUFFIX}"))
        self.path_edit.setAccessibleName("Bestand van het nieuwe dossier")
        browse = QPushButton("Kiezen…")
        browse.setAutoDefault(False)
        browse.clicked.connect(lambda _c=False: self._browse())
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("bijvoorbeeld: Familie De Vries")
        self.name_edit.setAccessibleName("Naam van het dossier")
        self.passphrase = passphrase_edit("Wachtwoord")
        self.repeat = passphrase_edit("Herhaal het wachtwoord")
        self.repeat.setObjectName("repeat")
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setAccessibleDescription("Sterkte van het wachtwoord")
        self.strength.setMinimumHeight(self.strength.fontMetrics().lineSpacing() * 3)
        self.remember = remember_checkbox()
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow("Bestand *", path_row)
        form.addRow("Naam", self.name_edit)
        form.addRow("Wachtwoord *", self.passphrase)
        form.addRow("", self.strength)
        form.addRow("Herhaal *", self.repeat)
        mark_required(form)
        form.addRow("", self.remember)
        intro = QLabel("Het dossier wordt versleuteld opgeslagen. Zonder het wachtwoord kan niemand het openen "
                       "— ook u niet. Daarna krijgt u één keer een herstelblad met een herstelsleutel: daarmee "
                       "opent u het dossier als u het wachtwoord vergeten bent. Bewaar beide op een veilige plek.")
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Dossier maken")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self._update_strength)
        self.repeat.textChanged.connect(self._update_strength)
        self._update_strength()

    def _browse(self):
        chosen, _ = QFileDialog.getSaveFileName(self, "Dossier opslaan als", self.path_edit.text(),
                                                f"Gezinsdossier (*{DOSSIER_SUFFIX})")
        if chosen:
            if not chosen.endswith(DOSSIER_SUFFIX):
                chosen += DOSSIER_SUFFIX
            folders.remember(chosen)
            self.path_edit.setText(chosen)

    def _update_strength(self):
        result = keys.assess_passphrase(self.passphrase.text(), [self.name_edit.text()])
        self.strength.setText(f"Sterkte: {result.label}. {result.hint}" if self.passphrase.text() else
                              "Kies een wachtwoord van een paar losse woorden.")
        ok = result.acceptable and self.passphrase.text() == self.repeat.text()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(ok)

    def _accept(self):
        path = Path(self.path_edit.text().strip())
        if path.exists():
            self.error.show_message(f"{path.name} bestaat al. Kies een andere naam.")
            return
        if not path.parent.is_dir():
            self.error.show_message("Die map bestaat niet.")
            return
        if self.passphrase.text() != self.repeat.text():
            self.error.show_message("De twee wachtwoorden zijn niet gelijk.")
            return
        self.accept()

    def values(self) -> dict:
        return {"path": Path(self.path_edit.text().strip()), "passphrase": self.passphrase.text(),
                "name": self.name_edit.text().strip() or None, "remember": self.remember.isChecked()}


class UnlockPanel(QWidget):
    """Passphrase entry used by the unlock dialog and the lock screen.

    Enter or the button unlocks; the key derivation runs off the GUI thread.
    A wrong passphrase says so and lets the user try again.
    """

    unlocked = Signal()

    def __init__(self, session, parent=None, *, offer_remember: bool = True):
        super().__init__(parent)
        self.session = session
        self.working = False
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.passphrase = passphrase_edit("Wachtwoord")
        self.remember = remember_checkbox(offered=offer_remember)
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Bezig met openen")
        self.progress.hide()
        self.button = QPushButton("Ontgrendelen")
        self.button.setObjectName("unlock")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(lambda _c=False: self.start_unlock())
        # Shown when another program or computer has the dossier open for writing.
        self.read_only_button = QPushButton("Alleen-lezen openen")
        self.read_only_button.setAutoDefault(False)
        self.read_only_button.clicked.connect(lambda _c=False: self.start_unlock(read_only=True))
        self.take_over_button = QPushButton("Overnemen")
        self.take_over_button.setAutoDefault(False)
        self.take_over_button.setToolTip("Alleen als die andere computer is vastgelopen of uitgezet zonder het "
                                         "dossier te sluiten.")
        self.take_over_button.clicked.connect(lambda _c=False: self.start_unlock(take_over_lock=True))
        in_use_buttons = QHBoxLayout()
        in_use_buttons.addStretch()
        in_use_buttons.addWidget(self.take_over_button)
        in_use_buttons.addWidget(self.read_only_button)
        self.read_only_button.hide()
        self.take_over_button.hide()
        self.passphrase.returnPressed.connect(self.start_unlock)
        self.forgot_button = QPushButton("Wachtwoord vergeten? Herstelsleutel gebruiken…")
        self.forgot_button.setObjectName("use-recovery-key")
        self.forgot_button.setFlat(True)
        self.forgot_button.setAutoDefault(False)
        # A link to look at, with a focus ring that stands out (WCAG 2.2: 3:1) when Tab reaches it.
        self.forgot_button.setStyleSheet(
            "QPushButton { text-align: left; color: palette(link); text-decoration: underline; padding: 3px;"
            " border: 2px solid transparent; }"
            " QPushButton:focus { border: 2px solid palette(highlight); border-radius: 3px; }")
        self.forgot_button.clicked.connect(lambda _c=False: self.use_recovery_key())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        passphrase_label = QLabel("&Wachtwoord:")
        passphrase_label.setBuddy(self.passphrase)
        layout.addWidget(passphrase_label)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.remember, 0, Qt.AlignmentFlag.AlignLeft)      # only its text and box toggle it
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addLayout(in_use_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addStretch()
        buttons.addWidget(self.button)
        layout.addLayout(buttons)
        self.refresh_title()

    def refresh_title(self):
        self.title.setText(f"<b>{self.session.path.name}</b> is vergrendeld. Voer het wachtwoord in om het te openen.")

    def _set_working(self, working: bool) -> None:
        self.working = working
        self.progress.setVisible(working)
        self.button.setEnabled(not working)
        self.passphrase.setReadOnly(working)      # keeps the focus where it is (disabling would move it)

    def start_unlock(self, *, read_only: bool = False, take_over_lock: bool = False):
        if self.working:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.error.show_message("Vul het wachtwoord in.")
            return
        self.error.show_message("")
        self.read_only_button.hide()
        self.take_over_button.hide()
        self._set_working(True)
        runner().run(self, self.session.unlock, passphrase, read_only=read_only, take_over_lock=take_over_lock,
                     on_done=self._unlocked, on_failed=self._failed)

    def use_recovery_key(self):
        """'Wachtwoord vergeten?': open with the recovery key and choose a new passphrase."""
        from dossier_app.ui.recovery_dialogs import RecoverDialog   # cold start: the unlock dialog shows first

        if self.working:
            return None
        dialog = RecoverDialog(self.session, self)
        dialog.recovered.connect(self._recovered)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _recovered(self, notes):
        self.passphrase.clear()
        self.error.show_message("")
        host = self.window().parentWidget() or self.window()
        box = QMessageBox(QMessageBox.Information, APP_NAME,
                          "Het dossier is geopend met de herstelsleutel en heeft nu het nieuwe wachtwoord.\n\n"
                          + "\n\n".join(notes), QMessageBox.Ok, host)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()
        self._finish()

    def _unlocked(self, _result):
        self.passphrase.clear()
        if self.remember.isChecked():
            runner().run(self, keys.remember_key, self.session, on_done=lambda _r: self._finish(),
                         on_failed=self._remember_failed)
            return
        self._finish()

    def _remember_failed(self, exc):
        QMessageBox.information(self, APP_NAME, describe(exc))
        self._finish()

    def _finish(self):
        self._set_working(False)
        self.unlocked.emit()

    def _failed(self, exc):
        self._set_working(False)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if isinstance(exc, WrongPassphrase):
            self.error.show_message("Het wachtwoord klopt niet. Probeer het opnieuw.")
        elif isinstance(exc, DossierInUse):
            self.error.show_message(str(exc))
            self.read_only_button.show()
            self.take_over_button.setVisible(exc.stale_possible)
        else:
            self.error.show_message(describe(exc))


class UnlockDialog(QDialog):
    """Asks the passphrase of one dossier. Enter unlocks; Esc and Annuleren close it, except while unlocking."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("unlock-dialog")
        self.setWindowTitle(f"{APP_NAME} — {session.path.stem}")
        self.panel = UnlockPanel(session, self)
        self.panel.unlocked.connect(self.accept)
        self.cancel = QPushButton("Annuleren")
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(lambda _c=False: self.reject())
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(self.cancel, 0, Qt.AlignLeft)
        # Grow with what the panel shows (a two-line "al geopend op …" message and its buttons):
        # a wrapped message is only measured once its width is known, so fit after the change.
        self.panel.error.changed.connect(lambda: QTimer.singleShot(0, self._fit))
        self.panel.passphrase.setFocus()

    def _fit(self):
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width()), self.sizeHint().height()))

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.panel.start_unlock()      # Enter never reaches a button that would close the dialog
            return
        super().keyPressEvent(event)

    def reject(self):
        if self.panel.working:
            return       # the dossier is being opened; closing now would leave it open unseen
        super().reject()


class SettingsDialog(QDialog):
    """Auto-lock, backups, remember key, sender details and place for letters."""

    def __init__(self, settings, session, parent=None):
        from dossier_app.services import family   # the family service (and the store) load when needed

        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — instellingen")
        self.settings, self.session = settings, session
        is_open = session is not None and session.is_open
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 240)
        self.lock_minutes.setValue(settings.auto_lock_minutes)
        self.lock_minutes.setSuffix(" minuten")
        self.lock_minutes.setAccessibleName("Automatisch vergrendelen na")
        self.backup_folder = QLineEdit(str(settings.effective_backup_folder))
        self.backup_folder.setAccessibleName("Map voor back-ups")
        self.backup_count = QSpinBox()
        self.backup_count.setRange(1, 100)
        self.backup_count.setValue(settings.backup_count)
        self.backup_count.setAccessibleName("Aantal back-ups bewaren")
        self.remember = QCheckBox("Sleutel van dit dossier onthouden op deze computer")
        self.remember.setObjectName("remember-key")
        self.remember.setEnabled(False)
        self.was_remembered: bool | None = None
        if is_open:
            # The keychain can take seconds to answer (or to ask the user): never on the GUI thread.
            self.remember.setToolTip("De sleutelhanger wordt nagekeken…")
            runner().run(self, lambda: (keys.keychain_available(), keys.is_remembered(session.path)),
                         on_done=self._remembered_known, on_failed=lambda _exc: self.remember.setToolTip(""))
        # The fields scroll inside on a small screen (150 %); the message and the buttons stay in view.
        content = QWidget()
        form = QFormLayout(content)
        form.addRow("Automatisch vergrendelen na", self.lock_minutes)
        form.addRow("Map voor back-ups", self.backup_folder)
        form.addRow("Aantal back-ups", self.backup_count)
        form.addRow("", self.remember)
        self.sender_fields = {}
        parent_row = (family.people(session, "ouder") or [None])[0] if is_open else None
        self.parent_row = parent_row
        for key, label in (("name", "Uw naam"), ("street", "Straat en huisnummer"), ("postcode", "Postcode"),
                           ("city", "Woonplaats"), ("phone", "Telefoon"), ("email", "E-mail")):
            edit = QLineEdit(getattr(parent_row, key) if parent_row else "")
            edit.setAccessibleName(label)
            edit.setEnabled(is_open)
            self.sender_fields[key] = edit
            form.addRow(f"Afzender: {label.lower()}", edit)
        self.place = QLineEdit(family.letter_place(session) if is_open else "")
        self.place.setAccessibleName("Plaats boven brieven")
        self.place.setEnabled(is_open)
        form.addRow("Plaats boven brieven", self.place)
        self._add_helper_programs(form)
        limits_button = QPushButton("Grenzen…")
        limits_button.setObjectName("grenzen")
        limits_button.setAccessibleName("Grenzen voor het inlezen van bestanden")
        limits_button.setAutoDefault(False)
        limits_button.clicked.connect(lambda _checked=False: self.show_limits())
        form.addRow("Grenzen bij inlezen", limits_button)
        area = QScrollArea()
        area.setObjectName("settings-scroller")
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        area.setWidget(content)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("Opslaan")
        buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        wanted = content.sizeHint()
        fit_to_screen(self, wanted.width() + 40, wanted.height() + buttons.sizeHint().height() + 40)

    def _add_helper_programs(self, form):
        """LibreOffice and Tesseract are not part of the app: whether each is found here, and how to install it."""
        self.helper_programs = {}
        for tool in external_tools.status():
            label = QLabel(("✓ " if tool.found else "✗ ") + tool.sentence())
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            label.setObjectName(f"programma-{tool.id}")
            label.setAccessibleName(f"{tool.name}: {'gevonden' if tool.found else 'niet gevonden'}")
            self.helper_programs[tool.id] = label
            form.addRow(tool.name, label)

    def show_limits(self):
        """Instellingen → Grenzen (ui/limits_dialog.py); what it saves applies at once."""
        from dossier_app.ui.limits_dialog import LimitsDialog

        dialog = LimitsDialog(self.settings, self)
        dialog.exec()
        dialog.deleteLater()

    def save(self):
        self.settings.auto_lock_minutes = self.lock_minutes.value()
        self.settings.backup_folder = self.backup_folder.text().strip()
        self.settings.backup_count = self.backup_count.value()
        try:
            settings_store.save(self.settings)
            if self.session is not None and self.session.is_open:
                self._save_dossier_details()
        except Exception as exc:  # noqa: BLE001 - shown, nothing lost
            self.error.show_message(describe(exc))
            return
        self.accept()

    def _save_dossier_details(self):
        from dossier_app.services import family   # the family service (and the store) load when needed

        values = {key: edit.text().strip() for key, edit in self.sender_fields.items()}
        if values["name"]:
            name = values.pop("name")
            if self.parent_row:
                family.update_person(self.session, self.parent_row.id, role="ouder", name=name,
                                     birth_date=self.parent_row.birth_date, notes=self.parent_row.notes, **values)
            else:
                family.add_person(self.session, "ouder", name, **values)
        family.set_letter_place(self.session, self.place.text())
        if self.remember.isEnabled() and self.remember.isChecked() != self.was_remembered:
            owner = self.parentWidget() or self        # the dialog closes; the window hears how it went
            work = ((lambda: keys.remember_key(self.session)) if self.remember.isChecked()
                    else (lambda path=self.session.path: keys.forget_key(path)))
            runner().run(owner, work, on_failed=lambda exc: QMessageBox.warning(owner, APP_NAME, describe(exc)))

    def _remembered_known(self, answer):
        available, remembered = answer
        self.was_remembered = remembered
        self.remember.setChecked(remembered)
        self.remember.setEnabled(available)
        self.remember.setToolTip("" if available else keys.KEYCHAIN_UNAVAILABLE_MESSAGE)


def show_about(parent) -> None:
    QMessageBox.about(parent, f"Over {APP_NAME}", (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Uw eigen dossier over de jeugdhulp voor uw kind: gesprekken, verslagen, opnames, afspraken, "
        "termijnen en brieven. Versleuteld, alleen op deze computer.</p>"
        "<p>Termijnen volgen de Algemene wet bestuursrecht, de Algemene termijnenwet en de AVG. "
        "De app geeft uitleg, geen juridisch advies; twijfelt u, vraag dan een cliëntondersteuner, "
        "vertrouwenspersoon (AKJ) of advocaat.</p>"))
