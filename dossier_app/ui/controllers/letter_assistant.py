"""The logic behind the letter assistant: the choices made so far, rendering off the GUI thread
(debounced), the user's own final text, saving.

Everything about the letter itself (fields, blocks, texts, the law) comes from the services.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from dossier_app.errors import DossierError, MissingContact
from dossier_app.services import letter_assistant, letters
from dossier_app.services.letters import MissingFields
from dossier_app.ui.messages import describe
from dossier_app.ui.tasks import runner

RENDER_DELAY_MS = 350
PLACEHOLDER = "[nog invullen]"


def _render(session, kind_id, traject_id, answers, today, edited, about, basis):
    """On a worker thread: the letter, what is still missing (shown as a placeholder), and what was
    read from the dossier for it (``basis``: read now when the step has none yet)."""
    missing = []
    if basis is None:
        basis = letters.letter_basis(session, kind_id, traject_id=traject_id, answers=answers, today=today,
                                     about=about)
    try:
        rendered = letters.prepare(session, kind_id, traject_id=traject_id, answers=answers, today=today,
                                   about=about, basis=basis)
    except MissingFields as exc:
        missing = list(exc.missing)
        filled = dict(answers, **{name: PLACEHOLDER for name, _question in missing})
        rendered = letters.prepare(session, kind_id, traject_id=traject_id, answers=filled, today=today,
                                   about=about, basis=basis)
    if edited is not None:
        rendered = letters.with_edited_text(rendered, edited)
    return rendered, missing, basis


class LetterAssistantController(QObject):
    rendered = Signal(object, list)     # RenderedLetter, [(name, question)] still missing
    failed = Signal(str)
    missing_contact = Signal(str)       # 'gemeente' or 'ouder': the letter needs it before it can be made

    def __init__(self, session, *, kind_id: str = "", traject_id=None, today: dt.date | None = None,
                 parent=None):
        super().__init__(parent)
        self.session = session
        self.today = today or dt.date.today()
        self.kind_id = kind_id
        self.traject_id = traject_id
        self.form: letter_assistant.LetterForm | None = None
        self.values: dict[str, str] = {}
        self.ticked: set[str] = set()
        self.enclosure_ids: set[int] = set()
        self.about: dict[str, int] = {}        # which beschikking, verslag, gesprek … (when not the newest)
        self.edited: str | None = None
        self.last: letters.RenderedLetter | None = None
        self.missing: list = []
        self.saved_id: int | None = None
        self.saved_path: Path | None = None
        self._generation = 0
        self._basis = None      # what the letter read from the dossier: once per step, not per keystroke
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_DELAY_MS)
        self._timer.timeout.connect(self._render_now)

    # -- choices -----------------------------------------------------------------------
    def kind_choices(self):
        return letter_assistant.kinds_for_traject(self.session, self.traject_id, first=self.kind_id,
                                                  today=self.today)

    def choose_kind(self, kind_id: str) -> None:
        if kind_id != self.kind_id:
            self.kind_id = kind_id
            self.form = None

    def obvious_traject(self):
        if self.traject_id is not None:
            return self.traject_id
        return letter_assistant.default_traject(self.session, self.kind_id, self.today)

    def missing_items(self, traject_id) -> tuple[str, ...]:
        choice = next(c for c in letter_assistant.kinds_for_traject(self.session, traject_id, today=self.today)
                      if c.id == self.kind_id)
        return choice.missing

    def about_choices(self, traject_id):
        """The items the letter is about where the traject offers more than one (newest first)."""
        return letters.about_choices(self.session, self.kind_id, traject_id)

    def load_form(self, traject_id) -> letter_assistant.LetterForm:
        """The fields, blocks and attachments for the chosen kind and traject (starts afresh)."""
        self.traject_id = traject_id
        self._basis = None
        self.form = letter_assistant.letter_form(self.session, self.kind_id, traject_id, self.today,
                                                 about=self.about)
        self.values = {field.name: field.value for field in self.form.fields}
        self.ticked = {block.id for block in self.form.blocks if block.ticked}
        self.enclosure_ids = {choice.id for choice in self.form.attachments if choice.suggested}
        self.edited = None
        return self.form

    def set_value(self, name: str, value: str) -> None:
        self.values[name] = value
        self._changed()

    def set_block(self, block_id: str, on: bool) -> None:
        (self.ticked.add if on else self.ticked.discard)(block_id)
        self._changed()

    def set_enclosure(self, attachment_id: int, on: bool) -> None:
        (self.enclosure_ids.add if on else self.enclosure_ids.discard)(attachment_id)
        self._changed()

    def _changed(self) -> None:
        self.edited = None       # new choices: the text is drafted again
        self.request_render()

    def set_edited_text(self, markdown: str) -> None:
        self.edited = markdown
        self.request_render()

    def answers(self) -> dict:
        answers = {name: value for name, value in self.values.items()}
        ordered = [block.id for block in self.form.blocks if block.id in self.ticked] if self.form else []
        answers[letter_assistant.BLOCKS_KEY] = ",".join(ordered)
        extra = letter_assistant.extra_enclosure_lines(self.form, self.enclosure_ids) if self.form else ""
        if extra:
            answers[letter_assistant.ENCLOSURES_KEY] = extra
        return answers

    # -- rendering ------------------------------------------------------------------------
    def request_render(self) -> None:
        self._timer.start()

    def render_now(self) -> None:
        """Render at once, reading the dossier afresh (a new step); typing re-renders only the text."""
        self._timer.stop()
        self._basis = None
        self._render_now()

    def _render_now(self) -> None:
        if not self.kind_id or self.form is None:
            return
        self._generation += 1
        generation = self._generation

        def done(result):
            if generation == self._generation:
                self.last, self.missing, self._basis = result
                self.rendered.emit(self.last, self.missing)

        def failed(exc):
            self._basis = None
            if generation == self._generation:
                self.failed.emit(describe(exc))
                if isinstance(exc, MissingContact):
                    self.missing_contact.emit(exc.what)

        runner().run(self, _render, self.session, self.kind_id, self.traject_id, self.answers(), self.today,
                     self.edited, dict(self.about), self._basis, on_done=done, on_failed=failed)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    @property
    def complete(self) -> bool:
        return self.last is not None and not self.missing

    # -- saving -------------------------------------------------------------------------------
    def save(self, target: Path, *, overwrite: bool = False) -> int:
        """Write the .docx and keep the letter (with the final text) in the log."""
        if not self.complete or self.last is None:
            raise DossierError("Vul eerst de gegevens in die nog ontbreken.")
        self.saved_id = letters.save_docx(self.session, self.last, Path(target), on=self.today,
                                          overwrite=overwrite)
        self.saved_path = Path(target)
        return self.saved_id

    def export_enclosures(self, folder: Path, *, overwrite: bool = False) -> list[Path]:
        return letter_assistant.export_enclosures(self.session, sorted(self.enclosure_ids), folder,
                                                  overwrite=overwrite)
