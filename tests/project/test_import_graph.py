"""The import graph is a tree of layers: no import circle, no upward import (issue 27).

What is listed below is known and has its own issue; the lists only shrink. A circle or an upward import
that disappears must be taken off its list too, so the lists stay true.
"""

from pathlib import Path

from tests.project import import_graph as graph

EDGES = graph.import_edges(graph.module_files())

KNOWN_CIRCLES: set[frozenset[str]] = set()   # none left (issue 27); the graph is a tree


KNOWN_UPWARD = {
    # `dossier-app` without a command starts the desktop app (tests/project/test_architecture.py allows exactly this).
    ("dossier_app.cli", "dossier_app.ui.app"),
}


def test_no_new_import_circle():
    found = set(graph.circles(EDGES))
    new = [sorted(circle) for circle in found - KNOWN_CIRCLES]
    gone = [sorted(circle) for circle in KNOWN_CIRCLES - found]
    assert new == [], f"new import circle(s): {new}: give the shared piece its own module below both"
    assert gone == [], f"circle(s) no longer present, take them off KNOWN_CIRCLES: {gone}"


def test_no_new_upward_import():
    found = graph.upward_imports(EDGES)
    assert sorted(found - KNOWN_UPWARD) == [], "a module imports from a higher layer (docs/ARCHITECTURE.md)"
    assert sorted(KNOWN_UPWARD - found) == [], "no longer present: take it off KNOWN_UPWARD"


def test_the_generated_graph_in_the_docs_is_current():
    written = (Path(__file__).resolve().parents[2] / "docs" / "IMPORT-GRAPH.md").read_text(encoding="utf-8")
    assert written == graph.markdown(EDGES), (
        "docs/IMPORT-GRAPH.md is out of date: .venv/bin/python tests/project/import_graph.py > docs/IMPORT-GRAPH.md")


def test_the_architecture_document_shows_the_generated_graph():
    written = (Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert graph.ARCHITECTURE_START in written and graph.ARCHITECTURE_END in written
    assert written == graph.with_architecture_graph(written, EDGES), (
        "the import graph in docs/ARCHITECTURE.md is out of date: "
        ".venv/bin/python tests/project/import_graph.py --architecture")


def write(folder: Path, name: str, text: str = "") -> None:
    path = folder.joinpath(*name.split(".")).with_suffix(".py")
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.parents:
        if parent == folder:
            break
        (parent / "__init__.py").touch()
    path.write_text(text, encoding="utf-8")


def test_the_checks_catch_a_circle_and_an_upward_import(tmp_path):
    write(tmp_path, "dossier_app.store.models", "from dossier_app.services import family\n")
    write(tmp_path, "dossier_app.services.family",
          "from dossier_app.store import models\n\ndef later():\n    from ..letters import render\n")
    write(tmp_path, "dossier_app.letters.render", "import json\n")
    edges = graph.import_edges(graph.module_files(tmp_path / "dossier_app"))
    assert edges["dossier_app.services.family"] == {"dossier_app.store.models", "dossier_app.letters.render"}
    assert graph.circles(edges) == [frozenset({"dossier_app.store.models", "dossier_app.services.family"})]
    assert graph.upward_imports(edges) == {("dossier_app.store.models", "dossier_app.services.family")}
