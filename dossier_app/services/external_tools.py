"""The programs the app uses but does not carry (LibreOffice, Tesseract, pdftoppm): found or not, and how to
install them — for Instellingen and `dossier-app programmas` (the finding itself: dossier_app/external_tools.py)."""

from __future__ import annotations

from dataclasses import dataclass

from dossier_app import external_tools


@dataclass(frozen=True)
class ToolStatus:
    id: str
    name: str
    needed_for: str          # Dutch: 'een brief als PDF bewaren'
    path: str | None         # where it was found, None when it is not installed
    install: str             # Dutch: how to install it on this system

    @property
    def found(self) -> bool:
        return self.path is not None

    def sentence(self) -> str:
        """One Dutch line: found where, or what does not work and how to install it."""
        if self.found:
            return f"{self.name} is gevonden ({self.path}): u kunt {self.needed_for}."
        return external_tools.missing_sentence(self.id)


def status() -> list[ToolStatus]:
    """Every external program, looked up now (PATH and the usual install places; no program is started)."""
    return [ToolStatus(tool.id, tool.name, tool.needed_for, external_tools.find(tool.id),
                       external_tools.install_hint(tool.id))
            for tool in external_tools.TOOLS.values()]
