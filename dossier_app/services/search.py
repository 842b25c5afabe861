"""Full-text search over the whole dossier."""

from __future__ import annotations

from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import search as index
from dossier_app.store.search import MARK_END, MARK_START, SearchHit  # noqa: F401 - the layer's result type

RESULT_LIMIT = index.RESULT_LIMIT     # at most this many hits, the best first


@needs_open
def search(session: DossierSession, text: str) -> list[SearchHit]:
    return index.search(text)


def kind_label(kind: str) -> str:
    return index.kind_label(kind)
