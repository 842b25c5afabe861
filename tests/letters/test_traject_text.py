"""What a traject's texts name (a provider, a referral), asked of SQLite row by row (issue 25): the same answers
as a case-insensitive substring search over each row's pieces joined by a space — ASCII names in SQL, other
names in the texts read into Python."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier_app.letters import context_queries
from dossier_app.services import family, timeline
from dossier_app.services import session as sessions
from dossier_app.services.session import store_handle
from dossier_app.services.timeline import AgreementInput
from tests.conftest import PASSPHRASE

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def trajecten(tmp_path):
    opened = sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE)
    mine = family.add_traject(opened, "Begeleiding")
    other = family.add_traject(opened, "Dagbesteding")
    timeline.add_note(opened, "Plus hulp aan huis afgesproken", title="Gesprek over Zorg", traject_id=mine)
    timeline.add_document(opened, occurred_on=DAY, title="Brief", doc_kind="overig", sender="De Berenboom",
                          traject_id=mine)
    timeline.add_note(opened, "Ünal van Jeugdzorg Oost belde", traject_id=mine)
    timeline.add_conversation(opened, occurred_on=DAY, title="Gesprek", traject_id=mine,
                              agreements=[AgreementInput("Stichting Élan", "stuurt de verwijzing door")])
    timeline.add_note(opened, "Verwijsbrief van de huisarts ontvangen", traject_id=other)
    timeline.add_note(opened, "Kinderdagcentrum Vlinder", traject_id=other)
    with store_handle(opened).bound():
        yield context_queries.traject_text(mine), context_queries.traject_text(other)
    opened.lock()


@pytest.mark.parametrize("names, expected", [
    (("jeugdzorg oost",), True),
    (("JEUGDZORG OOST",), True),                    # the case of the name does not matter
    (("zorg plus hulp",), True),                     # a row's title and text are joined by a space
    (("berenboom",), True),                          # a document's sender counts
    (("Stichting Élan",), True),                     # an afspraak; a name with a non-ASCII letter
    (("ÉLAN",), True),
    (("ünal",), True),
    (("Kinderdagcentrum Vlinder",), False),          # another traject's
    (("Vlinder", "berenboom"), True),                # any of the names
    (("", "vlinder"), False),
    ((), False),
    (("",), False),
    (("hulp\0aan",), False),
])
def test_names_any_is_a_substring_search_within_one_row_of_the_traject(trajecten, names, expected):
    mine, _other = trajecten
    assert mine.names_any(*names) is expected


def test_a_referral_counts_in_the_entries_not_in_the_afspraken(trajecten):
    mine, other = trajecten
    assert not mine.mentions_referral()        # 'verwijzing' is only in an afspraak of this traject
    assert other.mentions_referral()           # 'Verwijsbrief' in a note
