"""Voorlezen: the computer's own voice reads a text aloud (Qt TextToSpeech).

The one place that talks to the speech engine. Everything else asks ``speaker()`` for a ``Speaker`` and
calls ``problem()`` / ``say()`` / ``stop()``; tests put in a fake one with ``use_speaker``.

Qt TextToSpeech lives in PySide6-Addons and needs, on Linux, speech-dispatcher (with a Dutch voice, e.g.
espeak-ng) and libpulse. Where any of that is missing the app still works: Voorlezen says so in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, Signal

NO_ENGINE = ("Voorlezen werkt niet op deze computer: er is geen spraakprogramma gevonden. Op Linux installeert "
             "u speech-dispatcher met een Nederlandse stem (bijvoorbeeld espeak-ng); Windows en macOS hebben "
             "er zelf een.")
NO_DUTCH_VOICE = ("Voorlezen werkt niet op deze computer: er is geen Nederlandse stem geïnstalleerd. Voeg in de "
                  "instellingen van uw computer een Nederlandse stem toe (spraak, of 'tekst naar spraak').")
TEST_ENGINES = ("mock",)          # Qt's own engine for its tests: silent, never offered to a user


class Speaker(Protocol):
    speaking_changed: Signal

    def problem(self) -> str:
        """Empty when the computer can read Dutch aloud; otherwise the one Dutch sentence that says why not."""
        ...

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def is_speaking(self) -> bool: ...


class QtSpeaker(QObject):
    """Qt TextToSpeech with a Dutch voice, made on first use (connecting to the engine can take a moment)."""

    speaking_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._engine = None
        self._problem: str | None = None

    def _ready(self):
        if self._problem is None:
            self._engine, self._problem = _dutch_engine(self)
            if self._engine is not None:
                self._engine.stateChanged.connect(lambda _state: self.speaking_changed.emit(self.is_speaking()))
        return self._engine

    def problem(self) -> str:
        self._ready()
        return self._problem or ""

    def say(self, text: str) -> None:
        engine = self._ready()
        if engine is not None and text.strip():
            engine.say(text)

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.stop()

    def is_speaking(self) -> bool:
        if self._engine is None:
            return False
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._engine.state() in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing)


def _dutch_engine(parent):
    """(engine, "") with a Dutch voice chosen, or (None, the reason in Dutch)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:           # no PySide6-Addons, or its libraries (libpulse) are missing
        return None, NO_ENGINE
    for name in [name for name in QTextToSpeech.availableEngines() if name not in TEST_ENGINES]:
        engine = QTextToSpeech(name, parent)
        if engine.state() == QTextToSpeech.State.Error:
            engine.deleteLater()
            continue
        dutch = [locale for locale in engine.availableLocales() if locale.language() == QLocale.Language.Dutch]
        if not dutch:
            engine.deleteLater()
            return None, NO_DUTCH_VOICE
        engine.setLocale(next((locale for locale in dutch if locale.territory() == QLocale.Country.Netherlands),
                              dutch[0]))
        return engine, ""
    return None, NO_ENGINE


_made: Speaker | None = None
_factory: Callable[[], Speaker] = QtSpeaker   # type: ignore[assignment]  # QtSpeaker is a Speaker (Protocol); mypy cannot see Qt signals as its members


def speaker() -> Speaker:
    """The app's one speaker (made on first use)."""
    global _made
    if _made is None:
        _made = _factory()
    return _made


def use_speaker(factory: Callable[[], Speaker]) -> None:
    """Tests: the speaker to use from now on (a fake engine), or ``QtSpeaker`` for the real one."""
    global _made, _factory
    if _made is not None:
        _made.stop()
    _made, _factory = None, factory
