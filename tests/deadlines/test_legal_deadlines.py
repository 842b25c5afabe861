"""Issue 10 (deadlines): opschorting and uitstel of the beslistermijn op bezwaar,
notices that change a term, years without a published gelijkstelling, wording."""

import datetime as dt

import pytest

from dossier_app.deadlines import RULES, compute
from dossier_app.deadlines.calendar import gelijkstelling_published
from dossier_app.errors import UsageError

D = dt.date.fromisoformat


def test_item8_beslistermijn_bezwaar_can_be_suspended_for_a_hersteltermijn():
    # Besluit 2 Nov 2026: bezwaartermijn ends 14 Dec; 6 weeks -> 25 Jan 2027.
    plain = compute("beslistermijn-bezwaar", D("2026-11-02"))
    assert plain.deadline == D("2027-01-25")
    suspended = compute("beslistermijn-bezwaar", D("2026-11-02"),
                        suspensions=[(D("2026-12-01"), D("2026-12-29"))])
    # Stood still 2-28 December: 27 days -> Sunday 21 February, the Atw moves it to Monday.
    assert suspended.deadline == D("2027-02-22")
    assert "Awb 7:10 lid 2" in suspended.explanation and "hersteltermijn" in suspended.explanation
    assert "27 dagen erbij" in suspended.explanation or "zevenentwintig dagen erbij" in suspended.explanation


def test_item9_further_postponement_with_consent():
    with pytest.raises(UsageError) as caught:
        compute("beslistermijn-bezwaar", D("2026-11-02"), postponement_weeks=8)
    message = str(caught.value)
    assert "Awb 7:10 lid 3" in message and "Awb 7:10 lid 4" in message and "instemt" in message
    result = compute("beslistermijn-bezwaar", D("2026-11-02"), postponement_weeks=6, consent_weeks=4,
                     postponement_notice=D("2027-01-10"))
    # 25 Jan 2027 + 6 weeks = 8 Mar; + 4 weeks with consent = 5 Apr 2027 (a Monday, 2e Paasdag 29 Mar 2027 not hit)
    assert result.deadline == D("2027-04-05")
    assert "instemde (Awb 7:10 lid 4)" in result.explanation
    assert "bericht van 10 januari 2027" in result.explanation
    with pytest.raises(UsageError, match="hoort niet bij"):
        compute("klacht-afhandeling", D("2026-11-02"), consent_weeks=2)


def test_item7_late_notices_do_not_count():
    with pytest.raises(UsageError, match="na het einde van de termijn"):
        compute("beslistermijn-aanvraag", D("2026-09-01"), postponement_weeks=4,
                postponement_notice=D("2026-11-01"))
    ok = compute("avg-reactietermijn", D("2026-11-02"), extension=True, extension_notice=D("2026-11-20"))
    assert ok.deadline == D("2027-02-02") and "20 november 2026" in ok.explanation
    with pytest.raises(UsageError, match="na de eerste maand"):
        compute("avg-reactietermijn", D("2026-11-02"), extension=True, extension_notice=D("2026-12-10"))


def test_item11_unpublished_year_is_said_in_the_explanation():
    assert gelijkstelling_published(2025) and not gelijkstelling_published(2030)
    published = compute("bezwaartermijn", D("2025-04-18"))
    assert published.deadline == D("2025-06-02")
    assert "vrijdag na Hemelvaartsdag" in published.explanation
    assert "nog geen besluit" not in published.explanation
    unknown = compute("bezwaartermijn", D("2030-03-01"))
    assert "voor 2030 is nog geen besluit" in unknown.explanation and "Atw art. 3 lid 3" in unknown.explanation
    assert "voor 2030 is nog geen besluit" in compute("avg-reactietermijn", D("2030-03-01")).explanation


def test_item12_deadline_wording():
    for rule in RULES.values():
        assert "vóór deze dag" not in rule.next_step, rule.id
        assert "sector bestuursrecht" not in rule.next_step + rule.description, rule.id
    assert "uiterlijk op deze dag" in RULES["bezwaartermijn"].next_step
    assert "uiterlijk op deze dag" in RULES["beroepstermijn"].next_step
