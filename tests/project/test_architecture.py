"""The layers keep to their imports (docs/ARCHITECTURE.md): checked on every module's source.

- The core (everything but ui/) never imports Qt.
- ui/ and cli/ reach the dossier only through the service layer: from the package
  they import only services, errors, dutch, paths, settings, diagnostics, the package
  root, and their own modules.
- The service layer never imports ui/ or cli/.
Imports inside functions count too.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dossier_app"
QT_MODULES = ("PySide6", "shiboken6", "qtawesome", "qtpy")
FACE_MAY_USE = ("dossier_app.services", "dossier_app.errors", "dossier_app.dutch", "dossier_app.paths",
                "dossier_app.settings", "dossier_app.diagnostics", "dossier_app.cancellation")


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).with_suffix("").as_posix().replace("/", "."), path


def imported_names(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else "root"


def within(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


ALL = list(modules())


@pytest.mark.parametrize("module,path", [item for item in ALL if layer(item[0]) != "ui"], ids=lambda v: str(v))
def test_core_services_and_cli_never_import_qt(module, path):
    offending = [name for name in imported_names(path) if within(name, QT_MODULES)]
    assert offending == [], f"{module} imports Qt: {offending}"


@pytest.mark.parametrize("module,path", [item for item in ALL if layer(item[0]) in ("ui", "cli")],
                         ids=lambda v: str(v))
def test_ui_and_cli_use_only_the_service_layer(module, path):
    own = f"dossier_app.{layer(module)}"
    offending = []
    for name in imported_names(path):
        if not name.startswith("dossier_app"):
            continue
        if name == "dossier_app" or within(name, FACE_MAY_USE + (own,)):
            continue
        if name.count(".") == 1 and name.split(".")[1] in ("APP_NAME", "__version__"):
            continue
        if own == "dossier_app.cli" and within(name, ("dossier_app.ui.app",)):
            continue    # `dossier-app` without a command starts the desktop app
        offending.append(name)
    assert offending == [], f"{module} reaches past the service layer: {offending}"


@pytest.mark.parametrize("module,path", [item for item in ALL if layer(item[0]) == "services"],
                         ids=lambda v: str(v))
def test_services_never_import_the_faces(module, path):
    offending = [name for name in imported_names(path) if within(name, ("dossier_app.ui", "dossier_app.cli"))]
    assert offending == [], f"{module} imports a face: {offending}"


def test_the_rules_would_catch_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from dossier_app.store import entries\n    import PySide6.QtCore\n")
    names = imported_names(bad)
    assert "dossier_app.store" in names and within("PySide6.QtCore", QT_MODULES)
