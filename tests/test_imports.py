"""The modules import each other in one direction: no cycles, not even through imports inside functions,
and from folder to folder only downwards, as the README's "How it is built" walks them."""

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
    assert "manabi_ssg.console.report" in graph["manabi_ssg.cli"] and "manabi_ssg.console.report" in graph["manabi_ssg.preview.serve"]
    assert "manabi_ssg.cli" not in graph["manabi_ssg.preview.serve"]


# Highest first: a module imports only from its own layer or a lower one.  The top-level modules are
# placed one by one; a new top-level module or folder must be placed here (the test below says so).
LAYERS = {
    9: {"__main__", "cli", "build", "safe", "clean"},
    8: {"preview"},
    7: {"authoring"},
    6: {"pipeline"},
    5: {"outputs"},
    4: {"incremental"},
    3: {"markdown"},
    2: {"site", "messages", "words", "console"},
    1: {"guards"},
    0: {"model", "diagnostics", "__init__"},
}
RANK = {part: rank for rank, parts in LAYERS.items() for part in parts}


def layer_of(module: str) -> str:
    """``manabi_ssg.pipeline.load`` -> ``pipeline``; ``manabi_ssg.site.config`` -> ``config``; ``manabi_ssg`` -> ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def against_the_grain(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((module, dep) for module, deps in graph.items() for dep in deps
                  if RANK[layer_of(dep)] > RANK[layer_of(module)])


def test_every_folder_and_top_level_module_has_a_layer():
    assert {layer_of(module) for module in import_graph()} - set(RANK) == set()


def test_imports_run_only_downwards_between_layers():
    assert against_the_grain(import_graph()) == []


def test_an_import_against_the_grain_is_found():
    graph = {"manabi_ssg.outputs.search": {"manabi_ssg.pipeline.write"}, "manabi_ssg.pipeline.write": set()}
    assert against_the_grain(graph) == [("manabi_ssg.outputs.search", "manabi_ssg.pipeline.write")]


def packages() -> list[Path]:
    """Every folder of the package that is a package, the package itself included, at any depth."""
    return [PACKAGE] + [init.parent for init in PACKAGE.rglob("*/__init__.py")]


def test_no_folder_holds_more_than_about_a_dozen_modules():
    crowded = {folder.name: n for folder in packages()
               for n in [len([p for p in folder.glob("*.py") if p.name != "__init__.py"])] if n > 13}
    assert crowded == {}


def test_every_folder_says_its_role_and_what_it_may_import():
    silent = [folder.name for folder in packages()
              if "import" not in (ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or "").lower()]
    assert silent == []



def reached_from(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for dep in graph[todo.pop()] - seen:
            seen.add(dep)
            todo.append(dep)
    return seen


def test_the_parse_stage_needs_no_later_stage():
    """Parse gets what it needs as data (the ids from the renderer, markdown/anchors.py), not from checks."""
    stages = {module for module in reached_from(import_graph(), "manabi_ssg.pipeline.parse") if layer_of(module) == "pipeline"}
    assert stages <= {"manabi_ssg.pipeline", "manabi_ssg.pipeline.load", "manabi_ssg.pipeline.frontmatter"}
