"""Colours with a meaning, for a light and a dark system theme: the one place where the app names a colour.

Widgets never name a colour themselves; they ask for a *role*:

- ``warning`` (a notice to read first: yellowish band), ``info`` (a restored draft: bluish band),
- ``muted`` (secondary text), ``error`` (what went wrong, verlopen), ``attention`` (soon due, still needed),
- ``success`` (taken from the dossier), ``mark`` (a search hit),
- ``paper`` and ``paper-missing`` (the letter preview and the recovery key look like paper in both schemes),
- ``icon`` (the sidebar and menu icons).

The scheme follows the palette actually in use (a dark window means dark), so the colours always suit
what is on screen. When the system switches between light and dark while the app runs
(``QStyleHints.colorSchemeChanged``, Qt 6.5+) and the style does not switch its palette itself, the app
sets a dark (or the style's own light) palette; every widget styled through ``apply`` is restyled and
``changed`` tells the pages to redraw their texts. Each role is checked for WCAG AA contrast (4.5:1) on
its background in both schemes (tests/ui/test_ui_theme.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
import shiboken6

ColorRole = QPalette.ColorRole

LIGHT, DARK = "light", "dark"
ROLE_PROPERTY = "themeRole"      # the role a widget was styled with (restyled when the scheme changes)
EXTRA_PROPERTY = "themeExtra"


@dataclass(frozen=True)
class Role:
    foreground: str
    background: str | None = None     # None: the window's own background (see SURFACES)


ROLES = {
    LIGHT: {
        "warning": Role("#4d3800", "#fff3cd"),
        "info": Role("#0b3561", "#e7f1ff"),
        "muted": Role("#555555"),
        "error": Role("#b00020"),
        "attention": Role("#8a5a00"),
        "success": Role("#2e6b30"),
        "mark": Role("#111111", "#ffe066"),
        "paper": Role("#111111", "#ffffff"),
        "paper-missing": Role("#7a4b00", "#ffe08a"),
        "icon": Role("#3b4a5a"),
    },
    DARK: {
        "warning": Role("#ffe7a8", "#4a3b12"),
        "info": Role("#d2e6ff", "#1c3552"),
        "muted": Role("#b9bec4"),
        "error": Role("#ff8a80"),
        "attention": Role("#ffc46b"),
        "success": Role("#8fd694"),
        "mark": Role("#111111", "#ffe066"),
        "paper": Role("#111111", "#ffffff"),
        "paper-missing": Role("#7a4b00", "#ffe08a"),
        "icon": Role("#c9d3dd"),
    },
}

# The backgrounds a role without its own may stand on: the window, the fields (Base) and alternate rows.
SURFACES = {LIGHT: ("#efefef", "#ffffff", "#f7f7f7"), DARK: ("#2b2b2b", "#1f1f1f", "#262626")}

# The palette the app sets when the system turns dark and the style stays light (Fusion on most Linux desktops).
DARK_PALETTE = {
    ColorRole.Window: "#2b2b2b", ColorRole.WindowText: "#e8e8e8", ColorRole.Base: "#1f1f1f",
    ColorRole.AlternateBase: "#262626", ColorRole.ToolTipBase: "#3a3a3a", ColorRole.ToolTipText: "#f0f0f0",
    ColorRole.PlaceholderText: "#a8a8a8", ColorRole.Text: "#e8e8e8", ColorRole.Button: "#353535",
    ColorRole.ButtonText: "#e8e8e8", ColorRole.BrightText: "#ffffff", ColorRole.Light: "#454545",
    ColorRole.Midlight: "#3c3c3c", ColorRole.Mid: "#303030", ColorRole.Dark: "#1a1a1a", ColorRole.Shadow: "#000000",
    ColorRole.Highlight: "#3d7bd9", ColorRole.HighlightedText: "#ffffff", ColorRole.Link: "#8ab4f8",
    ColorRole.LinkVisited: "#c58af9",
}
DISABLED_TEXT = "#8a8a8a"


# -- contrast (WCAG 2.x) ------------------------------------------------------------------------------
def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    q = QColor(colour)
    return 0.2126 * _channel(q.red()) + 0.7152 * _channel(q.green()) + 0.0722 * _channel(q.blue())


def contrast(one: str, other: str) -> float:
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# -- the scheme in use --------------------------------------------------------------------------------
def scheme() -> str:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return LIGHT
    return DARK if app.palette().color(ColorRole.Window).lightness() < 128 else LIGHT


def role(name: str) -> Role:
    return ROLES[scheme()][name]


def color(name: str) -> QColor:
    return QColor(role(name).foreground)


def css(name: str) -> str:
    """The role as CSS for a style sheet or a rich-text span: ``color:…; background:…;``."""
    chosen = role(name)
    return f"color:{chosen.foreground};" + (f" background:{chosen.background};" if chosen.background else "")


def span(name: str, text_html: str, extra: str = "") -> str:
    """Rich text in a role's colour (``text_html`` is already escaped)."""
    return f"<span style='{css(name)}{(' ' + extra) if extra else ''}'>{text_html}</span>"


def apply(widget: QWidget, name: str, extra: str = "") -> None:
    """Style a widget with a role (and e.g. ``padding: 6px;``); it is restyled when the scheme changes."""
    widget.setProperty(ROLE_PROPERTY, name)
    widget.setProperty(EXTRA_PROPERTY, extra)
    widget.setStyleSheet(f"{css(name)} {extra}".strip())


def dark_palette() -> QPalette:
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        for colour_role, value in DARK_PALETTE.items():
            palette.setColor(group, colour_role, QColor(value))
    for colour_role in (ColorRole.Text, ColorRole.WindowText, ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor(DISABLED_TEXT))
    return palette


class Theme(QObject):
    """Follows the system's light/dark switch; ``changed`` after the scheme in use changed."""

    changed = Signal(str)

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.app = app
        self.current = scheme()
        self.own_palette = False         # True while the app set DARK_PALETTE itself
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_switched)
            self._system_switched(hints.colorScheme(), initial=True)

    def _system_switched(self, system_scheme, initial: bool = False) -> None:
        # Let the style change its palette first (Qt does so on Windows 11, macOS and with the desktop portal).
        if initial:
            self._follow(system_scheme)
        else:
            QTimer.singleShot(0, lambda: self._follow(system_scheme))

    def _follow(self, system_scheme) -> None:
        if system_scheme == Qt.ColorScheme.Dark and scheme() == LIGHT:
            self.own_palette = True
            self.app.setPalette(dark_palette())
        elif system_scheme == Qt.ColorScheme.Light and self.own_palette:
            self.own_palette = False
            self.app.setPalette(self.app.style().standardPalette())
        self.refresh()

    def refresh(self) -> None:
        """Restyle every widget styled with a role, if the scheme in use changed (also after setPalette)."""
        now = scheme()
        if now == self.current:
            return
        self.current = now
        for widget in QApplication.allWidgets():
            name = widget.property(ROLE_PROPERTY)
            if name:
                apply(widget, name, widget.property(EXTRA_PROPERTY) or "")
        self.changed.emit(now)


_theme: Theme | None = None


def install(app: QApplication | None = None) -> Theme:
    """The one ``Theme`` of the application (made on first use)."""
    global _theme

    found = app or QApplication.instance()
    if not isinstance(found, QApplication):
        raise RuntimeError("The theme needs the application's QApplication.")
    app = found
    if _theme is None or not shiboken6.isValid(_theme) or _theme.app is not app:
        _theme = Theme(app)
    return _theme
