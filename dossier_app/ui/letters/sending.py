"""Recording that a letter was sent, or that its receipt was confirmed; reading a letter's final text."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
)

from dossier_app.dutch import short_date
from dossier_app.errors import DossierError
from dossier_app.services import letters
from dossier_app.ui import theme
from dossier_app.ui.messages import describe
from dossier_app.ui.read_aloud import ReadAloudButton
from dossier_app.ui.widgets import DateField, ErrorLabel, fit_to_screen


class _RecordDialog(QDialog):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Vastleggen")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self._store)
        self.buttons.rejected.connect(self.reject)

    def finish(self):
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def _store(self):
        try:
            self.store()
        except DossierError as exc:
            self.error.show_message(describe(exc))
            return
        self.accept()

    def store(self):
        raise NotImplementedError


class SentDialog(_RecordDialog):
    """'Verstuurd…': when and how, the track-and-trace number, and what went with it."""

    def __init__(self, session, record, parent=None):
        super().__init__("Brief verstuurd", parent)
        self.setObjectName("sent-dialog")
        self.session, self.record = session, record
        self.layout_.insertWidget(0, QLabel(f"<b>{html.escape(record.subject)}</b>"))
        self.date = DateField("Verstuurd op", value=record.sent_on or dt.date.today())
        self.method = QComboBox()
        self.method.setObjectName("send-method")
        self.method.setAccessibleName("Hoe verstuurd")
        for key, label in letters.send_methods().items():
            self.method.addItem(label, key)
        if record.send_method:
            self.method.setCurrentIndex(max(0, self.method.findData(record.send_method)))
        self.tracking = QLineEdit(record.tracking_number)
        self.tracking.setObjectName("tracking-number")
        self.tracking.setAccessibleName("Verzendnummer (track & trace)")
        self.advice = QLabel()
        self.advice.setObjectName("send-advice")
        self.advice.setWordWrap(True)
        theme.apply(self.advice, "attention")
        enclosures = "\n".join(record.enclosures) or "geen"
        self.form.addRow("Verstuurd op", self.date)
        self.form.addRow("Hoe", self.method)
        self.form.addRow("Verzendnummer", self.tracking)
        self.form.addRow("", self.advice)
        listed = QLabel(enclosures)
        listed.setWordWrap(True)
        self.form.addRow("Bijlagen", listed)
        self.method.currentIndexChanged.connect(lambda _i: self._method_changed())
        self._method_changed()
        self.finish()

    def _method_changed(self):
        method = self.method.currentData()
        self.tracking.setEnabled(method == "aangetekend")
        self.advice.setText("\n".join(letters.sending_advice(self.record.kind, method)))

    def store(self):
        if not self.date.valid or self.date.value() is None:
            raise DossierError("Controleer de datum van verzending.")
        letters.mark_sent(self.session, self.record.id, self.date.value(), self.method.currentData(),
                          self.tracking.text() if self.tracking.isEnabled() else "")


class ReceiptDialog(_RecordDialog):
    """'Ontvangst bevestigd…': the date the addressee confirmed receipt (the legal term starts)."""

    def __init__(self, session, record, parent=None):
        super().__init__("Ontvangst bevestigd", parent)
        self.setObjectName("receipt-dialog")
        self.session, self.record = session, record
        self.layout_.insertWidget(0, QLabel(f"<b>{html.escape(record.subject)}</b><br>Verstuurd op "
                                            f"{short_date(record.sent_on) if record.sent_on else '—'}."))
        self.date = DateField("Ontvangen op", value=record.receipt_confirmed_on or dt.date.today())
        self.form.addRow("Ontvangen op (volgens de bevestiging)", self.date)
        explanation = QLabel("Vanaf deze datum rekent de app de termijn van de brief opnieuw uit.")
        explanation.setWordWrap(True)
        self.form.addRow("", explanation)
        self.finish()

    def store(self):
        if not self.date.valid or self.date.value() is None:
            raise DossierError("Controleer de datum van ontvangst.")
        letters.confirm_receipt(self.session, self.record.id, self.date.value())


class LetterTextDialog(QDialog):
    """The final text of a letter, as the log keeps it."""

    def __init__(self, title: str, text: str, parent=None):
        super().__init__(parent)
        self.setObjectName("letter-text-dialog")
        self.setWindowTitle(title)
        fit_to_screen(self, 640, 700)
        layout = QVBoxLayout(self)
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        view.setObjectName("letter-final-text")
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        buttons.addButton(ReadAloudButton(view.toPlainText, "deze brief"), QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
