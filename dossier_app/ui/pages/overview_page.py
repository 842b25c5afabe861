"""The first page answers 'what now?': per traject the open deadlines with a traffic light and the
letter that is the next step; open afspraken; letters waiting for a receipt; the last entries.
An empty dossier shows the first three steps instead."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from dossier_app.dutch import count, short_date, weekday_date
from dossier_app.services import letters, next_steps, timeline
from dossier_app.services.vocabulary import ENTRY_KINDS
from dossier_app.ui import theme
from dossier_app.ui.pages.base import Page

LIGHT = {next_steps.RED: "error", next_steps.ORANGE: "attention", next_steps.GREEN: "success"}   # theme roles
LIGHT_WORD = {next_steps.RED: "verlopen", next_steps.ORANGE: "binnenkort", next_steps.GREEN: "op tijd"}


def days_text(step) -> str:
    if step.days_left < 0:
        late = -step.days_left
        return f"{late} {'dag' if late == 1 else 'dagen'} te laat"
    if step.days_left == 0:
        return "vandaag"
    return f"nog {step.days_left} {'dag' if step.days_left == 1 else 'dagen'}"


def _label(text: str, *, wrap=True, name="") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.RichText)
    if name:
        label.setObjectName(name)
    return label


class OverviewPage(Page):
    name, title = "overzicht", "Overzicht"
    letter_requested = Signal(str, object)     # kind id, traject id

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self.summary = _label("", name="overview-summary")
        self.layout_.addWidget(self.summary)
        self.content = QWidget()
        self.content.setObjectName("overview-content")
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 8, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(self.content)
        self.layout_.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        for kind in ("gesprek", "document", "opname", "notitie"):
            button = QPushButton(f"Nieuw: {ENTRY_KINDS[kind].lower()}")
            button.clicked.connect(lambda _c=False, k=kind: self.new_entry.emit(k))
            buttons.addWidget(button)
        letter = QPushButton("Nieuwe brief…")
        letter.clicked.connect(lambda _c=False: self.letter_requested.emit("", None))
        buttons.addWidget(letter)
        buttons.addStretch()
        self.layout_.addLayout(buttons)
        self.step_buttons: list[QPushButton] = []

    # -- filling --------------------------------------------------------------------------------
    def _clear_content(self):
        while self.content_layout.count():
            item = self.content_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.step_buttons = []

    def refresh(self):
        overview = next_steps.overview(self.session)
        self._clear_content()
        steps = [step for group in overview.trajecten for step in group.steps] + list(overview.agreements)
        overdue = sum(1 for step in steps if step.state == "verlopen")
        entries = timeline.count_entries(self.session)
        text = (f"Dossier <b>{html.escape(self.session.name)}</b>: {count(entries, 'item', 'items')} in de "
                f"tijdlijn, {count(len(steps), 'open termijn of afspraak', 'open termijnen en afspraken')}")
        if overdue:
            text += ", waarvan " + theme.span("error", f"<b>{overdue} verlopen</b>")
        self.summary.setText(text + ".")
        if overview.is_empty:
            self._first_steps(overview.first_steps)
        else:
            self._what_now(overview)
        self.content_layout.addStretch(1)

    def _first_steps(self, first_steps):
        self.content_layout.addWidget(_label("<h3>Om te beginnen</h3>"))
        for number, (step, why) in enumerate(first_steps, start=1):
            self.content_layout.addWidget(_label(f"<p><b>{number}. {html.escape(step)}</b><br>"
                                                 f"{theme.span('muted', html.escape(why))}</p>",
                                                 name="first-step"))

    def _what_now(self, overview):
        self.content_layout.addWidget(_label("<h3>Wat nu?</h3>"))
        for group in overview.trajecten:
            self.content_layout.addWidget(self._traject_box(group))
        if overview.agreements:
            self.content_layout.addWidget(_label("<h3>Afspraken uit gesprekken</h3>"))
            grid = self._grid()
            for row, step in enumerate(overview.agreements):
                self._step_row(grid, row, step)
        if overview.awaiting_receipt:
            self.content_layout.addWidget(_label("<h3>Brieven die wachten op een ontvangstbevestiging</h3>"))
            titles = {kind.id: kind.title for kind in letters.kinds()}
            lines = "".join(f"<li>{html.escape(titles.get(record.kind, record.kind))}: "
                            f"{html.escape(record.subject)} — verstuurd op {short_date(record.sent_on)}</li>"
                            for record in overview.awaiting_receipt)
            self.content_layout.addWidget(_label(f"<ul>{lines}</ul>", name="awaiting-receipt"))
        if overview.recent:
            self.content_layout.addWidget(_label("<h3>Laatst vastgelegd</h3>"))
            lines = "".join(f"<li>{short_date(item.date)} — {html.escape(ENTRY_KINDS.get(item.kind, item.kind))}: "
                            f"{html.escape(item.title)}</li>" for item in overview.recent)
            self.content_layout.addWidget(_label(f"<ul>{lines}</ul>", name="recent-entries"))

    def _grid(self) -> QGridLayout:
        frame = QFrame()
        grid = QGridLayout(frame)
        grid.setContentsMargins(6, 0, 0, 6)
        grid.setColumnStretch(2, 1)
        self.content_layout.addWidget(frame)
        return grid

    def _traject_box(self, group) -> QWidget:
        box = QFrame()
        box.setObjectName("traject-steps")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        status = " " + theme.span("muted", f"({html.escape(group.status)})") if group.status else ""
        layout.addWidget(_label(f"<b>{html.escape(group.title)}</b>{status}"))
        if not group.steps:
            layout.addWidget(_label(theme.span("muted", "Geen open termijnen.")))
            return box
        inner = QFrame()
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(2, 1)
        layout.addWidget(inner)
        for row, step in enumerate(group.steps):
            self._step_row(grid, row, step)
        return box

    def _step_row(self, grid: QGridLayout, number: int, step) -> None:
        """Two grid rows a step: the light, the day and what it is; under it the next step (a long
        button label never squeezes the text beside it)."""
        row = number * 2
        colour = theme.role(LIGHT[step.colour]).foreground
        light = _label(f"<span style='color:{colour}; font-size:16pt'>●</span>", wrap=False)
        light.setAccessibleName(LIGHT_WORD[step.colour])
        light.setToolTip(LIGHT_WORD[step.colour])
        when = _label(f"<b style='color:{colour}'>{html.escape(days_text(step))}</b><br>"
                      f"{theme.span('muted', html.escape(weekday_date(step.due_date)))}", wrap=False)
        what = _label(f"{html.escape(step.title)}"
                      + (f"<br>{theme.span('muted', html.escape(step.advice))}"
                         if step.advice and not step.has_letter else ""), name="step-text")
        grid.addWidget(light, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(when, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(what, row, 2, Qt.AlignmentFlag.AlignTop)
        if step.has_letter:
            button = QPushButton(step.label)
            button.setObjectName("next-step-button")
            button.setToolTip("Opent de brief, al ingevuld uit het dossier.")
            button.clicked.connect(lambda _c=False, s=step: self.letter_requested.emit(s.kind_id, s.traject_id))
            self.step_buttons.append(button)
            grid.addWidget(button, row + 1, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        elif step.label != step.title:
            grid.addWidget(_label(f"<i>{html.escape(step.label)}</i>", name="step-advice"), row + 1, 1, 1, 2)

    def clear(self):
        self._clear_content()
        self.summary.clear()
