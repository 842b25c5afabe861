"""Open export (AVG art. 20, no lock-in): the whole dossier as a readable archive, and back into a new dossier.

Round trips of the demo and the second family lose nothing (the full JSON, every attachment's
bytes, the Termijnen list); a hand-written archive makes a working dossier; bad archives give a
clear error and leave nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from dossier_app.errors import BadArchive, OutputExists, OutputNotAllowed, UsageError, WrongPassphrase
from dossier_app.services import archive, attachments, deadlines, session

TODAY = dt.date(2026, 11, 22)
ARCHIVE_PASSPHRASE = "archief-wachtwoord-lang"
NEW_PASSPHRASE = "nieuw gezinswachtwoord"
VOLATILE = ("exported_at",)


def read_json(path: Path, passphrase: str | None = ARCHIVE_PASSPHRASE) -> dict:
    import pyzipper

    with pyzipper.AESZipFile(path) as archive_file:
        if passphrase:
            archive_file.setpassword(passphrase.encode())
        data = json.loads(archive_file.read("dossier.json"))
    return {key: value for key, value in data.items() if key not in VOLATILE}


def member_bytes(path: Path, passphrase: str | None = ARCHIVE_PASSPHRASE) -> dict:
    import pyzipper

    with pyzipper.AESZipFile(path) as archive_file:
        if passphrase:
            archive_file.setpassword(passphrase.encode())
        return {name: archive_file.read(name) for name in archive_file.namelist() if name != "dossier.json"}


def export(path: Path, target: Path, passphrase=PASSPHRASE, *, archive_passphrase=ARCHIVE_PASSPHRASE) -> Path:
    opened = session.DossierSession(path)
    opened.unlock(passphrase)
    try:
        archive.export_archive(opened, target, passphrase=archive_passphrase, plain=archive_passphrase is None)
    finally:
        opened.lock()
    return target


def open_items(path: Path, passphrase: str) -> list:
    opened = session.DossierSession(path)
    opened.unlock(passphrase)
    try:
        return deadlines.open_items(opened, TODAY)
    finally:
        opened.lock()


def second_family_path(tmp_path) -> Path:
    from tests.support.second_family import build_second_family

    path = tmp_path / "tweede.dossier"
    with session.create_dossier(path, PASSPHRASE, name="Familie Bakker-Yilmaz") as opened:
        build_second_family()
        attachments.add_file(opened, _first_entry_id(opened), _sample_file(tmp_path))
    return path


def _first_entry_id(opened) -> int:
    from dossier_app.services import timeline

    return timeline.add_note(opened, "Notitie met een bijlage: ü ß 漢字 \u202e", occurred_on=TODAY)


def _sample_file(tmp_path) -> Path:
    sample = tmp_path / "verslag eetkliniek (concept).pdf"
    sample.write_bytes(b"%PDF-1.4\n" + os.urandom(300_000))
    return sample


def everything_in_files(folder: Path) -> set:
    return {item.name for item in folder.iterdir()}


@pytest.mark.parametrize("family", ["demo", "tweede"])
def test_round_trip_loses_nothing(family, demo_path, tmp_path):
    original = demo_path if family == "demo" else second_family_path(tmp_path)
    first = export(original, tmp_path / "eerste.zip")
    copy = archive.import_archive(first, tmp_path / "kopie.dossier", NEW_PASSPHRASE,
                                  archive_passphrase=ARCHIVE_PASSPHRASE)
    second = export(copy, tmp_path / "tweede.zip", NEW_PASSPHRASE)

    data = read_json(first)
    assert read_json(second) == data
    assert data["format"] == "gezinsdossier-export" and data["version"] == 1
    # The export really holds the family (not an empty shell): every table that has rows in the original.
    assert data["persons"] and data["contacts"] and data["trajecten"] and data["entries"] and data["attachments"]
    kinds = {entry["kind"] for entry in data["entries"]}
    assert {"document", "termijn"} <= kinds
    files_first, files_second = member_bytes(first), member_bytes(second)
    assert files_first == files_second
    for item in data["attachments"]:
        assert hashlib.sha256(files_first[item["file"]]).hexdigest() == item["sha256"]
        assert len(files_first[item["file"]]) == item["size"]
    assert open_items(copy, NEW_PASSPHRASE) == open_items(original, PASSPHRASE)
    assert open_items(copy, NEW_PASSPHRASE), "the Termijnen list of the family is not empty"


def test_demo_export_covers_every_table_with_rows(demo_path, tmp_path):
    """Every table that holds family data and has rows in the demo is in the export."""
    data = read_json(export(demo_path, tmp_path / "x.zip"))
    entries = data["entries"]
    assert any("gesprek" in e for e in entries) and any("opname" in e for e in entries)
    assert any("brief" in e for e in entries) and any(e.get("agreements") for e in entries)
    assert any(e.get("participants") for e in entries)
    assert data["consents"] and data["info"]["place"] == "Lindenhoven"
    assert "dossier_id" not in data["info"] and "format" not in data["info"]
    letter = next(e["brief"] for e in entries if "brief" in e and e["brief"]["docx_attachment_id"])
    assert letter["docx_attachment_id"] in {a["id"] for a in data["attachments"]}
    assert isinstance(letter["enclosures"], list)
    assert all(isinstance(e["termijn"]["options"], dict) for e in entries if "termijn" in e)


def test_schema_names_every_exported_column_and_docs_copy_is_the_same():
    from dossier_app.store import archive as dump
    from dossier_app.store import export_format

    schema = export_format.schema()
    docs = json.loads((Path(__file__).resolve().parents[2] / "docs" / "export-schema.json").read_text("utf-8"))
    assert docs == schema
    definitions = schema["$defs"]
    for definition, model, inside in (("person", dump.Person, False), ("contact", dump.Contact, False),
                                       ("traject", dump.Traject, False), ("consent", dump.Consent, False),
                                       ("entry", dump.Entry, False), ("attachment", dump.Attachment, False),
                                       ("conversation", dump.Conversation, True), ("document", dump.Document, True),
                                       ("recording", dump.Recording, True), ("deadline", dump.Deadline, True),
                                       ("letter", dump.Letter, True), ("participant", dump.Participant, True),
                                       ("agreement", dump.Agreement, True)):
        columns = {name for name, _field in dump.exported_fields(model, inside_entry=inside)}
        properties = set(definitions[definition]["properties"])
        assert columns <= properties, (definition, columns - properties)
        assert properties - columns <= {"gesprek", "document", "opname", "termijn", "brief", "participants",
                                         "agreements", "file"}


def test_every_table_is_exported_or_left_out_on_purpose():
    from dossier_app.store import archive as dump
    from dossier_app.store.models import ALL_MODELS, Draft, DossierInfo

    covered = set(dump.COLLECTIONS.values()) | set(dump.DETAILS.values()) | set(dump.ENTRY_LISTS.values())
    covered |= {dump.Entry, dump.Attachment, DossierInfo}
    assert set(ALL_MODELS) - covered == {Draft}
    text = (Path(__file__).resolve().parents[2] / "docs" / "EXPORT.md").read_text("utf-8")
    for left_out in ("draft", "search_index", "file_key", "dossier_id"):
        assert left_out in text


# -- a hand-written archive -------------------------------------------------------------------------
MINIMAL = {
    "format": "gezinsdossier-export",
    "version": 1,
    "info": {"name": "Familie Jansen"},
    "persons": [{"id": 1, "role": "ouder", "name": "Eva Jansen"},
                {"id": 2, "role": "kind", "name": "Daan Jansen", "birth_date": "2015-05-01"}],
    "contacts": [{"id": 1, "role": "gemeente", "name": "Gemeente Rivierstad"}],
    "trajecten": [{"id": 1, "title": "Jeugdhulp Daan", "status": "besluit", "opened_on": "2026-09-01",
                   "child_id": 2}],
    "entries": [{"id": 1, "kind": "document", "traject_id": 1, "occurred_on": "2026-11-02",
                 "title": "Beschikking jeugdhulp",
                 "document": {"doc_kind": "beschikking", "sender": "Gemeente Rivierstad", "kenmerk": "RS-1",
                              "decision_date": "2026-11-02"}}],
}


def test_the_example_in_docs_is_the_one_tested():
    text = (Path(__file__).resolve().parents[2] / "docs" / "EXPORT.md").read_text("utf-8")
    example = text.split("## A minimal hand-written example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    assert json.loads(example) == MINIMAL


def write_archive(path: Path, data, *, files=None, passphrase=None, raw_json: bytes | None = None) -> Path:
    import pyzipper

    if passphrase:
        handle = pyzipper.AESZipFile(path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES)
        handle.setpassword(passphrase.encode())
    else:
        handle = zipfile.ZipFile(path, "w")
    with handle:
        handle.writestr("dossier.json", raw_json if raw_json is not None else json.dumps(data))
        for name, content in (files or {}).items():
            handle.writestr(name, content)
    return path


def test_hand_written_minimal_archive_makes_a_working_dossier_with_its_bezwaartermijn(tmp_path):
    from dossier_app.services import deadlines as terms

    source = write_archive(tmp_path / "zelfgemaakt.zip", MINIMAL)
    out = archive.import_archive(source, tmp_path / "jansen.dossier", NEW_PASSPHRASE)
    items = open_items(out, NEW_PASSPHRASE)
    bezwaar = [item for item in items if item.rule == "bezwaartermijn"]
    assert len(bezwaar) == 1
    expected = terms.compute_deadline("bezwaartermijn", dt.date(2026, 11, 2)).deadline
    assert bezwaar[0].due_date == expected == dt.date(2026, 12, 14)   # six weeks, the day after 2 November
    assert bezwaar[0].case_id == 1 and "RS-1" in bezwaar[0].title
    opened = session.DossierSession(out)
    opened.unlock(NEW_PASSPHRASE)
    try:
        assert opened.name == "Familie Jansen"
        from dossier_app.services import search

        assert search.search(opened, "Rivierstad")
    finally:
        opened.lock()


def test_hand_written_term_with_only_rule_and_start_is_computed(tmp_path):
    data = json.loads(json.dumps(MINIMAL))
    data["entries"].append({"id": 2, "kind": "termijn", "traject_id": 1, "occurred_on": "2026-11-02",
                            "title": "Bezwaartermijn", "termijn": {"rule_id": "bezwaartermijn",
                                                                   "start_date": "2026-11-02",
                                                                   "source_entry_id": 1}})
    out = archive.import_archive(write_archive(tmp_path / "a.zip", data), tmp_path / "b.dossier", NEW_PASSPHRASE)
    items = open_items(out, NEW_PASSPHRASE)
    assert [(item.rule, item.due_date) for item in items] == [("bezwaartermijn", dt.date(2026, 12, 14))]


def test_hand_written_archive_with_an_attachment(tmp_path):
    content = "Beschikking: toegekend, 10 uur per week. ✓".encode()
    data = json.loads(json.dumps(MINIMAL))
    data["attachments"] = [{"id": 7, "entry_id": 1, "filename": "beschikking.txt", "size": len(content),
                            "sha256": hashlib.sha256(content).hexdigest(), "file": "bijlagen/7/beschikking.txt"}]
    source = write_archive(tmp_path / "a.zip", data, files={"bijlagen/7/beschikking.txt": content},
                           passphrase=ARCHIVE_PASSPHRASE)
    out = archive.import_archive(source, tmp_path / "b.dossier", NEW_PASSPHRASE, archive_passphrase=ARCHIVE_PASSPHRASE)
    opened = session.DossierSession(out)
    opened.unlock(NEW_PASSPHRASE)
    try:
        target = attachments.export(opened, 7, tmp_path / "terug.txt")
    finally:
        opened.lock()
    assert target.read_bytes() == content


# -- refusals: clear errors, nothing written ---------------------------------------------------------
def assert_nothing_left(folder: Path, before: set) -> None:
    assert everything_in_files(folder) == before


def test_wrong_archive_passphrase_is_a_clear_error_and_leaves_nothing(demo_path, tmp_path):
    source = export(demo_path, tmp_path / "export.zip")
    before = everything_in_files(tmp_path)
    with pytest.raises(WrongPassphrase, match="wachtwoord van het archief klopt niet"):
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE, archive_passphrase="verkeerd!!")
    with pytest.raises(WrongPassphrase, match="versleuteld"):
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    assert_nothing_left(tmp_path, before)


def test_encrypted_archive_hides_everything_and_plain_needs_an_explicit_choice(demo_path, tmp_path):
    source = export(demo_path, tmp_path / "export.zip")
    raw = source.read_bytes()
    for secret in (b"Noor", b"Lindenhoven", b"gezinsdossier-export", b"Sanne"):
        assert secret not in raw
    assert stat.S_IMODE(source.stat().st_mode) == 0o600
    with pytest.raises(RuntimeError):
        zipfile.ZipFile(source).read("dossier.json")   # an ordinary unzip needs the passphrase
    opened = session.DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    try:
        with pytest.raises(UsageError, match="onversleuteld"):
            archive.export_archive(opened, tmp_path / "plain.zip", passphrase=None)
        with pytest.raises(UsageError, match="minstens"):
            archive.export_archive(opened, tmp_path / "kort.zip", passphrase="kort")
        plain = archive.export_archive(opened, tmp_path / "plain.zip", passphrase=None, plain=True)
        assert not plain.encrypted and b"gezinsdossier-export" in zipfile.ZipFile(plain.path).read("dossier.json")
        with pytest.raises(OutputExists):
            archive.export_archive(opened, tmp_path / "plain.zip", passphrase=None, plain=True)
        with pytest.raises(OutputNotAllowed):
            archive.export_archive(opened, demo_path, passphrase=ARCHIVE_PASSPHRASE, overwrite=True)
    finally:
        opened.lock()
    assert not [name for name in everything_in_files(tmp_path) if name.endswith(".deel")]


def _mutate(change):
    data = json.loads(json.dumps(MINIMAL))
    change(data)
    return data


BAD_ARCHIVES = {
    "missing field": (_mutate(lambda d: d["persons"][0].pop("name")), r"persons\[0\]: het veld 'name' ontbreekt"),
    "wrong type": (_mutate(lambda d: d["trajecten"][0].update(title=42)), r"trajecten\[0\]\.title moet tekst zijn"),
    "unknown version": (_mutate(lambda d: d.update(version=7)), "versie 7 van het formaat"),
    "not our format": (_mutate(lambda d: d.update(format="iets-anders")), "geen export van Gezinsdossier"),
    "impossible date": (_mutate(lambda d: d["entries"][0].update(occurred_on="2026-02-30")),
                        r"entries\[0\]\.occurred_on: 2026-02-30 bestaat niet"),
    "unknown field": (_mutate(lambda d: d["contacts"][0].update(naam="x")), "onbekend veld 'naam'"),
    "dangling reference": (_mutate(lambda d: d["entries"][0].update(traject_id=9)),
                           r"entries\[0\]\.traject_id verwijst naar nummer 9 in 'trajecten'"),
    "duplicate id": (_mutate(lambda d: d["persons"][1].update(id=1)), "komt twee keer voor"),
    "lone surrogate": (_mutate(lambda d: d["persons"][0].update(name="Eva \ud800")), "ongeldig teken"),
    "child not a kind": (_mutate(lambda d: d["trajecten"][0].update(child_id=1)), "niet de rol 'kind'"),
    "huge number": (_mutate(lambda d: d["persons"][0].update(id=10**30)), "te groot"),
}


@pytest.mark.parametrize("case", list(BAD_ARCHIVES))
def test_bad_archives_give_a_clear_error_naming_the_field_and_write_nothing(case, tmp_path):
    data, message = BAD_ARCHIVES[case]
    source = write_archive(tmp_path / "slecht.zip", data)
    before = everything_in_files(tmp_path)
    with pytest.raises(BadArchive, match=message):
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    assert_nothing_left(tmp_path, before)


def _zip_with_member(path: Path, name: str, *, symlink=False) -> Path:
    with zipfile.ZipFile(path, "w") as handle:
        handle.writestr("dossier.json", json.dumps(MINIMAL))
        info = zipfile.ZipInfo(name)
        if symlink:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        handle.writestr(info, "/etc/passwd" if symlink else "x")
    return path


@pytest.mark.parametrize("name,symlink,message", [
    ("../x", False, r"wijst buiten het archief"),
    ("bijlagen/1/../../x", False, r"wijst buiten het archief"),
    ("/etc/x", False, "absoluut pad"),
    ("C:/Windows/x", False, "absoluut pad"),
    ("bijlagen/1/link", True, "snelkoppeling"),
])
def test_hostile_zip_members_are_refused_and_nothing_is_written(name, symlink, message, tmp_path):
    source = _zip_with_member(tmp_path / "kwaad.zip", name, symlink=symlink)
    before = everything_in_files(tmp_path)
    with pytest.raises(BadArchive, match=message):
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    assert_nothing_left(tmp_path, before)
    assert not (tmp_path.parent / "x").exists()


def _patch_declared_size(path: Path, member: str, size: int) -> None:
    """Set the uncompressed size of ``member`` in the central directory (a lying header)."""
    raw = bytearray(path.read_bytes())
    marker = b"PK\x01\x02"
    position = raw.find(marker)
    while position != -1:
        name_length = int.from_bytes(raw[position + 28:position + 30], "little")
        name = bytes(raw[position + 46:position + 46 + name_length]).decode()
        if name == member:
            raw[position + 24:position + 28] = size.to_bytes(4, "little")
        position = raw.find(marker, position + 4)
    path.write_bytes(bytes(raw))


def test_huge_declared_sizes_are_refused_and_nothing_is_written(tmp_path):
    source = write_archive(tmp_path / "groot.zip", MINIMAL)
    _patch_declared_size(source, "dossier.json", 0xFFFFFFF0)
    before = everything_in_files(tmp_path)
    with pytest.raises(BadArchive, match="te groot"):   # one sentence naming the limit (issue 26)
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    assert_nothing_left(tmp_path, before)
    # An attachment whose archive header claims more than dossier.json says, or than fits on the disk.
    content = b"klein"
    data = json.loads(json.dumps(MINIMAL))
    data["attachments"] = [{"id": 1, "entry_id": 1, "filename": "a.txt", "size": 2**61,
                            "sha256": hashlib.sha256(content).hexdigest(), "file": "bijlagen/1/a.txt"}]
    source = write_archive(tmp_path / "groot2.zip", data, files={"bijlagen/1/a.txt": content})
    _patch_declared_size(source, "bijlagen/1/a.txt", 0xFFFFFFF0)
    before = everything_in_files(tmp_path)
    with pytest.raises(BadArchive, match=r"attachments\[0\]\.size"):
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    assert_nothing_left(tmp_path, before)


def test_attachment_bytes_that_do_not_match_their_sha256_leave_nothing(tmp_path):
    data = json.loads(json.dumps(MINIMAL))
    data["attachments"] = [{"id": 1, "entry_id": 1, "filename": "a.txt", "size": 5,
                            "sha256": hashlib.sha256(b"ander").hexdigest(), "file": "bijlagen/1/a.txt"}]
    source = write_archive(tmp_path / "a.zip", data, files={"bijlagen/1/a.txt": b"klein"})
    before = everything_in_files(tmp_path)
    with pytest.raises(Exception, match="SHA-256") as caught:
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    from dossier_app.errors import DossierError

    assert isinstance(caught.value, DossierError)
    assert_nothing_left(tmp_path, before)


@pytest.mark.parametrize("raw,message", [(b"{niet json", "geen geldige JSON"), (b"\xff\xfe", "UTF-8"),
                                         (b"[1, 2]", "moet een object zijn")])
def test_unreadable_json_is_a_clear_error(raw, message, tmp_path):
    source = write_archive(tmp_path / "a.zip", None, raw_json=raw)
    with pytest.raises(BadArchive, match=message):
        archive.import_archive(source, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)


def test_not_a_zip_and_import_never_overwrites(demo_path, tmp_path):
    text = tmp_path / "tekst.zip"
    text.write_text("geen zip")
    with pytest.raises(BadArchive, match="geen ZIP-archief"):
        archive.import_archive(text, tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    with pytest.raises(UsageError, match="bestaat niet"):
        archive.import_archive(tmp_path / "weg.zip", tmp_path / "nieuw.dossier", NEW_PASSPHRASE)
    source = write_archive(tmp_path / "a.zip", MINIMAL)
    before = demo_path.read_bytes()
    with pytest.raises(OutputNotAllowed):
        archive.import_archive(source, demo_path, NEW_PASSPHRASE)
    assert demo_path.read_bytes() == before


# -- the command line -----------------------------------------------------------------------------
def test_cli_export_and_import_archive(demo_path, tmp_path, cli, monkeypatch, passphrase_file):
    monkeypatch.setenv("DOSSIER_ARCHIVE_PASSPHRASE", ARCHIVE_PASSPHRASE)
    code, out, err = cli("export", demo_path, "--out", tmp_path / "e.zip", "--passphrase-file", passphrase_file)
    assert code == 0, err
    assert "versleuteld (AES-256)" in out and "5 bijlagen" in out
    assert "DOSSIER_ARCHIVE_PASSPHRASE" not in os.environ
    code, _out, err = cli("export", demo_path, "--out", tmp_path / "e.zip", "--passphrase-file", passphrase_file)
    assert code == 2 and "bestaat al" in err
    monkeypatch.setenv("DOSSIER_ARCHIVE_PASSPHRASE", ARCHIVE_PASSPHRASE)
    monkeypatch.setenv("DOSSIER_PASSPHRASE", NEW_PASSPHRASE)
    code, out, err = cli("import-archive", tmp_path / "e.zip", "--out", tmp_path / "n.dossier")
    assert code == 0, err
    assert open_items(tmp_path / "n.dossier", NEW_PASSPHRASE) == open_items(demo_path, PASSPHRASE)
    monkeypatch.setenv("DOSSIER_ARCHIVE_PASSPHRASE", "helemaal verkeerd")
    monkeypatch.setenv("DOSSIER_PASSPHRASE", NEW_PASSPHRASE)
    code, _out, err = cli("import-archive", tmp_path / "e.zip", "--out", tmp_path / "m.dossier")
    assert code == 3 and "klopt niet" in err and not (tmp_path / "m.dossier").exists()


def test_cli_plain_export_warns(demo_path, tmp_path, cli, passphrase_file):
    code, out, err = cli("export", demo_path, "--out", tmp_path / "p.zip", "--passphrase-file", passphrase_file,
                         "--onversleuteld")
    assert code == 0 and "NIET versleuteld" in err and "ONVERSLEUTELD" in out
    assert json.loads(zipfile.ZipFile(tmp_path / "p.zip").read("dossier.json"))["persons"]
    bad = write_archive(tmp_path / "slecht.zip", BAD_ARCHIVES["missing field"][0])
    code, _out, err = cli("import-archive", bad, "--out", tmp_path / "n.dossier", "--passphrase-file", passphrase_file)
    assert code == 4 and "persons[0]: het veld 'name' ontbreekt" in err
    assert not (tmp_path / "n.dossier").exists()


def test_large_attachment_is_streamed(tmp_path):
    """A big recording goes through in chunks: the writer never holds the whole file."""
    import tracemalloc

    path = tmp_path / "groot.dossier"
    big = tmp_path / "opname.m4a"
    with open(big, "wb") as handle:
        for _ in range(24):
            handle.write(os.urandom(1024 * 1024))
    with session.create_dossier(path, PASSPHRASE) as opened:
        from dossier_app.services import timeline

        entry = timeline.add_note(opened, "Opname", occurred_on=TODAY)
        attachments.add_file(opened, entry, big)
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    try:
        tracemalloc.start()
        archive.export_archive(opened, tmp_path / "e.zip", passphrase=ARCHIVE_PASSPHRASE)
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        opened.lock()
    assert peak < 12 * 1024 * 1024
    tracemalloc.start()
    out = archive.import_archive(tmp_path / "e.zip", tmp_path / "terug.dossier", NEW_PASSPHRASE,
                                 archive_passphrase=ARCHIVE_PASSPHRASE)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 12 * 1024 * 1024
    opened = session.DossierSession(out)
    opened.unlock(NEW_PASSPHRASE)
    try:
        back = attachments.export(opened, 1, tmp_path / "terug.m4a")
    finally:
        opened.lock()
    assert hashlib.sha256(back.read_bytes()).digest() == hashlib.sha256(big.read_bytes()).digest()


def test_an_interrupted_import_leaves_only_ciphertext_and_is_swept_later(demo_path, tmp_path, monkeypatch):
    """A crash mid-import leaves a `.inlezen-*` work folder holding only the encrypted new dossier;
    an unlock of a dossier in that folder removes it once it is old."""
    from dossier_app.store import archive as dump

    source = export(demo_path, tmp_path / "e.zip")

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt   # as if the process were stopped; the finally-block is the only cleanup

    monkeypatch.setattr(dump.search, "rebuild_index", crash)
    with pytest.raises(KeyboardInterrupt):
        archive.import_archive(source, tmp_path / "n.dossier", NEW_PASSPHRASE, archive_passphrase=ARCHIVE_PASSPHRASE)
    assert not (tmp_path / "n.dossier").exists() and not list(tmp_path.glob(".inlezen-*"))
    monkeypatch.undo()
    # A work folder as a kill would leave it: removed at a later unlock in the same folder.
    left = tmp_path / ".inlezen-abc123"
    left.mkdir()
    (left / "n.dossier").write_bytes(os.urandom(4096))
    os.utime(left, (1, 1))
    opened = session.DossierSession(demo_path)
    opened.unlock(PASSPHRASE)
    opened.lock()
    assert not left.exists()


def test_export_with_a_missing_or_damaged_attachment_says_so_and_leaves_no_archive(demo_path, tmp_path):
    from dossier_app.errors import AttachmentDamaged

    folder = demo_path.with_name(demo_path.name + "-bijlagen")
    files = sorted(folder.iterdir())
    files[0].unlink()
    with pytest.raises(AttachmentDamaged, match="ontbreekt"):
        export(demo_path, tmp_path / "a.zip")
    raw = bytearray(files[1].read_bytes())
    raw[-5] ^= 0xFF
    files[1].write_bytes(bytes(raw))
    with pytest.raises(AttachmentDamaged):
        export(demo_path, tmp_path / "b.zip")
    assert not [item for item in tmp_path.iterdir() if item.suffix in (".zip", ".deel")]
