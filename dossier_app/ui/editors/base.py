"""The base of every editor: draft keeping, errors next to the fields, one save button.

What is typed is kept as an encrypted draft a moment after each change, so
nothing is lost on a crash or a lock. Cancel (or Esc) with typed text asks
whether to keep it as a draft. Editors are deleted when they close.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QScrollArea, QVBoxLayout, QWidget,
)

from dossier_app import APP_NAME
from dossier_app.services import timeline
from dossier_app.ui import theme
from dossier_app.ui.messages import describe
from dossier_app.ui.widgets import ErrorLabel, buttons_last_in_tab_order, mark_required
from dossier_app.services import family

DRAFT_DELAY_MS = 700
KEEP_DRAFT_QUESTION = "U heeft iets veranderd dat nog niet is opgeslagen. Wat wilt u ermee doen?"
KEEP_BUTTON, DISCARD_BUTTON, CONTINUE_BUTTON = "Als concept bewaren", "Wijzigingen weggooien", "Verder typen"


class FormDialog(QDialog):
    """Subclasses build the form, then call ``finish_layout``; they implement the hooks below."""

    form_id = "form"
    saved = Signal()
    shows_letter_legend = False  # True: the form marks the fields that feed letters (✉)

    def __init__(self, session, ref: str, title: str, parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName(f"editor-{self.form_id}-{ref}")
        self.session = session
        self.ref = ref
        self.setWindowTitle(f"{APP_NAME} — {title}")
        self.setMinimumWidth(720)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error = ErrorLabel()
        self.restored = QLabel("Uw niet-opgeslagen tekst van de vorige keer is teruggezet.")
        self.restored.setObjectName("draft-restored")
        theme.apply(self.restored, "info", "padding: 6px;")
        self.restored.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form_widget = QWidget()
        self.form_widget = form_widget
        self.body = QVBoxLayout(form_widget)
        self.body.addWidget(self.restored)
        self.body.addLayout(self.form)
        if self.shows_letter_legend:
            self.body.addWidget(letter_legend())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)       # the form opens with the focus in its first field
        scroll.setWidget(form_widget)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)
        outer.addWidget(self.buttons)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self._loading = False
        self._closing = False
        self._edited = False          # the user changed something since the form opened
        self._tried_saving = False    # errors show once the user typed or tried to save
        self._question: QMessageBox | None = None

    def finish_layout(self):
        self._loading = True
        draft = timeline.load_draft(self.session, self.form_id, self.ref)
        if draft:
            self.restore(draft)
            self.restored.show()
        self._loading = False
        self.validate()
        mark_required(self.form)
        buttons_last_in_tab_order(self.buttons)       # Tab goes through the fields first
        self.resize(self._opening_size())

    def _opening_size(self):
        """Large enough to show the whole form without scrolling, within the screen."""
        wanted = self.form_widget.sizeHint()
        width = max(self.minimumWidth(), wanted.width() + 40)
        height = wanted.height() + self.buttons.sizeHint().height() + 60
        screen = (self.parentWidget() or self).screen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, int(available.width() * 0.9)), min(height, int(available.height() * 0.9))
        return QSize(width, height)

    def watch(self, *widgets):
        for widget in widgets:
            for signal_name in ("textChanged", "currentIndexChanged", "stateChanged", "valueChanged",
                                "itemChanged", "cellChanged"):
                signal = getattr(widget, signal_name, None)
                if signal is not None:
                    signal.connect(self.changed)

    def changed(self, *_args):
        if self._loading or self._closing:
            return
        self._edited = True
        self.validate()
        self._draft_timer.start()

    # -- drafts ------------------------------------------------------------------------
    def save_draft_now(self) -> bool:
        """Keep what was typed (encrypted); True when a draft was really written."""
        self._draft_timer.stop()
        if not (self.session.is_open and self.has_content()):
            return False
        try:
            timeline.save_draft(self.session, self.form_id, self.ref, self.collect())
        except Exception:  # noqa: BLE001 - a failing draft must not break typing
            return False
        return True

    def discard_draft(self):
        self._draft_timer.stop()
        if self.session.is_open:
            timeline.discard_draft(self.session, self.form_id, self.ref)

    # -- saving and closing -----------------------------------------------------------------
    def validate(self) -> bool:
        """The save button waits for a valid form; the reason shows once the user typed or tried to save."""
        message = self.problems()
        self.error.show_message(message if (self._edited or self._tried_saving) else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not message)
        return not message

    def save(self):
        self._tried_saving = True
        if not self.validate():
            return
        try:
            self.store()
        except Exception as exc:  # noqa: BLE001 - shown; the message says whether a draft was kept
            kept = self.save_draft_now()
            self.error.show_message(describe(exc, draft_kept=kept))
            return
        self.discard_draft()
        self.saved.emit()
        self._finish(accepted=True)

    def reject(self):
        """Annuleren or Esc: after a change, ask whether to keep it as a draft; without one, just close
        (a draft restored earlier stays as it was)."""
        if self._closing:
            return
        if not self._edited:
            self._finish(accepted=False)
            return
        if not (self.has_content() and self.session.is_open):
            self.discard_draft()
            self._finish(accepted=False)
            return
        if self._question is not None:
            return
        self._question = QMessageBox(QMessageBox.Question, APP_NAME, KEEP_DRAFT_QUESTION,
                                     QMessageBox.Yes | QMessageBox.No | QMessageBox.Cancel, self)
        self._question.setObjectName("keep-draft-question")
        self._question.button(QMessageBox.Yes).setText(KEEP_BUTTON)
        self._question.button(QMessageBox.No).setText(DISCARD_BUTTON)
        self._question.button(QMessageBox.Cancel).setText(CONTINUE_BUTTON)
        self._question.setDefaultButton(QMessageBox.Yes)
        self._question.finished.connect(self._answered)
        self._question.open()

    def _answered(self, _code):
        button = self._question.standardButton(self._question.clickedButton())
        self._question.deleteLater()
        self._question = None
        if button == QMessageBox.Yes:
            self.save_draft_now()
        elif button == QMessageBox.No:
            self.discard_draft()
        else:
            return
        self._finish(accepted=False)

    def close_for_lock(self):
        """Before locking: keep the text as a draft and close."""
        if self._question is not None:
            self._question.done(0)
        if self._edited:
            self.save_draft_now()
        self._finish(accepted=False)

    def _finish(self, *, accepted: bool):
        self._closing = True
        self._draft_timer.stop()
        if accepted:
            super().accept()
        else:
            super().reject()

    def closeEvent(self, event):
        # The window's close button behaves like Annuleren.
        if not self._closing:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    # -- hooks ---------------------------------------------------------------------------------
    def collect(self) -> dict:
        return {}

    def restore(self, payload: dict) -> None:
        pass

    def has_content(self) -> bool:
        return any(str(value).strip() for value in self.collect().values() if not isinstance(value, bool))

    def problems(self) -> str:
        return ""

    def store(self) -> None:
        pass


LETTER_MARK = " ✉"
LETTER_LEGEND = "✉ = dit veld kan in een brief komen. De andere velden blijven alleen in uw dossier."


def letter_label(text: str) -> str:
    """A form label for a field that feeds letters."""
    return text + LETTER_MARK


def letter_legend() -> QLabel:
    label = QLabel(LETTER_LEGEND)
    label.setObjectName("letter-legend")
    label.setWordWrap(True)
    theme.apply(label, "muted")
    return label


class LineFieldsMixin:
    """Simple editors made of line fields (name -> QLineEdit); mixed into a FormDialog."""

    form: QFormLayout
    watch: Callable[..., None]

    def add_line_fields(self, spec, values) -> dict:
        self.fields = {}
        for key, label in spec:
            edit = line_edit(label.rstrip(" *"), getattr(values, key, "") or "" if values else "")
            self.fields[key] = edit
            self.form.addRow(letter_label(label), edit)
            self.watch(edit)
        return self.fields

    def line_values(self, strip: bool = False) -> dict:
        return {key: edit.text().strip() if strip else edit.text() for key, edit in self.fields.items()}

    def restore_lines(self, payload: dict) -> None:
        for key, edit in self.fields.items():
            edit.setText(payload.get(key, ""))


def combo_box(items, name: str, current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    pairs = items.items() if isinstance(items, dict) else [(item, item) for item in items]
    for key, label in pairs:
        combo.addItem(label, key)
    select_data(combo, current)
    return combo


def select_data(combo: QComboBox, value) -> None:
    if value is None or value == "":
        return
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def text_edit(name: str, value: str = "", lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(lines * 20)
    return edit


def line_edit(name: str, value: str = "") -> QLineEdit:
    edit = QLineEdit(value)
    edit.setAccessibleName(name)
    return edit


def traject_combo(session, current=None, *, suggest_single: bool = False) -> QComboBox:
    """The trajecten to choose from; for something new, the only traject is chosen already."""
    combo = QComboBox()
    combo.setAccessibleName("Traject")
    combo.addItem("(geen traject)", None)
    trajecten = family.trajecten(session)
    for traject in trajecten:
        combo.addItem(traject.title, traject.id)
    if current is None and suggest_single and len(trajecten) == 1:
        current = trajecten[0].id
    select_data(combo, current)
    return combo
