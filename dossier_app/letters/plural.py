"""'Wij' when both parents sign: the first person singular of a template's fixed text, in the plural.

Templates are written in the singular ("Ik vraag u …", "mijn kind"). When both parents with
gezag sign (``stem.meervoud``, decided in ``letters/voice.py``), the letter is rendered from
a plural variant of its template (the name with ``PLURAL_SUFFIX``): every word of its fixed
text is converted with the table ``[meervoud]`` in ``templates/letters/_stem.toml`` — pronouns,
'mijn' as 'ons'/'onze', and the verb that goes with 'ik' (right before it, right after it, or
the first one later in the same clause). What the tags print (dossier values, what the user
typed) is never touched: only text outside ``{{ }}``, ``{% %}`` and ``{# #}`` is converted.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from dossier_app.letters.catalogue import letters_dir

# The voice table (letters/voice.py reads the rest of it).
STEM_FILE = "_stem.toml"
PLURAL_SUFFIX = "#meervoud"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\uE000\d+\uE001|\n\s*\n|[.,;:?!()]|\s+|.", re.DOTALL)
# Where a clause ends: the verb of a subordinate 'ik' is looked for up to here.
_CLAUSE_END = re.compile(r"^(?:[.,;:?!()]|\n\s*\n)$")
_TEMPLATE_NAME = re.compile(r"""(\{%-?\s*(?:extends|include|import|from)\s+["'])([^"']+)(["'])""")


@lru_cache(maxsize=8)
def _table(folder: str) -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads((Path(folder) / STEM_FILE).read_text(encoding="utf-8"))["meervoud"]
    return table


def table(templates: Path | None = None) -> dict[str, Any]:
    return _table(str(letters_dir(templates)))


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _is_word(token: str) -> bool:
    return bool(token) and token[0].isalpha()


def convert(text: str, rules: dict[str, Any] | None = None) -> str:
    """Plain Dutch text (or masked template source) from 'ik' to 'wij'."""
    rules = rules or table()
    for singular, plural in rules["woordgroepen"]:
        text = text.replace(singular, plural).replace(_cased(singular, "A"), _cased(plural, "A"))
    tokens = _TOKEN.findall(text)
    verbs = rules["werkwoorden"]
    pronouns = rules["voornaamwoorden"]
    words = [index for index, token in enumerate(tokens) if _is_word(token)]
    position = {index: number for number, index in enumerate(words)}
    done: set[int] = set()

    def verb_at(number: int) -> int | None:
        index = words[number]
        return index if tokens[index].lower() in verbs and index not in done else None

    for index, token in enumerate(tokens):
        lower = token.lower()
        if lower == "ik":
            tokens[index] = _cased(pronouns["ik"], token)
            number = position[index]
            found = None
            before = words[number - 1] if number else None
            if before is not None and not any(_CLAUSE_END.match(t) for t in tokens[before + 1:index]):
                found = verb_at(number - 1)
            if found is None:
                following = number + 1
                while following < len(words):
                    candidate = words[following]
                    if any(_CLAUSE_END.match(t) for t in tokens[words[following - 1] + 1:candidate]):
                        break
                    if tokens[candidate].lower() in verbs and candidate not in done:
                        found = candidate
                        break
                    following += 1
            if found is not None:
                tokens[found] = _cased(verbs[tokens[found].lower()], tokens[found])
                done.add(found)
        elif lower in pronouns and lower != "ik":
            tokens[index] = _cased(pronouns[lower], token)
        elif lower == "mijn":
            number = position[index] + 1
            while number < len(words) and tokens[words[number]].lower() in rules["bijvoeglijk"]:
                number += 1
            noun = tokens[words[number]].lower() if number < len(words) else ""
            tokens[index] = _cased("onze" if noun in rules["onze_voor"] else "ons", token)
    return "".join(tokens)


def convert_source(source: str, rules: dict[str, Any] | None = None) -> str:
    """A template's source with its fixed text in the plural; tags untouched, and the templates
    it extends or includes taken from their plural variants too."""
    tags: list[str] = []

    def mask(match: re.Match[str]) -> str:
        tags.append(_TEMPLATE_NAME.sub(lambda m: m.group(1) + m.group(2) + PLURAL_SUFFIX + m.group(3),
                                       match.group(0)))
        return f"\uE000{len(tags) - 1}\uE001"

    masked = _TAG.sub(mask, source)
    converted = convert(masked, rules)
    return re.sub(r"\uE000(\d+)\uE001", lambda m: tags[int(m.group(1))], converted)
