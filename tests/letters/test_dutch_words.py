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
