"""The shape of the code, checked: sizes, plain imports, layers, no import cycles, and docs that
name every module (docs/ARCHITECTURE.md).

Why tests: these rules keep Steady easy to change (issue 12), and a rule nobody checks erodes
one small exception at a time. Every check reads the source with `ast` (nothing is imported),
so a half-finished module fails here with its name rather than breaking the run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JOURNAL = ROOT / "journal"
PAGES = ROOT / "pages"
ARCHITECTURE = ROOT / "docs" / "ARCHITECTURE.md"

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
# Migration steps are DDL: one long, flat list of CREATE statements reads best in one place.
MIGRATION_STEP = re.compile(r"_m\d{4}_\w+")
MIGRATION_FILES = {"journal/migrations.py", "journal/schema_first.py", "journal/schema_changes.py"}


def sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def module_name(path: Path) -> str:
    """journal/analytics/mood.py -> journal.analytics.mood; a package's __init__ -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


JOURNAL_FILES = sources(JOURNAL)
MODULES = {module_name(p): p for p in JOURNAL_FILES}


def test_the_tree_is_there():
    assert "journal" in MODULES and len(MODULES) > 10
    assert ARCHITECTURE.exists(), "docs/ARCHITECTURE.md is missing"


# ---------------------------------------------------------------- sizes


def test_no_module_under_journal_exceeds_500_lines():
    too_long = {}
    for path in JOURNAL_FILES:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_long[rel(path)] = lines
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split them by topic): {too_long}"


def long_functions(path: Path) -> Iterator[tuple[str, int]]:
    """(qualified name, lines) of every function or method longer than the limit."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    lines = (child.end_lineno or child.lineno) - first + 1
                    if lines > MAX_FUNCTION_LINES:
                        yield name, lines
                yield from walk(child, f"{name}.")
            else:
                yield from walk(child, prefix)

    yield from walk(parse(path), "")


def test_no_function_exceeds_60_lines():
    too_long = {}
    for path in JOURNAL_FILES:
        for name, lines in long_functions(path):
            if rel(path) in MIGRATION_FILES and MIGRATION_STEP.fullmatch(name):
                continue
            too_long[f"{rel(path)}:{name}"] = lines
    assert not too_long, (
        f"functions over {MAX_FUNCTION_LINES} lines (decorators included; only the DDL "
        f"migration steps (DDL) in the schema modules are exempt): {too_long}")


def test_the_function_check_measures_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    sample.write_text(f"@staticmethod\ndef long():\n{body}\n\nclass C:\n    def short(self):\n"
                      "        return 1\n", encoding="utf-8")
    assert list(long_functions(sample)) == [("long", 62)]


# ---------------------------------------------------------------- plain imports, no printing


def calls_to(tree: ast.AST, name: str) -> list[int]:
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name]


def test_no_importlib_or_dunder_import_in_journal():
    found = []
    for path in JOURNAL_FILES:
        for node in ast.walk(parse(path)):
            hit = (
                (isinstance(node, ast.Import)
                 and any(a.name.split(".")[0] == "importlib" for a in node.names))
                or (isinstance(node, ast.ImportFrom)
                    and (node.module or "").split(".")[0] == "importlib")
                or (isinstance(node, ast.Name) and node.id == "__import__")
                or (isinstance(node, ast.Attribute) and node.attr in ("__import__",
                                                                       "import_module"))
            )
            if hit:
                found.append(f"{rel(path)}:{node.lineno}")
    assert not found, f"plain imports only (no importlib / __import__): {found}"


def test_nothing_in_journal_prints_outside_the_cli():
    found = [f"{rel(path)}:{line}"
             for path in JOURNAL_FILES if not rel(path).startswith("journal/cli/")
             for line in calls_to(parse(path), "print")]
    assert not found, f"the domain returns results; only journal/cli/ prints: {found}"


# ---------------------------------------------------------------- the import graph


def in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether an import sits under `if TYPE_CHECKING:` (type-only, never executed)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imported_names(path: Path) -> Iterator[tuple[str, int]]:
    """(absolute module name, line) of every import in a file, at any depth (functions too),
    relative imports resolved; `from a import b` names a.b when that is a module of ours."""
    tree = parse(path)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = module_name(path) if is_package(path) else module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and not in_type_checking(node, parents):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and not in_type_checking(node, parents):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                yield (sub if sub in MODULES else module), node.lineno


def own(name: str) -> str | None:
    """The module of ours an import names (itself, or the nearest enclosing one we have)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Module -> modules of journal/ it imports.

    Importing journal.a.b also runs journal/a/__init__.py, so an import from outside package
    journal.a adds an edge to journal.a too; inside the package it doesn't (the package is
    already being initialised when its own modules import each other).
    """
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for imported, _ in imported_names(path):
            target = own(imported)
            if target is None or target == name:
                continue
            graph[name].add(target)
            parts = target.split(".")
            for i in range(1, len(parts)):
                parent = ".".join(parts[:i])
                inside = name == parent or name.startswith(parent + ".")
                if parent in MODULES and parent != "journal" and not inside:
                    graph[name].add(parent)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as module names, first repeated at the end) per strongly connected group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:   # Tarjan; the graph is small, recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [shortest_cycle(graph, set(group)) for group in groups]


def shortest_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle through the group's first module (breadth-first inside the group)."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return sorted(group)


def test_the_import_graph_of_journal_has_no_cycle():
    found = [" -> ".join(cycle) for cycle in cycles(import_graph())]
    assert not found, "import cycles in journal/ (break each by moving the shared part down):\n" \
        + "\n".join(found)


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    assert sorted(cycles(graph)) == [["a", "b", "c", "a"], ["e", "e2", "e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_journal_never_imports_streamlit_or_the_cli():
    found = []
    for path in JOURNAL_FILES:
        beside_cli = rel(path).startswith("journal/cli/") or rel(path) == "journal/__main__.py"
        for imported, line in imported_names(path):
            top = imported.split(".")[0]
            cli = imported == "journal.cli" or imported.startswith("journal.cli.")
            if top == "streamlit" or (cli and not beside_cli):
                found.append(f"{rel(path)}:{line} imports {imported}")
    assert not found, f"the domain never imports streamlit or journal.cli: {found}"


# ---------------------------------------------------------------- docs and pages


def mentioned(name: str, path: Path, text: str) -> bool:
    """Whether the docs name a module by its dotted name or its path (a package by its folder).

    `journal.charts` must appear on its own, not only as part of `journal.charts.trends`.
    """
    if re.search(r"(?<![\w.])" + re.escape(name) + r"(?!\w|\.\w)", text):
        return True
    file = rel(path)
    if is_package(path):
        folder = re.escape(file.rpartition("/")[0]) + r"/(?![\w.])"
        if re.search(r"(?<![\w/.])" + folder, text):
            return True
    return re.search(r"(?<![\w/.])" + re.escape(file) + r"(?!\w)", text) is not None


def test_every_module_under_journal_is_in_architecture_md():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [name for name, path in MODULES.items() if not mentioned(name, path, text)]
    assert not missing, ("docs/ARCHITECTURE.md does not mention these modules (name them as "
                         f"journal.x.y or journal/x/y.py, packages as journal/x/): {missing}")


def test_the_docs_check_tells_a_package_from_its_modules():
    init = ROOT / "journal" / "charts" / "__init__.py"
    mod = ROOT / "journal" / "charts" / "trends.py"
    assert not mentioned("journal.charts", init, "see `journal.charts.trends`")
    assert not mentioned("journal.charts", init, "see journal/charts/trends.py")
    assert mentioned("journal.charts", init, "| `journal/charts/` | charts |")
    assert mentioned("journal.charts", init, "the journal.charts package")
    assert mentioned("journal.charts.trends", mod, "`journal/charts/trends.py`")
    assert not mentioned("journal.charts.trends", mod, "journal.charts.trendsetter")


PAGE_FILES = sources(PAGES)


def test_pages_hold_no_sql():
    found = [f"{rel(path)}:{i}" for path in PAGE_FILES
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "execute(" in line]
    assert not found, f"pages call journal/, which holds the SQL: {found}"


@pytest.mark.parametrize("path", [p for p in PAGE_FILES if not p.name.startswith("_")],
                         ids=lambda p: p.name)
def test_pages_do_not_import_duckdb(path):
    found = [line for imported, line in imported_names(path) if imported.split(".")[0] == "duckdb"]
    assert not found, f"{rel(path)} imports duckdb (lines {found}); pages call journal/ instead"
