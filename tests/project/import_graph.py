"""The import graph of `dossier_app`, read from the source (imports inside functions count too).

Used by tests/project/test_import_graph.py (no circles, no upward import inside the core) and run as a script
to regenerate docs/IMPORT-GRAPH.md:

    .venv/bin/python tests/project/import_graph.py > docs/IMPORT-GRAPH.md
    .venv/bin/python tests/project/import_graph.py --architecture     (the flowchart in docs/ARCHITECTURE.md)
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dossier_app"

# The layers from the bottom up (docs/ARCHITECTURE.md). A module may import from its own layer and from
# layers with a lower rank; an import from a layer of the same or a higher rank is an upward import.
LAYER_RANK = {
    "root": 0,          # errors, dutch, durable, paths, settings, diagnostics, calendar_export, the package root
    "security": 1,
    "deadlines": 1,
    "store": 2,
    "letters": 3,
    "intake": 4,
    "demo": 4,
    "services": 5,
    "cli": 6,
    "ui": 6,
    "__main__": 7,
}
FACES = ("cli", "ui", "__main__")


def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    files = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        files[".".join(parts)] = path
    return files


def _known(name: str, files) -> str:
    while name and name not in files:
        name = name.rpartition(".")[0]
    return name


def import_edges(files: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the package's modules it imports (`from package import module` names the module)."""
    edges: dict[str, set[str]] = {}
    root = next(iter(files)).split(".")[0]
    for module, path in files.items():
        package_parts = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {_known(alias.name, files) for alias in node.names if alias.name.startswith(root)}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package_parts[:len(package_parts) - node.level + 1] + ([base] if base else []))
                if not base.startswith(root):
                    continue
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in files else _known(base, files))
        targets.discard(module)
        targets.discard(root)
        targets.discard("")
        edges[module] = targets
    return edges


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    name = parts[1]
    if name in LAYER_RANK:
        return name
    return "root"


def circles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(edges):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return found


def upward_imports(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports from a module into a different layer of the same or a higher rank."""
    upward = set()
    for source, targets in edges.items():
        for target in targets:
            a, b = layer(source), layer(target)
            if a != b and LAYER_RANK[b] >= LAYER_RANK[a]:
                upward.add((source, target))
    return upward


def layer_graph(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    between: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            if layer(source) != layer(target):
                between[layer(source)].add(layer(target))
    return between


def layers_mermaid(edges: dict[str, set[str]]) -> list[str]:
    """The layers and what each imports from, as a mermaid flowchart (IMPORT-GRAPH.md and ARCHITECTURE.md)."""
    lines = ["```mermaid", "flowchart TD"]
    between = layer_graph(edges)
    for source in sorted(between, key=lambda name: (-LAYER_RANK[name], name)):
        for target in sorted(between[source], key=lambda name: (-LAYER_RANK[name], name)):
            lines.append(f"    {source.strip('_')} --> {target.strip('_')}")
    return lines + ["```"]


# docs/ARCHITECTURE.md carries the same flowchart between these two lines (`import_graph.py --architecture`).
ARCHITECTURE_START = "<!-- generated by tests/project/import_graph.py --architecture: do not edit by hand -->"
ARCHITECTURE_END = "<!-- end of the generated import graph -->"


def with_architecture_graph(text: str, edges: dict[str, set[str]]) -> str:
    """``text`` (docs/ARCHITECTURE.md) with the generated flowchart between its two marker lines."""
    before, rest = text.split(ARCHITECTURE_START + "\n", 1)
    _, after = rest.split(ARCHITECTURE_END, 1)
    return before + ARCHITECTURE_START + "\n" + "\n".join(layers_mermaid(edges)) + "\n" + ARCHITECTURE_END + after


def markdown(edges: dict[str, set[str]]) -> str:
    """docs/IMPORT-GRAPH.md: generated, so it cannot drift from the code (a test compares)."""
    lines = ["# Import graph (generated)", "",
             "Generated from the source by `tests/project/import_graph.py`; "
             "`tests/project/test_import_graph.py` fails when this",
             "file no longer matches the code. Regenerate with",
             "`.venv/bin/python tests/project/import_graph.py > docs/IMPORT-GRAPH.md`.", "",
             "## Layers", "",
             "Each layer and the layers it imports from (imports inside functions count too).", "",
             *layers_mermaid(edges)]
    between = layer_graph(edges)
    lines += ["", "| layer | rank | imports from |", "|---|---|---|"]
    for name in sorted(LAYER_RANK, key=lambda item: (LAYER_RANK[item], item)):
        targets = ", ".join(f"`{target}`" for target in sorted(between.get(name, ()))) or "—"
        lines.append(f"| `{name}` | {LAYER_RANK[name]} | {targets} |")
    lines += ["", "## Import circles", ""]
    found = circles(edges)
    if found:
        lines += [f"- {' ↔ '.join(f'`{member}`' for member in sorted(circle))}"
                  for circle in sorted(found, key=sorted)]
    else:
        lines.append("None.")
    lines += ["", "## Upward imports inside the core", ""]
    upward = sorted(upward_imports(edges))
    lines += [f"- `{source}` → `{target}`" for source, target in upward] or ["None."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--architecture"]:      # rewrite the flowchart in docs/ARCHITECTURE.md in place
        target = PACKAGE.parent / "docs" / "ARCHITECTURE.md"
        target.write_text(with_architecture_graph(target.read_text(encoding="utf-8"), import_edges(module_files())),
                          encoding="utf-8")
    else:
        sys.stdout.write(markdown(import_edges(module_files())))
