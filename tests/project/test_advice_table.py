"""docs/ADVICE.md: every piece of advice in the seeds is covered, and every reference in the table is real."""

import re
from pathlib import Path

import pytest

from dossier_app.deadlines.engine import rule_ids
from dossier_app.letters.catalogue import all_kinds
from dossier_app.services import help_topics, preparation
from dossier_app.store import models
from dossier_app.store.vocabulary import CONTACT_ROLES, DOCUMENT_KINDS

ROOT = Path(__file__).resolve().parents[2]
ADVICE = ROOT / "docs" / "ADVICE.md"
SEEDS = ROOT.parent / "shared" / "seeds"
REFERENCE = re.compile(r"`([a-z]+):([^`]+)`")


def rows() -> list[list[str]]:
    found = []
    for line in ADVICE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].isdigit():
            found.append(cells)
    return found


def ui_sources() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "dossier_app" / "ui").rglob("*.py"))


def test_the_table_is_complete_and_numbered():
    table = rows()
    assert len(table) >= 80
    assert [int(row[0]) for row in table] == list(range(1, len(table) + 1))
    for number, seed, find, advice, covered in table:
        assert seed in {"000", "001", "002", "003", "004"}, number
        assert re.fullmatch(r'"[^"]+"', find), f"row {number}: the find words are one quoted phrase"
        assert advice, number
        assert REFERENCE.search(covered), f"row {number} names nothing that covers it"
        assert not re.search(r"\b(none|geen|todo)\b", covered, re.IGNORECASE), number
    # Every seed is in the table.
    assert {row[1] for row in table} == {"000", "001", "002", "003", "004"}


def test_every_reference_is_real():
    kinds = {kind.id: kind for kind in all_kinds()}
    questions = {question.id for question in preparation.questions()}
    from dossier_app.ui.pages.registry import PAGE_NAMES

    from dossier_app.ui.family_plan_dialog import FamilyPlanDialog
    from dossier_app.ui.preparation_dialog import PreparationDialog

    main_window = (ROOT / "dossier_app" / "ui" / "main_window.py").read_text(encoding="utf-8").replace("&", "")
    sources = ui_sources()
    # Dialogs about a traject take their object name from their class (TrajectDocumentDialog).
    dialog_names = {f"{dialog.name}-dialog" for dialog in (FamilyPlanDialog, PreparationDialog)}

    def block_and_field(kind_id: str, name: str, what: str) -> bool:
        kind = kinds.get(kind_id)
        if kind is None:
            return False
        if what == "blok":
            return name in {block.id for block in kind.blocks}
        names = {field.name for field in kind.fields}
        names |= {getattr(field, "name", field) for block in kind.blocks for field in block.fields}
        return name in names

    def model_field(value: str) -> bool:
        model_name, _, field_name = value.partition(".")
        model = getattr(models, model_name, None)
        return model is not None and field_name in model._meta.fields

    checks = {
        "brief": lambda v: v in kinds,
        "blok": lambda v: block_and_field(*v.split("/", 1), "blok"),
        "briefveld": lambda v: block_and_field(*v.split("/", 1), "veld"),
        "termijn": lambda v: v in rule_ids(),
        "help": lambda v: v in help_topics.TOPICS,
        "vraag": lambda v: v in questions,
        "scherm": lambda v: v in PAGE_NAMES,
        "veld": model_field,
        "rol": lambda v: v in CONTACT_ROLES,
        "documentsoort": lambda v: v in DOCUMENT_KINDS,
        "menu": lambda v: f'"{v}"' in main_window,
        "dialoog": lambda v: f'setObjectName("{v}")' in sources or v in dialog_names,
    }
    seen = set()
    for number, _seed, _find, _advice, covered in rows():
        for prefix, value in REFERENCE.findall(covered):
            assert prefix in checks, f"row {number}: unknown reference kind {prefix}"
            assert checks[prefix](value), f"row {number}: {prefix}:{value} does not exist"
            seen.add(prefix)
    assert {"brief", "blok", "help", "vraag", "termijn", "scherm", "veld"} <= seen


def test_the_new_help_topics_and_questions_are_in_the_table():
    text = ADVICE.read_text(encoding="utf-8")
    for topic in ("gegevens-weigeren", "familiegroepsplan", "bevoegdheid", "escalatie"):
        assert f"`help:{topic}`" in text
    for question in ("waar-praten", "kind-spreken", "welke-bevoegdheid"):
        assert f"`vraag:{question}`" in text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not next to this worktree")
def test_the_find_words_are_in_their_seed():
    texts = {}
    for path in SEEDS.glob("*.txt"):
        texts[path.name[:3]] = " ".join(path.read_text(encoding="utf-8").split()).lower()
    for number, seed, find, _advice, _covered in rows():
        phrase = " ".join(find.strip('"').split()).lower()
        assert phrase in texts[seed], f"row {number}: {find} is not in seed {seed}"


def test_the_summary_counts_are_the_table_s_own():
    """Issue 22: the summary never claims more than the rows show (a *partly* row is no full coverage),
    and every *partly* row says what is missing."""
    table = rows()
    partly = [row for row in table if "*partly*" in row[4]]
    summary = re.search(r"(\d+) items: (\d+) covered fully, (\d+) partly .*?, (\d+) not at all\.",
                        ADVICE.read_text(encoding="utf-8"))
    assert summary, "the summary line is missing"
    total, full, part, none = map(int, summary.groups())
    assert (total, full, part, none) == (len(table), len(table) - len(partly), len(partly), 0)
    for row in partly:
        assert len(row[4].split("*partly*", 1)[1].strip(" :;")) > 20, f"row {row[0]}: say what is missing"
    # The two items the previous count had as 'none' are covered by real help text (seed 000 and 003).
    help_dir = ROOT / "resources" / "help"
    assert "www.regelhulp.nl" in (help_dir / "natura-of-pgb.md").read_text(encoding="utf-8")
    assert "geen recht op informatie over hoe de\n  hulp verloopt" in (help_dir / "bevoegdheid.md").read_text(
        encoding="utf-8")
