"""Issue 26: a letter the dossier holds already (the same file, or the same kenmerk and date) is
recognised on import: accepting it again stores no second entry and starts no second term, and the
command line says so in one Dutch sentence (offering --als-ander-document when it can be another one)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.services import session as sessions
from dossier_app.store import entries
from tests.cli.test_consequences_e2e import DECISION, TODAY, decision_pdf, open_terms

KENMERK = "JGT-2026-1201"


@pytest.fixture
def demo_path(tmp_path, cli, passphrase_file):
    path = tmp_path / "demo.dossier"
    assert cli("demo", path, "--passphrase-file", passphrase_file, "--today", TODAY)[0] == 0
    return path


def documents_with_kenmerk(path) -> list[dict]:
    session = sessions.DossierSession(path)
    session.unlock(PASSPHRASE, read_only=True)
    with session:
        return entries.documents_with_kenmerk(KENMERK)


def test_the_same_file_accepted_twice_is_stored_once_with_one_term(tmp_path, cli, passphrase_file, demo_path):
    pdf = decision_pdf(tmp_path / "besluit-verlenging.pdf")
    code, out, err = cli("import", demo_path, pdf, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "opgeslagen als item" in out
    terms = open_terms(cli, demo_path, passphrase_file)
    assert len(documents_with_kenmerk(demo_path)) == 1

    again = tmp_path / "nog-een-keer.pdf"        # another name, the very same bytes
    shutil.copy(pdf, again)
    code, out, err = cli("import", demo_path, again, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    said = [line for line in out.splitlines() if line.startswith("  niet opgeslagen:")]
    assert said == ["  niet opgeslagen: Deze brief staat al in het dossier (dit bestand: 'Beschikking: Besluit op "
                    "uw aanvraag verlenging begeleiding' van 1 december 2026); er is niets opnieuw opgeslagen "
                    "en er is geen termijn bijgekomen."]
    assert "--als-ander-document" not in out         # the same bytes cannot be another document
    assert len(documents_with_kenmerk(demo_path)) == 1
    assert open_terms(cli, demo_path, passphrase_file) == terms


def test_preview_says_the_letter_is_there_and_that_saving_stores_nothing(tmp_path, cli, passphrase_file,
                                                                          demo_path):
    pdf = decision_pdf(tmp_path / "besluit.pdf")
    assert cli("import", demo_path, pdf, "--accept", "--passphrase-file", passphrase_file)[0] == 0
    code, out, err = cli("import", demo_path, pdf, "--json", "--passphrase-file", passphrase_file)
    assert code == 0, err
    [row] = json.loads(out)
    assert row["gevolg"].startswith("Deze brief staat al in het dossier (dit bestand: ")
    assert row["gevolg"].endswith("Opslaan bewaart niets opnieuw.")
    assert any(warning.startswith("Deze brief staat al in het dossier") for warning in row["waarschuwingen"])


def test_same_kenmerk_and_date_in_another_file_is_refused_unless_said_to_be_another_document(
        tmp_path, cli, passphrase_file, demo_path):
    first = decision_pdf(tmp_path / "besluit.pdf")
    assert cli("import", demo_path, first, "--accept", "--passphrase-file", passphrase_file)[0] == 0
    terms = open_terms(cli, demo_path, passphrase_file)
    # The same letter scanned again: other bytes, the same kenmerk and date.
    other = decision_pdf(tmp_path / "besluit-scan.pdf", DECISION + "\nBijlage: overzicht van de uren\n")
    assert other.read_bytes() != first.read_bytes()
    code, out, err = cli("import", demo_path, other, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert ("niet opgeslagen: Deze brief staat al in het dossier (een brief met hetzelfde kenmerk "
            f"({KENMERK}) en dezelfde datum: ") in out
    assert "Voer de opdracht dan opnieuw uit met --accept --als-ander-document." in out
    assert len(documents_with_kenmerk(demo_path)) == 1
    assert open_terms(cli, demo_path, passphrase_file) == terms

    code, out, err = cli("import", demo_path, other, "--accept", "--als-ander-document",
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "opgeslagen als item" in out
    assert len(documents_with_kenmerk(demo_path)) == 2


def test_the_same_file_twice_in_one_batch_is_stored_once(tmp_path, cli, passphrase_file, demo_path):
    pdf = decision_pdf(tmp_path / "a.pdf")
    copy = tmp_path / "b.pdf"
    shutil.copy(pdf, copy)
    code, out, err = cli("import", demo_path, pdf, copy, "--accept", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert out.count("opgeslagen als item") == 1
    assert out.count("niet opgeslagen: Deze brief staat al in het dossier (dit bestand:") == 1
    assert len(documents_with_kenmerk(demo_path)) == 1
