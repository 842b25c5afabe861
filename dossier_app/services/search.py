"""Full-text search over the whole dossier."""

from __future__ import annotations

from dossier_app.cancellation import CancelToken, token_or_never
from dossier_app.services.session import DossierSession, needs_open
from dossier_app.store import search as index
from dossier_app.store.search import MARK_END, MARK_START, SearchHit  # noqa: F401 - the layer's result type

RESULT_LIMIT = index.RESULT_LIMIT     # at most this many hits, the best first


@needs_open
def search(session: DossierSession, text: str, *, cancel: CancelToken | None = None) -> list[SearchHit]:
    """The best hits for ``text``; ``cancel`` (a newer search, or locking) stops it before and after the query."""
    cancel = token_or_never(cancel)
    cancel.check()
    hits = index.search(text)
    cancel.check()
    return hits


def kind_label(kind: str) -> str:
    return index.kind_label(kind)
