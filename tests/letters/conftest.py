"""Fixtures of the letter tests alone (shared ones are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from dossier_app.store.dossier import Dossier
from tests.conftest import PASSPHRASE


@pytest.fixture
def demo(demo_path):
    """The demo family's dossier (today 2026-11-22), open."""
    with Dossier.unlock(demo_path, PASSPHRASE) as dossier:
        yield dossier
