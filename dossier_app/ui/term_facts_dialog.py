"""Record what changes a legal term — a verdaging, a period it stood still, an advisory
committee, the AVG extension, the hersteltermijn of a pro-forma bezwaar — and compute it again.

The law (which fact applies to which term, and how far) is in the deadline engine; this
dialog only asks. A fact that does not fit the term gets the engine's own message.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout,
)

from dossier_app import APP_NAME
from dossier_app.dutch import weekday_date
from dossier_app.services import deadlines
from dossier_app.ui.messages import describe
from dossier_app.ui.widgets import DateField, ErrorLabel


SUSPENSION_HELP = (
    "Vul de datum in van de brief waarin de organisatie om aanvulling vroeg, en de datum waarop u "
    "aanvulde (of waarop de termijn die u daarvoor kreeg ongebruikt verstreek). De termijn staat stil "
    "vanaf de dag na het verzoek tot de dag van de aanvulling; die dag zelf telt weer mee. De app rekent "
    "de dagen daartussen zelf uit (Awb 4:15 lid 1; bij bezwaar Awb 7:10 lid 2).")
REPAIR_HELP = (
    "De gemeente bepaalt hoe lang u krijgt; de wet (Awb 6:6) zegt alleen dat u de kans moet krijgen uw "
    "bezwaar aan te vullen, niet hoe lang. Vul de datum in die in de brief van de gemeente staat.")


def _weeks(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 52)
    box.setSuffix(" weken")
    box.setAccessibleName(name)
    return box


class TermFactsDialog(QDialog):
    """For one stored deadline (``item`` from the Termijnen page)."""

    def __init__(self, session, item, parent=None):
        super().__init__(parent)
        self.setObjectName("term-facts-dialog")
        self.setWindowTitle(f"{APP_NAME} — termijn aanpassen")
        self.setMinimumWidth(620)
        self.session, self.item = session, item
        self.new_due = None
        intro = QLabel(f"<b>{item.title}</b><br>Laatste dag nu: uiterlijk {weekday_date(item.due_date)}.<br>"
                       "Vul in wat de organisatie u liet weten. De app rekent de termijn opnieuw uit en zet de "
                       "berekening in de uitleg.")
        intro.setWordWrap(True)
        self.postponement = _weeks("Verdaging")
        self.postponement_notice = DateField("Datum van het verdagingsbericht", required=False)
        self.consent_weeks = _weeks("Verder uitstel met uw instemming")
        self.committee = QCheckBox("Het bezwaar gaat naar een adviescommissie (bezwaarcommissie)")
        self.extension = QCheckBox("De organisatie verlengde de AVG-termijn met twee maanden")
        self.extension_notice = DateField("Datum van het verlengingsbericht", required=False)
        # What the user knows from the letters: the day the organisation asked to complete
        # (or repair) and the day that was done; the engine derives the days in between.
        self.stood_still_from = DateField("Datum van het verzoek om aanvulling", required=False)
        self.stood_still_to = DateField("Datum waarop u aanvulde of de termijn daarvoor ongebruikt verstreek",
                                        required=False)
        facts = QFormLayout()
        facts.addRow("Verdaging", self.postponement)
        facts.addRow("Bericht van de verdaging", self.postponement_notice)
        facts.addRow("Uitstel met uw instemming", self.consent_weeks)
        facts.addRow("", self.committee)
        facts.addRow("", self.extension)
        facts.addRow("Bericht van de verlenging", self.extension_notice)
        facts.addRow("Verzoek om aanvulling op", self.stood_still_from)
        facts.addRow("Aangevuld op", self.stood_still_to)
        suspension_help = QLabel(SUSPENSION_HELP)
        suspension_help.setObjectName("suspension-help")
        suspension_help.setWordWrap(True)
        facts.addRow("", suspension_help)
        facts_box = QGroupBox("Wat de termijn verandert")
        facts_box.setLayout(facts)
        self.repair_asked = DateField("Gemeente vroeg om de gronden op", required=False)
        self.repair_until = DateField("Gronden uiterlijk op", required=False)
        self.repair_sent = DateField("U stuurde de gronden op", required=False)
        repair = QFormLayout()
        repair.addRow("Gevraagd op", self.repair_asked)
        repair.addRow("Uiterlijk op", self.repair_until)
        repair.addRow("Verstuurd op", self.repair_sent)
        repair_help = QLabel(REPAIR_HELP)
        repair_help.setWordWrap(True)
        repair.addRow("", repair_help)
        repair_box = QGroupBox("Hersteltermijn na een pro-forma bezwaar")
        repair_box.setLayout(repair)
        repair_box.setVisible(deadlines.has_repair_term(item.rule))
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Opnieuw berekenen")
        self.buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(facts_box)
        layout.addWidget(repair_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def facts(self) -> deadlines.TermFacts:
        suspensions: tuple[tuple[dt.date, dt.date], ...] = ()
        if self.stood_still_from.value() and self.stood_still_to.value():
            suspensions = ((self.stood_still_from.value(), self.stood_still_to.value()),)
        return deadlines.TermFacts(
            postponement_weeks=self.postponement.value(), postponement_notice=self.postponement_notice.value(),
            consent_weeks=self.consent_weeks.value(), committee=self.committee.isChecked(),
            extension=self.extension.isChecked(), extension_notice=self.extension_notice.value(),
            suspensions=suspensions)

    def _problem(self) -> str:
        dates = (self.postponement_notice, self.extension_notice, self.stood_still_from, self.stood_still_to,
                 self.repair_asked, self.repair_until, self.repair_sent)
        if not all(field.valid for field in dates):
            return "Controleer de datums."
        if bool(self.stood_still_from.value()) != bool(self.stood_still_to.value()):
            return "Vul bij de opschorting beide datums in: het verzoek om aanvulling en de aanvulling."
        if bool(self.repair_asked.value()) != bool(self.repair_until.value()):
            return "Vul bij de hersteltermijn in wanneer de gemeente erom vroeg en tot wanneer."
        if not self.facts().options() and not self.repair_asked.value():
            return "Vul in wat er veranderde."
        return ""

    def apply(self):
        problem = self._problem()
        if problem:
            self.error.show_message(problem)
            return
        try:
            if self.repair_asked.value():
                deadlines.set_repair_term(self.session, self.item.id, self.repair_asked.value(),
                                          self.repair_until.value(), supplied_on=self.repair_sent.value())
            if self.facts().options():
                self.new_due = deadlines.adjust_deadline(self.session, self.item.id, self.facts())
        except Exception as exc:  # noqa: BLE001 - the engine's message, nothing changed
            self.error.show_message(describe(exc))
            return
        self.accept()
