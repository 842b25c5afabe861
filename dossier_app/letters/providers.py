"""The jeugdhulpaanbieder of a traject (issue 22): the provider a letter names is the one the traject
itself names (in its entries, documents or afspraken), never simply the dossier's first provider."""

from __future__ import annotations

from collections.abc import Callable

from dossier_app.letters import rows
from dossier_app.store.models import Contact


def traject_provider(case_id: int | None, names_in_traject: Callable[..., bool]) -> tuple[Contact | None, bool]:
    """(provider, named): the first provider the traject names, and True; else the dossier's first provider
    (for its contact details only) and False. ``names_in_traject(case_id, *names)`` reads the traject."""
    providers = rows.contacts("jeugdhulpaanbieder")
    if case_id is not None:
        for provider in providers:
            if names_in_traject(case_id, provider.name, provider.organisation):
                return provider, True
    return (providers[0] if providers else None), False
