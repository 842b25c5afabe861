"""Familiegroepsplan: choose the traject, then save an outline (.docx) filled from the dossier.

The work is done by services.family_plan; writing the file runs off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from dossier_app.services import family_plan
from dossier_app.ui.traject_document_dialog import TrajectDocumentDialog

INTRO = ("Een opzet voor uw eigen familiegroepsplan, in Word. De app vult in wat het dossier al weet: "
         "de hulpvraag, wat uw kind zelf zegt, uw netwerk (contacten met de rol Netwerk) en de "
         "afspraken uit gesprekken. De rest vult u aan, samen met de mensen om u heen. Dit is iets "
         "anders dan het plan 'Eén gezin, één plan' van de gemeente (zie Help).")


class FamilyPlanDialog(TrajectDocumentDialog):
    name = "family-plan"
    title = "Familiegroepsplan"
    file_name = "familiegroepsplan.docx"

    def __init__(self, session, parent=None):
        super().__init__(session, INTRO, parent)

    def document_work(self, traject_id, target, *, overwrite):
        made = family_plan.prepare(self.session, traject_id)
        return lambda: family_plan.save_docx(made, target, overwrite=overwrite)

    def saved_message(self, path: Path) -> str:
        return f"Opgeslagen: {path.name}. Leg het ingevulde plan later vast bij Documenten (soort: Plan)."
