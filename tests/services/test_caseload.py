"""Mijn gezinnen (caseload) and the visit preparation: services and command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import PASSPHRASE

# Slow (ten families opened and closed, PDFs of the preparation): make test runs it, make test-quick skips it.
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 22)
MARKERS = {"a": "Kwartelkoning-Alfa", "b": "Sneeuwuil-Bravo", "c": "Ijsvogel-Charlie"}


def _family_files(folder: Path) -> dict:
    return {path.name: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def three_families(tmp_path, monkeypatch):
    """a: the demo (remembered), b: the second family (remembered), c: not remembered.
    Each holds a marker in a deadline title. Profile and temp folders are private to the test."""
    from tests.support.second_family import build_second_family

    from dossier_app.services import deadlines, keys, session, timeline

    profile, temp = tmp_path / "profiel", tmp_path / "temp"
    for folder in (profile / "config", profile / "data", temp):
        folder.mkdir(parents=True)
    monkeypatch.setenv("GEZINSDOSSIER_CONFIG", str(profile / "config"))
    monkeypatch.setenv("GEZINSDOSSIER_DATA", str(profile / "data"))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    folder = tmp_path / "dossiers"
    folder.mkdir()
    paths = {name: folder / f"{name}.dossier" for name in "abc"}
    with session.create_demo(paths["a"], PASSPHRASE, today=TODAY) as opened:
        deadlines.add_deadline(opened, f"Stukken nasturen {MARKERS['a']}", TODAY + dt.timedelta(days=3))
        timeline.add_conversation(opened, occurred_on=TODAY - dt.timedelta(days=2), title="Telefoon met het team",
                                  agreements=[timeline.AgreementInput("mevrouw L. Jansen", "stuurt de uitnodiging",
                                                                      TODAY + dt.timedelta(days=5))],
                                  traject_id=1)
        keys.remember_key(opened)
    with session.create_dossier(paths["b"], PASSPHRASE, name="Familie Bakker-Yilmaz") as opened:
        build_second_family(TODAY)
        deadlines.add_deadline(opened, f"Rapport opvragen {MARKERS['b']}", TODAY - dt.timedelta(days=1))
        keys.remember_key(opened)
    with session.create_dossier(paths["c"], PASSPHRASE, name="Familie Claes") as opened:
        deadlines.add_deadline(opened, f"Bellen {MARKERS['c']}", TODAY + dt.timedelta(days=1))
    return {"paths": paths, "folder": folder, "profile": profile, "temp": temp, "root": tmp_path}


def _no_marker_anywhere(root: Path, skip=()):
    for path in root.rglob("*"):
        if not path.is_file() or path in skip:
            continue
        data = path.read_bytes()
        for marker in MARKERS.values():
            assert marker.encode() not in data, f"{marker} in {path.relative_to(root)}"


def test_caseload_reads_remembered_read_only_and_leaves_nothing(three_families, monkeypatch):
    from dossier_app.services import caseload
    from dossier_app.store import lockfile

    paths, folder = three_families["paths"], three_families["folder"]
    before = _family_files(folder)

    def no_lock(*_args, **_kwargs):
        raise AssertionError("the caseload took a dossier's write lock")

    monkeypatch.setattr(lockfile.DossierLock, "acquire", no_lock)
    result = caseload.load([paths["a"], paths["b"], paths["c"]], today=TODAY)

    states = {family.path.name: (family.state, family.label) for family in result.families}
    assert states["a.dossier"] == (caseload.READ, "Demo: familie De Vries")
    assert states["b.dossier"] == (caseload.READ, "Familie Bakker-Yilmaz")
    assert states["c.dossier"] == (caseload.LOCKED, "c")      # file name only, never content
    titles = [item.title for item in result.items]
    assert any(MARKERS["a"] in title for title in titles)
    assert any(MARKERS["b"] in title for title in titles)
    assert not any(MARKERS["c"] in title for title in titles)
    assert any(item.kind_label == "Bezwaartermijn" and item.family_number == 1 for item in result.items)
    assert any(item.source == "afspraak" and "stuurt de uitnodiging" in item.title for item in result.items)
    dates = [item.due_date for item in result.items if item.due_date]
    assert dates == sorted(dates)
    assert result.items[0].overdue
    # Nothing opened for writing, nothing changed, nothing left next to the dossiers.
    assert _family_files(folder) == before
    assert not list(folder.glob("*.lock")) and not list(folder.glob("*-wal")) and not list(folder.glob("*-shm"))
    # No plaintext anywhere on disk: profile, temp, the dossier folder.
    _no_marker_anywhere(three_families["root"])


def test_caseload_leaves_a_dossier_open_elsewhere_alone(three_families):
    from dossier_app.services import caseload, session
    from dossier_app.store.dossier import Dossier

    path = three_families["paths"]["a"]
    elsewhere = Dossier.unlock(path, PASSPHRASE)       # as if another program has it open for writing
    owner_before = session.lock_owner(path)
    try:
        result = caseload.load([path], today=TODAY)
        assert result.families[0].state == caseload.READ
        assert session.lock_owner(path) == owner_before
        assert elsewhere.is_open
    finally:
        elsewhere.close()


def test_caseload_reads_other_families_while_a_dossier_is_open_here(three_families):
    """Issue 24: the caseload no longer closes (or refuses next to) the dossier open in this program."""
    from dossier_app.services import caseload, keys, timeline
    from dossier_app.services.session import DossierSession

    paths = three_families["paths"]
    opened = DossierSession(paths["a"])
    assert keys.unlock_with_keychain(opened)
    key_c = caseload.key_from_passphrase(paths["c"], PASSPHRASE)
    result = caseload.load([paths["b"], paths["c"]], today=TODAY, session_keys={str(paths["c"].resolve()): key_c})
    assert [family.state for family in result.families] == [caseload.READ, caseload.READ]
    assert any(MARKERS["c"] in item.title for item in result.items)
    assert opened.is_open and not opened.read_only
    timeline.add_note(opened, "Na het overzicht")
    assert "Na het overzicht" in [item.summary for item in timeline.timeline(opened)]
    assert not any(MARKERS["c"] in item.title for item in timeline.timeline(opened))
    opened.lock()


def test_calendar_across_families_says_only_what_is_ticked(three_families):
    from dossier_app.services import caseload

    paths = three_families["paths"]
    result = caseload.load(list(paths.values()), today=TODAY)
    out = three_families["root"] / "gezinnen.ics"
    count = caseload.export_calendar(result.items, out)
    text = out.read_text(encoding="utf-8")
    assert count == text.count("BEGIN:VEVENT") > 0
    first, second = (family.pseudonym for family in result.families[:2])
    assert len(first) == len(second) == 4 and first != second
    assert f"SUMMARY:Gezin {first}: Bezwaartermijn" in text
    assert f"SUMMARY:Gezin {second}: " in text
    for secret in (*MARKERS.values(), "De Vries", "Bakker", "Noor", "Mila", "Grondslag", "JGT-2026"):
        assert secret not in text
    uids = [line for line in text.splitlines() if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    with pytest.raises(Exception, match="bestaat al"):
        caseload.export_calendar(result.items, out)
    chosen = three_families["root"] / "met-naam.ics"
    caseload.export_calendar(result.items, chosen, choice=caseload.CalendarChoice(family_name=True, title=True))
    text = chosen.read_text(encoding="utf-8")
    assert "Demo: familie De Vries: Bezwaartermijn: Beschikking jeugdhulp Noor" in text.replace("\r\n ", "")
    _no_marker_anywhere(three_families["root"], skip={chosen})


def test_a_family_keeps_its_calendar_label_when_the_list_changes_order(three_families):
    """Issue 24: "Gezin 1/2/3" followed the order of the list, so calendar entries jumped between families."""
    from dossier_app.services import caseload

    paths, root = three_families["paths"], three_families["root"]

    def summaries(order, name):
        result = caseload.load([paths[key] for key in order], today=TODAY)
        out = root / name
        caseload.export_calendar(result.items, out)
        text = out.read_text(encoding="utf-8").replace("\r\n ", "")
        return {line.split(":", 1)[1] for line in text.splitlines() if line.startswith("SUMMARY:")}, result

    before, first = summaries("abc", "eerst.ics")
    after, second = summaries("cba", "daarna.ics")
    assert before == after and len(before) > 2
    labels = {family.path.name: family.pseudonym for family in first.families if family.pseudonym}
    assert labels == {family.path.name: family.pseudonym for family in second.families if family.pseudonym}
    assert set(labels) == {"a.dossier", "b.dossier"}
    for summary in before:
        assert re.fullmatch(r"Gezin [A-Z2-9]{4}: .+", summary)
    # "Gezin 1:" — not "Gezin 1": a pseudonym may start with a 2 ("Gezin 2K7Q"), which failed 1 run in 16.
    for secret in ("Gezin 1:", "Gezin 2:", "Gezin 3:", "De Vries", "Bakker"):
        assert not any(secret in summary for summary in before)


def test_caseload_cli_json_and_ics(three_families, cli):
    import json

    paths = three_families["paths"]
    code, out, err = cli("caseload", paths["a"], paths["b"], paths["c"], "--json", "--today", TODAY)
    assert code == 0, err
    data = json.loads(out)
    assert [family["state"] for family in data["families"]] == ["gelezen", "gelezen", "vergrendeld"]
    assert data["families"][2]["name"] == "c"
    assert any(item["kind"] == "Bezwaartermijn" for item in data["items"])
    ics = three_families["root"] / "agenda.ics"
    code, out, err = cli("caseload", paths["a"], paths["b"], "--ics", ics, "--today", TODAY)
    assert code == 0, err
    assert re.search(r"Gezin [A-Z2-9]{4}: Bezwaartermijn", ics.read_text(encoding="utf-8"))
    code, _out, err = cli("caseload", paths["a"], "--ics", ics)
    assert code == 2 and "bestaat al" in err


# -- the visit preparation ----------------------------------------------------------------------
def _docx_text(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in Document(str(path)).paragraphs)


def test_preparation_for_the_demo_traject(three_families, cli):
    from dossier_app.services import preparation

    out = three_families["root"] / "voorbereiding.docx"
    code, _out, err = cli("prepare", three_families["paths"]["a"], "--traject", 1, "--out", out,
                          "--today", TODAY, "--passphrase-file", _passphrase(three_families["root"]))
    assert code == 0, err
    text = _docx_text(out)
    assert "Gespreksvoorbereiding: Aanvraag jeugd-ggz Noor" in text
    assert "Noor de Vries, 10 jaar" in text
    assert "Bezwaartermijn: Beschikking jeugdhulp Noor (kenmerk JGT-2026-0412): uiterlijk 14 december 2026" in text
    # The next step from the traject's history (a decision came), and what the model closed, and why.
    assert "Wat nu: Er is een besluit. Bezwaar maken kan tot en met 14 december 2026" in text
    assert ("Beslistermijn aanvraag: Aanvraag jeugdhulp (jeugd-ggz) voor Noor: gesloten op 2 november 2026 "
            "(besluit ontvangen).") in text
    assert "mevrouw L. Jansen: stuurt de uitnodiging, uiterlijk 27 november 2026" in text
    assert "wij hebben verteld dat zij sinds de zomer bijna niet meer naar school gaat" in text
    for question in preparation.questions():
        assert (question.text in text) == question.default   # only the questions ticked by default
    # The recording made without consent is never listed; nor is the other traject's business.
    assert "Opname keukentafelgesprek" not in text
    assert "Aanvraag verlenging begeleiding" not in text
    assert "Aantekeningen" in text
    styles = {paragraph.style.name for paragraph in Document(str(out)).paragraphs}
    assert "Tussenkop" in styles


def test_preparation_omits_what_is_unticked(three_families):
    from dossier_app.services import preparation
    from dossier_app.services.session import DossierSession

    opened = DossierSession(three_families["paths"]["a"])
    opened.unlock(PASSPHRASE)
    try:
        choice = preparation.Choice(sections=frozenset(preparation.SECTION_IDS) - {"onjuistheden", "gezin"},
                                    questions=frozenset({"verslag", "welke-pet"}))
        made = preparation.prepare(opened, 1, choice=choice, today=TODAY)
    finally:
        opened.lock()
    out = preparation.save_docx(made, three_families["root"] / "kort.docx")
    text = _docx_text(out)
    assert "Bezwaartermijn" in text and "stuurt de uitnodiging" in text
    assert "gewoon naar school" not in text and "Onjuistheden" not in text
    assert "Sanne de Vries" not in text and "10 jaar" not in text
    asked = {q.id: q.text for q in preparation.questions()}
    assert asked["verslag"] in text and asked["welke-pet"] in text
    assert asked["opnemen"] not in text and asked["kind-spreken"] not in text


def test_preparation_cli_refuses_unknown_parts_and_existing_files(three_families, cli):
    out = three_families["root"] / "v.docx"
    secret = _passphrase(three_families["root"])
    code, _o, err = cli("prepare", three_families["paths"]["a"], "--out", out, "--zonder", "geheim",
                        "--passphrase-file", secret)
    assert code == 2 and "Onbekend onderdeel" in err
    out.write_bytes(b"van iemand anders")
    code, _o, err = cli("prepare", three_families["paths"]["a"], "--out", out, "--passphrase-file", secret)
    assert code == 2 and "bestaat al" in err
    assert out.read_bytes() == b"van iemand anders"
    code, _o, err = cli("prepare", three_families["paths"]["a"], "--out", three_families["paths"]["b"],
                        "--passphrase-file", secret)
    assert code == 2


def test_preparation_pdf(three_families, cli):
    from dossier_app.services import preparation

    if not preparation.pdf_available():
        pytest.skip("LibreOffice is not installed")
    out = three_families["root"] / "pdf" / "voorbereiding.docx"
    out.parent.mkdir()
    code, said, err = cli("prepare", three_families["paths"]["a"], "--traject", 1, "--out", out, "--pdf",
                          "--today", TODAY, "--passphrase-file", _passphrase(three_families["root"]))
    assert code == 0, err
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def _passphrase(root: Path) -> Path:
    path = root / "wachtwoord.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_preparation_lists_a_waiting_letter_once_and_calls_a_beschikking_a_beschikking(three_families):
    """Issue 24: the waiting letter came twice (as a term and as a letter); a beschikking read 'document/verslag'."""
    from dossier_app.services import preparation
    from dossier_app.services.session import DossierSession

    opened = DossierSession(three_families["paths"]["a"])
    opened.unlock(PASSPHRASE)
    try:
        first = preparation.prepare(opened, 1, today=TODAY).text
        second = preparation.prepare(opened, 2, today=TODAY).text
    finally:
        opened.lock()
    assert "2 november 2026: beschikking, Beschikking jeugdhulp Noor" in first
    assert "document/verslag" not in first + second
    assert second.count("Aanvraag verlenging begeleiding Noor, verstuurd op") == 1
    assert "Beslistermijn aanvraag: Aanvraag verlenging begeleiding Noor" not in second
    waiting = next(line for line in second.splitlines() if "verstuurd op" in line)
    assert "(verlopen)" in waiting and "Wat nu:" in waiting and "ingebrekestelling" in waiting
    # Without the Brieven section the term itself is still listed.
    opened = DossierSession(three_families["paths"]["a"])
    opened.unlock(PASSPHRASE)
    try:
        sections = frozenset(preparation.SECTION_IDS) - {"brieven"}
        alone = preparation.prepare(opened, 2, today=TODAY, choice=preparation.Choice(sections=sections)).text
    finally:
        opened.lock()
    assert "Beslistermijn aanvraag: Aanvraag verlenging begeleiding Noor" in alone


def test_a_second_reading_takes_unchanged_families_from_memory_and_reads_a_changed_one_again(
        three_families, monkeypatch):
    """Issue 24: Mijn gezinnen read every family again each time; now what was read is kept in memory per file
    version (device, inode, size, mtime), with progress "n van N" while reading."""
    from dossier_app.services import caseload, deadlines, session

    paths = three_families["paths"]
    cache = caseload.ReadCache()
    steps = []
    first = caseload.load([paths["a"], paths["b"]], today=TODAY, cache=cache,
                          progress=lambda done, total, name: steps.append((done, total, name)))
    assert steps == [(1, 2, "a.dossier"), (2, 2, "b.dossier")]
    assert len(cache) == 2
    opened = []
    real = session.DossierSession.unlock_with_key

    def counting(self, *args, **kwargs):
        opened.append(self.path.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(session.DossierSession, "unlock_with_key", counting)
    again = caseload.load([paths["b"], paths["a"]], today=TODAY, cache=cache)
    assert opened == []                           # nothing was opened: instant
    assert [family.label for family in again.families] == ["Familie Bakker-Yilmaz", "Demo: familie De Vries"]
    assert [family.number for family in again.families] == [1, 2]

    def content(result):
        return sorted((item.family, item.title, item.due_date) for item in result.items)

    assert content(again) == content(first)
    assert {item.family_number for item in again.items if item.family == "Familie Bakker-Yilmaz"} == {1}
    with session.DossierSession(paths["b"]) as changed:
        changed.unlock(PASSPHRASE)
        deadlines.add_deadline(changed, "Nieuwe termijn na het lezen", TODAY + dt.timedelta(days=6))
    third = caseload.load([paths["a"], paths["b"]], today=TODAY, cache=cache)
    assert opened == ["b.dossier"]                # only the family whose file changed is read again
    assert "Nieuwe termijn na het lezen" in [item.title for item in third.items]
    caseload.load([paths["a"]], today=TODAY + dt.timedelta(days=1), cache=cache)
    assert opened == ["b.dossier", "a.dossier"]   # another day: days left change, so it is read again
    cache.clear()
    assert len(cache) == 0


def test_a_version_put_in_place_with_the_same_size_and_time_is_read_again(three_families):
    """The kept read is keyed on what the store uses to tell a change from outside: a sync program that writes
    another version into the file, keeping its size and modification time, still changes its change time and
    pages (store/sidefiles.fingerprint), so Mijn gezinnen reads it again and never shows the version it kept."""
    import os

    from dossier_app.services import caseload, deadlines, session

    path = three_families["paths"]["a"]
    earlier = path.read_bytes()
    with session.DossierSession(path) as changed:
        changed.unlock(PASSPHRASE)
        deadlines.add_deadline(changed, "Alleen in de nieuwere versie", TODAY + dt.timedelta(days=6))
    cache = caseload.ReadCache()
    newer = caseload.load([path], today=TODAY, cache=cache)
    assert "Alleen in de nieuwere versie" in [item.title for item in newer.items]
    seen = os.stat(path)
    assert len(earlier) == seen.st_size          # the two versions have the same size (the case this is about)
    with open(path, "r+b") as file:              # the earlier version written into the same file
        file.write(earlier)
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    now = os.stat(path)
    assert (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
        seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns)
    again = caseload.load([path], today=TODAY, cache=cache)
    assert "Alleen in de nieuwere versie" not in [item.title for item in again.items]


def test_preparation_says_when_the_traject_began_apart_from_where_it_stands(three_families):
    """Found by hand: 'Verlenging begeleiding Noor: besluit (sinds 3 september 2026)' read as if the decision
    had come in September; the date is the day the traject began."""
    from dossier_app.services import preparation
    from dossier_app.services.session import DossierSession

    opened = DossierSession(three_families["paths"]["a"])
    opened.unlock(PASSPHRASE)
    try:
        text = preparation.prepare(opened, 2, today=TODAY).text
    finally:
        opened.lock()
    stand = next(line for line in text.splitlines() if line.startswith("Verlenging begeleiding Noor"))
    assert stand == "Verlenging begeleiding Noor, begonnen op 3 september 2026. Stand nu: aanvraag verstuurd."
    assert "(sinds" not in text
