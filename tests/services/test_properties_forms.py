"""Generated bad input for every form validator (issue 11, "Bad input, generated").

The services behind each form (family, contacts, trajecten, timeline entries, deadlines,
consents) and the settings file: for any value, either the value is stored exactly (read
back through the services) or a clear Dutch error (UsageError) is raised and the dossier
file is byte for byte unchanged. Never another exception. One dossier per test, many
examples in it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import PASSPHRASE
from dossier_app.dutch import parse_date
from dossier_app.errors import UsageError
from dossier_app.services import consents, deadlines, family, session, timeline
from tests.support.strategies import FEW, SETTINGS, a_date, date_words, odd_text


@pytest.fixture
def opened(tmp_path):
    with session.create_dossier(tmp_path / "gezin.dossier", PASSPHRASE) as created:
        yield created


def digest(opened) -> str:
    return hashlib.sha256(opened.path.read_bytes()).hexdigest()


def stored_or_refused(opened, action):
    """Run ``action``; a refusal must be a UsageError that leaves the file as it was."""
    before = digest(opened)
    try:
        return action()
    except UsageError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert digest(opened) == before, "a refused input changed the dossier"
        return None


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)


@SETTINGS
@given(name=odd_text, street=odd_text, notes=odd_text, birth=st.none() | a_date,
       role=st.sampled_from(["ouder", "kind", "oma", ""]), gezag=st.sampled_from(["ja", "nee", "", "misschien"]))
@example(name="Noor\x00", street="", notes="x" * (1 << 20), birth=dt.date(9999, 12, 31), role="kind", gezag="")
@example(name="\udcff", street="", notes="", birth=None, role="ouder", gezag="ja")
def test_people_are_stored_exactly_or_refused(opened, name, street, notes, birth, role, gezag):
    person_id = stored_or_refused(opened, lambda: family.add_person(
        opened, role, name, street=street, notes=notes, birth_date=birth, gezag=gezag))
    if person_id is None:
        assert (not name.strip() or role not in ("ouder", "kind") or gezag not in ("ja", "nee", "")
                or has_surrogate(name + street + notes))
        return
    person = next(item for item in family.people(opened) if item.id == person_id)
    assert (person.role, person.name, person.street, person.notes, person.birth_date, person.gezag) == (
        role, name.strip(), street, notes, birth, gezag)


@SETTINGS
@given(name=odd_text, organisation=odd_text, email=odd_text, regulations=odd_text,
       role=st.sampled_from(["gemeente", "jeugdhulpaanbieder", "wijkteam", "onbekend", ""]),
       contracted=st.sampled_from(["ja", "nee", "", "soms"]))
def test_contacts_are_stored_exactly_or_refused(opened, name, organisation, email, regulations, role, contracted):
    contact_id = stored_or_refused(opened, lambda: family.add_contact(
        opened, role, name, organisation=organisation, email=email, regulations=regulations, contracted=contracted))
    if contact_id is None:
        return
    contact = next(item for item in family.contacts(opened) if item.id == contact_id)
    assert (contact.role, contact.name, contact.organisation, contact.email, contact.regulations,
            contact.contracted) == (role, name.strip(), organisation, email, regulations, contracted)
    # Changing it follows the same rule.
    stored_or_refused(opened, lambda: family.update_contact(
        opened, contact_id, role=role, name=organisation or "x", organisation=name, department="", contact_person="",
        salutation=email, street="", postcode="", city="", email="", phone="", notes=regulations))


@SETTINGS
@given(title=odd_text, notes=odd_text, opened_on=st.none() | a_date,
       status=st.sampled_from(["voorbereiding", "aanvraag", "bezwaar", "afgerond", "kapot", ""]))
def test_trajecten_are_stored_exactly_or_refused(opened, title, notes, opened_on, status):
    traject_id = stored_or_refused(opened, lambda: family.add_traject(opened, title, status=status,
                                                                      opened_on=opened_on, notes=notes))
    if traject_id is None:
        return
    traject = next(item for item in family.trajecten(opened) if item.id == traject_id)
    assert (traject.title, traject.status, traject.notes) == (title.strip(), status, notes)
    assert opened_on is None or traject.opened_on == opened_on


@SETTINGS
@given(text=odd_text, day=st.none() | a_date, traject=st.sampled_from([None, 1, 999, 0, -1, 2**62]))
@example(text="Keukentafelgesprek", day=None, traject=999)
@example(text="\x00", day=dt.date(1, 1, 1), traject=None)
def test_notes_are_stored_exactly_or_refused(opened, text, day, traject):
    if not family.trajecten(opened):
        family.add_traject(opened, "Jeugdhulp voor Noor")
    entry_id = stored_or_refused(opened, lambda: timeline.add_note(opened, text, occurred_on=day,
                                                                    traject_id=traject))
    if entry_id is None:
        assert not text.strip() or traject not in (None, 1) or has_surrogate(text)
        return
    details = timeline.entry(opened, entry_id)
    assert details.body == text and details.case_id == traject
    assert day is None or details.date == day


@FEW
@given(title=odd_text, body=odd_text, participants=st.lists(odd_text, max_size=3),
       agreements=st.lists(st.tuples(odd_text, odd_text, st.none() | a_date), max_size=2), day=a_date,
       report=st.sampled_from(["niet toegezegd", "toegezegd", "ontvangen", "???"]))
def test_conversations_are_stored_exactly_or_refused(opened, title, body, participants, agreements, day, report):
    entry_id = stored_or_refused(opened, lambda: timeline.add_conversation(
        opened, occurred_on=day, title=title, body=body, participants=participants, report_status=report,
        agreements=[timeline.AgreementInput(who, what, due) for who, what, due in agreements]))
    if entry_id is None:
        return
    details = timeline.entry(opened, entry_id)
    assert (details.title, details.body, details.date) == (title.strip(), body, day)
    assert sorted(details.participants) == sorted({name.strip() for name in participants if name.strip()}) or \
        sorted(details.participants) == sorted(participants)


@SETTINGS
@given(title=odd_text, day=a_date, rule=st.sampled_from(["", "bezwaartermijn", "avg-reactietermijn",
                                                          "beslistermijn-aanvraag", "onzin"]),
       weeks=st.sampled_from([0, 0, 6, -1, 10**6]))
@example(title="Bezwaar", day=dt.date(9999, 12, 20), rule="bezwaartermijn", weeks=0)
@example(title="Laatste dag", day=dt.date(9999, 12, 31), rule="", weeks=0)
def test_deadlines_are_stored_exactly_or_refused(opened, title, day, rule, weeks):
    facts = deadlines.TermFacts(postponement_weeks=weeks)
    entry_id = stored_or_refused(opened, lambda: deadlines.add_deadline(opened, title, day, rule_id=rule,
                                                                        facts=facts))
    if entry_id is None:
        return
    details = timeline.entry(opened, entry_id)
    if not rule:
        assert details.title == title.strip() and details.fields["due_date"] == day


@SETTINGS
@given(rule=st.sampled_from(deadlines.rule_ids() + ["onzin", ""]), start=a_date,
       weeks=st.integers(-3, 10**6), suspensions=st.lists(st.tuples(a_date, a_date), max_size=2),
       committee=st.booleans(), extension=st.booleans(), on=st.none() | a_date)
@example(rule="bezwaartermijn", start=dt.date(9999, 12, 31), weeks=0, suspensions=[], committee=False,
         extension=False, on=None)
def test_computing_a_deadline_gives_a_date_or_a_clear_error(rule, start, weeks, suspensions, committee, extension,
                                                            on):
    facts = deadlines.TermFacts(postponement_weeks=weeks, suspensions=tuple(suspensions), committee=committee,
                                extension=extension)
    try:
        result = deadlines.compute_deadline(rule, start, facts=facts, on=on)
    except UsageError as exc:
        assert str(exc)
        return
    assert result.deadline >= start and result.explanation


@SETTINGS
@given(recipient=odd_text, purpose=odd_text, notes=odd_text, given_on=st.none() | a_date, withdrawn=a_date,
       how=st.sampled_from(["", "mondeling", "email", "brief", "telepathie"]))
def test_consents_are_stored_exactly_or_refused(opened, recipient, purpose, notes, given_on, withdrawn, how):
    consent_id = stored_or_refused(opened, lambda: consents.add_consent(opened, recipient, purpose,
                                                                        given_on=given_on, notes=notes))
    if consent_id is None:
        return
    item = consents.consent(opened, consent_id)
    assert (item.recipient, item.purpose, item.notes, item.given_on) == (recipient.strip(), purpose.strip(), notes,
                                                                          given_on)
    if stored_or_refused(opened, lambda: consents.withdraw(opened, consent_id, withdrawn, how)) is None:
        item = consents.consent(opened, consent_id)
        if item.withdrawn_on is not None:
            assert (item.withdrawn_on, item.withdrawn_how) == (withdrawn, how)


@SETTINGS
@given(text=st.one_of(date_words, odd_text))
def test_typed_dates_parse_to_a_date_or_say_why_not(text):
    """The date fields of every form and the CLI read typed dates with dutch.parse_date."""
    try:
        day = parse_date(text)
    except ValueError as exc:
        assert "geen geldige datum" in str(exc) or str(exc)
        return
    assert isinstance(day, dt.date)


# -- settings ----------------------------------------------------------------------------------
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(odd_text, children, max_size=3), max_leaves=8)


@SETTINGS
@given(data=st.one_of(
    st.dictionaries(st.sampled_from(["auto_lock_minutes", "backup_folder", "backup_count", "backup_on_close",
                                     "recent", "window_geometry", "onbekend"]), json_values, max_size=6),
    json_values,
    st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),
))
@example(data={"auto_lock_minutes": 1e400})
@example(data={"window_geometry": 5, "recent": [1, None]})
@example(data={"auto_lock_minutes": 10**30, "backup_count": -5})
def test_any_settings_file_gives_usable_settings(tmp_path_factory, data):
    import os

    from dossier_app import paths, settings

    folder = tmp_path_factory.mktemp("config")
    old = os.environ.get(paths.CONFIG_ENV)
    os.environ[paths.CONFIG_ENV] = str(folder)
    try:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        settings.settings_file().write_text(text, encoding="utf-8", errors="surrogatepass")
        loaded = settings.load()
        assert isinstance(loaded.auto_lock_minutes, int) and 1 <= loaded.auto_lock_minutes <= settings.MAX_LOCK_MINUTES
        assert isinstance(loaded.backup_count, int) and 1 <= loaded.backup_count <= settings.MAX_BACKUP_COUNT
        assert isinstance(loaded.backup_on_close, bool) and isinstance(loaded.backup_folder, str)
        assert isinstance(loaded.window_geometry, str)
        assert isinstance(loaded.recent, list) and all(isinstance(item, str) for item in loaded.recent)
        settings.save(loaded)                     # what was loaded can always be saved again
        again = settings.load()
        assert (again.auto_lock_minutes, again.backup_count, again.recent, again.backup_folder) == (
            loaded.auto_lock_minutes, loaded.backup_count, loaded.recent, loaded.backup_folder)
    finally:
        if old is None:
            os.environ.pop(paths.CONFIG_ENV, None)
        else:
            os.environ[paths.CONFIG_ENV] = old


@SETTINGS
@given(folder=odd_text, recent=st.lists(odd_text, max_size=4))
@example(folder="\udcff", recent=["/tmp/gezin-\udcff.dossier"])
def test_settings_keep_odd_paths_exactly(tmp_path_factory, folder, recent):
    import os

    from dossier_app import paths, settings

    old = os.environ.get(paths.CONFIG_ENV)
    os.environ[paths.CONFIG_ENV] = str(tmp_path_factory.mktemp("config"))
    try:
        chosen = settings.Settings(backup_folder=folder, recent=recent[:settings.MAX_RECENT])
        settings.save(chosen)
        loaded = settings.load()
        assert loaded.notice == "" and loaded.backup_folder == folder and loaded.recent == chosen.recent
    finally:
        if old is None:
            os.environ.pop(paths.CONFIG_ENV, None)
        else:
            os.environ[paths.CONFIG_ENV] = old
