"""Icons that mean what they say (Font Awesome, as qtawesome ships it), in one place.

The glyphs come from the Font Awesome 5 solid font and its charmap inside the qtawesome package, drawn the
way qtawesome draws text icons (the glyph at 7/8 of the icon's height, centred, in the given colour; the
palette's disabled text colour when disabled). The font is read from qtawesome's folder without importing
qtawesome: importing it loads qtpy, which star-imports QtCore, QtGui and QtWidgets and so creates every Qt
type — ~170–240 ms of the cold start for twelve icons (issue 25). When the font or its charmap cannot be
found (another qtawesome layout), qtawesome itself draws the icons.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

from dossier_app.ui import theme

FONT_PREFIX = "fa5s"          # Font Awesome 5, solid: every name below
FONT_FILES = "fontawesome5-solid-webfont"

ICON_NAMES = {
    "overzicht": "fa5s.home",
    "tijdlijn": "fa5s.stream",
    "gesprekken": "fa5s.comments",
    "documenten": "fa5s.file-alt",
    "opnames": "fa5s.microphone",
    "termijnen": "fa5s.hourglass-half",
    "brieven": "fa5s.envelope",
    "contacten": "fa5s.address-book",
    "gezin": "fa5s.users",
    "toestemmingen": "fa5s.handshake",
    "zoeken": "fa5s.search",
    "vergrendelen": "fa5s.lock",
}

GLYPH_HEIGHT = 0.875          # qtawesome's: a 16-pixel icon draws a 14-pixel glyph (room for the font's bearing)


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon ``name`` in ``colour`` (the scheme's icon colour when not given)."""
    return _icon(name, colour or theme.role("icon").foreground)


def drawn_from_font() -> bool:
    """Whether the icons are drawn from Font Awesome's font file in qtawesome's folder (False: qtawesome itself
    draws them, which costs the cold start its Qt layer). The bundle's self-test asks."""
    return _font() is not None


@cache
def _icon(name: str, colour: str) -> QIcon:
    font = _font()
    if font is None:
        import qtawesome   # the fallback: qtawesome draws the icon itself

        return qtawesome.icon(ICON_NAMES[name], color=colour)
    family, charmap = font
    glyph = chr(int(charmap[ICON_NAMES[name].removeprefix(FONT_PREFIX + ".")], 16))
    return QIcon(GlyphEngine(family, glyph, QColor(colour)))


@cache
def _font() -> tuple[str, dict[str, str]] | None:
    """The font family (added to the application's fonts once) and its charmap; None when not found."""
    spec = importlib.util.find_spec("qtawesome")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in (Path(item) / "fonts" for item in folders):
        fonts = sorted(folder.glob(f"{FONT_FILES}-*.ttf"))
        charmaps = sorted(folder.glob(f"{FONT_FILES}-charmap-*.json"))
        if not (fonts and charmaps):
            continue
        font_id = QFontDatabase.addApplicationFont(str(fonts[-1]))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            charmap = json.loads(charmaps[-1].read_text("utf-8"))
            if all(name.removeprefix(FONT_PREFIX + ".") in charmap for name in ICON_NAMES.values()):
                return families[0], charmap
    return None


class GlyphEngine(QIconEngine):
    """One glyph of an icon font, drawn at any size in one colour (the disabled text colour when disabled)."""

    def __init__(self, family: str, glyph: str, colour: QColor) -> None:
        super().__init__()
        self.family, self.glyph, self.colour = family, glyph, colour

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        colour = self.colour
        if mode == QIcon.Mode.Disabled:
            colour = QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.setPen(colour)
        font = QFont(self.family)
        font.setPixelSize(max(1, round(GLYPH_HEIGHT * rect.height())))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return GlyphEngine(self.family, self.glyph, self.colour)
