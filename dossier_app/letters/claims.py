"""What a letter may claim: the pure rules that turn what the dossier holds into the items a letter is about.

No SQL and no wording here (the dossier is read by ``letters/context_queries.py``, the Dutch sentences are in
``letters/wording.py``): a letter states a fact only when the dossier holds it, and these rules say when it
does. Tested in tests/letters/test_claims.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from dossier_app.deadlines import RULES

# The article (from _recht.toml) that sets the term for deciding on an aanvraag or a bezwaar.
DECISION_ARTICLES = {"aanvraag": "awb_4_13", "bezwaar": "awb_7_10"}
# Beslistermijnen an ingebrekestelling can follow (rules.toml: beslist_op), with what they decide on and the
# article.
DECISION_TERMS = {rule.id: (rule.decides_on, DECISION_ARTICLES[rule.decides_on])
                  for rule in RULES.values() if rule.decides_on}
# Contact roles whose investigation a second opinion can be asked from; an
# administrative body (bestuursorgaan) must check an advice it relies on.
INVESTIGATOR_ROLES = {"gi": False, "raad": False, "gemeente": True, "wijkteam": True}

# The items a letter can be about, and the kinds of document each may be. The user may choose
# another one than the newest (the letter assistant's second step, `--over` on the CLI).
CHOOSABLE_DOCUMENTS = {
    "beschikking": ("beschikking",),
    "beslissing_op_bezwaar": ("beslissing-op-bezwaar",),
    "verzoek": ("verzoek",),
    "advies": ("advies", "onderzoeksrapport"),
    "verslag": ("gespreksverslag", "onderzoeksrapport", "plan", "overig", "advies"),
}
CHOOSABLE_ITEMS = (*CHOOSABLE_DOCUMENTS, "gesprek")

# Document kinds that make an optional item available (see context.build_context).
ITEM_FOR_DOC_KIND = {"beschikking": "beschikking", "verzoek": "verzoek",
                     "advies": "advies", "onderzoeksrapport": "advies",
                     "schriftelijke-aanwijzing": "aanwijzing", "verzoekschrift-kinderrechter": "kinderrechterzaak",
                     "beslissing-op-bezwaar": "beslissing_op_bezwaar"}
# Reports whose noted onjuistheden make a 'verslag' to correct; a gespreksverslag goes first.
REPORT_KINDS = ("gespreksverslag", "onderzoeksrapport", "plan", "overig", "advies")
REPORT_KINDS_IN_ORDER = (("gespreksverslag",), ("onderzoeksrapport", "plan", "overig", "advies"))
ITEM_FOR_CONTACT_ROLE = {"huisarts": "verwijzer", "jeugdarts": "verwijzer", "jeugdhulpaanbieder": "aanbieder",
                         "gi": "gezinsvoogd", "veilig-thuis": "veilig_thuis"}
# Words by which the dossier records a referral (Jeugdwet 2.6 lid 1 onder g) in a traject.
REFERRAL_WORDS = ("verwijzing", "verwezen", "verwijsbrief")
# Characters a user puts before a line of a list (onjuistheden): not part of the claim.
LIST_MARKS = " -•\t"


def names_any(texts: Iterable[str], *names: str) -> bool:
    """Whether one of the (lower-case) texts of a traject names one of ``names`` (a provider, a referrer)."""
    wanted = [name.lower() for name in names if name]
    return any(name in text for text in texts for name in wanted)


def mentions_referral(texts: Iterable[str]) -> bool:
    """Whether the traject's texts record a referral by a huisarts, jeugdarts or specialist (issue 22:
    a letter states a referral only when the dossier holds one)."""
    return any(word in text for text in texts for word in REFERRAL_WORDS)


def listed_lines(text: str) -> list[str]:
    """The non-empty lines of a list the user typed, without their list marks."""
    return [line.strip(LIST_MARKS) for line in text.splitlines() if line.strip(LIST_MARKS)]


def pgb_refused(title: str, body: str) -> bool:
    """A beschikking about a pgb: the letter may then argue about the pgb."""
    return "pgb" in (body + " " + title).lower()


def postponement_known(options: str | None) -> bool:
    """Whether the dossier records that the gemeente postponed (verdaagd) its beslistermijn."""
    return bool(json.loads(options or "{}").get("postponement_weeks"))


def fitting_cases(batch: list[int], available: dict[int, set[str]], requires: Iterable[str],
                  prefers: Iterable[str]) -> tuple[list[int], list[int]]:
    """Of ``batch`` (newest first): the trajecten with all a letter requires, and of those the ones that also
    have what it prefers for prefilling."""
    fitting = [case_id for case_id in batch if set(requires) <= available[case_id]]
    return fitting, [case_id for case_id in fitting if set(prefers) <= available[case_id]]


def is_investigator(role: str) -> bool:
    """An organisation whose investigation a second opinion can be asked from."""
    return role in INVESTIGATOR_ROLES


def is_bestuursorgaan(role: str) -> bool:
    """An organisation that must check an advice it relies on (an administrative body)."""
    return INVESTIGATOR_ROLES.get(role, False)
