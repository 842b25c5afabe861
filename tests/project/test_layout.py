"""The tests mirror the package (issue 27): every test file lives in the folder of what it tests.

tests/deadlines, store, services, letters, intake, security, ui, cli; tests/project for what concerns the
whole project (architecture, import graph, packaging, docs); shared helpers in tests/support, shared fixtures
in tests/conftest.py. A new test_*.py in the tests/ root fails here: put it in its folder."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
FOLDERS = {"deadlines", "store", "services", "letters", "intake", "security", "ui", "cli", "project"}


def test_no_test_file_in_the_tests_root():
    loose = sorted(path.name for path in TESTS.glob("test_*.py"))
    assert loose == [], f"testbestanden horen in een submap van tests/ ({', '.join(sorted(FOLDERS))}): {loose}"


def test_every_test_folder_mirrors_a_package_or_the_project():
    holding_tests = {path.parent.name for path in TESTS.rglob("test_*.py")}
    assert holding_tests <= FOLDERS, holding_tests - FOLDERS
    package = TESTS.parent / "dossier_app"
    for folder in FOLDERS - {"project"}:
        assert (package / folder).is_dir() or (package / f"{folder}.py").exists(), folder


def test_every_test_folder_is_a_package_so_imports_are_tests_dot_folder():
    for folder in {path.parent for path in TESTS.rglob("*.py")} - {TESTS / "data"}:
        assert (folder / "__init__.py").exists(), folder
    assert not (TESTS / "support" / "conftest.py").exists()
