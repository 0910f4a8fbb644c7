"""The shape of the code (docs/architecture.md), read from the source with ``ast``.

- Apps depend downward only: careers → performance → recognition → people → core;
  wellbeing → people; every app may use notifications, which uses nothing above people.
  Nothing imports wellbeing (invariant 7).
- No import cycle between modules, counting imports inside functions (a cycle hidden in a
  function is still a cycle); only ``if TYPE_CHECKING:`` blocks are left out.
- Selectors read: they never import services.
- An app writes only its own tables: no ``Model.objects.create/update/...`` or ``.save()``
  on another app's model; careers reads performance through its selectors only.
- Rooms of a size a person can hold: no source file over 400 lines outside migrations and
  tests.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "people", "wellbeing", "recognition", "performance", "careers", "notifications")
MAX_LINES = 400

# What each app may import (besides itself). ``config`` wires everything and is not an app.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "notifications": {"core", "people"},
    "people": {"core", "notifications"},
    "wellbeing": {"core", "people", "notifications"},
    "recognition": {"core", "people", "notifications"},
    "performance": {"core", "people", "notifications", "recognition"},
    "careers": {"core", "people", "notifications", "recognition", "performance"},
}
WRITES = {
    "create",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "update",
    "bulk_update",
    "delete",
}


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    imports: set[str] = field(default_factory=set)  # modules of ours
    imported_names: dict[str, str] = field(default_factory=dict)  # local name -> module

    @property
    def app(self) -> str:
        return self.name.split(".")[0]


def _source_files() -> Iterator[Path]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _walk_imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _walk_imports(child)


def _load() -> dict[str, Module]:
    modules = {}
    for path in _source_files():
        name = _module_name(path)
        modules[name] = Module(name, path, ast.parse(path.read_text(), filename=str(path)))

    def resolve(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    for module in modules.values():
        package = (
            module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
        )
        for node in _walk_imports(module.tree):
            if isinstance(node, ast.Import):
                targets = [(alias.name, alias.asname or alias.name) for alias in node.names]
                for dotted, _local in targets:
                    target = resolve(dotted)
                    if target and target != module.name:
                        module.imports.add(target)
                continue
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                target = full if full in modules else resolve(base)
                if target and target != module.name:
                    module.imports.add(target)
                    module.imported_names[alias.asname or alias.name] = target
    return modules


MODULES = _load()


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_reader_sees_every_app_and_their_imports() -> None:
    assert {module.app for module in MODULES.values()} == set(APPS)
    assert "people.models" in MODULES["people.selectors"].imports


@pytest.mark.parametrize("app", APPS)
def test_apps_depend_downward_only(app: str) -> None:
    wrong = sorted(
        f"{module.name} imports {target}"
        for module in MODULES.values()
        if module.app == app
        for target in module.imports
        if target.split(".")[0] != app and target.split(".")[0] not in ALLOWED[app]
    )
    assert wrong == []


def test_no_import_cycle_between_modules() -> None:
    graph = {name: set(module.imports) for name, module in MODULES.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_selectors_never_import_services() -> None:
    wrong = sorted(
        f"{module.name} imports {target}"
        for module in MODULES.values()
        if module.name.split(".")[1:2] == ["selectors"]
        for target in module.imports
        if ".services" in f".{target.partition('.')[2]}" or target.endswith(".services")
    )
    assert wrong == []


def test_careers_reads_performance_through_its_selectors_only() -> None:
    wrong = sorted(
        f"{module.name} imports {target}"
        for module in MODULES.values()
        if module.app == "careers"
        for target in module.imports
        if target.startswith("performance.") and not target.startswith("performance.selectors")
    )
    assert wrong == []


def _foreign_model_writes(module: Module) -> Iterator[str]:
    """``Model.objects...<write>(`` or ``Model(...).save()`` where Model comes from another
    app's ``models``."""
    foreign = {
        local
        for local, target in module.imported_names.items()
        if target.split(".")[0] != module.app
        and target.split(".")[1:2] == ["models"]
        and local[:1].isupper()
    }
    if not foreign:
        return
    for node in ast.walk(module.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WRITES and node.func.attr != "save":
            continue
        chain = ast.unparse(node.func.value)
        root = re.split(r"[.(\[]", chain, maxsplit=1)[0]
        if root in foreign and (".objects" in chain or node.func.attr == "save"):
            yield f"{module.name}:{node.lineno} {ast.unparse(node.func)}"


def test_each_table_is_written_by_its_own_app() -> None:
    wrong = sorted(
        write
        for module in MODULES.values()
        if module.app not in {"core"}
        for write in _foreign_model_writes(module)
    )
    assert wrong == []


def test_the_write_finder_sees_a_foreign_write() -> None:
    source = "from recognition.models import Kudos\nKudos.objects.create(message='x')\n"
    module = Module("performance.x", Path("x.py"), ast.parse(source))
    module.imported_names["Kudos"] = "recognition.models"
    assert list(_foreign_model_writes(module)) == ["performance.x:2 Kudos.objects.create"]


def test_no_source_file_is_over_400_lines() -> None:
    roots = [ROOT / name for name in (*APPS, "config", "bench", "scripts")]
    too_long = defaultdict(int)
    for root in roots:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text().splitlines())
            if lines > MAX_LINES:
                too_long[str(path.relative_to(ROOT))] = lines
    assert dict(too_long) == {}
