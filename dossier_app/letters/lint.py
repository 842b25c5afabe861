"""`dossier-app templates check`: every template against its catalogue entry.

Checks syntax, variables that do not exist in the letter context (also
nested ones such as ``beschikking.kenmerkk``), fields and argument blocks the
template uses but the catalogue does not declare (and the other way round),
and context items a kind requires that do not exist. A legal fact lives in one
place: a template may not type an article number, a ruling (ECLI) or a recital
itself; it prints it from the catalogue's data (``{{ wet.awb_4_17 }}``, from
``letters/_recht.toml``), and every ``wet.…`` it uses must exist there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes

from dossier_app.deadlines import RULES
from dossier_app.letters import voice
from dossier_app.letters.catalogue import TRIGGER_STATES, all_kinds, law_table, letters_dir
from dossier_app.letters.context import CONTEXT_SCHEMA, OPTIONAL_ITEMS, TEMPLATE_NAMES
from dossier_app.letters.templating import make_environment
from dossier_app.store.dossier_deadlines import RECEIPT_RULE

BASE_TEMPLATE = "_brief.md.j2"

# A citation typed into a template: "artikel 4:17", "art. 15", "4:17", "7.4.0",
# "ECLI:…", "overweging 43", "Rv 810a".
TYPED_CITATION = re.compile(
    r"\b(?:artikel|art\.|artt?\.|lid|overweging)\s*\d"
    r"|\b\d+:\d+[a-z]?\b"
    r"|\b\d+\.\d+\.\d+\b"
    r"|\bECLI\b"
    r"|\b(?:Awb|AVG|UAVG|BW|Rv|Jeugdwet)\s+(?:art\.\s*)?\d", re.IGNORECASE)
# Context items whose keys come from the catalogue's data table.
DATA_ITEMS = {"wet": "artikelen", "termijnen": "termijnen", "instanties": "instanties"}


def _typed_citations(ast: Any, label: str, problems: list[str]) -> None:
    for node in ast.find_all(nodes.TemplateData):
        for line_offset, line in enumerate(node.data.splitlines()):
            match = TYPED_CITATION.search(line)
            if match:
                snippet = line[match.start():match.start() + 24].strip()
                problems.append(f"{label}:{node.lineno + line_offset}: wetsartikel '{snippet}…' "
                                "staat letterlijk in het sjabloon; gebruik {{ wet.… }} uit _recht.toml")

def _attribute_paths(ast: Any) -> Iterator[tuple[str, str, int]]:
    """(name, attribute) for every ``name.attribute`` / ``name['attribute']`` use."""
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        target = node.node
        if not isinstance(target, nodes.Name):
            continue
        if isinstance(node, nodes.Getattr):
            yield target.name, node.attr, node.lineno
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            yield target.name, node.arg.value, node.lineno


def _local_names(ast: Any) -> set[str]:
    names = set()
    for node in ast.find_all((nodes.For, nodes.Assign)):
        target = node.target
        for name in target.find_all(nodes.Name) if not isinstance(target, nodes.Name) else [target]:
            names.add(name.name)
    return names


def _check_source(env: Any, source: str, label: str, kind: Any, problems: list[str]) -> set[str]:
    try:
        ast = env.parse(source)
    except TemplateSyntaxError as exc:
        problems.append(f"{label}:{exc.lineno}: syntaxfout: {exc.message}")
        return set()
    _typed_citations(ast, label, problems)
    try:
        law = law_table(kind_templates(env))
    except (OSError, KeyError, ValueError) as exc:
        problems.append(f"_recht.toml onleesbaar: {exc}")
        law = {}
    allowed_top = set(CONTEXT_SCHEMA) | TEMPLATE_NAMES
    for name in sorted(meta.find_undeclared_variables(ast) - allowed_top):
        problems.append(f"{label}: onbekende variabele '{name}'")
    field_names = {f.name for f in kind.fields} if kind else set()
    block_ids = {b.id for b in kind.blocks} if kind else set()
    locals_ = _local_names(ast)
    used_fields, used_blocks = set(), set()
    for name, attribute, line in _attribute_paths(ast):
        if name in locals_:
            continue
        if name == "velden":
            base = attribute.removesuffix("_lijst")
            if base not in field_names:
                problems.append(f"{label}:{line}: veld '{attribute}' staat niet in de catalogus")
            used_fields.add(base)
        elif name == "blokken":
            if attribute not in block_ids:
                problems.append(f"{label}:{line}: onbekend argumentblok '{attribute}'")
            used_blocks.add(attribute)
        elif name in DATA_ITEMS:
            if attribute not in law.get(DATA_ITEMS[name], {}):
                problems.append(f"{label}:{line}: '{name}.{attribute}' staat niet in _recht.toml")
        elif (known := CONTEXT_SCHEMA.get(name)) is not None:
            if attribute not in known:
                problems.append(f"{label}:{line}: '{name}.{attribute}' bestaat niet in de briefcontext")
    return used_fields | {f"blok:{b}" for b in used_blocks}


def kind_templates(env: Any) -> Path | None:
    found: Path | None = getattr(env, "gezinsdossier_templates", None)
    return found


def check_templates(templates: Path | None = None) -> list[str]:
    problems: list[str] = []
    env = make_environment(templates, user_templates=Path("/nonexistent-user-templates"))
    env.gezinsdossier_templates = templates  # type: ignore[attr-defined]  # read back by kind_templates()
    folder = letters_dir(templates)
    base = folder / BASE_TEMPLATE
    _check_source(env, base.read_text(encoding="utf-8"), base.name, None, problems)
    try:
        kinds = all_kinds(templates)
    except (KeyError, ValueError, OSError) as exc:
        return problems + [f"catalogus onleesbaar: {exc}"]
    for kind in kinds:
        path = folder / kind.template_name
        if not path.exists():
            problems.append(f"{kind.id}: sjabloon {kind.template_name} ontbreekt")
            continue
        used = _check_source(env, path.read_text(encoding="utf-8"), path.name, kind, problems)
        for index, enclosure in enumerate(kind.enclosures):
            used |= _check_source(env, enclosure.text, f"{kind.id}.toml bijlage {index + 1}", kind, problems)
            if enclosure.block and kind.block(enclosure.block) is None:
                problems.append(f"{kind.id}.toml: bijlage hoort bij onbekend blok '{enclosure.block}'")
        for field in kind.fields:
            used_by_block = any(field.name in b.fields for b in kind.blocks if f"blok:{b.id}" in used)
            if field.name not in used and not used_by_block and field.name not in voice.FIELDS:
                problems.append(f"{kind.id}: veld '{field.name}' wordt in het sjabloon niet gebruikt")
            if field.source:
                item, _, attribute = field.source.partition(".")
                if item not in CONTEXT_SCHEMA or attribute not in (CONTEXT_SCHEMA[item] or ()):
                    problems.append(f"{kind.id}.toml: veld '{field.name}' komt uit onbekende bron '{field.source}'")
        for block in kind.blocks:
            if f"blok:{block.id}" not in used and block.id not in voice.BLOCKS:
                problems.append(f"{kind.id}: blok '{block.id}' wordt in het sjabloon niet gebruikt")
            for need in block.requires:
                if need not in OPTIONAL_ITEMS:
                    problems.append(f"{kind.id}.toml: blok '{block.id}' vereist onbekend gegeven '{need}'")
            for name in block.fields:
                if kind.field(name) is None:
                    problems.append(f"{kind.id}.toml: blok '{block.id}' noemt onbekend veld '{name}'")
        for need in kind.requires + kind.prefers:
            if need not in OPTIONAL_ITEMS:
                problems.append(f"{kind.id}.toml: vereist onbekend gegeven '{need}'")
        if kind.deadline_rule:
            if kind.deadline_rule not in RULES:
                problems.append(f"{kind.id}.toml: onbekende termijnregel '{kind.deadline_rule}'")
        problems += _trigger_problems(kind)
    return problems


def _trigger_problems(kind: Any) -> list[str]:
    """Every [[aanleiding]] names a known deadline rule (or the receipt to-do) and a known state."""
    problems = []
    for trigger in kind.triggers:
        if trigger.rule not in RULES and trigger.rule != RECEIPT_RULE:
            problems.append(f"{kind.id}.toml: aanleiding met onbekende termijnregel '{trigger.rule}'")
        if trigger.state not in TRIGGER_STATES:
            problems.append(f"{kind.id}.toml: aanleiding met onbekende toestand '{trigger.state}' "
                            f"(kies uit {', '.join(TRIGGER_STATES)})")
        if not trigger.label.strip():
            problems.append(f"{kind.id}.toml: aanleiding zonder knoptekst")
    return problems
