"""Icons that mean what they say (Font Awesome through qtawesome), in one place."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from dossier_app.ui import theme

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


def icon(name: str) -> QIcon:
    return _icon(name, theme.role("icon").foreground)


@cache
def _icon(name: str, colour: str) -> QIcon:
    import qtawesome   # cold start: loads with the first icon

    return qtawesome.icon(ICON_NAMES[name], color=colour)
