"""Colours with a meaning in light and dark (issue 24): readable contrast, one place, following the system."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import PASSPHRASE
from tests.support.uihelpers import WAIT_MS, open_with_passphrase, overview_tree, tree_rows, wait_idle

UI = Path(__file__).resolve().parents[2] / "dossier_app" / "ui"
AA = 4.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_role_reads_at_wcag_aa_in_both_schemes(qapp, scheme):
    from dossier_app.ui import theme

    for name, role in theme.ROLES[scheme].items():
        grounds = [role.background] if role.background else list(theme.SURFACES[scheme])
        for ground in grounds:
            ratio = theme.contrast(role.foreground, ground)
            assert ratio >= AA, f"{scheme} {name}: {role.foreground} on {ground} is {ratio:.2f}:1"
    # The same roles on the palettes really in use: the style's light one and the app's own dark one.
    palette = qapp.style().standardPalette() if scheme == "light" else theme.dark_palette()
    for ground in (palette.color(QPalette.Window), palette.color(QPalette.Base)):
        for name, role in theme.ROLES[scheme].items():
            if role.background is None:
                assert theme.contrast(role.foreground, ground.name()) >= AA, (scheme, name, ground.name())
    assert theme.contrast(palette.color(QPalette.Text).name(), palette.color(QPalette.Base).name()) >= AA
    # A selection must stand out from the list around it (WCAG 2.2 non-text contrast, 3:1).
    assert theme.contrast(palette.color(QPalette.Highlight).name(), palette.color(QPalette.Base).name()) >= 3


def test_the_contrast_formula_matches_wcag():
    from dossier_app.ui import theme

    assert round(theme.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(theme.contrast("#777777", "#ffffff"), 2) == 4.48      # the classic just-too-light grey
    assert theme.contrast("#555555", "#2b2b2b") < AA                    # #555 on a dark window: the bug


COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?\b|\brgba?\(|\bhsla?\(|"
                    r"(?:color|background(?:-color)?|border(?:-color)?)\s*:\s*(?!palette\()[a-z]+\b|"
                    r"QColor\(\s*['\"]")
NAMED = re.compile(r"\bQt\.(?:white|black|red|darkRed|green|darkGreen|blue|darkBlue|gray|darkGray|lightGray|"
                   r"yellow|darkYellow|cyan|magenta)\b")


def test_no_ui_file_names_a_colour_outside_the_theme():
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "theme.py":
            continue
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and COLOUR.search(token.string):
                found.append(f"{path.relative_to(UI)}:{token.start[0]}: {token.string[:60]}")
        for number, line in enumerate(source.splitlines(), start=1):
            if NAMED.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(UI)}:{number}: {line.strip()[:60]}")
    assert found == []


@pytest.fixture
def restore_palette(qapp):
    yield
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qapp.processEvents()
    qapp.setPalette(qapp.style().standardPalette())


def _styled(window, name):
    widget = window.findChild(QWidget, name)
    assert widget is not None, name
    return widget.styleSheet()


def overview_colours(window) -> set[str]:
    """The text colours the Overzicht's tree shows (as #rrggbb)."""
    tree = overview_tree(window)
    return {index.data(Qt.ForegroundRole).color().name()
            for column in range(tree.model().columnCount()) for index, _text in tree_rows(tree, column)
            if index.data(Qt.ForegroundRole) is not None}


def test_the_app_follows_the_system_switching_to_dark_and_back(qtbot, window, demo_path, restore_palette):
    from dossier_app.ui import theme

    from dossier_app.ui import icons

    open_with_passphrase(qtbot, window, demo_path, PASSPHRASE)
    qtbot.waitUntil(lambda: window.dossier.is_open, timeout=WAIT_MS)
    wait_idle(qtbot)
    light_icon = window.findChild(QWidget, "sidebar").item(0).icon().pixmap(18, 18).toImage()
    light_muted = theme.ROLES["light"]["muted"].foreground
    assert QColor(light_muted).name() in overview_colours(window)
    assert theme.ROLES["light"]["warning"].background in _styled(window, "dossier-notice")

    # The system turns dark (Qt 6.5+: QStyleHints.colorSchemeChanged); the offscreen style keeps its palette.
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: theme.scheme() == "dark", timeout=WAIT_MS)
    assert QApplication.palette().color(QPalette.Window).lightness() < 128
    qtbot.waitUntil(lambda: theme.ROLES["dark"]["warning"].background in _styled(window, "dossier-notice"),
                    timeout=WAIT_MS)
    colours = overview_colours(window)
    assert QColor(theme.ROLES["dark"]["muted"].foreground).name() in colours
    assert QColor(light_muted).name() not in colours
    sidebar = window.findChild(QWidget, "sidebar")
    dark_icon = sidebar.item(0).icon().pixmap(18, 18).toImage()
    assert dark_icon == icons.icon("overzicht").pixmap(18, 18).toImage() and dark_icon != light_icon

    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: theme.scheme() == "light", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: theme.ROLES["light"]["warning"].background in _styled(window, "dossier-notice"),
                    timeout=WAIT_MS)
