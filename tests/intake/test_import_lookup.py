"""Import look-ups that do not grow with the dossier (issue 25): the kenmerk of a letter is found by
an index on its key (case and spaces ignored, also for rows written before the key existed or by
another path), and the sender is matched through an index of the contacts' names."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import PASSPHRASE
from dossier_app.intake import recognise
from dossier_app.services import session as sessions, timeline
from dossier_app.services.session import DossierSession, store_handle
from dossier_app.store import entries
from dossier_app.store.models import Document, Entry

DATA = Path(__file__).resolve().parents[1] / "data"
DAY = dt.date(2026, 11, 2)


def _ids(kenmerk: str) -> list[int]:
    return [row["id"] for row in entries.documents_with_kenmerk(kenmerk)]


def test_a_kenmerk_is_found_in_any_case_and_spacing_and_follows_a_change(tmp_path):
    with sessions.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE, name="Gezin") as opened:
        first = timeline.add_document(opened, occurred_on=DAY, title="Beschikking", doc_kind="beschikking",
                                      kenmerk="JGT 2026  0412")
        timeline.add_document(opened, occurred_on=DAY, title="Ander besluit", doc_kind="beschikking",
                              kenmerk="JGT-2026-0413")
        assert _ids("jgt 2026 0412") == [first] and _ids(" JGT\t2026 0412 ") == [first]
        assert _ids("JGT 2026 041") == [] and _ids("") == []
        timeline.update_document(opened, first, doc_kind="beschikking", direction="ontvangen", sender="",
                                 kenmerk="JGT-2026-9999", decision_date=None, received_on=None, inaccuracies="")
        assert _ids("JGT 2026 0412") == [] and _ids("jgt-2026-9999") == [first]
        # A kenmerk changed by another path (no key written): the trigger clears the key, still found.
        Document.update(kenmerk="Ons kenmerk 77").where(Document.entry == first).execute()
        assert _ids("ONS KENMERK 77") == [first]
        # A document written without a key at all (as an archive import writes it) is still found.
        other = Entry.create(kind="document", occurred_on=DAY, title="Uit een archief")
        Document.create(entry=other, doc_kind="brief", kenmerk="ARCH-1")
        assert _ids("arch-1") == [other.id]
        plan = store_handle(opened).db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT entry_id FROM document WHERE kenmerk_key = ?", ("x",)).fetchall()
        assert "document_kenmerk_key" in " ".join(str(step) for step in plan)


def test_migrating_an_old_dossier_gives_its_documents_their_kenmerk_key(tmp_path):
    path = tmp_path / "oud.dossier"
    shutil.copyfile(DATA / "schema-v1.dossier", path)
    with DossierSession(path) as opened:
        opened.unlock("schema een fixture wachtwoord")
        keys = store_handle(opened).db.execute_sql("SELECT kenmerk_key FROM document").fetchall()
        assert keys == [("jh-2025-77",)]
        assert _ids("JH-2025-77") == [3]


def test_the_sender_index_finds_names_with_punctuation_and_keeps_the_first_on_a_tie():
    parties = [recognise.Party(1, ("Jeugd- en gezinsteam",)), recognise.Party(2, ("'s-Hertogenbosch",)),
               recognise.Party(3, ("Kindpraktijk De Linde",)), recognise.Party(4, ("Kindpraktijk De Linde",)),
               recognise.Party(5, ("Karakter",), email="post@karakter.example")]
    index = recognise.PartyIndex(parties)
    text = "Datum: 2 november 2026\nHet jeugd- en gezinsteam van de gemeente 's-Hertogenbosch schrijft u."
    assert recognise.recognise(text, contacts=index).sender_id == 1
    assert recognise.recognise("Met groet, Kindpraktijk de linde", contacts=index).sender_id == 3
    assert recognise.recognise("Geen naam hier.", contacts=index, mail_from="Post <post@karakter.example>"
                               ).sender_id == 5
    assert recognise.recognise("Karaktervol schrijven.", contacts=index).sender_id is None
    # The index gives what a plain list gives.
    for sample in (text, "Kindpraktijk De Linde en het Jeugd- en gezinsteam", "KARAKTER"):
        assert recognise.recognise(sample, contacts=index).sender_id == \
            recognise.recognise(sample, contacts=parties).sender_id


def test_a_name_is_left_out_of_the_candidates_only_when_it_cannot_match():
    """PartyIndex passes over a name whose words the text does not all hold: never over one its pattern finds,
    in any case, with the letters re takes as one (ı and i, İ and i, ſ and s) and punctuation."""
    names = ["Ayşe Yılmaz", "Ayşe Yilmaz", "Jeugd- en gezinsteam", "'s-Hertogenbosch", "Kindpraktijk De Linde",
             "Zorg_Groep Noord", "St. Jansdal B.V.", "Gemeente Rivierstad", "Gemeente Oost", "Noor de Vries",
             "Ἰωάννης Σπύρος", "Straße 12 Zorg", "Jeugdteam 3"]
    texts = ["Mevrouw AYŞE YILMAZ schrijft namens het jeugd- en gezinsteam.", "ayşe yilmaz en ayse yılmaz",
             "Ayşe Yİlmaz", "Het Jeugd-  en\nGezinsteam van 's-hertogenbosch",
             "kindpraktijk de linde, Zorg_Groep noord", "St. Jansdal B.V. en st jansdal bv",
             "Gemeente Rivierstad, niet gemeente oost-west maar gemeente oostwaarts", "NOOR DE VRIES (Noor)",
             "ἸΩΆΝΝΗΣ ΣΠΎΡΟΣ en ἰωάννης σπύρος", "STRASSE 12 ZORG en straße 12 zorg", "jeugdteam 3"]
    parties = [recognise.Party(number, (name,)) for number, name in enumerate(names)]
    index = recognise.PartyIndex(parties)
    for text in texts:
        for sample in (text, text.upper(), text.lower(), text.swapcase(), text.title()):
            body = recognise.flat(sample)
            candidates = {order for order, _position, _pattern in index.candidates(body)}
            first_words = {word.lower() for word in recognise._WORD.findall(body)}
            for order, name in enumerate(names):
                pattern = recognise._name_pattern(name)
                if pattern is not None and pattern.search(body) and recognise._first_word(name) in first_words:
                    assert order in candidates, (name, sample)
    assert {order for order, _p, _q in index.candidates("Gemeente Oost en Jeugdteam 3")} == {8, 12}


def test_a_letter_naming_a_first_day_is_matched_whatever_else_it_names():
    """Matching looks for a traject's first days only in letters holding their month and year (or '-mm-yyyy'):
    every traject whose first day the letter names — long or dd-mm-yyyy, also inside a longer date — is found,
    and no other."""
    from dossier_app.deadlines import consequences as model
    from dossier_app.dutch import long_date
    from dossier_app.services import intake

    firsts = [dt.date(2026, 6, 5), dt.date(2026, 6, 15), dt.date(2025, 6, 5), dt.date(2026, 12, 1),
              dt.date(2026, 1, 31), dt.date(2024, 2, 29)]
    rows = [{"id": number, "title": f"Traject {number}", "status": "lopend", "child": None}
            for number in range(1, len(firsts) + 2)]
    terms = {number: [model.Term(number, "beslistermijn-aanvraag", day + dt.timedelta(days=56), day, open=False)]
             for number, day in enumerate(firsts, start=1)}   # the last traject has no first day
    trajecten = intake._Trajecten(rows, terms)
    texts = [f"Uw aanvraag van {long_date(day)}" for day in firsts] + [
        f"Uw aanvraag van {day:%d-%m-%Y}" for day in firsts] + [
        "Brief van 15 juni 2026 en 1 december 2026", "05-06-2025, 31-01-2026", "juni 2026", "-06-2026",
        "UW AANVRAAG VAN 29 FEBRUARI 2024", "Geen datum", "5 juni 2027", ""]
    for text in texts:
        named = {number for number, day in enumerate(firsts, start=1)
                 if long_date(day).casefold() in text.casefold() or day.strftime("%d-%m-%Y") in text}
        found = {match.traject_id for match in trajecten.match((), doc_kind="brief", text=text)
                 if any(reason.startswith("noemt de datum") for reason in match.reasons)}
        assert found == named, text
    assert {match.traject_id for match in trajecten.match((), doc_kind="brief", text="Brief van 15 juni 2026")
            if match.reasons} == {1, 2}   # 5 juni 2026 stands inside 15 juni 2026, as before


def test_the_best_matches_are_the_first_of_all_matches():
    """A suggestion asks only for the trajecten with the best score: the same as the first of all, in order."""
    from dossier_app.deadlines import consequences as model
    from dossier_app.services import intake

    rows = [{"id": number, "title": title, "status": status, "child": child}
            for number, title, status, child in (
                (1, "Ambulante begeleiding", "lopend", 7), (2, "Dagbesteding", "lopend", 7),
                (3, "Ambulante begeleiding Noor", "lopend", None), (4, "Logeeropvang", "afgerond", 7),
                (5, "Vervoer", "lopend", 8))]
    day = dt.date(2026, 3, 2)
    terms = {number: [model.Term(10 + number, "beslistermijn-aanvraag", day + dt.timedelta(days=56), day)]
             for number in (1, 2, 5)}
    trajecten = intake._Trajecten(rows, terms)
    for subject, child, date, kenmerk_rows in (("", None, None, ()), ("ambulante begeleiding", 7, None, ()),
                                               ("besluit", 7, dt.date(2026, 4, 1), ()),
                                               ("dagbesteding", None, dt.date(2026, 4, 1), ({"case_id": 4},)),
                                               ("vervoer logeeropvang", 8, dt.date(2026, 1, 1), ())):
        common = dict(doc_kind="beschikking", kenmerk="K-1" if kenmerk_rows else "", child_id=child, date=date,
                      text=f"Uw aanvraag van {day:%d-%m-%Y}", subject=subject)
        every = trajecten.match(kenmerk_rows, **common)
        best = trajecten.match(kenmerk_rows, **common, best_only=True)
        assert best == [match for match in every if match.score == every[0].score], subject
        assert best and best[0] == every[0]
