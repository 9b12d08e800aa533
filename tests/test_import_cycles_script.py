"""`scripts/import_cycles.py`: the cycle finder reports every cycle, and only cycles."""

from __future__ import annotations

from typing import Dict, List

from _support.scripts import load_script

import_cycles = load_script("import_cycles")


class Graph:
    """The two calls of `grimp.ImportGraph` the script makes."""

    def __init__(self, edges: Dict[str, List[str]]) -> None:
        self.edges = edges
        self.modules = set(edges)

    def find_modules_directly_imported_by(self, module: str) -> set[str]:
        return set(self.edges[module])


def test_components_of_a_graph_with_two_cycles_a_self_import_and_a_chain() -> None:
    edges = {
        "a": ["b"],
        "b": ["c", "d"],
        "c": ["a"],  # a -> b -> c -> a
        "d": ["e"],
        "e": ["d", "e"],  # d <-> e, and e imports itself
        "f": ["a"],  # leads into a cycle without being in one
    }
    components = import_cycles.strongly_connected(edges)
    assert sorted(components) == [["a", "b", "c"], ["d", "e"], ["f"]]


def test_a_long_chain_is_walked_without_recursion() -> None:
    names = [f"m{i:05d}" for i in range(5000)]
    edges = {name: [nxt] for name, nxt in zip(names, names[1:])}
    edges[names[-1]] = [names[0]]  # close the ring
    assert import_cycles.strongly_connected(edges) == [sorted(names)]


def test_cycles_keeps_the_package_and_the_components_of_more_than_one_module() -> None:
    graph = Graph(
        {
            "pkg": ["pkg.a"],
            "pkg.a": ["pkg.b", "other"],
            "pkg.b": ["pkg.a"],
            "pkg.c": ["pkg.c"],
            "other": ["pkg"],  # outside the package: its edges do not count
        }
    )
    assert import_cycles.cycles(graph, "pkg") == [["pkg.a", "pkg.b"]]
