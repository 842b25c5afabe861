"""What recognise works out once per letter (normalised text, dates, words) and what it skips (kind patterns
whose first letters the letter lacks, names whose words it lacks) cannot change what it finds."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier_app.intake import recognise
from tests.support import intake_corpus
from tests.support.strategies import SETTINGS

ODD = ("Beslissing op uw bezwaar: İNZAGE en ınzage, Straße, ΣΊΣΥΦΟΣ; de BEZWAARCOMMİSSIE hoorde u (hoorzıtting).\n"
       "Wij verdagen de beslissing. Uw verzoek om inzage, de beslıstermijn verlengen; ons besluit van 2 mei 2026.")


def texts() -> list[str]:
    plain = [letter.markdown for letter in intake_corpus.letters()] + [ODD, "", "besluit", "BESLUIT\u00adBESLUIT"]
    return [variant for text in plain for variant in (text, text.upper(), text.lower(), text.swapcase())]


@pytest.mark.parametrize("text", texts())
def test_skipping_a_kind_pattern_never_changes_a_count(text):
    body = recognise.flat(text)
    folded = recognise._fold(body)
    for kind in recognise.patterns()["kind"]:
        for pattern in kind.get("strong", []) + kind.get("weak", []):
            assert recognise._count(pattern, body, folded) == len(recognise._compiled(pattern).findall(body)), \
                pattern


@pytest.mark.parametrize(("pattern", "required"), [
    ("besluit", (("besluit",),)), ("beroep (instellen|in te stellen)", (("beroep ",), ("instellen", "in te stellen"))),
    ("aanwezig(en)?:", (("aanwezig",), (":",))), ("ab ?c", (("ab",), ("c",))), ("ab*c", (("a",), ("c",))),
    ("ab{2}c", (("a",), ("c",))), ("ab+", (("a",),)), ("a|b", ()), ("(a|b)c", (("a", "b"), ("c",))),
    ("(a|b)?c", (("c",),)), ("(a|b)+c", (("c",),)), ("abc\\(|def", ()), ("abc[(]|def", ()), ("abc[]|(]x|d", ()),
    ("x[^]|]y", (("x",), ("y",))), ("abc\\|d", (("abc",), ("d",))), ("(?:a|b)c", (("c",),)),
    ("(?=x)abc", (("abc",),)), ("(?x)a b", ()), ("(?i)BESLUIT", (("besluit",),)), ("a{b", ()),
    ("(artikel|art\\.) ?1[5-9] (van de )?avg", (("1",), (" ",), ("avg",))),
    ("[^.]{0,40}verlengd", (("verlengd",),))])
def test_what_every_match_of_a_pattern_holds(pattern, required):
    assert recognise._required(pattern) == required


@pytest.mark.parametrize("text", texts()[::3])
def test_recognise_finds_what_each_recogniser_finds_on_its_own_and_keeps_nothing(text):
    contacts = [recognise.Party(1, ("Gemeente Lindenhoven",)), recognise.Party(2, ("mevrouw L. Jansen",))]
    children = [recognise.Party(3, ("Noor de Vries", "Noor"))]
    found = recognise.recognise(text, contacts=contacts, children=children)
    assert recognise._ONE_LETTER.get() is None                  # nothing of the letter is kept after the call
    kind, scores = recognise.recognise_kind(text)
    alone = recognise.Recognition(kind=kind.get("id", ""), kind_label=kind.get("label", ""),
                                  doc_kind=kind.get("doc_kind", "brief"), kind_scores=scores)
    alone.date, alone.other_dates = recognise.letter_date(text)
    alone.kenmerk = recognise.recognise_kenmerk(text)
    alone.sender_id, alone.sender_text = recognise._match_party(text, contacts)
    alone.child_id, _ = recognise._match_party(text, children)
    alone.subject = recognise.recognise_subject(text)
    for name in kind.get("fields", ()):
        attribute, find = recognise.KIND_FIELDS[name]
        setattr(alone, attribute, find(text))
    assert dataclasses.asdict(found) == dataclasses.asdict(alone)


_PATTERNS = [pattern for kind in recognise.patterns()["kind"]
             for pattern in kind.get("strong", []) + kind.get("weak", [])]
_PIECES = sorted({piece for pattern in _PATTERNS for piece in re.split(r"[^\w -]+", pattern) if piece.strip()}
                 | {"ı", "İ", "ſ", ".", ":", "\n", "  "})


@settings(SETTINGS)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.lists(st.sampled_from(["", " ", "  ", ". ", "-"]),
                                                               max_size=30), st.sampled_from(["", "u", "l", "s"]))
def test_skipping_never_changes_a_count_for_any_text_made_of_the_patterns_words(pieces, gaps, case):
    text = "".join(piece + gap for piece, gap in zip(pieces, (gaps + [" "] * len(pieces))[:len(pieces)], strict=True))
    text = {"u": text.upper(), "l": text.lower(), "s": text.swapcase()}.get(case, text)
    body = recognise.flat(text)
    folded = recognise._fold(body)
    for pattern in _PATTERNS:
        assert recognise._count(pattern, body, folded) == len(recognise._compiled(pattern).findall(body)), pattern


def test_folding_leaves_ascii_as_lower_case_and_joins_what_re_takes_as_one():
    assert all(recognise._SAME_LETTER is None or recognise._SAME_LETTER.get(code, code) == code for code in range(128))
    for one, other in (("yilmaz", "YILMAZ"), ("yılmaz", "YILMAZ"), ("İnzage", "inzage"), ("ſtraat", "STRAAT"),
                       ("ΣΊΣΥΦΟΣ", "σίσυφος")):
        assert recognise._compiled(one).fullmatch(other)
        assert recognise._fold(one) == recognise._fold(other), (one, other)


@pytest.mark.parametrize("text", texts())
def test_kind_scores_are_the_patterns_counted_in_full(text):
    """recognise_kind skips patterns that cannot occur; the scores are those of counting every pattern."""
    body = recognise.flat(text)
    expected = {kind["id"]: 3 * sum(len(recognise._compiled(p).findall(body)) for p in kind.get("strong", []))
                + sum(len(recognise._compiled(p).findall(body)) for p in kind.get("weak", []))
                for kind in recognise.patterns()["kind"]}
    assert recognise.recognise_kind(text)[1] == expected


@pytest.mark.parametrize("text", texts())
def test_outcome_and_remedy_are_what_every_pattern_finds(text):
    """The outcome and the rechtsmiddelenclausule skip patterns that cannot occur: the same as searching them all."""
    body = recognise.flat(text)
    rules = recognise.patterns()

    def first(group):
        return min((m.start() for p in rules["outcome"][group] for m in recognise._compiled(p).finditer(body)),
                   default=None)

    refused, granted = first("refused"), first("granted")
    outcome = ("" if refused is None and granted is None else
               "afgewezen" if granted is None or (refused is not None and refused <= granted) else "toegekend")
    assert recognise.recognise_outcome(text) == outcome
    remedy = next((m.group(0).strip() for p in rules["remedy"]["patterns"]
                   if (m := recognise._compiled(p).search(body))), "")
    assert recognise.recognise_remedy(text) == remedy


NAMES = ["Noor de Vries", "Noor", "Gemeente Lindenhoven", "mevrouw L. Jansen", "Özdemir", "İlker Yılmaz", "ſtraat",
         "Jeugd-GGZ Noord", "J. (Jan) de Boer", "a", "Kindpraktijk De Linde", "O'Neill", "Σίσυφος"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_found_where_its_plain_pattern_finds_it(name):
    """A name's pattern checks the character before it after its first word; it finds what the plain pattern
    (the check first) finds, at the same places: at the start, after a letter, a digit, '_', '-', a space."""
    words = [re.escape(word) for word in recognise.flat(name).split()]
    plain = re.compile(r"(?<![^\W_])" + r"\s+".join(words) + r"(?![^\W_])", re.IGNORECASE)
    pattern = recognise._name_pattern(name)
    assert pattern is not None
    samples = [f"{name}", f"x{name}", f"_{name}", f"1{name}", f"-{name} en", f"é{name}.", f"aan {name.upper()}",
               f"{name.lower()}x {name}", f"{name}\n{name}", "  ".join(recognise.flat(name).split()),
               f"Bij {name}{name} of {name}_", f"ı{name} İ{name}"] + texts()[::9]
    for text in samples:
        body = recognise.flat(text)
        assert [m.span() for m in pattern.finditer(body)] == [m.span() for m in plain.finditer(body)], (name, text)


KENMERK_TEXTS = ["Ons kenmerk: JGT-2026-0412", "onskenmerk kenmerk: AB-12", "Ons\n\n  kenmerk\n: ZK 2026/77",
                 "Uw kenmerk: U-1\nOns kenmerk: O-2", "x_kenmerk: Q-9 en kenmerken K-10", "Zaaknummer 12-34",
                 "dossier nr. 4 __ REFERENTIE:R-2026-1", "Kenmerk", "geen label hier 2026-01-01", "",
                 "Ïk kenmerk: É-2026-3", "1 kenmerk: N-5", "Onze referentie\t\tOR/2026/8", "ons kenmerkkenmerk: X-99"]


@pytest.mark.parametrize("text", KENMERK_TEXTS + texts()[::2])
def test_the_kenmerk_is_what_a_scan_of_the_whole_letter_finds(text):
    """The kenmerk is looked for from the word before the first label on: what a scan of the whole text finds."""
    rules = recognise.patterns()["kenmerk"]
    label, bare, value = recognise._kenmerk_patterns()
    normal = recognise.normalise(text)
    # Every match of the label from the start of the letter, each read as the app reads one.
    expected = next((found for match in label.finditer(normal)
                     if (found := recognise.kenmerk_after_label(normal, match, rules["not_after"], value))), "")
    assert recognise.recognise_kenmerk(text) == expected
    starts = [match.start() for match in label.finditer(normal)]
    first = bare.search(normal)
    assert all(start >= recognise._word_before(normal, first.start()) for start in starts) if first else not starts
