"""Issue 21: what an event does to a traject lives in one place, the consequence model
(dossier_app/deadlines/: consequences.py, gevolgen.toml, rules.toml). Outside it, a rule id may only be
used to present something. This test finds every rule id used as a rule (compared with a term's rule,
looked up in RULES, in a query on deadline.rule_id, or as a key of a table of rules) and fails on any
that is not in the allow-list below; the allow-list may only shrink."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dossier_app"

# Presentation, or work not yet moved into the model (listed honestly, to be emptied): file -> count.
ALLOWED = {
    # presentation: the labels of the document kinds that share a name with a rule (ingebrekestelling,
    # ontvangstbevestiging)
    "store/vocabulary.py": 2,
}

RULE_CONTEXT = re.compile(r"rule(_id)?\b|RULES\[|Deadline\.|_term_of\(|TERMS\b|rule_id")


def rule_ids() -> set[str]:
    folder = PACKAGE / "deadlines"
    ids = set(tomllib.loads((folder / "rules.toml").read_text(encoding="utf-8")))
    return ids | {"ontvangstbevestiging"}


def uses() -> Counter:
    ids = sorted(rule_ids(), key=len, reverse=True)
    literal = re.compile(r"[\"'](" + "|".join(map(re.escape, ids)) + r")[\"']")
    found = Counter()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("deadlines/"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if not literal.search(line):
                continue
            before = lines[number - 1] if number else ""
            key_of_a_rule_table = re.match(r"\s*[\"'][a-z-]+[\"']\s*:", line) and RULE_CONTEXT.search(before + line)
            if RULE_CONTEXT.search(line) or key_of_a_rule_table or re.match(r"\s*[\"'][a-z-]+[\"']: [\"']", line):
                found[relative] += 1
    return found


def test_rule_ids_outside_the_consequence_model_are_only_presentation():
    found = uses()
    extra = {path: count for path, count in found.items() if count > ALLOWED.get(path, 0)}
    assert not extra, (f"Regel-ids buiten deadlines/ gebruikt als regel: {extra}. Zet wat een gebeurtenis doet in "
                       "dossier_app/deadlines/gevolgen.toml (het gevolgenmodel), niet in een scherm of service.")


def test_the_allow_list_is_not_larger_than_needed():
    found = uses()
    assert {path: found.get(path, 0) for path in ALLOWED} == ALLOWED
