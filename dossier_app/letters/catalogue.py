"""The letter kinds, read from ``templates/letters/<id>.toml``.

Each kind declares its title, when to use it, the addressee role, the fields
it needs (with a Dutch question), optional argument blocks, enclosures and
the deadline that sending it starts. The letter text is in ``<id>.md.j2``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from dossier_app import paths
from dossier_app.deadlines.consequences import Consequence, letter_consequence
from dossier_app.errors import UsageError

# Stable ids, in the order the app offers them.
KIND_IDS = (
    "aanvraag-jeugdhulp", "bezwaarschrift", "bezwaarschrift-pro-forma", "ingebrekestelling",
    "second-opinion", "privacy-informatieverzoek", "avg-inzage", "avg-correctie", "avg-verwijdering",
    # Issue 13: the follow-up letters families are advised to write.
    "bevestiging-gesprek", "verzoek-gespreksverslag", "verzoek-andere-hulpverlener",
    "verzoek-schriftelijke-aanwijzing", "verzoek-vervallenverklaring-aanwijzing", "verzoek-contra-expertise",
    "klacht", "klacht-privacy", "klacht-privacy-ap", "herinnering", "pgb-motivering", "beroep-niet-tijdig-beslissen",
    "intrekking-toestemming", "verzoek-verordening", "voorstel-andere-hulp", "beroepschrift",
    "bezwaar-vooraf-gegevensdeling",
)


@dataclass(frozen=True)
class Field:
    name: str
    question: str
    required: bool
    source: str = ""        # context path used to prefill, e.g. 'advies.bezwaren'
    default: str = ""
    only_if: str = ""       # context path: the field is asked only when this is true (e.g. 'stem.van_jongere')

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "question": self.question, "required": self.required,
                "prefilled_from": self.source}


@dataclass(frozen=True)
class ArgumentBlock:
    id: str
    title: str
    explanation: str
    default: bool
    requires: tuple[Any, ...] = ()
    fields: tuple[Any, ...] = ()
    default_if: str = ""     # context path: the block is on by default when this is true
    hidden_if: str = ""      # context path: the block is not offered when this is true
    addressee: str = ""      # ticked, the letter goes to this addressee role instead (e.g. 'veilig-thuis')

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "explanation": self.explanation, "default": self.default}


@dataclass(frozen=True)
class Enclosure:
    text: str               # a Jinja expression template, e.g. 'Kopie van het besluit van {{ ... }}'
    block: str = ""         # only when this block is ticked


@dataclass(frozen=True)
class Trigger:
    """A situation in the dossier in which this letter is the next step (a button on the Overzicht).

    ``rule``: an open deadline with this rule id; ``state``: 'verlopen' (its last day has
    passed) or 'loopt' (still running); ``label``: the button text ({datum} is replaced by
    the deadline's last day, written out)."""

    rule: str
    state: str
    label: str


TRIGGER_STATES = ("verlopen", "loopt")


@dataclass(frozen=True)
class LetterKind:
    id: str
    title: str
    version: str
    description: str
    addressee: str
    requires: tuple[Any, ...]
    fields: tuple[Any, ...]
    blocks: tuple[Any, ...]
    enclosures: tuple[Any, ...]
    deadline_rule: str = ""
    deadline_start: str = ""     # 'ontvangst' | 'besluit'
    closes_rule: str = ""        # the open term that sending this letter ends (a bezwaar ends the bezwaartermijn)
    also_rule: str = ""          # a term of the family's own that sending starts (the hersteltermijn)
    template_name: str = ""
    prefers: tuple[Any, ...] = ()     # context items whose case is chosen first (for prefilling)
    triggers: tuple[Any, ...] = ()    # Trigger: when this letter is the next step
    warn_gezag: bool = False     # a care or AVG letter: warn when another parent has (or may have) gezag

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def block(self, block_id: str) -> ArgumentBlock | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def consequence(self) -> Consequence:
        """What sending this letter does to its traject, as a row for the consequence model."""
        return letter_consequence(starts=self.deadline_rule, start_from=self.deadline_start,
                                  closes=self.closes_rule, also=self.also_rule)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "description": self.description,
            "addressee": self.addressee, "version": self.version,
            "fields": [f.as_dict() for f in self.fields],
            "required_fields": [f.name for f in self.fields if f.required],
            "blocks": [b.as_dict() for b in self.blocks],
            "requires": list(self.requires),
            "deadline": self.deadline_rule or None,
        }


def _parse(kind_id: str, data: dict[str, Any]) -> LetterKind:
    deadline = data.get("termijn", {})
    return LetterKind(
        id=kind_id, title=data["titel"], version=str(data["versie"]), description=" ".join(data["wanneer"].split()),
        addressee=data["geadresseerde"], requires=tuple(data.get("vereist", ())),
        fields=tuple(Field(f["naam"], f["vraag"], bool(f.get("verplicht", False)), f.get("uit", ""),
                           str(f.get("standaard", "")), f.get("alleen_als", "")) for f in data.get("velden", ())),
        blocks=tuple(ArgumentBlock(b["id"], b["titel"], b["uitleg"], bool(b.get("standaard", False)),
                                   tuple(b.get("vereist", ())), tuple(b.get("velden", ())),
                                   b.get("standaard_als", ""), b.get("niet_als", ""), b.get("geadresseerde", ""))
                     for b in data.get("blokken", ())),
        enclosures=tuple(Enclosure(e["tekst"], e.get("blok", "")) for e in data.get("bijlagen", ())),
        deadline_rule=deadline.get("regel", ""), deadline_start=deadline.get("start", ""),
        closes_rule=deadline.get("sluit", ""), also_rule=deadline.get("ook", ""),
        template_name=f"{kind_id}.md.j2",
        prefers=tuple(data.get("voorkeur", ())),
        triggers=tuple(Trigger(t["termijn"], t["toestand"], t["knop"]) for t in data.get("aanleiding", ())),
        warn_gezag=bool(data.get("waarschuw_gezag", False)),
    )


def letters_dir(templates: Path | None = None) -> Path:
    return (templates or paths.templates_dir()) / "letters"


@dataclass(frozen=True)
class KindSummary:
    """What the Overzicht needs of a letter kind: its title and when it is the next step."""

    id: str
    title: str
    triggers: tuple[Trigger, ...]


def summaries(templates: Path | None = None) -> dict[str, KindSummary]:
    """Each kind's title and triggers, in catalogue order, without parsing the whole catalogue.

    Cold start: the Overzicht needs only these two things of the 26 kinds, and parsing every file whole
    (fields, blocks, explanations) was three times the work of the part it uses."""
    return _summaries(str(letters_dir(templates)))


def kind_title(kind_id: str, templates: Path | None = None) -> str:
    """The title of a kind (the same error as ``get_kind`` for an unknown one)."""
    found = summaries(templates)
    if kind_id not in found:
        raise UsageError(f"Onbekende briefsoort '{kind_id}'. Kies uit: {', '.join(found)}.")
    return found[kind_id].title


_TABLE_HEADER = re.compile(r"\[")                        # a line that opens a table (or an array of tables)
_TRIGGER_HEADER = re.compile(r"\[\[\s*aanleiding\s*\]\]\s*(#.*)?$")
_TITLE_LINE = re.compile(r"titel\s*=")


@lru_cache(maxsize=8)
def _summaries(folder: str) -> dict[str, KindSummary]:
    return {kind_id: _summary(kind_id, (Path(folder) / f"{kind_id}.toml").read_text(encoding="utf-8"))
            for kind_id in KIND_IDS}


def _summary(kind_id: str, text: str) -> KindSummary:
    """Only the top-level ``titel`` line and the ``[[aanleiding]]`` tables are parsed. Whatever that cut
    cannot be sure of (no title found, a title twice, a part that does not parse on its own) is read from
    the whole file instead, exactly as ``get_kind`` reads it."""
    kept: list[str] = []
    top_level, in_trigger = True, False
    for line in text.splitlines(keepends=True):
        if _TABLE_HEADER.match(line.lstrip()):
            top_level, in_trigger = False, bool(_TRIGGER_HEADER.match(line.strip()))
            if in_trigger:
                kept.append("[[aanleiding]]\n")
        elif in_trigger or (top_level and _TITLE_LINE.match(line)):
            kept.append(line)
    try:
        return _summary_of(kind_id, tomllib.loads("".join(kept)))
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        return _summary_of(kind_id, tomllib.loads(text))


def _summary_of(kind_id: str, data: dict[str, Any]) -> KindSummary:
    return KindSummary(kind_id, data["titel"],
                       tuple(Trigger(t["termijn"], t["toestand"], t["knop"]) for t in data.get("aanleiding", ())))


@lru_cache(maxsize=8)
def _load(folder: str) -> dict[str, LetterKind]:
    kinds = {}
    for kind_id in KIND_IDS:
        path = Path(folder) / f"{kind_id}.toml"
        kinds[kind_id] = _parse(kind_id, tomllib.loads(path.read_text(encoding="utf-8")))
    return kinds


def all_kinds(templates: Path | None = None) -> list[LetterKind]:
    return list(_load(str(letters_dir(templates))).values())


def get_kind(kind_id: str, templates: Path | None = None) -> LetterKind:
    kinds = _load(str(letters_dir(templates)))
    if kind_id not in kinds:
        raise UsageError(f"Onbekende briefsoort '{kind_id}'. Kies uit: {', '.join(kinds)}.")
    return kinds[kind_id]


LAW_FILE = "_recht.toml"


@lru_cache(maxsize=8)
def _law(folder: str) -> dict[str, Any]:
    return tomllib.loads((Path(folder) / LAW_FILE).read_text(encoding="utf-8"))


def law_table(templates: Path | None = None) -> dict[str, Any]:
    """The legal facts letters cite: articles, age thresholds, terms in words."""
    return _law(str(letters_dir(templates)))


def age_phase(age: int | None, templates: Path | None = None) -> tuple[str, list[str]]:
    """Who acts for a child of ``age``: 'ouders', 'samen' or 'kind' (and the articles); 'onbekend' without age."""
    if age is None:
        return "onbekend", []
    for row in law_table(templates)["leeftijd"]:
        if row["vanaf"] <= age < row["tot"]:
            return row["fase"], list(row["grondslag"])
    raise ValueError(age)
