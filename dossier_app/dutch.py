"""Dutch formatting shared by deadlines, letters and the UI (via babel)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

LOCALE = "nl_NL"


# babel is imported on first use: it is slow to load, and `dossier-app --help`
# or a mistyped command (which only parse dates) should not wait for it.
def format_date(day: dt.date, pattern: str, locale: str) -> str:
    from babel.dates import format_date as babel_format_date   # cold start: babel loads on first use (not for --help)

    return babel_format_date(day, pattern, locale=locale)


def format_currency(amount: float, currency: str, locale: str) -> str:
    # cold start: babel loads on first use (not for --help)
    from babel.numbers import format_currency as babel_format_currency

    return babel_format_currency(amount, currency, locale=locale)


MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december")
WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

WORDS_UP_TO = 20    # Dutch writing convention: numbers up to twenty in words, larger ones in digits


# The two forms every screen shows are written here, exactly as babel writes them for nl_NL (a test compares
# them): loading babel and its Dutch locale data cost the Overzicht ~20 ms at cold start (issue 25).
def long_date(day: dt.date) -> str:
    """'2 november 2026' (babel's "d MMMM y")."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def weekday_date(day: dt.date, with_year: bool = True) -> str:
    """'maandag 2 november 2026' (or without the year; babel's "EEEE d MMMM y")."""
    text = f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def short_date(day: dt.date) -> str:
    """'02-11-2026', the form people type in Dutch forms."""
    return day.strftime("%d-%m-%Y")


def _month(word: str) -> int | None:
    """'juni', 'jun', 'jun.', 'Juni' → 6 (three letters or more, Dutch)."""
    word = word.strip(".").lower()
    if len(word) < 3:
        return None
    found = [number for number, name in enumerate(MONTH_NAMES, start=1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def parse_date(text: str) -> dt.date:
    """Accept the forms people type: ISO (2026-11-02), Dutch (2-11-2026, 02/11/2026, 2.11.2026, 2 11 2026),
    eight digits (02112026) and a month in words (2 november 2026, 2 nov. 2026).

    Own code, not a library (issue 27): dateparser guesses (it accepts "morgen", reads 02/11 either way round
    and fills in a missing year), imports slowly (tables for 200 languages) and would be a dependency for
    fifteen lines; dateutil.parser (already a dependency) knows no Dutch month names and reads "10062011" as
    a number. A date in a letter or a term must be exactly what was typed, or refused with a Dutch sentence:
    this parser accepts only day-month-year, and tests/services/test_properties_forms.py generates the forms."""
    text = " ".join(text.strip().split())
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    if len(text) == 8 and text.isdigit():
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    for separator in ("-", "/", ".", " "):
        parts = text.split(separator)
        if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit() and len(parts[2]) == 4:
            month = int(parts[1]) if parts[1].isdigit() else _month(parts[1])
            if month is not None:
                return dt.date(int(parts[2]), month, int(parts[0]))
    raise ValueError(f"'{text}' is geen geldige datum (gebruik bijvoorbeeld 14-12-2026).")


def number_word(number: int) -> str:
    """'één', 'negentien', '21': num2words has the Dutch words (and their accents: één, tweeënveertig)."""
    if 0 < number <= WORDS_UP_TO:
        from num2words import num2words   # only when a letter or term text needs a number in words

        return str(num2words(number, lang="nl"))
    return str(number)


def euro(amount: float) -> str:
    """'€ 1.234,57' (a non-breaking space), as babel writes euros for nl_NL: rounded half to even on the
    decimal text of the amount. Written here (a test compares it with babel): the Overzicht shows the
    dwangsom owed and need not load babel for it at cold start (issue 25)."""
    rounded = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    whole, _, cents = f"{abs(rounded):,.2f}".partition(".")
    sign = "-" if rounded.is_signed() else ""
    return f"€\xa0{sign}{whole.replace(',', '.')},{cents}"


def period_words(amount: int, unit: str) -> str:
    """'zes weken', 'één maand', 'drie maanden', 'twee weken'."""
    singular, plural = {"weken": ("week", "weken"), "maanden": ("maand", "maanden"),
                        "dagen": ("dag", "dagen")}[unit]
    return f"{number_word(amount)} {singular if amount == 1 else plural}"


def count(amount: int, singular: str, plural: str) -> str:
    """'1 item', '2 items', '0 resultaten'."""
    return f"{amount} {singular if amount == 1 else plural}"


def days_left(days: int) -> str:
    """How long a last day is off: 'nog 1 dag', 'nog 12 dagen', 'vandaag', '3 dagen te laat'."""
    if days < 0:
        return f"{count(-days, 'dag', 'dagen')} te laat"
    return "vandaag" if days == 0 else f"nog {count(days, 'dag', 'dagen')}"
