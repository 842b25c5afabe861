"""Icons that mean what they say (Font Awesome through qtawesome), in one place."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

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


@cache
def icon(name: str) -> QIcon:
    import qtawesome

    return qtawesome.icon(ICON_NAMES[name], color="#3b4a5a")
