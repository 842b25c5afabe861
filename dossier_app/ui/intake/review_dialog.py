"""Each suggestion next to the text it came from: check, correct, then store or skip."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dossier_app.dutch import parse_date, short_date
from dossier_app.services import family, intake
from dossier_app.ui import theme
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner
from dossier_app.ui.widgets import fit_to_screen

PENDING, STORED, SKIPPED, ALREADY = "", "opgeslagen", "overgeslagen", "in het dossier"
OUTCOME_TEXT = {"toegekend": "Toegekend", "afgewezen": "Afgewezen", "": "Niet gevonden"}


class ReviewDialog(QDialog):
    """Accept stores the shown suggestion (as corrected); Skip leaves it out; nothing is stored silently."""

    stored = Signal()

    def __init__(self, session, suggestions, parent=None, *, stopped_early: bool = False):
        super().__init__(parent)
        self.setObjectName("intake-review")
        self.setWindowTitle("Post controleren")
        fit_to_screen(self, 1100, 680)
        self.session = session
        self.items = list(suggestions)            # oldest letter first
        self.states = [PENDING] * len(self.items)
        self.current = -1
        self.busy = False
        self.accept_all_running = False

        self.files = QListWidget()
        self.files.setAccessibleName("Ingelezen bestanden")
        self.files.setMaximumWidth(260)
        self.files.setWordWrap(True)
        self.files.currentRowChanged.connect(self._show)

        self.kind = QComboBox()
        self.kind.setAccessibleName("Soort document")
        for key, label in intake.document_kinds().items():
            self.kind.addItem(label, key)
        self.recognised = QLabel()
        self.title = QLineEdit()
        self.title.setAccessibleName("Titel")
        self.date = QLineEdit()
        self.date.setObjectName("intake-date")
        self.date.setAccessibleName("Datum van de brief")
        self.date.setPlaceholderText("dd-mm-jjjj")
        self.kenmerk = QLineEdit()
        self.kenmerk.setObjectName("intake-kenmerk")
        self.kenmerk.setAccessibleName("Kenmerk")
        self.sender_box = QComboBox()
        self.sender_box.setEditable(True)
        self.sender_box.setAccessibleName("Afzender")
        self.contacts = family.contacts(session)
        for contact in self.contacts:
            self.sender_box.addItem(contact.name, contact.id)
        self.traject = QComboBox()
        self.traject.setAccessibleName("Traject")
        self.traject.addItem("(geen traject)", None)
        for traject in family.trajecten(session):
            self.traject.addItem(traject.title, traject.id)
        # Two trajecten both wait for this letter: the review asks which one (one radio button each).
        self.tie = QWidget()
        self.tie.setObjectName("intake-tie")
        self.tie_layout = QVBoxLayout(self.tie)
        self.tie_layout.setContentsMargins(0, 0, 0, 0)
        self.tie_question = QLabel()
        self.tie_question.setWordWrap(True)
        self.tie_layout.addWidget(self.tie_question)
        self.tie_choices: list[QRadioButton] = []
        self.tie_resolved: set[int] = set()
        self.traject.activated.connect(lambda _i: self._tie_resolved(self.traject.currentData()))
        self.child = QLabel()
        self.outcome = QLabel()
        self.remedy = QLabel()
        self.remedy.setWordWrap(True)
        self.receipt = QLineEdit()
        self.receipt.setAccessibleName("Ontvangen op")
        self.receipt.setPlaceholderText("dd-mm-jjjj")
        self.weeks = QSpinBox()
        self.weeks.setRange(0, 26)
        self.weeks.setSuffix(" weken")
        self.weeks.setAccessibleName("Verdaging in weken")
        self.effect = QLabel()
        self.effect.setObjectName("intake-effect")
        self.effect.setWordWrap(True)
        # The same changes, one per line with a tick: untick what should not happen (issue 21).
        self.changes = QListWidget()
        self.changes.setObjectName("intake-changes")
        self.changes.setAccessibleName("Wat opslaan verandert")
        self.changes.setMaximumHeight(110)
        self.changes.setWordWrap(True)
        self.changes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        theme.apply(self.warnings, "attention")
        for widget in (self.date, self.receipt, self.title, self.kenmerk):
            widget.editingFinished.connect(self._update_effect)
        for combo in (self.kind, self.traject):
            combo.currentIndexChanged.connect(lambda _i: self._update_effect())
        self.weeks.valueChanged.connect(lambda _v: self._update_effect())
        self.kind.currentIndexChanged.connect(lambda _i: self._show_rows_for(self.kind.currentData()))
        # The details that only matter for some kinds (which ones: services.intake.review_fields).
        self.detail_rows = {"uitkomst": self.outcome, "rechtsmiddelenclausule": self.remedy,
                            "ontvangen_op": self.receipt, "verdaging_weken": self.weeks}

        for wrapped in (self.recognised, self.child, self.outcome):
            wrapped.setWordWrap(True)
        for combo in (self.kind, self.sender_box, self.traject):     # a long traject title does not widen the form
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form = form
        form.addRow("Herkend als", self.recognised)
        form.addRow("Soort document", self.kind)
        form.addRow("Titel", self.title)
        form.addRow("Datum van de brief", self.date)
        form.addRow("Kenmerk", self.kenmerk)
        form.addRow("Afzender", self.sender_box)
        form.addRow("Kind", self.child)
        form.addRow("Traject", self.traject)
        form.addRow("Welk traject?", self.tie)
        form.addRow("Besluit", self.outcome)
        form.addRow("Uitleg over bezwaar", self.remedy)
        form.addRow("Uw brief ontvangen op", self.receipt)
        form.addRow("Verdaging", self.weeks)
        form_box = QWidget()
        form_layout = QVBoxLayout(form_box)
        form_layout.addLayout(form)
        form_layout.addWidget(QLabel("<b>Bij opslaan</b>"))
        form_layout.addWidget(self.effect)
        form_layout.addWidget(self.changes)
        form_layout.addWidget(self.warnings)
        form_layout.addStretch()
        # The form scrolls up and down inside (a small screen, 150 %), never sideways: the letter's text
        # beside it keeps its share of the width instead of being squeezed to a narrow strip.
        form_area = QScrollArea()
        form_area.setObjectName("intake-form")
        form_area.setWidgetResizable(True)
        form_area.setFrameShape(QFrame.Shape.NoFrame)
        form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_area.setWidget(form_box)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("intake-text")
        self.text.setAccessibleName("Tekst uit het bestand")

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.files)
        splitter.addWidget(form_area)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 1)
        width = self.width()
        splitter.setSizes([min(220, width // 6), width * 45 // 100, width * 40 // 100])

        self.status = QLabel("Controleer elk voorstel. Pas aan wat niet klopt; pas bij Opslaan komt het in het "
                             "dossier." + (" Het inlezen is afgebroken: alleen de gelezen bestanden staan "
                                           "hier." if stopped_early else ""))
        self.status.setWordWrap(True)
        self.accept_button = QPushButton("Opslaan")
        self.accept_button.setDefault(True)
        self.skip_button = QPushButton("Overslaan")
        self.all_button = QPushButton("Alles opslaan")
        # Only for a letter with the kenmerk and date of one in the dossier (never the very same file).
        self.anyway_button = QPushButton("Toch opslaan als ander document")
        self.anyway_button.setObjectName("intake-anyway")
        self.anyway_button.setVisible(False)
        self.anyway_button.clicked.connect(lambda _c=False: self.accept_current(anyway=True))
        self.close_button = QPushButton("Sluiten")
        self.accept_button.clicked.connect(lambda _c=False: self.accept_current())
        self.skip_button.clicked.connect(lambda _c=False: self.skip_current())
        self.all_button.clicked.connect(lambda _c=False: self.accept_all())
        self.close_button.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.anyway_button, self.skip_button, self.all_button, self.accept_button,
                       self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._fill_list()
        self.files.setCurrentRow(0)

    # -- showing --------------------------------------------------------------------------------
    def _label(self, index: int) -> str:
        item = self.items[index]
        date = short_date(item.date) if item.date else "zonder datum"
        mark = {PENDING: "", STORED: "✓ ", SKIPPED: "– ", ALREADY: "= "}[self.states[index]]
        return f"{mark}{date}  {item.kind_label}\n{item.source}"

    def _fill_list(self) -> None:
        self.files.blockSignals(True)
        row = self.files.currentRow()
        self.files.clear()
        for index in range(len(self.items)):
            self.files.addItem(self._label(index))
        self.files.setCurrentRow(row)
        self.files.blockSignals(False)

    def _show(self, index: int) -> None:
        if self.current >= 0 and self.states[self.current] == PENDING:
            self.items[self.current] = self._from_form(self.items[self.current], strict=False)
        self.current = index
        if index < 0:
            return
        item = self.items[index]
        self.recognised.setText(item.kind_label + ("" if item.kind else " (niet herkend: kies zelf)"))
        self.kind.setCurrentIndex(max(0, self.kind.findData(item.doc_kind)))
        self.title.setText(item.title)
        self.title.setCursorPosition(0)          # the start of a long title in view, not its end
        self.date.setText(short_date(item.date) if item.date else "")
        self.kenmerk.setText(item.kenmerk)
        position = self.sender_box.findData(item.sender_contact_id) if item.sender_contact_id else -1
        if position >= 0:
            self.sender_box.setCurrentIndex(position)
        else:
            self.sender_box.setEditText(item.sender)
        self.traject.setCurrentIndex(max(0, self.traject.findData(item.traject_id)))
        self._ask_tie(index)
        self.child.setText(item.child_name or "Niet gevonden")
        self.outcome.setText(OUTCOME_TEXT[item.outcome])
        self.remedy.setText(("Ja: " + html.escape(item.remedy_clause[:200])) if item.remedy_clause
                            else "Nee, niet gevonden")
        self.receipt.setText(short_date(item.receipt_date) if item.receipt_date else "")
        self.weeks.setValue(item.postponement_weeks or 0)
        self.warnings.setText("\n".join(item.warnings))
        self.text.setPlainText(item.text)
        editable = self.states[index] == PENDING
        for widget in (self.kind, self.title, self.date, self.kenmerk, self.sender_box, self.traject, self.receipt,
                       self.weeks):
            widget.setEnabled(editable)
        self._show_rows_for(item.doc_kind)
        self._update_buttons()
        self._update_effect()

    def _tie_open(self, index: int) -> bool:
        return bool(self.items[index].tied_trajecten) and index not in self.tie_resolved

    def _ask_tie(self, index: int) -> None:
        for choice in self.tie_choices:
            choice.deleteLater()
        self.tie_choices = []
        asking = self._tie_open(index) and self.states[index] == PENDING
        self.form.setRowVisible(self.tie, asking)
        if not asking:
            return
        tied = self.items[index].tied_trajecten
        self.tie_question.setText("Deze brief past even goed bij " + " en ".join(f"'{title}'" for _id, title in tied)
                                  + ": in beide wacht een termijn erop. Bij welk traject hoort hij?")
        for traject_id, title in tied:
            choice = QRadioButton(title)
            choice.setObjectName("intake-tie-choice")
            choice.toggled.connect(lambda on, chosen=traject_id: self._tie_resolved(chosen) if on else None)
            self.tie_layout.addWidget(choice)
            self.tie_choices.append(choice)

    def _tie_resolved(self, traject_id) -> None:
        if self.current < 0:
            return
        self.tie_resolved.add(self.current)
        self.traject.setCurrentIndex(max(0, self.traject.findData(traject_id)))
        self.form.setRowVisible(self.tie, False)
        self._update_effect()

    def _show_rows_for(self, doc_kind) -> None:
        shown = intake.review_fields(doc_kind or "")
        for name, widget in self.detail_rows.items():
            self.form.setRowVisible(widget, name in shown)

    def _update_buttons(self) -> None:
        pending = self.current >= 0 and self.states[self.current] == PENDING and not self.busy
        self.accept_button.setEnabled(pending)
        self.skip_button.setEnabled(pending)
        self.anyway_button.setEnabled(pending)
        self.all_button.setEnabled(not self.busy and PENDING in self.states)

    def _from_form(self, item, *, strict: bool):
        def day(text: str, what: str):
            text = text.strip()
            if not text:
                return None
            try:
                return parse_date(text)
            except ValueError:
                if strict:
                    raise ValueError(f"{what}: '{text}' is geen datum (bijvoorbeeld 02-11-2026).") from None
                return None

        sender_id = self.sender_box.currentData() if self.sender_box.currentText() == self.sender_box.itemText(
            self.sender_box.currentIndex()) else None
        return item.with_changes(
            doc_kind=self.kind.currentData(), title=self.title.text().strip(),
            date=day(self.date.text(), "Datum van de brief"), kenmerk=self.kenmerk.text().strip(),
            sender=self.sender_box.currentText().strip(), sender_contact_id=sender_id,
            traject_id=self.traject.currentData(), receipt_date=day(self.receipt.text(), "Ontvangen op"),
            postponement_weeks=self.weeks.value() or None)

    def _update_effect(self) -> None:
        if self.current < 0:
            return
        self.anyway_button.setVisible(False)
        if self.states[self.current] != PENDING:
            self.effect.setText("Al " + self.states[self.current] + ".")
            self.changes.clear()
            self.changes.setVisible(False)
            return
        self.changes.clear()
        if self._tie_open(self.current):
            self.effect.setText("Kies eerst het traject; dan ziet u hier wat opslaan verandert.")
            self.changes.setVisible(False)
            return
        try:
            item = self._from_form(self.items[self.current], strict=True)
            self.effect.setText(intake.effect(self.session, item))
            found = intake.already_there(self.session, item) if item.date is not None else None
            self.anyway_button.setVisible(found is not None and found.may_store_anyway)
            for change in intake.changes(self.session, item).changes:
                row = QListWidgetItem(change.describe())
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Checked)
                self.changes.addItem(row)
            self.changes.setVisible(self.changes.count() > 0)
        except ValueError as exc:
            self.effect.setText(str(exc))
        except Exception as exc:  # noqa: BLE001 - e.g. the dossier was locked meanwhile
            self.effect.setText(describe(exc))

    # -- storing ----------------------------------------------------------------------------------
    def accept_current(self, *, anyway: bool = False) -> None:
        if self.busy or self.current < 0 or self.states[self.current] != PENDING:
            return
        try:
            item = self._from_form(self.items[self.current], strict=True)
        except ValueError as exc:
            self.status.setText(str(exc))
            self.accept_all_running = False
            return
        if self._tie_open(self.current):
            self.status.setText("Kies eerst bij welk traject deze brief hoort: hij past even goed bij meer dan één.")
            self.accept_all_running = False
            return
        if item.date is None:
            self.status.setText("Vul de datum van de brief in; daar hangt de termijn van af.")
            self.date.setFocus()
            self.accept_all_running = False
            return
        self.items[self.current] = item
        self.busy = True
        self._update_buttons()
        index = self.current
        self.status.setText(f"Opslaan: {item.source}…")
        skip = [number for number in range(self.changes.count())
                if self.changes.item(number).checkState() != Qt.CheckState.Checked]
        runner().run(self, intake.accept, self.session, item, skip=skip, anyway=anyway,
                     on_done=lambda result: self._stored(index, result), on_failed=self._store_failed)

    def _stored(self, index: int, result) -> None:
        self.busy = False
        if result.already_there is not None:      # nothing stored: the dossier holds this letter
            self.states[index] = ALREADY
            self.status.setText(f"{self.items[index].source}: " + " ".join(result.effects))
        else:
            self.states[index] = STORED
            self.status.setText(f"{self.items[index].source} opgeslagen. " + " ".join(result.effects))
            self.stored.emit()
        self._fill_list()
        self._next_pending()
        if self.accept_all_running and PENDING in self.states:
            self.accept_current()
        else:
            self.accept_all_running = False

    def _store_failed(self, exc) -> None:
        self.busy = False
        self.accept_all_running = False
        self.status.setText("Niet opgeslagen: " + describe(exc))
        self._update_buttons()

    def skip_current(self) -> None:
        if self.busy or self.current < 0 or self.states[self.current] != PENDING:
            return
        self.states[self.current] = SKIPPED
        self.status.setText(f"{self.items[self.current].source} overgeslagen; er is niets opgeslagen.")
        self._fill_list()
        self._next_pending()

    def accept_all(self) -> None:
        """Store every remaining suggestion as shown, oldest first (each can still be checked first)."""
        if self.busy or PENDING not in self.states:
            return
        self.accept_all_running = True
        if self.states[self.current] != PENDING:
            self.files.setCurrentRow(self.states.index(PENDING))
        self.accept_current()

    def _next_pending(self) -> None:
        following = [i for i in range(len(self.items)) if self.states[i] == PENDING]
        if following:
            after = [i for i in following if i > self.current]
            self.files.setCurrentRow((after or following)[0])
        else:
            self._show(self.current)
            stored = self.states.count(STORED)
            there = self.states.count(ALREADY)
            self.status.setText(f"{self.status.text()} Klaar: {stored} opgeslagen, "
                                f"{self.states.count(SKIPPED)} overgeslagen"
                                + (f", {there} stond{'en' if there > 1 else ''} al in het dossier." if there
                                   else "."))
        self._update_buttons()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.busy:
            return
        super().keyPressEvent(event)
