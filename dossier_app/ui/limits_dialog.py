"""Instellingen → Grenzen: the limits on what the app reads that a user may raise, each with its explanation.

Only shows and asks: which limits, their values and ceilings, and saving them come from
``services.limit_settings``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dossier_app import APP_NAME
from dossier_app.services import limit_settings
from dossier_app.services.limit_settings import shown
from dossier_app.ui.messages import describe
from dossier_app.ui.widgets import ErrorLabel, fit_to_screen


class LimitsDialog(QDialog):
    """One number per limit (never above its ceiling), with what it is for; Opslaan applies them at once."""

    def __init__(self, settings, parent=None):
        super().__init__(parent)
        self.setObjectName("instellingen-grenzen")
        self.setWindowTitle(f"{APP_NAME} — grenzen")
        fit_to_screen(self, 720, 620)
        self.settings = settings
        self.rows = limit_settings.adjustable()
        self.spins: dict[str, QSpinBox] = {}
        intro = QLabel("De app leest bestanden van buiten (scans, e-mails, archieven) alleen binnen deze grenzen, "
                       "zodat een kapot of kwaadaardig bestand de computer niet kan laten vastlopen. Heeft u "
                       "meer nodig, verhoog dan de grens; hoger dan het getal achter 'ten hoogste' kan niet.")
        intro.setWordWrap(True)
        form_box = QWidget()
        form = QFormLayout(form_box)
        for row in self.rows:
            spin = QSpinBox()
            spin.setObjectName(f"grens-{row.name}")
            spin.setRange(1, row.ceiling)
            spin.setGroupSeparatorShown(True)
            spin.setValue(row.value)
            if row.unit:
                spin.setSuffix(f" {row.unit}")
            spin.setAccessibleName(row.label)
            spin.setAccessibleDescription(row.explanation)
            explanation = QLabel(f"{row.explanation} Standaard {shown(row.default)}, ten hoogste "
                                 f"{shown(row.ceiling)}.")
            explanation.setWordWrap(True)
            explanation.setObjectName(f"uitleg-{row.name}")
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 6)
            column.addWidget(spin)
            column.addWidget(explanation)
            form.addRow(row.label[:1].upper() + row.label[1:], box)
            self.spins[row.name] = spin
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("Opslaan")
        buttons.button(QDialogButtonBox.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        chosen = {name: spin.value() for name, spin in self.spins.items()}
        try:
            self.settings.limits = limit_settings.save(chosen)
        except Exception as exc:  # noqa: BLE001 - shown, nothing changed
            self.error.show_message(describe(exc))
            return
        self.accept()
