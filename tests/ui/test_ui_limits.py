"""Issue 26: Instellingen → Grenzen shows the limits a user may raise (with a Dutch explanation, never
above the ceiling) and what is typed there applies to the next file read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QSpinBox

from dossier_app import limits, settings
from dossier_app.services import limit_settings
from dossier_app.ui.dialogs import SettingsDialog
from dossier_app.ui.limits_dialog import LimitsDialog
from tests.support.uihelpers import trigger_menu, when_modal


def type_number(qtbot, spin, text):
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key_Tab)


def test_a_limit_typed_in_grenzen_is_saved_and_applied_and_held_to_its_ceiling(qtbot, window):
    assert limits.value("pdf_ocr_max_pages") == 30
    seen = {}

    def in_limits(dialog):
        ocr = dialog.findChild(QSpinBox, "grens-pdf_ocr_max_pages")
        seen["uitleg"] = dialog.findChild(QLabel, "uitleg-pdf_ocr_max_pages").text()
        seen["names"] = sorted(spin.objectName() for spin in dialog.findChildren(QSpinBox))
        type_number(qtbot, ocr, "120")
        mail = dialog.findChild(QSpinBox, "grens-mail_max_bytes")
        seen["mail_suffix"] = mail.suffix()
        type_number(qtbot, mail, "999999")      # the key that would go past the ceiling (1024) is refused
        seen["mail"] = mail.value()
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Save)
        qtbot.mouseClick(save, Qt.LeftButton)

    def in_settings(dialog):
        when_modal(qtbot, LimitsDialog, in_limits)
        qtbot.mouseClick(dialog.findChild(QPushButton, "grenzen"), Qt.LeftButton)
        save = next(button for button in dialog.findChildren(QPushButton) if button.text() == "Opslaan")
        qtbot.mouseClick(save, Qt.LeftButton)      # the other settings saved too: the limits stay

    when_modal(qtbot, SettingsDialog, in_settings)
    trigger_menu(window, "Bewerken", "Instellingen…")
    assert seen["uitleg"].startswith("Tekstherkenning kost zo'n 2 seconden per pagina.")
    assert seen["uitleg"].endswith("Standaard 30, ten hoogste 500.")
    assert seen["names"] == sorted(f"grens-{row.name}" for row in limit_settings.adjustable())
    assert "grens-zip_max_ratio" not in seen["names"]           # not a setting
    assert seen["mail_suffix"] == " MB" and seen["mail"] == 999
    assert limits.value("pdf_ocr_max_pages") == 120              # applied: the next scan may have 120 pages
    assert limits.value("mail_max_bytes") == 999 * 1024 * 1024
    assert settings.load().limits == {"pdf_ocr_max_pages": 120, "mail_max_bytes": 999 * 1024 ** 2}
    assert "120 pagina's per gescande PDF" in str(limits.refuse("pdf_ocr_max_pages", "De PDF x.pdf", 200))


def test_the_service_refuses_what_is_no_setting_or_over_the_ceiling():
    from dossier_app.errors import UsageError

    with pytest.raises(UsageError, match="geen grens die u kunt instellen"):
        limit_settings.save({"zip_max_ratio": 500})
    with pytest.raises(UsageError, match="tussen 1 en 500"):
        limit_settings.save({"pdf_ocr_max_pages": 501})
    assert limit_settings.save({"pdf_ocr_max_pages": 30}) == {}        # the default is not stored
