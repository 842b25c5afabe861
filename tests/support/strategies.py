"""Hypothesis strategies for bad input (issue 11, "Bad input, generated"): odd Unicode, control
characters, lone surrogates, 1 MB texts, empty values, impossible and extreme dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Modest and deterministic enough for the whole suite to stay well under its time budget.
# derandomize: the same examples on every run and in CI (no flaky suite); database=None: no
# generated values are written to disk. Crashes found once are kept as explicit @example lines.
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
FEW = settings(SETTINGS, max_examples=15)
SOME = settings(SETTINGS, max_examples=8)       # each example unlocks a dossier (Argon2id) several times

ODD_PIECES = ["", " ", "\x00", "\x01", "\x7f", "\t", "\r\n", "\n\n", "\x0c", "\u202e", "\u200b", "\ufeff",
              "\ufffe", "\ud800", "\udcff", "\U0001F600", "é", "e\u0301", "ß", "İ", "﷽", "' OR 1=1 --",
              "{{ 7*7 }}", "{% raw %}", "<w:p/>", "**", "# kop", "- punt", "1. een", "\\", '"', "NEAR(", "*",
              "\u2028", "\x85"]

# Any code point, surrogates and control characters included.
any_char = st.characters(exclude_categories=())
odd_text = st.one_of(
    st.text(any_char, max_size=40),
    st.lists(st.sampled_from(ODD_PIECES), max_size=6).map("".join),
    st.builds(lambda piece, count: piece * count, st.sampled_from(["x", "é", "\U0001F600 ", "regel\n"]),
              st.sampled_from([1, 1000, (1 << 20) // 4])),
)
# Text a person could type (no surrogates): stored exactly, or refused with a clear error.
typed_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from([piece for piece in ODD_PIECES if not ("\ud800" <= piece[:1] <= "\udfff")]),
             max_size=6).map("".join),
    st.just("x" * (1 << 20)),
)
any_date = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
edge_date = st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(9999, 12, 1), dt.date(2024, 2, 29),
                             dt.date(1900, 2, 28), dt.date(2026, 11, 22)])
a_date = st.one_of(edge_date, any_date)

# Dates as a person types them on a command line, many of them impossible.
date_words = st.one_of(
    st.sampled_from(["2026-02-30", "9999-12-31", "0001-01-01", "0000-01-01", "10000-01-01", "31-04-2026",
                     "29-02-2025", "29-02-2024", "2026-13-01", "1-1-1", "", " ", "vandaag", "2026/11/22",
                     "22.11.2026", "٢٠٢٦-١١-٢٢", "２０２６-１１-２２", "2026-11-22T10:00", "2026-W47", "²²-11-2026"]),
    a_date.map(lambda day: day.isoformat()),
    a_date.map(lambda day: f"{day.day}-{day.month}-{day.year:04d}"),
    st.text(st.sampled_from("0123456789-/. "), max_size=12),
)
number_words = st.one_of(
    st.sampled_from(["0", "-1", "1", "999", "9" * 30, str(2**63), str(2**63 - 1), "1e3", "0x10", " 7 ", "٣", "",
                     "NaN", "+5"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
