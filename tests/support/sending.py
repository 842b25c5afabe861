"""Marking a store-level letter sent the way the service layer does (with its kind's [termijn]),
for tests that work on a store Dossier rather than a DossierSession."""

from dossier_app.letters.catalogue import get_kind
from dossier_app.store import letter_log


def mark_sent(letter_id, *args, **kwargs):
    kind = get_kind(letter_log.kind_of(letter_id))
    return letter_log.mark_sent(letter_id, *args, consequence=kind.consequence(), **kwargs)


def confirm_receipt(letter_id, received_on):
    kind = get_kind(letter_log.kind_of(letter_id))
    return letter_log.confirm_receipt(letter_id, received_on, consequence=kind.consequence())
