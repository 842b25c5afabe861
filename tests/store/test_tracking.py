"""Deadlines inside the dossier: from events, by hand, done, listed, exported."""

import datetime as dt
import json

from icalendar import Calendar

from dossier_app.store import entries, dossier_deadlines

D = dt.date.fromisoformat
TODAY = D("2026-11-22")


def test_beschikking_starts_bezwaartermijn(dossier):
    case = entries.add_traject("Aanvraag jeugd-ggz")
    entries.add_document(occurred_on=D("2026-11-02"), title="Beschikking", doc_kind="beschikking",
                         kenmerk="K-1", decision_date=D("2026-11-02"), case_id=case)
    items = dossier_deadlines.open_items(TODAY)
    assert [(i.rule, i.due_date, i.case_id) for i in items] == [("bezwaartermijn", D("2026-12-14"), case)]
    assert "K-1" in items[0].title and "Awb 6:7" in items[0].basis
    assert items[0].explanation.startswith("Het besluit is bekendgemaakt")


def test_sent_aanvraag_expects_receipt_then_beslistermijn(dossier):
    application = entries.add_document(occurred_on=D("2026-09-01"), title="Aanvraag", doc_kind="aanvraag",
                                       direction="verzonden")
    items = dossier_deadlines.open_items(D("2026-09-02"))
    assert [i.rule for i in items] == ["ontvangstbevestiging"]
    assert items[0].due_date == D("2026-09-15")
    dossier_deadlines.confirm_receipt(application, D("2026-09-03"))
    items = dossier_deadlines.open_items(TODAY)
    assert [(i.rule, i.due_date, i.overdue) for i in items] == [("beslistermijn-aanvraag", D("2026-10-29"), True)]
    assert "ingebrekestelling" in items[0].next_step


def test_other_events(dossier):
    entries.add_document(occurred_on=D("2026-11-02"), title="Ingebrekestelling", doc_kind="ingebrekestelling",
                         direction="verzonden", received_on=D("2026-11-02"))
    entries.add_document(occurred_on=D("2026-11-20"), title="Inzageverzoek", doc_kind="avg-verzoek",
                         direction="verzonden", received_on=D("2026-11-25"))
    entries.add_document(occurred_on=D("2026-12-11"), title="Aanwijzing", doc_kind="schriftelijke-aanwijzing")
    # In a traject of its own: a decision ends the open ingebrekestelling of its traject (issue 21).
    entries.add_document(occurred_on=D("2027-03-15"), title="Beslissing op bezwaar",
                         doc_kind="beslissing-op-bezwaar", case_id=entries.add_traject("Bezwaar"))
    entries.add_document(occurred_on=D("2026-11-02"), title="Verslag", doc_kind="gespreksverslag")
    due = {i.rule: i.due_date for i in dossier_deadlines.open_items(TODAY)}
    assert due == {"ingebrekestelling": D("2026-11-16"), "avg-reactietermijn": D("2026-12-28"),
                   "aanwijzing-vervallenverklaring": D("2026-12-28"), "beroepstermijn": D("2027-04-26")}


def test_agreements_manual_and_done(dossier):
    talk = entries.add_conversation(occurred_on=D("2026-11-02"), title="Evaluatie",
                                    agreements=[("Wijkteam", "stuurt het verslag", D("2026-11-16")),
                                                ("Sanne", "belt school", None)])
    manual = dossier_deadlines.add_manual("Formulier pgb inleveren", D("2026-12-01"))
    items = dossier_deadlines.open_items(TODAY)
    assert [(i.source, i.due_date, i.overdue) for i in items] == [
        ("afspraak", D("2026-11-16"), True), ("termijn", D("2026-12-01"), False)]
    assert "Wijkteam" in items[0].title and "Evaluatie" in items[0].explanation
    dossier_deadlines.mark_agreement_done(items[0].id)
    dossier_deadlines.mark_done(manual, D("2026-11-22"))
    assert dossier_deadlines.open_items(TODAY) == []
    assert entries.entry_details(talk).agreements[0]["done"] is True


def test_cli_deadlines_and_ics(demo_path, tmp_path, cli, passphrase_file):
    code, out, err = cli("deadlines", demo_path, "--json", "--today", "2026-11-22",
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    items = json.loads(out)
    assert items[0]["status"] == "verlopen" and items[0]["rule"] == "beslistermijn-aanvraag"
    code, out, err = cli("deadlines", demo_path, "--today", "2026-11-22", "--passphrase-file", passphrase_file)
    assert out.splitlines()[0].split()[1] == "VERLOPEN"
    ics = tmp_path / "termijnen.ics"
    code, out, err = cli("ics", demo_path, "--out", ics, "--today", "2026-11-22",
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    calendar = Calendar.from_ical(ics.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(items)
    bezwaar = [e for e in events if "Bezwaartermijn" in str(e["SUMMARY"])][0]
    assert bezwaar.decoded("DTSTART") == D("2026-12-14")
    alarm = list(bezwaar.walk("VALARM"))[0]
    assert alarm.decoded("TRIGGER") == dt.timedelta(days=-3)
    assert "Awb 6:7" in str(bezwaar["DESCRIPTION"])


def test_cli_manual_deadline_and_done(tmp_path, cli, passphrase_file):
    path = tmp_path / "gezin.dossier"
    cli("init", path, "--passphrase-file", passphrase_file)
    code, out, err = cli("deadline-add", path, "Bezwaar tegen besluit", "2026-11-02", "--rule", "bezwaartermijn",
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    cli("deadline-add", path, "Bellen met school", "2026-11-30", "--passphrase-file", passphrase_file)
    code, out, err = cli("deadlines", path, "--json", "--today", "2026-11-22", "--passphrase-file", passphrase_file)
    items = json.loads(out)
    assert [(i["title"], i["due_date"]) for i in items] == [("Bellen met school", "2026-11-30"),
                                                             ("Bezwaar tegen besluit", "2026-12-14")]
    assert cli("deadline-done", path, items[0]["id"], "--passphrase-file", passphrase_file)[0] == 0
    code, out, err = cli("deadlines", path, "--json", "--passphrase-file", passphrase_file)
    assert [i["title"] for i in json.loads(out)] == ["Bezwaar tegen besluit"]
    assert cli("deadline-done", path, 999, "--passphrase-file", passphrase_file)[0] == 2


def test_the_open_afspraken_read_as_plain_rows_are_the_items_the_paged_overview_reads(dossier):
    """The full list reads the afspraken as plain rows (thousands in a long dossier); the Overzicht's pages read
    them through the models (store/open_items.py). Both must give the same items, also per traject."""
    from dossier_app.store import open_items

    case_id = entries.add_traject("Dagbesteding")
    entries.add_conversation(occurred_on=D("2026-11-02"), title="Keukentafel", case_id=case_id,
                             agreements=[("Wijkteam", "belt terug", D("2026-11-20")),
                                         ("Ouder", "stuurt het verslag", D("2026-12-01")),
                                         ("School", "zonder datum", None)])
    entries.add_conversation(occurred_on=D("2026-10-01"), title="Losse afspraak",
                             agreements=[("Gemeente", "stuurt de beschikking", D("2026-10-15"))])
    plain = [item for item in dossier_deadlines.open_items(TODAY) if item.source == "afspraak"]
    paged = open_items.agreements(TODAY)
    assert sorted(plain, key=lambda item: item.id) == sorted(paged, key=lambda item: item.id)
    assert len(plain) == 3 and {item.case_id for item in plain} == {case_id, None}
    mine = [item for item in dossier_deadlines.open_items(TODAY, case_id=case_id) if item.source == "afspraak"]
    assert [item.title for item in mine] == ["Afspraak: Wijkteam — belt terug", "Afspraak: Ouder — stuurt het verslag"]
    assert mine[0].explanation == "Afgesproken in het gesprek 'Keukentafel' van 2 november 2026."
