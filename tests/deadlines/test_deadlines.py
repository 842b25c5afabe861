"""The deadline engine, case by case, each computed by hand from the law.

Calendar facts used (Atw art. 3 and the gelijkstellingsbesluiten):
2026: Nieuwjaarsdag Thu 1 Jan, gelijkgesteld Fri 2 Jan, Goede Vrijdag 3 Apr,
2e Paasdag 6 Apr, Koningsdag Mon 27 Apr, 5 mei Tue, Hemelvaart Thu 14 May,
gelijkgesteld Fri 15 May, 2e Pinksterdag 25 May, Kerst Fri 25 / Sat 26 Dec.
2027: 2e Paasdag 29 Mar, Koningsdag Tue 27 Apr, 5 mei Wed, Hemelvaart Thu 6 May,
gelijkgesteld Fri 7 May. 2028: Goede Vrijdag 14 Apr, Koningsdag Thu 27 Apr,
gelijkgesteld Fri 28 Apr and Fri 26 May, 5 mei Fri, Hemelvaart Thu 25 May,
Kerst Mon 25 / Tue 26 Dec. 2029: Goede Vrijdag 30 Mar, 2e Paasdag 2 Apr,
Hemelvaart Thu 10 May. 2030: Nieuwjaarsdag Tue, Koningsdag Sat 27 Apr.
2031: 27 April is a Sunday, so Koningsdag is Saturday 26 April.
"""

import datetime as dt
import json

import pytest

from dossier_app.deadlines import RULES, compute, dwangsom_amount
from dossier_app.deadlines.calendar import feestdagen, reason_not_a_working_day
from dossier_app.errors import UsageError

D = dt.date.fromisoformat

CASES = [
    # (rule, start, options, expected last day, why)
    ("bezwaartermijn", "2026-11-02", {}, "2026-12-14", "plain six weeks, same weekday"),
    ("bezwaartermijn", "2026-11-07", {}, "2026-12-21", "ends on Saturday -> Monday"),
    ("bezwaartermijn", "2026-11-08", {}, "2026-12-21", "ends on Sunday -> Monday"),
    ("bezwaartermijn", "2025-11-20", {}, "2026-01-05", "Nieuwjaarsdag, then gelijkgesteld 2 Jan, weekend"),
    ("bezwaartermijn", "2025-11-21", {}, "2026-01-05", "gelijkgestelde dag 2 January 2026"),
    ("bezwaartermijn", "2029-11-20", {}, "2030-01-02", "Nieuwjaarsdag on a Tuesday"),
    ("bezwaartermijn", "2026-02-20", {}, "2026-04-07", "Goede Vrijdag, weekend, 2e Paasdag"),
    ("bezwaartermijn", "2029-02-16", {}, "2029-04-03", "Goede Vrijdag 2029 then 2e Paasdag"),
    ("bezwaartermijn", "2027-02-15", {}, "2027-03-30", "2e Paasdag 2027"),
    ("bezwaartermijn", "2026-03-16", {}, "2026-04-28", "Koningsdag on a Monday"),
    ("bezwaartermijn", "2030-03-16", {}, "2030-04-29", "Koningsdag on a Saturday (stays 27 April)"),
    ("bezwaartermijn", "2031-03-15", {}, "2031-04-28", "Koningsdag 2031 moved to Saturday 26 April"),
    ("bezwaartermijn", "2026-03-24", {}, "2026-05-06", "5 mei on a Tuesday (not a lustrum year)"),
    ("bezwaartermijn", "2027-03-24", {}, "2027-05-10", "5 mei, Hemelvaart, gelijkgesteld 7 May, weekend"),
    ("bezwaartermijn", "2028-03-24", {}, "2028-05-08", "5 mei on a Friday"),
    ("bezwaartermijn", "2026-04-02", {}, "2026-05-18", "Hemelvaart and gelijkgesteld 15 May 2026"),
    ("bezwaartermijn", "2026-04-03", {}, "2026-05-18", "gelijkgestelde dag 15 May 2026"),
    ("bezwaartermijn", "2029-03-29", {}, "2029-05-11", "Hemelvaart 2029, no gelijkgestelde Friday"),
    ("bezwaartermijn", "2026-04-13", {}, "2026-05-26", "2e Pinksterdag"),
    ("bezwaartermijn", "2026-11-13", {}, "2026-12-28", "1e Kerstdag, 2e Kerstdag on Saturday"),
    ("bezwaartermijn", "2028-11-13", {}, "2028-12-27", "1e Kerstdag on a Monday, then 2e Kerstdag"),
    ("bezwaartermijn", "2028-11-14", {}, "2028-12-27", "2e Kerstdag on a Tuesday"),
    ("bezwaartermijn", "2027-03-26", {}, "2027-05-10", "gelijkgestelde dag 7 May 2027"),
    ("bezwaartermijn", "2028-03-16", {}, "2028-05-01", "Koningsdag 2028 and gelijkgesteld 28 April"),
    ("bezwaartermijn", "2028-03-17", {}, "2028-05-01", "gelijkgestelde dag 28 April 2028"),
    ("bezwaartermijn", "2028-04-13", {}, "2028-05-29", "Hemelvaart 2028 and gelijkgesteld 26 May"),
    ("bezwaartermijn", "2028-04-14", {}, "2028-05-29", "gelijkgestelde dag 26 May 2028"),
    ("bezwaartermijn", "2028-11-21", {}, "2029-01-02", "2 January 2029 is an ordinary day"),
    ("beslistermijn-aanvraag", "2026-09-01", {}, "2026-10-27", "eight weeks"),
    ("beslistermijn-aanvraag", "2026-09-01",
     {"suspensions": [(D("2026-09-10"), D("2026-09-24"))]}, "2026-11-09",
     "opschorting 11-23 Sep: 13 days (Awb 4:15 lid 1)"),
    ("beslistermijn-aanvraag", "2026-09-01",
     {"suspensions": [(D("2026-09-10"), D("2026-09-12")), (D("2026-10-01"), D("2026-10-04"))]},
     "2026-10-30", "two suspensions, 1 + 2 days (11 Sep; 2-3 Oct)"),
    ("beslistermijn-aanvraag", "2026-09-01", {"postponement_weeks": 4}, "2026-11-24", "verdaging to 12 weeks"),
    ("beslistermijn-aanvraag", "2026-10-31", {}, "2026-12-28", "ends on 2e Kerstdag (Saturday)"),
    ("beslistermijn-aanvraag", "2026-10-03", {"postponement_weeks": 6}, "2027-01-09",
     "14 weeks: longer than 12, the Atw does not move a Saturday"),
    ("beslistermijn-bezwaar", "2026-11-02", {}, "2027-01-25", "6 weeks after the bezwaartermijn"),
    ("beslistermijn-bezwaar", "2026-11-02", {"committee": True}, "2027-03-08", "12 weeks with committee"),
    ("beslistermijn-bezwaar", "2026-11-07", {}, "2027-02-01", "bezwaartermijn itself moved to Monday"),
    ("beslistermijn-bezwaar", "2026-12-22", {"postponement_weeks": 6}, "2027-04-28",
     "6 + 6 weeks = 12, Atw applies: Koningsdag 2027"),
    ("beslistermijn-bezwaar", "2026-11-10", {"committee": True, "postponement_weeks": 6}, "2027-04-27",
     "12 + 6 = 18 weeks: no Atw, stays on Koningsdag"),
    ("beroepstermijn", "2027-03-15", {}, "2027-04-26", "six weeks"),
    ("beroepstermijn", "2027-03-16", {}, "2027-04-28", "ends on Koningsdag 2027"),
    ("ingebrekestelling", "2026-11-02", {}, "2026-11-16", "two weeks after receipt"),
    ("ingebrekestelling", "2026-12-11", {}, "2026-12-28", "two weeks end on 1e Kerstdag"),
    ("avg-reactietermijn", "2026-01-15", {}, "2026-02-16", "15 Feb is a Sunday -> Monday"),
    ("avg-reactietermijn", "2026-01-31", {}, "2026-03-02", "no 31 Feb: 28 Feb, a Saturday -> Monday"),
    ("avg-reactietermijn", "2028-01-31", {}, "2028-02-29", "leap year month end"),
    ("avg-reactietermijn", "2026-03-31", {}, "2026-04-30", "April has no 31st"),
    ("avg-reactietermijn", "2026-01-31", {"extension": True}, "2026-04-30", "one + two months"),
    ("avg-reactietermijn", "2026-08-31", {"extension": True}, "2026-11-30", "three months, month end"),
    ("avg-reactietermijn", "2026-03-27", {}, "2026-04-28", "ends on Koningsdag -> next working day"),
    ("avg-reactietermijn", "2026-11-25", {}, "2026-12-28", "ends on 1e Kerstdag"),
    ("aanwijzing-vervallenverklaring", "2026-11-02", {}, "2026-11-16", "two weeks"),
    ("aanwijzing-vervallenverklaring", "2026-12-11", {}, "2026-12-28", "two weeks end on Kerst"),
    ("klacht-afhandeling", "2026-11-02", {}, "2026-12-14", "six weeks"),
    ("klacht-afhandeling", "2026-11-02", {"committee": True}, "2027-01-11", "ten weeks with committee"),
    ("klacht-afhandeling", "2026-10-16", {"postponement_weeks": 4}, "2026-12-28", "6 + 4 weeks on Kerst"),
    ("klacht-afhandeling", "2026-09-19", {"committee": True, "postponement_weeks": 4}, "2026-12-26",
     "10 + 4 = 14 weeks: no Atw"),
    # Issue 10 item 11: gelijkgestelde dagen before 2026.
    ("bezwaartermijn", "2025-04-18", {}, "2025-06-02", "gelijkgestelde dag 30 May 2025, weekend"),
    ("bezwaartermijn", "2023-03-17", {}, "2023-05-01", "gelijkgestelde dag 28 April 2023, weekend"),
    ("bezwaartermijn", "2023-04-07", {}, "2023-05-22", "gelijkgestelde dag 19 May 2023, weekend"),
    ("bezwaartermijn", "2024-03-29", {}, "2024-05-13", "gelijkgestelde dag 10 May 2024, weekend"),
    ("bezwaartermijn", "2024-11-15", {}, "2024-12-30", "gelijkgestelde dag 27 December 2024, weekend"),
    # Issue 13: the terms the follow-up letters set (no Atw: the family sets them) and Awb 8:55b.
    ("reactie-verzoek", "2026-11-02", {}, "2026-11-16", "two weeks asked"),
    ("reactie-gespreksbevestiging", "2026-12-12", {}, "2026-12-26", "two weeks, 2e Kerstdag stays: no Atw"),
    ("laatste-termijn", "2026-11-02", {}, "2026-11-09", "one week after the reminder"),
    ("uitspraak-niet-tijdig", "2026-11-02", {}, "2026-12-28", "eight weeks after receipt by the court"),
    ("uitspraak-niet-tijdig", "2026-10-30", {}, "2026-12-28", "eight weeks end on 2e Kerstdag -> Monday"),
    # Issue 10 item 8: the pro-forma hersteltermijn (no Atw: the gemeente sets it).
    ("hersteltermijn", "2026-11-21", {}, "2026-12-19", "four weeks asked, a Saturday stays"),
]


@pytest.mark.parametrize("rule, start, options, expected, why", CASES, ids=[f"{c[0]}-{c[1]}-{c[4]}" for c in CASES])
def test_deadline_by_hand(rule, start, options, expected, why):
    result = compute(rule, D(start), **options)
    assert result.deadline == D(expected), result.explanation
    assert result.basis == RULES[rule].basis
    assert result.explanation.endswith(".")


def test_enough_cases_and_every_rule_covered():
    assert len(CASES) >= 40
    assert {case[0] for case in CASES} == set(RULES)


def test_explanation_reads_step_by_step():
    result = compute("bezwaartermijn", D("2026-11-02"))
    assert result.explanation == (
        "Het besluit is bekendgemaakt (verzonden) op maandag 2 november 2026; de termijn begint "
        "dinsdag 3 november; zes weken → maandag 14 december 2026; geen weekend of feestdag.")
    moved = compute("bezwaartermijn", D("2026-02-20"))
    assert "Goede Vrijdag" in moved.explanation and "Tweede Paasdag" in moved.explanation
    assert "dinsdag 7 april 2026" in moved.explanation
    suspended = compute("beslistermijn-aanvraag", D("2026-09-01"),
                        suspensions=[(D("2026-09-10"), D("2026-09-24"))])
    assert "dertien dagen erbij" in suspended.explanation
    long = compute("klacht-afhandeling", D("2026-09-19"), committee=True, postponement_weeks=4)
    assert "langer dan twaalf weken" in long.explanation
    eu = compute("avg-reactietermijn", D("2026-01-31"))
    assert "1182/71" in eu.explanation and "laatste dag van de maand" in eu.explanation


def test_calendar_day_types():
    assert reason_not_a_working_day(D("2026-04-03")) == "Goede Vrijdag"
    assert reason_not_a_working_day(D("2026-05-05")) == "Bevrijdingsdag (5 mei)"
    assert reason_not_a_working_day(D("2027-05-05")) == "Bevrijdingsdag (5 mei)"
    assert reason_not_a_working_day(D("2026-11-07")) == "zaterdag"
    assert reason_not_a_working_day(D("2026-11-08")) == "zondag"
    assert reason_not_a_working_day(D("2026-11-09")) is None
    assert feestdagen(2031)[D("2031-04-26")] == "Koningsdag" and D("2031-04-27") not in feestdagen(2031)
    assert feestdagen(2025)[D("2025-04-26")] == "Koningsdag"
    assert feestdagen(2030)[D("2030-04-27")] == "Koningsdag"
    gelijkgesteld = {day for year in (2023, 2024, 2025, 2026, 2027, 2028) for day, name in feestdagen(year).items()
                     if "gelijkgesteld" in name}
    assert gelijkgesteld == {D("2023-04-28"), D("2023-05-19"), D("2024-05-10"), D("2024-12-27"), D("2025-05-30"),
                             D("2026-01-02"), D("2026-05-15"), D("2027-05-07"), D("2028-04-28"), D("2028-05-26")}
    assert len(feestdagen(2026)) == 11  # 9 Atw feestdagen + 2 gelijkgestelde dagen
    assert D("2029-01-02") not in feestdagen(2029)


@pytest.mark.parametrize("on, owed, days", [
    ("2026-11-16", 0, 0), ("2026-11-17", 23, 1), ("2026-11-30", 322, 14), ("2026-12-01", 357, 15),
    ("2026-12-14", 812, 28), ("2026-12-15", 857, 29), ("2026-12-28", 1442, 42), ("2027-03-01", 1442, 42),
    ("2026-11-10", 0, 0),
])
def test_dwangsom_day_by_day(on, owed, days):
    assert dwangsom_amount(D("2026-11-16"), D(on)) == (owed, days)
    result = compute("ingebrekestelling", D("2026-11-02"), on=D(on))
    assert result.dwangsom_owed == owed


def test_dwangsom_schedule_and_maximum():
    result = compute("ingebrekestelling", D("2026-11-02"))
    assert result.dwangsom == [
        {"from": "2026-11-17", "to": "2026-11-30", "days": "1-14", "per_day": 23},
        {"from": "2026-12-01", "to": "2026-12-14", "days": "15-28", "per_day": 35},
        {"from": "2026-12-15", "to": "2026-12-28", "days": "29-42", "per_day": 45},
    ]
    assert result.as_dict()["dwangsom_max"] == 1442
    assert "1.442" in result.explanation and "Awb 6:12" in result.explanation


@pytest.mark.parametrize("rule, options, message", [
    ("bestaat-niet", {}, "Onbekende termijnregel"),
    ("bezwaartermijn", {"postponement_weeks": 2}, "hoort niet bij"),
    ("beslistermijn-bezwaar", {"postponement_weeks": 7}, "hoogstens 6 weken"),
    ("klacht-afhandeling", {"postponement_weeks": 5}, "hoogstens 4 weken"),
    ("bezwaartermijn", {"committee": True}, "hoort niet bij"),
    ("bezwaartermijn", {"extension": True}, "hoort niet bij"),
    ("avg-reactietermijn", {"suspensions": [(D("2026-01-02"), D("2026-01-03"))]}, "hoort niet bij"),
    ("beslistermijn-aanvraag", {"suspensions": [(D("2026-01-05"), D("2026-01-03"))]}, "opschorting"),
])
def test_bad_options_are_refused(rule, options, message):
    with pytest.raises(UsageError, match=message):
        compute(rule, D("2026-01-01"), **options)


def test_cli_deadline_json(cli):
    code, out, err = cli("deadline", "bezwaartermijn", "2026-11-02", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["rule"] == "bezwaartermijn" and data["start"] == "2026-11-02"
    assert data["deadline"] == "2026-12-14" and data["basis"] == "Awb 6:7, 6:8 en 6:9"
    assert data["explanation"].startswith("Het besluit is bekendgemaakt")
    code, out, err = cli("deadline", "beslistermijn-aanvraag", "01-09-2026", "--json",
                         "--opschorting", "2026-09-10", "2026-09-24")
    assert json.loads(out)["deadline"] == "2026-11-09"
    code, out, err = cli("deadline", "ingebrekestelling", "2026-11-02", "--json", "--peildatum", "2026-12-01")
    assert json.loads(out)["dwangsom_owed"] == 357
    code, out, err = cli("deadline", "avg-reactietermijn", "2026-01-31", "--verlenging")
    assert code == 0 and "donderdag 30 april 2026" in out


@pytest.mark.parametrize("args", [["bestaat-niet", "2026-11-02"], ["bezwaartermijn", "2026-02-30"],
                                  ["bezwaartermijn", "morgen"]])
def test_cli_deadline_errors(cli, args):
    code, out, err = cli("deadline", *args)
    assert code == 2
    assert err.count("\n") == 1
    if args[0] == "bestaat-niet":
        assert all(rule in err for rule in RULES)
