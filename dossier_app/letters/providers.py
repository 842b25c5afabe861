"""The jeugdhulpaanbieder of a traject (issue 22): the provider a letter names is the one the traject
itself names (in its entries, documents or afspraken), never simply the dossier's first provider."""

from __future__ import annotations

from collections.abc import Callable

from dossier_app.letters import rows
from dossier_app.store.models import Contact

PROVIDER_ROLE = "jeugdhulpaanbieder"


def traject_provider(case_id: int | None, names_in_traject: Callable[..., bool]) -> tuple[Contact | None, bool]:
    """(provider, named): the first provider the traject names, and True; else the dossier's first provider
    (for its contact details only) and False. ``names_in_traject(*names)`` reads the traject (called only
    when there is one). The providers' names are read first; only the one chosen is read whole."""
    names = rows.contact_names(PROVIDER_ROLE)
    if case_id is not None:
        for contact_id, name, organisation in names:
            if names_in_traject(name, organisation):
                return rows.contact(contact_id), True
    return (rows.contact(names[0][0]) if names else None), False
