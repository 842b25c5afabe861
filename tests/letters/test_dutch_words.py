"""Numbers in words the Dutch way (num2words): up to twenty in words, larger ones in digits."""

import pytest

from dossier_app.dutch import number_word, period_words


@pytest.mark.parametrize("number,words", [(1, "één"), (6, "zes"), (13, "dertien"), (19, "negentien"),
                                          (20, "twintig"), (21, "21"), (42, "42"), (0, "0")])
def test_number_word(number, words):
    assert number_word(number) == words


def test_period_words_agree_in_number():
    assert period_words(6, "weken") == "zes weken"
    assert period_words(1, "maanden") == "één maand"
    assert period_words(19, "dagen") == "negentien dagen"


def test_long_and_weekday_dates_are_written_exactly_as_babel_writes_them_for_dutch():
    """Written without babel (its load cost the Overzicht at cold start, issue 25), the same text as before."""
    import datetime as dt

    from dossier_app.dutch import LOCALE, format_date, long_date, weekday_date

    first = dt.date(1999, 12, 25)
    for offset in range(0, 12000, 7):        # every weekday and month, leap years and turns of the century
        day = first + dt.timedelta(days=offset + offset // 7 % 7)
        assert long_date(day) == format_date(day, "d MMMM y", LOCALE)
        assert weekday_date(day) == format_date(day, "EEEE d MMMM y", LOCALE)
        assert weekday_date(day, with_year=False) == format_date(day, "EEEE d MMMM", LOCALE)


def test_euros_are_written_exactly_as_babel_writes_them_for_dutch():
    """The dwangsom owed, on the Overzicht: written without babel (cold start, issue 25), the same text."""
    import random

    from dossier_app.dutch import LOCALE, euro, format_currency

    chosen = random.Random(25)
    amounts = [0, 5, 12.5, 1234.567, 1_000_000, -3.2, 0.005, 0.015, 2.675, 999.995, -0.001, 1_442.5]
    amounts += [chosen.uniform(-1e7, 1e7) for _ in range(500)] + [chosen.randint(0, 10**6) / 1000 for _ in range(500)]
    for amount in amounts:
        assert euro(amount) == format_currency(amount, "EUR", LOCALE), amount
