"""Generated free-text answers in letters (issue 11, "Bad input, generated"): for the demo family
and the second family, the .docx holds the value exactly as typed (each line without the spaces
around it; blank lines dropped, as the letter layout does) or the letter service gives a clear
error — and then no file is written and the letter log is unchanged."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

import docx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import PASSPHRASE
from dossier_app.errors import UsageError
from dossier_app.services import letters, session
from tests.support.second_family import LETTER_DATE, build_second_family
from tests.support.strategies import ODD_PIECES, SETTINGS, any_char

TODAY = dt.date(2026, 11, 22)
_counter = itertools.count()

answers = st.one_of(
    st.text(any_char, min_size=1, max_size=60),
    st.lists(st.sampled_from(ODD_PIECES + ["Noor", "gemeente", "  ", "regel\n", "€ 1.000,-", "100%"]),
             min_size=1, max_size=8).map("".join),
)


def docx_text(path) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def as_laid_out(value: str) -> str:
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())


def check(opened, folder, kind: str, field: str, value: str, *, required: bool):
    out = folder / f"brief-{next(_counter)}.docx"
    before = hashlib.sha256(opened.path.read_bytes()).hexdigest()
    log_before = len(letters.letter_records(opened))
    try:
        rendered = letters.prepare(opened, kind, answers={field: value}, today=TODAY)
        letters.save_docx(opened, rendered, out, on=TODAY)
    except UsageError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert not out.exists()
        assert hashlib.sha256(opened.path.read_bytes()).hexdigest() == before
        assert len(letters.letter_records(opened)) == log_before
        if as_laid_out(value):
            # Only a character Word cannot hold is a reason to refuse a non-empty answer.
            assert any(char in value for char in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13"
                       "\x14\x15\x16\x17\x18\x19\x1a\x1b\ufffe\uffff") or any(
                "\ud800" <= char <= "\udfff" for char in value), str(exc)
        return
    expected = as_laid_out(value)
    assert expected or not required, "an empty answer to a required question must be refused"
    assert expected in docx_text(out)
    out.unlink()


@pytest.fixture
def demo_session(demo_path):
    """The demo (made for TODAY, 2026-11-22), unlocked."""
    with session.DossierSession(demo_path) as opened:
        opened.unlock(PASSPHRASE)
        yield opened


@pytest.fixture
def second_session(tmp_path):
    with session.create_dossier(tmp_path / "tweede.dossier", PASSPHRASE) as opened:
        build_second_family()
        opened.lock()
        opened.unlock(PASSPHRASE)
        yield opened


@SETTINGS
@given(value=answers)
@example(value="a\x01b")
@example(value="\x00")
@example(value="\ud800")
@example(value="\ufffe")
@example(value="**vet** {{ 7*7 }} {% if %} <w:p/> &amp; \\* # kop")
@example(value="x" * (1 << 20))
@example(value="\n".join(f"regel {number}" for number in range(2000)))
@example(value=" \t ")
@example(value="\u202egnitsaf\x0cnieuwe pagina")
@pytest.mark.slow   # every letter kind for each of ~30 answers, one of 1 MB
def test_demo_letter_holds_the_answer_exactly_or_refuses(demo_session, tmp_path, value):
    check(demo_session, tmp_path, "avg-inzage", "omschrijving", value, required=True)


@SETTINGS
@given(value=answers)
@example(value="Mila (17) zegt: \"ik wil zelf kiezen\"")
@example(value="\x1b[31mrood")
def test_second_family_letter_holds_the_answer_exactly_or_refuses(second_session, tmp_path, value):
    assert LETTER_DATE == TODAY
    check(second_session, tmp_path, "bezwaarschrift", "eigen_toelichting", value, required=False)
