"""The modules import each other in one direction: no cycles, not even through imports inside functions."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "manabi_ssg"


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("manabi_ssg",) + path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("manabi_ssg"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)  # "from manabi_ssg import search"
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("manabi_ssg"))
        graph[name] = found
    return {name: {d for d in deps if d in graph and d != name} for name, deps in graph.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state:
                cycle = visit(dep)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return []


def test_no_import_cycles():
    assert find_cycle(import_graph()) == []


def test_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_cli_and_serve_print_through_report():
    graph = import_graph()
    assert "manabi_ssg.report" in graph["manabi_ssg.cli"] and "manabi_ssg.report" in graph["manabi_ssg.serve"]
    assert "manabi_ssg.cli" not in graph["manabi_ssg.serve"]
