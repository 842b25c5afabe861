"""The app's icons are qtawesome's Font Awesome icons, pixel for pixel, without importing qtawesome (issue 25)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QIcon

from dossier_app.ui import icons, theme

SIZES = (16, 18, 32, 48)


@pytest.mark.parametrize("name", sorted(icons.ICON_NAMES))
@pytest.mark.parametrize("mode", [QIcon.Mode.Normal, QIcon.Mode.Disabled])
def test_each_icon_is_drawn_as_qtawesome_draws_it(qapp, name, mode):
    import qtawesome

    assert icons.drawn_from_font()       # else qtawesome draws both and the comparison says nothing
    colour = theme.role("icon").foreground
    ours, theirs = icons.icon(name), qtawesome.icon(icons.ICON_NAMES[name], color=colour)
    for size in SIZES:
        image = ours.pixmap(size, size, mode).toImage()
        assert image == theirs.pixmap(size, size, mode).toImage(), (name, size, mode)
        assert any(image.pixelColor(x, y).alpha() for x in range(size) for y in range(size))   # not blank


def test_an_icon_takes_the_colour_it_is_given(qapp):
    dark, light = icons.icon("zoeken", "#000000"), icons.icon("zoeken", "#ffffff")
    image = dark.pixmap(32, 32).toImage()
    assert image != light.pixmap(32, 32).toImage()
    opaque = [image.pixelColor(x, y) for x in range(32) for y in range(32) if image.pixelColor(x, y).alpha() == 255]
    assert opaque and all(colour.name() == "#000000" for colour in opaque)
