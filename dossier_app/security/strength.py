"""Passphrase strength hint (zxcvbn), in plain Dutch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dossier_app.security.keys import MIN_PASSPHRASE_LENGTH

LABELS = ["heel zwak", "zwak", "redelijk", "sterk", "heel sterk"]


@dataclass(frozen=True)
class Strength:
    score: int          # 0..4
    label: str
    hint: str
    acceptable: bool


def assess(passphrase: str, user_words: Iterable[str] = ()) -> Strength:
    if not passphrase:
        return Strength(0, LABELS[0], "Kies een wachtwoord.", False)
    from zxcvbn import zxcvbn   # its word lists take a moment to load: only when a passphrase is rated

    result = zxcvbn(passphrase[:100], user_inputs=list(user_words))
    score = int(result["score"])
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Strength(min(score, 1), LABELS[min(score, 1)],
                        f"Gebruik minstens {MIN_PASSPHRASE_LENGTH} tekens.", False)
    if score < 2:
        hint = "Makkelijk te raden. Tip: kies vier of vijf losse woorden die u kunt onthouden."
    elif score < 3:
        hint = "Redelijk. Een extra woord maakt het veel sterker."
    else:
        hint = "Goed. Onthoud het goed: zonder dit wachtwoord of uw herstelblad kan niemand het dossier openen."
    return Strength(score, LABELS[score], hint, True)
