"""Generated command lines (issue 11, "Bad input, generated"): the CLI's main([...]) run in-process
with odd Unicode, control characters, 1 MB texts, empty values, impossible dates and undecodable
file names. Always a clear one-line Dutch error with exit code 2-5 or the value stored exactly;
never exit code 1, never a traceback, never a changed dossier after a refusal."""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSPHRASE
from dossier_app.services import attachments, consents, session, timeline
from tests.support.strategies import FEW, SETTINGS, SOME, date_words, number_words, odd_text

REFUSALS = {2, 3, 4, 5}


@pytest.fixture
def dossier_path(tmp_path, cli, passphrase_file, monkeypatch):
    monkeypatch.chdir(tmp_path)                      # anything a command writes lands here
    path = tmp_path / "gezin.dossier"
    assert cli("init", path, "--passphrase-file", passphrase_file)[0] == 0
    assert cli("note", path, "Eerste notitie", "--passphrase-file", passphrase_file)[0] == 0
    return path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(cli, path, *args):
    """Run a command; a refusal must leave the dossier as it was. Returns (code, out, err)."""
    before = digest(path)
    code, out, err = cli(*args)
    assert code != 1, err
    assert "Traceback" not in out + err
    if code != 0:
        assert code in REFUSALS and err.startswith("Fout: ") and err.strip(), err
        assert digest(path) == before, "a refused command changed the dossier"
    return code, out, err


def read_back(path):
    opened = session.DossierSession(path)
    opened.unlock(PASSPHRASE)
    return opened


@settings(FEW, max_examples=12)
@given(text=odd_text, date=st.none() | date_words, traject=st.none() | number_words)
@example(text="kapot \udcff teken", date=None, traject=None)
@example(text="x", date="2026-02-30", traject=None)
@example(text="x", date="9999-12-31", traject=None)
@example(text="x", date=None, traject="99999999999999999999999")
@example(text="x", date=None, traject="999")
@example(text="x" * (1 << 20), date="0001-01-01", traject=None)
def test_note_stores_the_text_exactly_or_refuses(dossier_path, cli, passphrase_file, text, date, traject):
    args = ["note", dossier_path, text, "--passphrase-file", passphrase_file]
    args += ["--date", date] if date is not None else []
    args += ["--traject", traject] if traject is not None else []
    code, out, err = run(cli, dossier_path, *args)
    if code == 0:
        entry_id = int(re.search(r"Notitie (\d+) is toegevoegd", out).group(1))
        with read_back(dossier_path) as opened:
            assert timeline.entry(opened, entry_id).body == text


@SETTINGS
@given(rule=st.sampled_from(["bezwaartermijn", "beslistermijn-aanvraag", "avg-reactietermijn", "ingebrekestelling",
                             "beslistermijn-bezwaar", "onzin", ""]),
       date=date_words, weeks=st.none() | number_words, suspension=st.none() | st.tuples(date_words, date_words),
       on=st.none() | date_words)
@example(rule="bezwaartermijn", date="9999-12-31", weeks=None, suspension=None, on=None)
@example(rule="ingebrekestelling", date="2026-01-01", weeks=None, suspension=None, on="9999-12-31")
def test_computing_a_deadline_on_the_command_line_never_crashes(cli, rule, date, weeks, suspension, on):
    args = ["deadline", rule, date]
    args += ["--verdaging", weeks] if weeks is not None else []
    args += ["--opschorting", *suspension] if suspension is not None else []
    args += ["--peildatum", on] if on is not None else []
    code, out, err = cli(*args)
    assert code in (0, 2), err
    assert "Traceback" not in out + err
    assert (code == 0 and "uiterlijk" in out) or (code == 2 and err.count("\n") == 1)


@SOME
@given(title=odd_text, date=date_words, rule=st.none() | st.sampled_from(["bezwaartermijn", "onzin"]),
       today=date_words)
@example(title="Bezwaar", date="9999-12-20", rule="bezwaartermijn", today="2026-11-22")
@example(title="Laatste dag", date="9999-12-31", rule=None, today="9999-12-31")
def test_deadline_add_and_list_never_crash(dossier_path, cli, passphrase_file, tmp_path, title, date, rule, today):
    args = ["deadline-add", dossier_path, title, date, "--passphrase-file", passphrase_file]
    args += ["--rule", rule] if rule else []
    run(cli, dossier_path, *args)
    run(cli, dossier_path, "deadlines", dossier_path, "--today", today, "--json", "--passphrase-file", passphrase_file)
    calendar = tmp_path / "agenda.ics"
    code, _out, _err = run(cli, dossier_path, "ics", dossier_path, "--out", calendar, "--today", today,
                           "--passphrase-file", passphrase_file)
    if calendar.exists():
        calendar.unlink()


@SOME
@given(purpose=odd_text, recipient=st.none() | odd_text, given_on=st.none() | date_words, notes=st.none() | odd_text)
def test_consent_add_stores_exactly_or_refuses(dossier_path, cli, passphrase_file, purpose, recipient, given_on,
                                               notes):
    args = ["consent-add", dossier_path, purpose, "--passphrase-file", passphrase_file]
    args += ["--recipient", recipient] if recipient is not None else []
    args += ["--given-on", given_on] if given_on is not None else []
    args += ["--notes", notes] if notes is not None else []
    code, out, _err = run(cli, dossier_path, *args)
    if code == 0:
        consent_id = int(re.search(r"Toestemming (\d+) staat", out).group(1))
        with read_back(dossier_path) as opened:
            item = consents.consent(opened, consent_id)
            assert item.purpose == purpose.strip() and item.recipient == (recipient or "").strip()
            assert item.notes == (notes or "")


@FEW
@given(query=odd_text)
@example(query='"')
@example(query="NEAR(")
@example(query="\x00")
def test_search_answers_any_query(dossier_path, cli, passphrase_file, query):
    code, _out, err = run(cli, dossier_path, "search", dossier_path, query, "--json", "--passphrase-file",
                          passphrase_file)
    assert code == 0, err


file_names = st.binary(min_size=1, max_size=250).filter(lambda raw: b"/" not in raw and b"\0" not in raw
                                                        and raw not in (b".", b".."))


@settings(FEW, max_examples=10)
@given(raw=file_names, suffix=st.sampled_from([b"", b".pdf", b".txt", b"\xe2\x80\xaefdp.exe"]))
@example(raw=b"verslag-\xe9t\xe9", suffix=b".txt")
@example(raw="é".encode() * 120, suffix=b".pdf")
@example(raw=b"verslag", suffix=b"\xe2\x80\xaefdp.exe")
def test_attach_takes_any_file_name(dossier_path, cli, passphrase_file, tmp_path, raw, suffix):
    folder = os.path.join(os.fsencode(tmp_path), b"bestanden")
    os.makedirs(folder, exist_ok=True)
    name = (raw + suffix)[:255]
    try:
        with open(os.path.join(folder, name), "wb") as stream:
            stream.write(b"inhoud")
    except OSError:
        return                                         # the file system itself refuses this name
    code, out, err = run(cli, dossier_path, "attach", dossier_path, "1", os.fsdecode(os.path.join(folder, name)),
                         "--passphrase-file", passphrase_file)
    assert code == 0, err
    attachment_id = int(re.search(r"Bijlage (\d+) ", out).group(1))
    with read_back(dossier_path) as opened:
        info = attachments.describe(opened, attachment_id)
        assert len(info.filename.encode("utf-8")) <= 240
        assert all(char.isprintable() for char in info.display_name)
        assert all(char.isprintable() for char in info.file_name)
        if suffix and len(raw + suffix) <= 240:        # the real extension is the one shown
            real = os.fsdecode(suffix).rsplit(".", 1)[1]
            assert info.display_name.endswith("." + real) and info.file_name.endswith("." + real)


commands = st.sampled_from(["note", "search", "deadlines", "deadline-add", "deadline-done", "deadline-adjust",
                            "consent-add", "consent-withdraw", "consents", "letter", "letter-log", "letter-sent",
                            "letter-received", "letter-export", "attach", "export-attachment", "backup", "ics",
                            "prepare", "familiegroepsplan"])
options = st.sampled_from(["--date", "--today", "--traject", "--out", "--rule", "--set", "--over", "--method",
                           "--given-on", "--verdaging", "--opschorting", "--json", "--read-only", "--overnemen",
                           "--afspraak", "--hersteltermijn", "--zonder", "--vragen", "--recipient", "--on", "--how"])
arguments = st.lists(st.one_of(odd_text, options, date_words, number_words), max_size=6).map(
    lambda items: [item.replace("/", "_") for item in items])   # nothing outside the test's own folder


@SETTINGS
@given(command=commands, rest=arguments)
@example(command="letter", rest=["avg-inzage", "--out", "brief.docx", "--set", "omschrijving=a\x01b"])
@example(command="deadline-adjust", rest=["1", "--hersteltermijn", "2026-02-30", "9999-12-31"])
@example(command="note", rest=["x", "--traject", "1", "--traject", "2"])
def test_any_command_line_gets_an_answer_not_a_crash(dossier_path, cli, passphrase_file, command, rest):
    run(cli, dossier_path, command, dossier_path, *rest, "--passphrase-file", passphrase_file)
