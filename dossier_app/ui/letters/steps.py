"""The steps of the letter assistant, one widget each. They show and ask; the controller decides."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

from dossier_app.errors import MissingContact
from dossier_app.services import family, letters
from dossier_app.ui import theme
from dossier_app.ui.letters.preview import letter_html
from dossier_app.ui.read_aloud import ReadAloudButton

HINT_STYLE = ("muted", "")                  # theme roles (ui/theme.py) with extra CSS
MISSING_STYLE = ("error", "font-weight:bold;")
FROM_DOSSIER_STYLE = ("success", "")


def hint(text: str, style: tuple[str, str] = HINT_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    theme.apply(label, *style)
    return label


class Step(QWidget):
    title = ""
    help_place = ("brieven", "")       # F1: the help topic and the words to show in it
    changed = Signal()     # whether 'Volgende' may be pressed changed

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel(f"<h3>{self.title}</h3>")
        self.heading.setObjectName("step-heading")
        self.heading.setAccessibleName(self.title)
        self.heading.setFocusPolicy(Qt.ClickFocus)       # focused when the step opens; not a Tab stop
        self.layout_.addWidget(self.heading)

    def enter(self) -> None:
        """Called when the step is shown."""

    def ready(self) -> bool:
        return True

    def problem(self) -> str:
        return ""


class KindStep(Step):
    title = "1. Welke brief?"
    help_place = ("brieven", "Kies de soort brief")

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        self.layout_.addWidget(hint("De brieven die bij deze situatie passen staan bovenaan. Kies er een; "
                                    "in de volgende stappen vult de app hem voor u in."))
        self.list = QListWidget()
        self.list.setObjectName("letter-kinds")
        self.list.setAccessibleName("Soorten brieven")
        # The chosen letter stays clearly marked when the focus moves on (WCAG 2.2: 3:1 against the list):
        # the inactive selection colour of most styles is a pale grey.
        palette = self.list.palette()
        palette.setColor(QPalette.Inactive, QPalette.Highlight, palette.color(QPalette.Active, QPalette.Highlight))
        palette.setColor(QPalette.Inactive, QPalette.HighlightedText,
                         palette.color(QPalette.Active, QPalette.HighlightedText))
        self.list.setPalette(palette)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        # A choice is a selection (click, Space, arrows): tabbing into the list selects nothing by itself.
        self.list.itemSelectionChanged.connect(self._chosen)
        self.layout_.addWidget(self.list, 1)

    def enter(self):
        if self.list.count():
            return
        for choice in self.controller.kind_choices():
            text = f"{choice.title}\n{choice.summary}"
            if not choice.fits:
                text += f"\nNog nodig in het dossier: {', '.join(choice.missing)}."
            item = QListWidgetItem(text)       # the plain text: for screen readers and keyboard search
            item.setData(Qt.UserRole, choice.id)
            item.setForeground(Qt.transparent)
            self.list.addItem(item)
            shown = QLabel(f"<b>{html.escape(choice.title)}</b><br>{html.escape(choice.summary)}"
                           + ("" if choice.fits else "<br>" + theme.span("attention", "Nog nodig in het dossier: "
                              f"{html.escape(', '.join(choice.missing))}.")))
            shown.setWordWrap(True)
            shown.setContentsMargins(4, 3, 4, 3)
            shown.setAttribute(Qt.WA_TransparentForMouseEvents)
            if not choice.fits:
                theme.apply(shown, "muted")
            self.list.setItemWidget(item, shown)
            width = max(self.list.viewport().width(), 720) - 16
            item.setSizeHint(QSize(width, shown.heightForWidth(width) + 8))
            if choice.id == self.controller.kind_id:
                self.list.setCurrentItem(item)

    def _chosen(self):
        selected = self.list.selectedItems()
        if selected:
            self.controller.choose_kind(selected[0].data(Qt.UserRole))
        self.changed.emit()

    def select_kind(self, kind_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == kind_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def ready(self):
        return bool(self.list.selectedItems())

    def problem(self):
        return "" if self.ready() else "Kies een brief."


class TrajectStep(Step):
    title = "2. Traject en bijlagen"
    help_place = ("brieven", "Kies het traject")

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        form = QFormLayout()
        self.traject = QComboBox()
        self.traject.setObjectName("letter-traject")
        self.traject.setAccessibleName("Traject")
        self.traject.currentIndexChanged.connect(lambda _i: self._traject_changed())
        form.addRow("Traject", self.traject)
        self.layout_.addLayout(form)
        # Which beschikking, verslag, gesprek … the letter is about, where the traject has more than one.
        self.about_form = QFormLayout()
        self.about_boxes: dict[str, QComboBox] = {}
        self.layout_.addLayout(self.about_form)
        self.about = QLabel()
        self.about.setObjectName("letter-about")
        self.about.setWordWrap(True)
        self.layout_.addWidget(self.about)
        self.lacking = hint("", MISSING_STYLE)
        self.layout_.addWidget(self.lacking)
        box = QGroupBox("Bijlagen uit het dossier (worden naast de brief opgeslagen)")
        inner = QVBoxLayout(box)
        self.enclosures = QListWidget()
        self.enclosures.setObjectName("letter-enclosures")
        self.enclosures.setAccessibleName("Bijlagen")
        self.enclosures.itemChanged.connect(self._enclosure_changed)
        inner.addWidget(self.enclosures)
        self.no_enclosures = hint("Er zijn in dit traject geen bijlagen om mee te sturen.")
        inner.addWidget(self.no_enclosures)
        self.layout_.addWidget(box, 1)
        self._loaded_for = None
        self._filling = False

    def reload(self):
        """Read the dossier again (after something was added that the letter needs)."""
        self._loaded_for = None
        self.enter()

    def enter(self):
        key = self.controller.kind_id
        if self._loaded_for == key:
            return
        self._loaded_for = key
        self._filling = True
        self.traject.clear()
        for traject in family.trajecten(self.controller.session):
            self.traject.addItem(traject.title, traject.id)
        self.traject.addItem("Geen traject (het hele dossier)", None)
        wanted = self.controller.obvious_traject()
        index = self.traject.findData(wanted)
        self._filling = False
        self.traject.setCurrentIndex(max(0, index))
        self._traject_changed()

    def _traject_changed(self):
        if self._filling or self.traject.count() == 0:
            return
        self.controller.about = {}
        self._fill_about_choices(self.traject.currentData())
        self._load()

    def _fill_about_choices(self, traject_id):
        while self.about_form.rowCount():
            self.about_form.removeRow(0)
        self.about_boxes = {}
        for choice in self.controller.about_choices(traject_id):
            box = QComboBox()
            box.setObjectName(f"letter-about-{choice.item}")
            box.setAccessibleName(choice.label)
            for entry_id, text in choice.options:
                box.addItem(text, entry_id)
            box.currentIndexChanged.connect(lambda _i, item=choice.item, box=box: self._about_chosen(item, box))
            self.about_form.addRow(choice.label, box)
            self.about_boxes[choice.item] = box

    def _about_chosen(self, item, box):
        self.controller.about[item] = box.currentData()
        self._load()

    def _load(self):
        traject_id = self.traject.currentData()
        missing = self.controller.missing_items(traject_id)
        self.enclosures.blockSignals(True)
        self.enclosures.clear()
        if missing:
            self.controller.form = None
            self.about.clear()
            self.lacking.setText("Voor deze brief mist dit traject nog: " + ", ".join(missing)
                                 + ". Kies een ander traject, of leg het eerst vast in de tijdlijn.")
            self.no_enclosures.show()
        else:
            try:
                form = self.controller.load_form(traject_id)
            except MissingContact as exc:
                self.controller.form = None
                self.about.clear()
                self.lacking.setText(str(exc))
                self.no_enclosures.show()
                self.enclosures.blockSignals(False)
                self.controller.missing_contact.emit(exc.what)
                self.changed.emit()
                return
            self.lacking.clear()
            lines = "".join(f"<li>{html.escape(line)}</li>" for line in form.about)
            self.about.setText(f"<b>Deze brief gaat over:</b><ul>{lines}</ul>" if lines else "")
            for choice in form.attachments:
                item = QListWidgetItem(f"{choice.filename} — {choice.entry_title}")
                item.setData(Qt.UserRole, choice.id)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked if choice.id in self.controller.enclosure_ids else Qt.Unchecked)
                self.enclosures.addItem(item)
            self.no_enclosures.setVisible(not form.attachments)
        self.enclosures.blockSignals(False)
        self.changed.emit()

    def _enclosure_changed(self, item):
        self.controller.set_enclosure(item.data(Qt.UserRole), item.checkState() == Qt.Checked)

    def ready(self):
        return self.controller.form is not None

    def problem(self):
        return "" if self.ready() else "Kies een traject dat heeft wat deze brief nodig heeft."


class PreviewPane(QTextBrowser):
    """The letter as it will print, from the same blocks the .docx is written from."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Voorbeeld van de brief")
        self.setOpenLinks(False)
        # The whole pane looks like paper, in a dark theme too (not white strips behind each paragraph).
        paper, palette = theme.role("paper"), self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(paper.background))
        palette.setColor(QPalette.ColorRole.Text, QColor(paper.foreground))
        self.setPalette(palette)

    def show_letter(self, rendered) -> None:
        bar = self.verticalScrollBar().value()
        self.setHtml(letter_html(rendered.blocks))
        self.verticalScrollBar().setValue(bar)


class CheckRow(QWidget):
    """A checkbox with a title and a one-line explanation that wrap; clicking the text ticks the box."""

    def __init__(self, box: QCheckBox, title: str, explanation: str, parent=None):
        super().__init__(parent)
        self.box = box
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        self.title = QLabel(title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        texts.addWidget(self.title)
        texts.addWidget(hint(explanation))
        layout.addLayout(texts, 1)

    def mousePressEvent(self, event):
        if self.box.isEnabled():
            self.box.toggle()
        super().mousePressEvent(event)


class FieldsStep(Step):
    title = "3. Gegevens en argumenten"
    help_place = ("brieven", "Vul aan wat ontbreekt")

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        splitter = QSplitter(Qt.Horizontal)
        left = QWidget()
        self.left_layout = QVBoxLayout(left)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(left)
        splitter.addWidget(scroll)
        self.preview = PreviewPane("letter-preview")
        splitter.addWidget(self.preview)
        splitter.setSizes([520, 480])
        self.layout_.addWidget(splitter, 1)
        self.status = hint("")
        self.status.setObjectName("letter-status")
        self.layout_.addWidget(self.status)
        self.warnings = QLabel()
        self.warnings.setObjectName("letter-warnings")
        self.warnings.setWordWrap(True)
        theme.apply(self.warnings, "warning", "padding: 6px;")
        self.warnings.hide()
        self.layout_.addWidget(self.warnings)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.markers: dict[str, QLabel] = {}
        self.checkboxes: dict[str, QCheckBox] = {}
        self._built_for = None

    def enter(self):
        form = self.controller.form
        if form is None or self._built_for is form:
            self.controller.render_now()
            return
        self._built_for = form
        while self.left_layout.count():
            item = self.left_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.editors.clear()
        self.markers.clear()
        self.checkboxes.clear()
        self.left_layout.addWidget(QLabel("<b>Gegevens</b>"))
        for field in form.fields:
            question = QLabel(field.question + (" *" if field.required else ""))
            question.setWordWrap(True)
            editor = QPlainTextEdit(field.value)
            editor.setObjectName(f"veld-{field.name}")
            editor.setAccessibleName(field.question)
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(64)
            editor.textChanged.connect(lambda name=field.name, e=editor: self._field_changed(name, e))
            marker = hint("")
            self.editors[field.name] = editor
            self.markers[field.name] = marker
            self.left_layout.addWidget(question)
            self.left_layout.addWidget(editor)
            self.left_layout.addWidget(marker)
            self._mark(field.name, field.value, field.from_dossier)
        if form.blocks:
            self.left_layout.addWidget(QLabel("<b>Argumenten</b> (vink aan wat voor u geldt)"))
        for block in form.blocks:
            box = QCheckBox()
            box.setObjectName(f"blok-{block.id}")
            box.setAccessibleName(block.title)
            box.setChecked(block.ticked)
            box.setEnabled(block.available)
            box.toggled.connect(lambda on, b=block.id: self.controller.set_block(b, on))
            self.checkboxes[block.id] = box
            explanation = block.explanation if block.available else \
                block.explanation + " (Het dossier heeft hiervoor nog niet wat nodig is.)"
            self.left_layout.addWidget(CheckRow(box, block.title, explanation))
        self.left_layout.addStretch(1)
        self.controller.render_now()

    def _field_changed(self, name, editor):
        self.controller.set_value(name, editor.toPlainText())
        self._mark(name, editor.toPlainText(), False)

    def _mark(self, name, value, from_dossier):
        field = next(f for f in self.controller.form.fields if f.name == name)
        marker = self.markers[name]
        if not value.strip() and field.required:
            marker.setText("Nog invullen: deze brief kan niet zonder.")
            theme.apply(marker, *MISSING_STYLE)
        elif from_dossier:
            marker.setText("Ingevuld uit het dossier; pas het gerust aan.")
            theme.apply(marker, *FROM_DOSSIER_STYLE)
        else:
            marker.clear()

    def show_letter(self, rendered, missing):
        self.preview.show_letter(rendered)
        if missing:
            self.status.setText("Nog in te vullen: " + "; ".join(question for _name, question in missing))
            theme.apply(self.status, *MISSING_STYLE)
        else:
            self.status.setText("Alles is ingevuld. Het voorbeeld laat zien hoe de brief wordt afgedrukt.")
            theme.apply(self.status, *HINT_STYLE)
        # Things for the writer to know that are not in the letter (e.g. a second parent with gezag).
        self.warnings.setText("\n".join(f"Let op: {warning}" for warning in rendered.warnings))
        self.warnings.setVisible(bool(rendered.warnings))
        self.changed.emit()

    def ready(self):
        return self.controller.complete and not self.controller.pending

    def problem(self):
        if self.controller.missing:
            return "Vul eerst in wat nog ontbreekt."
        return "" if self.ready() else "Even geduld: het voorbeeld wordt bijgewerkt."


class TextStep(Step):
    title = "4. Tekst nakijken"
    help_place = ("brieven", "Lees de brief na")

    def __init__(self, controller, parent=None):
        super().__init__(controller, parent)
        self.layout_.addWidget(hint(
            "Links staat de tekst van de brief; u mag alles aanpassen. Rechts ziet u hoe hij wordt afgedrukt. "
            "Laat de regels met ── … ── staan: die geven aan waar afzender, adres en onderwerp komen. "
            "Verandert u daarna nog iets bij de gegevens, dan begint de tekst opnieuw."))
        splitter = QSplitter(Qt.Horizontal)
        self.text = QPlainTextEdit()
        self.text.setObjectName("letter-text")
        self.text.setAccessibleName("Tekst van de brief")
        self.text.textChanged.connect(self._edited)
        splitter.addWidget(self.text)
        self.preview = PreviewPane("letter-final-preview")
        splitter.addWidget(self.preview)
        splitter.setSizes([480, 500])
        self.layout_.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.reset = QPushButton("Mijn wijzigingen ongedaan maken")
        self.reset.clicked.connect(lambda _c=False: self._reset())
        buttons.addWidget(self.reset)
        buttons.addStretch(1)
        # The letter as it will be printed (the preview), not the editable text with its ── … ── markers.
        self.read_aloud = ReadAloudButton(self.preview.toPlainText, "de brief")
        buttons.addWidget(self.read_aloud)
        self.layout_.addLayout(buttons)
        self._filling = False

    def enter(self):
        if self.controller.last is not None and self.controller.edited is None:
            self._fill(letters.editable_text(self.controller.last.markdown))
            self.preview.show_letter(self.controller.last)

    def _fill(self, markdown):
        self._filling = True
        self.text.setPlainText(markdown)
        self._filling = False

    def _edited(self):
        if not self._filling:
            self.controller.set_edited_text(self.text.toPlainText())
            self.changed.emit()

    def _reset(self):
        self.controller.edited = None
        self.controller.render_now()

    def show_letter(self, rendered, _missing):
        if self.controller.edited is None:
            self._fill(letters.editable_text(rendered.markdown))
        self.preview.show_letter(rendered)
        self.changed.emit()

    def ready(self):
        return self.controller.complete and not self.controller.pending

    def problem(self):
        return "" if self.ready() else "Even geduld: het voorbeeld wordt bijgewerkt."


class SaveStep(Step):
    title = "5. Opslaan en versturen"
    help_place = ("brieven", "Bewijs van verzending")
    save_requested = Signal()
    open_requested = Signal()
    sent_requested = Signal()

    def __init__(self, controller, default_folder: Path, pdf_available: bool, parent=None):
        super().__init__(controller, parent)
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(default_folder))
        self.folder.setObjectName("letter-folder")
        self.folder.setAccessibleName("Map")
        self.choose_folder = QPushButton("Kiezen…")
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_folder)
        form.addRow("Map", folder_row)
        self.filename = QLineEdit()
        self.filename.setObjectName("letter-filename")
        self.filename.setAccessibleName("Bestandsnaam")
        form.addRow("Bestandsnaam", self.filename)
        self.pdf = QCheckBox("Ook als PDF opslaan")
        self.pdf.setObjectName("letter-pdf")
        self.pdf.setEnabled(pdf_available)
        self.pdf.setChecked(pdf_available)
        form.addRow("", self.pdf)
        self.layout_.addLayout(form)
        if not pdf_available:
            self.layout_.addWidget(hint("Voor een PDF is LibreOffice nodig, en dat is op deze computer niet "
                                        "gevonden. Het Word-bestand (.docx) werkt gewoon; u kunt het in Word of "
                                        "LibreOffice openen en daar als PDF bewaren."))
        self.layout_.addWidget(hint(
            "Na het opslaan staat de brief bij Brieven, met precies deze tekst. Heeft u hem verstuurd, "
            "leg dan vast wanneer en hoe: dan rekent de app de termijn uit die daarmee begint."))
        buttons = QHBoxLayout()
        self.save = QPushButton("Opslaan")
        self.save.setObjectName("letter-save")
        self.save.setDefault(True)
        self.save.clicked.connect(lambda _c=False: self.save_requested.emit())
        self.open = QPushButton("Openen in Word/LibreOffice")
        self.open.setObjectName("letter-open")
        self.open.setEnabled(False)
        self.open.clicked.connect(lambda _c=False: self.open_requested.emit())
        self.sent = QPushButton("Verstuurd…")
        self.sent.setObjectName("letter-sent")
        self.sent.setEnabled(False)
        self.sent.clicked.connect(lambda _c=False: self.sent_requested.emit())
        for button in (self.save, self.open, self.sent):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.status = hint("")
        self.status.setObjectName("letter-save-status")
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)

    def enter(self):
        if not self.filename.text():
            self.filename.setText(f"{self.controller.kind_id}-{self.controller.today.isoformat()}.docx")

    def target(self) -> Path:
        name = self.filename.text().strip() or f"{self.controller.kind_id}.docx"
        if not name.lower().endswith(".docx"):
            name += ".docx"
        return Path(self.folder.text().strip()).expanduser() / name
