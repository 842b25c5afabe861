"""Generated bad input for imported archives (hypothesis): odd Unicode, control characters,
1 MB texts, empty values, impossible dates and numbers. Always a clear error (BadArchive, and
nothing written) or the value stored exactly (read back through a new export) — never a crash."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier_app.errors import BadArchive
from dossier_app.services import archive, session
from tests.services.test_open_export import MINIMAL

NEW_PASSPHRASE = "nieuw gezinswachtwoord"
SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TEXT_FIELDS = [("persons", 0, "name"), ("persons", 1, "own_voice"), ("entries", 0, "body"), ("entries", 0, "title"),
               ("contacts", 0, "notes"), ("trajecten", 0, "title"), ("info", "name"),
               ("entries", 0, "document", "kenmerk")]
DATE_FIELDS = [("entries", 0, "occurred_on"), ("persons", 1, "birth_date"), ("trajecten", 0, "opened_on"),
               ("entries", 0, "document", "decision_date"), ("entries", 0, "document", "received_on")]

odd_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),      # control characters
    st.text(alphabet=st.characters(categories=["Mn", "Cf", "Co", "Zl", "Zp"]), max_size=20),  # marks, RTL, private
    st.sampled_from(["", " ", "\u202egnp.exe", "\ud800", "a\udfffb", "\x00", "漢字\U0001F600", "\ufeff"]),
    st.builds(lambda unit: unit * (1_000_000 // len(unit)), st.text(min_size=1, max_size=4)),  # about 1 MB
)
odd_date = st.one_of(
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.dates().map(lambda day: day.isoformat()),
    st.text(max_size=12),
    st.none(), st.integers(), st.just(""),
)


def _set(data: dict, path: tuple, value) -> None:
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _get(data: dict, path: tuple):
    for part in path:
        data = data[part]
    return data


def _round_trip(data: dict):
    """Import ``data`` as a plain archive; returns (error or None, dossier.json of a new export)."""
    folder = Path(tempfile.mkdtemp(prefix="hyp-"))
    try:
        source = folder / "a.zip"
        with zipfile.ZipFile(source, "w") as handle:
            handle.writestr("dossier.json", json.dumps(data))   # a lone surrogate as \\ud800
        try:
            out = archive.import_archive(source, folder / "b.dossier", NEW_PASSPHRASE)
        except BadArchive as error:
            assert sorted(item.name for item in folder.iterdir()) == ["a.zip"], "a refused archive left files"
            assert "Dit archief kan niet worden ingelezen" in str(error)
            return error, None
        opened = session.DossierSession(out)
        opened.unlock(NEW_PASSPHRASE)
        try:
            archive.export_archive(opened, folder / "c.zip", passphrase=None, plain=True)
        finally:
            opened.lock()
        return None, json.loads(zipfile.ZipFile(folder / "c.zip").read("dossier.json"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _minimal() -> dict:
    return json.loads(json.dumps(MINIMAL))


@pytest.mark.slow
@SETTINGS
@given(path=st.sampled_from(TEXT_FIELDS), value=odd_text)
@example(path=("entries", 0, "body"), value="x" * 1_000_000)
@example(path=("persons", 0, "name"), value="\x00\x01\x1b[31m")
def test_any_text_is_stored_exactly_or_refused_clearly(path, value):
    data = _minimal()
    _set(data, path, value)
    error, back = _round_trip(data)
    if error is not None:
        assert any(0xD800 <= ord(char) <= 0xDFFF for char in value), f"refused a storable text: {error}"
        assert "ongeldig teken" in str(error)
    else:
        assert _get(back, path) == value


@pytest.mark.slow
@SETTINGS
@given(path=st.sampled_from(DATE_FIELDS), value=odd_date)
@example(path=("entries", 0, "document", "decision_date"), value="9999-12-31")
@example(path=("entries", 0, "occurred_on"), value="0001-01-01")
@example(path=("entries", 0, "occurred_on"), value="2026-02-29")
@example(path=("persons", 1, "birth_date"), value="2024-02-29")
def test_any_date_is_stored_exactly_or_refused_clearly(path, value):
    data = _minimal()
    _set(data, path, value)
    error, back = _round_trip(data)
    if error is None:
        assert _get(back, path) == value
    else:
        assert ".".join(str(part) for part in path if not isinstance(part, int)).split(".")[-1] in str(error)


@pytest.mark.slow
@SETTINGS
@given(drop=st.sets(st.sampled_from(["persons", "contacts", "trajecten", "entries", "info", "title", "body",
                                     "document", "child_id", "traject_id"])),
       number=st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.text(max_size=3)))
def test_empty_and_missing_values_and_odd_numbers(drop, number):
    data = _minimal()
    for name in drop & {"persons", "contacts", "trajecten", "entries", "info"}:
        data[name] = [] if name != "info" else {}
    entry = data["entries"][0] if data["entries"] else None
    for name in drop & {"title", "body", "traject_id"}:
        if entry is not None:
            entry.pop(name, None)
    if entry is not None and "document" in drop:
        entry.pop("document")
    if data["trajecten"] and "child_id" in drop:
        data["trajecten"][0]["child_id"] = None
    if data["contacts"]:
        data["contacts"][0]["id"] = number
    error, back = _round_trip(data)
    if error is None:
        assert back["contacts"] == [] or back["contacts"][0]["id"] == number
        # (a beschikking also gets its computed bezwaartermijn)
        stored = [(e["id"], e["kind"], e["title"], e.get("document", {}).get("doc_kind"))
                  for e in back["entries"] if e["kind"] != "termijn"]
        assert stored == [(e["id"], e["kind"], e.get("title", ""), e.get("document", {}).get("doc_kind"))
                          for e in data["entries"]]
