"""The demo dossier tells the De Vries story that needs every letter kind."""

import datetime as dt
import json

from tests.conftest import PASSPHRASE
from dossier_app.store import entries, dossier_deadlines
from dossier_app.store.dossier import Dossier

TODAY = dt.date(2026, 11, 22)


def test_demo_family_contacts_and_timeline(demo_path):
    with Dossier.unlock(demo_path, PASSPHRASE):
        parents = entries.people("ouder")
        assert [p["name"] for p in parents] == ["Sanne de Vries", "Joris de Vries"]
        assert (parents[0]["street"], parents[0]["postcode"], parents[0]["city"]) == (
            "Berkenlaan 12", "1234 AB", "Lindenhoven")
        child = entries.people("kind")[0]
        assert (child["name"], child["birth_date"]) == ("Noor de Vries", dt.date(2016, 3, 14))
        gemeente = entries.contacts("gemeente")[0]
        assert (gemeente["department"], gemeente["street"], gemeente["postcode"]) == (
            "het college van burgemeester en wethouders", "Postbus 100", "1230 AA")
        assert entries.contacts("huisarts")[0]["name"] == "dr. P. Bakker"
        assert entries.contacts("jeugdhulpaanbieder")[0]["name"] == "Kindpraktijk De Linde"
        kinds = {item.kind for item in entries.timeline()}
        assert {"gesprek", "document", "opname", "termijn", "notitie"} <= kinds
        recording = entries.entry_details(entries.timeline(kind="opname")[0].id)
        assert recording.fields["consent"] is False
        documents = {item.title: entries.entry_details(item.id) for item in entries.timeline(kind="document")}
        beschikking = documents["Beschikking jeugdhulp Noor"]
        assert beschikking.fields["kenmerk"] == "JGT-2026-0412"
        assert documents["Gespreksverslag keukentafelgesprek"].fields["inaccuracies"]
        assert any(d.fields["doc_kind"] == "verzoek" for d in documents.values())
        assert any(d.fields["doc_kind"] == "advies" for d in documents.values())
        sent = [d for d in documents.values() if d.fields["doc_kind"] == "aanvraag"]
        assert len(sent) == 3 and all(d.fields["received_on"] for d in sent)  # issue 13: logeeropvang


def test_demo_shows_one_upcoming_bezwaar_and_one_overdue_decision(demo_path):
    with Dossier.unlock(demo_path, PASSPHRASE):
        items = dossier_deadlines.open_items(TODAY)
    overdue = [item for item in items if item.overdue]
    # Issue 13: also an unanswered AVG request and an ingebrekestelling whose two weeks have passed.
    assert [item.rule for item in overdue] == ["beslistermijn-aanvraag", "avg-reactietermijn", "ingebrekestelling"]
    assert items[0] is overdue[0]
    upcoming = [item for item in items if item.rule == "bezwaartermijn"]
    assert len(upcoming) == 1 and not upcoming[0].overdue
    assert upcoming[0].due_date == dt.date(2026, 12, 14)  # 2 Nov 2026 + 6 weeks, a Monday


def test_demo_dates_follow_today(tmp_path, cli):
    path = tmp_path / "later.dossier"
    code, out, err = cli("demo", path, "--today", "2027-06-01")
    assert code == 0 and "gezinsdossier-demo" in out
    code, out, err = cli("deadlines", path, "--json", "--today", "2027-06-01", "--passphrase-file",
                         _write(tmp_path, "gezinsdossier-demo"))
    items = json.loads(out)
    assert [i["rule"] for i in items if i["status"] == "verlopen"] == [
        "beslistermijn-aanvraag", "avg-reactietermijn", "ingebrekestelling"]
    assert [i["status"] for i in items if i["rule"] == "bezwaartermijn"] == ["open"]


def _write(folder, text):
    path = folder / "demo-pw"
    path.write_text(text)
    return path
