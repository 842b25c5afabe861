"""What an incoming letter is: kind, date, kenmerk, sender, child, outcome — as suggestions.

Pure functions over text; the patterns are data in ``patterns.toml``. Nothing
here decides anything: the caller shows the result to the user, who confirms.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from contextvars import ContextVar
from typing import Any, TypeVar, cast

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "febr": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
# "2 november 2026", "2 nov. 2026", "2 nov 2026", "02-11-2026", "2/11/2026", "2.11.2026", "2026-11-02"
DATE_PATTERN = re.compile(
    rf"(?<![\w-])(?:(?P<d1>\d{{1,2}})\s*(?P<m1>{_MONTH_WORDS})\.?,?\s+(?P<y1>\d{{4}})"
    r"|(?P<d2>\d{1,2})\s?[-/.]\s?(?P<m2>\d{1,2})\s?[-/.]\s?(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?![\w-])",
    re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    start: int          # position in the text
    line: str           # the line it stands on
    score: int = 0


@dataclass(frozen=True)
class Party:
    """A known contact or child, as the caller hands them in."""

    id: int
    names: tuple[str, ...]          # full name, organisation, …: any of these in the text is a match
    email: str = ""
    birth_date: dt.date | None = None


@dataclass
class Recognition:
    kind: str = ""                  # id from patterns.toml ('beschikking', …) or '' when unclear
    kind_label: str = ""
    doc_kind: str = "brief"         # the dossier's document kind it becomes
    kind_scores: dict[str, int] = field(default_factory=dict)
    date: dt.date | None = None     # the date of the letter (dagtekening / bekendmaking)
    other_dates: list[dt.date] = field(default_factory=list)
    kenmerk: str = ""
    sender_id: int | None = None
    sender_text: str = ""           # the matched name, or an organisation named at the top
    child_id: int | None = None
    outcome: str = ""               # 'toegekend' | 'afgewezen' | '' (beschikkingen only)
    remedy_clause: str = ""         # the rechtsmiddelenclausule, as found
    receipt_date: dt.date | None = None       # ontvangstbevestiging: when they received your letter
    postponement_weeks: int | None = None     # verdagingsbrief: by how many weeks
    subject: str = ""               # a short title: the 'Onderwerp' line when there is one


_Derived = TypeVar("_Derived")


@lru_cache(maxsize=1)
def patterns() -> dict[str, Any]:
    with resources.files("dossier_app.intake").joinpath("patterns.toml").open("rb") as stream:
        return tomllib.load(stream)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# While ``recognise`` reads one letter, what several recognisers derive from the same text (normalised, flat,
# its dates, its words) is worked out once: kept here for that call only, then dropped (nothing of a letter
# stays in memory after it). Outside ``recognise`` nothing is kept.
_ONE_LETTER: ContextVar[dict[tuple[str, str], Any] | None] = ContextVar("recognise_one_letter", default=None)


def _once(kind: str, text: str, work: Callable[[str], _Derived]) -> _Derived:
    kept = _ONE_LETTER.get()
    if kept is None:
        return work(text)
    key = (kind, text)
    if key not in kept:
        kept[key] = work(text)
    return cast(_Derived, kept[key])


def normalise(text: str) -> str:
    """Composed characters, one space between words, ligatures and odd dashes undone."""
    return _once("normalise", text, _normalise)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2013", "-").replace("\u2011", "-").replace("\u00ad", "")


def flat(text: str) -> str:
    return _once("flat", text, _flat)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", normalise(text)).strip()


def _same_letter_table() -> dict[int, int | None] | None:
    """For ``_fold``: the letters re.IGNORECASE takes as one beyond their lower case (i and dotless ı, s and
    long ſ, σ and ς, …: re's own list) to one of them; the dot that lower() puts on İ (re reads İ as i) away.
    None when this Python does not have re's list (then no name is left out by its words)."""
    import importlib

    try:   # the table re itself compiles IGNORECASE with (Python 3.11+)
        extra: dict[int, tuple[int, ...]] = importlib.import_module("re._casefix")._EXTRA_CASES
    except (ImportError, AttributeError):
        return None
    table: dict[int, int | None] = {code: min(code, *others) for code, others in extra.items()}
    table[0x307] = None
    return table


_SAME_LETTER = _same_letter_table()


def _fold(word: str) -> str:
    """A word such that two words re.IGNORECASE matches to each other fold to the same (the converse need
    not hold: this only tells which names cannot be in a text)."""
    lowered = word.lower()
    # re's list holds no ASCII letter that is not the first of its own kind (i, s): ASCII stays as it is
    return lowered if lowered.isascii() else lowered.translate(_SAME_LETTER or {})


_SPECIAL = "\\.^$*+?{}[]()|"
_REPEAT = "*+?{"


def _after_class(pattern: str, at: int) -> int:
    """Where the class that opens at ``at`` ('[') ends (just after its ']'; '[]…]' and '[^]…]' hold one)."""
    at += 2 if pattern.startswith("[^", at) else 1
    at += pattern.startswith("]", at)
    while at < len(pattern) and pattern[at] != "]":
        at += 2 if pattern[at] == "\\" else 1
    return at + 1


def _group_end(pattern: str, at: int) -> int:
    """The index of the ')' that closes the group opening at ``at``; -1 when there is none."""
    depth = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if char == "[":
            at = _after_class(pattern, at)
            continue
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return at
        at += 1
    return -1


def _has_top_level_alternative(pattern: str) -> bool:
    at = 0
    while at < len(pattern):
        if pattern[at] == "(":
            close = _group_end(pattern, at)
            if close < 0:
                return True          # unreadable here: assume the worst
            at = close + 1
        elif pattern[at] == "[":
            at = _after_class(pattern, at)
        else:
            if pattern[at] == "|":
                return True
            at += 2 if pattern[at] == "\\" else 1
    return False


@cache
def _required(pattern: str) -> tuple[tuple[str, ...], ...]:
    """What every match of ``pattern`` holds, folded: per clause one of its words. A clause is a run of plain
    letters outside any group, or a group of plain alternatives ('(kopie|overzicht)'); neither counts when it
    is optional or repeated. None when the pattern has an alternative at the top ('a|b'). A text whose folded
    form lacks every word of a clause cannot match, and need not be searched."""
    verbose = "x" in "".join(re.findall(r"\(\?([a-zA-Z-]+)[:)]", pattern))   # (?x): spaces mean nothing
    if verbose or _has_top_level_alternative(pattern):
        return ()
    clauses: list[tuple[str, ...]] = []
    run, at = "", 0

    def flush() -> None:
        nonlocal run
        if run:
            clauses.append((_fold(run),))
        run = ""

    while at < len(pattern):
        char = pattern[at]
        repeated = at + 1 < len(pattern) and pattern[at + 1] in _REPEAT
        if char == "(":
            flush()
            close = _group_end(pattern, at)
            if close < 0:
                break
            inner = pattern[at + 1:close]
            if (inner and not any(ch in _SPECIAL for ch in inner.replace("|", ""))
                    and not (close + 1 < len(pattern) and pattern[close + 1] in _REPEAT)
                    and all(inner.split("|"))):
                clauses.append(tuple(_fold(branch) for branch in inner.split("|")))
            at = close + 1
        elif char == "[":
            flush()
            at = _after_class(pattern, at)
        elif char == "{":
            flush()
            close = pattern.find("}", at)
            if close < 0:
                break
            at = close + 1
        elif char == "\\":
            flush()
            at += 2
        elif char in _SPECIAL or repeated:
            flush()
            at += 1
        else:
            run += char
            at += 1
    flush()
    return tuple(clauses)


def _may_match(pattern: str, folded: str) -> bool:
    """Whether ``pattern`` can occur in a text whose folded form is ``folded`` (False: it surely cannot)."""
    for clause in _required(pattern):
        for word in clause:
            if word in folded:
                break
        else:
            return False
    return True


def _count(pattern: str, body: str, folded: str) -> int:
    """How often ``pattern`` (IGNORECASE) occurs in ``body`` (``folded``: the body folded)."""
    if not _may_match(pattern, folded):
        return 0
    return len(_compiled(pattern).findall(body))


def _folded(body: str) -> str:
    """``body`` folded (``_fold``), worked out once per letter."""
    return _once("folded", body, _fold)


# -- dates -------------------------------------------------------------------------------------
def _to_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    try:
        if groups["d1"]:
            return dt.date(int(groups["y1"]), MONTHS[groups["m1"].lower().rstrip(".")], int(groups["d1"]))
        if groups["d2"]:
            return dt.date(int(groups["y2"]), int(groups["m2"]), int(groups["d2"]))
        return dt.date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
    except (ValueError, KeyError):
        return None


def parse_dutch_date(text: str) -> dt.date | None:
    """One date in any common Dutch form, or None."""
    match = DATE_PATTERN.search(normalise(text))
    return _to_date(match) if match else None


def find_dates(text: str) -> list[FoundDate]:
    return list(_once("dates", text, _find_dates))


def _find_dates(text: str) -> tuple[FoundDate, ...]:
    text = normalise(text)
    found = []
    for match in DATE_PATTERN.finditer(text):
        day = _to_date(match)
        if day is None or not 1900 <= day.year <= 2200:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        found.append(FoundDate(day, match.start(), text[line_start:line_end if line_end >= 0 else len(text)]))
    return tuple(found)


def _ends_with_word(prefix: str, words: Iterable[str]) -> bool:
    prefix = re.sub(r"[\s:.,]+$", "", prefix.lower())
    return any(re.search(rf"(^|\W){re.escape(word)}$", prefix) for word in words)


def _date_prefix(text: str, found: FoundDate) -> str:
    line_start = text.rfind("\n", 0, found.start) + 1
    return text[line_start:found.start]


def letter_date(text: str) -> tuple[dt.date | None, list[dt.date]]:
    """The letter's own date, told apart from the other dates in it; and those others."""
    rules = patterns()["letter_date"]
    text = normalise(text)
    dates = find_dates(text)
    if not dates:
        return None, []
    length = max(len(text), 1)
    scored = []
    for found in dates:
        prefix = _date_prefix(text, found)
        score = 0
        if _ends_with_word(prefix, rules["before"]):
            score += 10
        elif re.match(rules["place_line"], prefix):
            score += 8
        elif _ends_with_word(prefix, rules["other"]) or re.search(r"\b(t/m|tot en met|tot)\s*$", prefix.lower()):
            score -= 10
        else:
            after = text[found.start:found.start + 60].lower()
            if re.search(r"^\S+\s+\S+\s+\S+\s*(tot en met|t/m|tot|-)\s", after):
                score -= 10   # the start of a period ("1 januari 2026 tot en met …")
        if found.start < length * 0.3:
            score += 2
        scored.append((score, -found.start, found))
    best = max(scored)
    chosen = best[2] if best[0] > -10 else None
    others = [item.date for item in dates if chosen is None or item.date != chosen.date]
    return (chosen.date if chosen else None), others


def receipt_date(text: str, after: dt.date | None = None) -> dt.date | None:
    """In an ontvangstbevestiging: the day your letter was received."""
    rules = patterns()["receipt_date"]
    text = normalise(text)
    for found in find_dates(text):
        prefix = _date_prefix(text, found).lower()
        following = text[found.start:found.start + 40].lower()
        if (re.search(r"ontvangen op\s*$|binnengekomen op\s*$", prefix)
                or (_ends_with_word(prefix, rules["before"])
                    and any(word in following for word in rules["after_words"]))):
            return found.date
    return None


# -- the rest -------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _kind_patterns() -> tuple[tuple[str, tuple[tuple[int, tuple[tuple[str, ...], ...], re.Pattern[str]], ...]], ...]:
    """Per kind (in the file's order): each pattern's weight (strong 3, weak 1), its required words (``_required``)
    and the pattern compiled; made once from patterns.toml."""
    return tuple((kind["id"], tuple((weight, _required(pattern), _compiled(pattern))
                                    for weight, group in ((3, "strong"), (1, "weak"))
                                    for pattern in kind.get(group, [])))
                 for kind in patterns()["kind"])


def recognise_kind(text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """(the best kind's table, every kind's score)."""
    body = flat(text)
    folded = _folded(body)
    scores = {}
    for kind, weighed in _kind_patterns():
        score = 0
        for weight, required, pattern in weighed:
            # as _count: a pattern one of whose required words the text lacks cannot occur in it
            for clause in required:
                for word in clause:
                    if word in folded:
                        break
                else:
                    break       # no word of this clause: the pattern cannot occur
            else:
                score += weight * len(pattern.findall(body))
        scores[kind] = score
    best = None
    for kind in patterns()["kind"]:
        if scores[kind["id"]] > 0 and (best is None or scores[kind["id"]] > scores[best["id"]]):
            best = kind
    return best or {}, scores


@lru_cache(maxsize=1)
def _kenmerk_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a kenmerk's label with the word before it, the label alone, the kenmerk itself), made once from
    patterns.toml."""
    rules = patterns()["kenmerk"]
    labels = "|".join(re.escape(label) for label in sorted(rules["labels"], key=len, reverse=True))
    return (re.compile(rf"(?P<before>\w+\s+)?(?:{labels})\s*[:.]?\s*", re.IGNORECASE),
            re.compile(labels, re.IGNORECASE), re.compile(rules["value"]))


def _word_before(text: str, at: int) -> int:
    """Where the run of letters and digits before ``at`` starts, past the white space before it (and first
    back to the start of a run ``at`` is inside): no label with the word before it starts earlier."""
    for skip in (_is_word_char, str.isspace, _is_word_char):
        while at > 0 and skip(text[at - 1]):
            at -= 1
    return at


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter or digit (str.isalnum) or '_'."""
    return char.isalnum() or char == "_"


def recognise_kenmerk(text: str) -> str:
    rules = patterns()["kenmerk"]
    text = normalise(text)
    label, bare_label, value = _kenmerk_patterns()
    first = bare_label.search(text)
    if first is None:
        return ""
    # A match holds a label, at most one word after its start: none starts before the word before the first label.
    for match in label.finditer(text, _word_before(text, first.start())):
        found = kenmerk_after_label(text, match, rules["not_after"], value)
        if found:
            return found
    return ""


def kenmerk_after_label(text: str, match: re.Match[str], not_after: Sequence[str], value: re.Pattern[str]) -> str:
    """The kenmerk that follows one match of the label pattern on its line ('' when none does, or when the
    label follows a word that makes it someone else's reference: ``not_after``)."""
    if (match.group("before") or "").strip().lower() in not_after:
        return ""
    line_end = text.find("\n", match.end())
    rest = text[match.end():line_end if line_end >= 0 else len(text)]
    # OCR splits references at their dashes ("JGT-2026- -0410"): join them again.
    rest = re.sub(r"([-/.])(?:\s*\1)+", r"\1", re.sub(r"\s*([-/])\s*", r"\1", rest.strip()))
    # OCR spaces off a narrow final "1" (read as 1, l, I or |): "JGT-2026-041 1" is JGT-2026-0411.
    rest = re.sub(r"([-/]\d+) [1lI|]$", r"\g<1>1", rest)
    found = value.match(rest)
    return found.group(0).rstrip(".") if found and re.search(r"\d", found.group(0)) else ""


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """The name, its words apart by any white space, not inside a longer run of letters and digits. The check
    before it stands after its first word ('Noor(?<![^\\W_]Noor)…', the same as '(?<![^\\W_])Noor…'): a
    pattern that starts with a letter is searched for by that letter, three times as fast."""
    words = [re.escape(word) for word in flat(name).split() if word]
    if not words:
        return None
    # Not through ``_compiled`` (kept for the process): a name is dossier content, kept only by the PartyIndex of
    # the open dossier. re's own small cache of recent patterns is emptied when a dossier locks (handle.lock).
    return re.compile(words[0] + rf"(?<![^\W_]{words[0]})" + "".join(r"\s+" + word for word in words[1:])
                      + r"(?![^\W_])", re.IGNORECASE)


_WORD = re.compile(r"[^\W_]+")


def _first_word(name: str) -> str:
    """The first run of letters and digits of a name, lower-cased: a text naming the party holds it
    as a whole run too (the name's pattern starts and ends at a word boundary)."""
    found = _WORD.search(flat(name))
    return found.group(0).lower() if found else ""


def _words(body: str) -> tuple[set[str], set[str]]:
    """The runs of letters and digits in a text, lower-cased, and the same folded (``_fold``)."""
    words = {word.lower() for word in _WORD.findall(body)}
    return words, {word if word.isascii() else _fold(word) for word in words}   # lower-cased ASCII is folded


class PartyIndex:
    """Parties indexed once (while the dossier is unchanged) by the first word of each of their names, so a
    letter is matched only against the parties whose names can occur in it — not every party against the
    text. A name's pattern is made the first time it is a candidate, and kept."""

    def __init__(self, parties: Iterable[Party]) -> None:
        self.parties = tuple(parties)
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        self._by_word: dict[str, list[tuple[int, int, str, frozenset[str]]]] = {}
        # Each name's runs of letters and digits, folded: a text naming the party holds every one of them as a
        # whole run (its pattern joins the name's words by spaces and starts and ends at a word boundary).
        self._runs: dict[str, frozenset[str]] = {}
        for order, party in enumerate(self.parties):
            for position, name in enumerate(party.names):
                word = _first_word(name) if name else ""
                if word:
                    self._runs[name] = frozenset(_fold(run) for run in _WORD.findall(flat(name))
                                                 if _SAME_LETTER is not None)
                    self._by_word.setdefault(word, []).append((order, position, name, self._runs[name]))

    def candidates(self, body: str) -> list[tuple[int, int, re.Pattern[str]]]:
        """(party order, name position, pattern) of every name whose first word the text holds, in
        the parties' order; a name whose other words the text does not hold cannot match and is left out
        (a name's pattern is made only when it is a candidate, once)."""
        words, folded = _once("words", body, _words)
        found = sorted((order, position, name) for word in words & self._by_word.keys()
                       for order, position, name, runs in self._by_word[word] if runs <= folded)
        return [(order, position, pattern) for order, position, name in found
                if (pattern := self._pattern(name)) is not None]

    def _pattern(self, name: str) -> re.Pattern[str] | None:
        if name not in self._patterns:
            self._patterns[name] = _name_pattern(name)
        return self._patterns[name]


def _match_party(text: str, parties: Sequence[Party] | PartyIndex, *, email_address: str = ""
                 ) -> tuple[int | None, str]:
    """The party named most in the text (its own name counts double, earlier mentions weigh more);
    when none is named, the one whose e-mail address sent it. ``parties``: a list or a PartyIndex."""
    index = parties if isinstance(parties, PartyIndex) else PartyIndex(parties)
    body = flat(text)
    dates = [item.date for item in find_dates(text)]
    scores: dict[int, float] = {}
    starts: dict[re.Pattern[str], list[int]] = {}     # a name several parties share is searched for once
    for order, position, pattern in index.candidates(body):
        weight = 2.0 if position == 0 else 1.0
        if pattern not in starts:
            starts[pattern] = [match.start() for match in pattern.finditer(body)]
        for start in starts[pattern]:
            scores[order] = scores.get(order, 0.0) + weight * (1 + max(0.0, 1 - start / max(len(body), 1)))
    best: tuple[float, int | None, str] = (0.0, None, "")
    for order in sorted(scores):
        party, score = index.parties[order], scores[order]
        if score and party.birth_date is not None and party.birth_date in dates:
            score += 1
        if score > best[0]:
            best = (score, party.id, party.names[0])
    if best[1] is None and email_address:
        address = email_address.lower()
        for party in index.parties:
            if party.email and party.email.lower() in address:
                return party.id, party.names[0]
    return best[1], best[2]


def recognise_outcome(text: str) -> str:
    rules = patterns()["outcome"]
    body = flat(text)
    folded = _folded(body)
    refused = min((m.start() for p in rules["refused"] if _may_match(p, folded) for m in _compiled(p).finditer(body)),
                  default=None)
    granted = min((m.start() for p in rules["granted"] if _may_match(p, folded) for m in _compiled(p).finditer(body)),
                  default=None)
    if refused is None and granted is None:
        return ""
    if granted is None or (refused is not None and refused <= granted):
        return "afgewezen"
    return "toegekend"


def recognise_remedy(text: str) -> str:
    body = flat(text)
    folded = _folded(body)
    for pattern in patterns()["remedy"]["patterns"]:
        match = _compiled(pattern).search(body) if _may_match(pattern, folded) else None
        if match:
            return match.group(0).strip()
    return ""


_NUMBER_WORDS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
                 "acht": 8, "negen": 9, "tien": 10, "twaalf": 12}


def recognise_postponement(text: str) -> int | None:
    match = _compiled(patterns()["postponement"]["weeks"]).search(flat(text))
    if not match:
        return None
    word = match.group("n").lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def recognise_subject(text: str) -> str:
    match = re.search(r"(?im)^\s*(onderwerp|betreft|betreft:)\s*[:.]?\s*(?P<s>.+)$", normalise(text))
    return match.group("s").strip()[:120] if match else ""


def recognise(text: str, *, contacts: Sequence[Party] | PartyIndex = (), children: Sequence[Party] | PartyIndex = (),
              mail_from: str = "") -> Recognition:
    """Every suggestion for one letter's text. ``contacts`` and ``children``: Party lists or PartyIndexes."""
    token = _ONE_LETTER.set({})
    try:
        return _recognise(text, contacts, children, mail_from)
    finally:
        _ONE_LETTER.reset(token)


def _recognise(text: str, contacts: Sequence[Party] | PartyIndex, children: Sequence[Party] | PartyIndex,
               mail_from: str) -> Recognition:
    result = Recognition()
    kind, result.kind_scores = recognise_kind(text)
    if kind:
        result.kind, result.kind_label, result.doc_kind = kind["id"], kind["label"], kind["doc_kind"]
    result.date, result.other_dates = letter_date(text)
    result.kenmerk = recognise_kenmerk(text)
    result.sender_id, result.sender_text = _match_party(text, contacts, email_address=mail_from)
    result.child_id, _ = _match_party(text, children)
    result.subject = recognise_subject(text)
    for name in kind.get("fields", ()):
        attribute, find = KIND_FIELDS[name]
        setattr(result, attribute, find(text))
    return result


# The details a kind can list as its ``fields`` in patterns.toml: (Recognition attribute, finder).
KIND_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "uitkomst": ("outcome", recognise_outcome),
    "rechtsmiddelenclausule": ("remedy_clause", recognise_remedy),
    "ontvangen_op": ("receipt_date", receipt_date),
    "verdaging_weken": ("postponement_weeks", recognise_postponement),
}


def fields_for(doc_kind: str) -> tuple[str, ...]:
    """The details that matter for a document kind (the ``fields`` of its kind in patterns.toml)."""
    for kind in patterns()["kind"]:
        if kind["doc_kind"] == doc_kind:
            return tuple(kind.get("fields", ()))
    return ()
