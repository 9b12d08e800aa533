"""List the import cycles among the SDK's modules: `python scripts/import_cycles.py` (exit 1 if any).

Every import counts, including those only made for the type checker (`if TYPE_CHECKING:`)
and those inside functions: a cycle of any kind makes a module impossible to understand, test
or move on its own. Uses grimp, the graph library behind import-linter (`pip install -e ".[lint]"`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Mapping, Sequence, Set, Tuple

if TYPE_CHECKING:
    import grimp

__all__ = ["PACKAGE", "cycles", "main", "module_edges", "strongly_connected"]

PACKAGE = "cerebras.cloud.sdk"


def module_edges(graph: grimp.ImportGraph, package: str = PACKAGE) -> Dict[str, List[str]]:
    """Every module of `package` (sorted) with the modules of `package` it imports directly (sorted)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    return {m: sorted(w for w in graph.find_modules_directly_imported_by(m) if w in inside) for m in modules}


class _Tarjan:
    """Tarjan's strongly connected components, iterative (no recursion limit on deep import chains)."""

    def __init__(self, edges: Mapping[str, Sequence[str]]) -> None:
        self.edges = edges
        self.index: Dict[str, int] = {}
        self.low: Dict[str, int] = {}
        self.stack: List[str] = []
        self.on_stack: Set[str] = set()
        self.components: List[List[str]] = []

    def run(self) -> List[List[str]]:
        for root in self.edges:
            if root not in self.index:
                self._visit(root)
        return self.components

    def _visit(self, root: str) -> None:
        work: List[Tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                self._enter(node)
            if self._descend(node, i, work):
                continue
            self._leave(node)
            if work:
                parent = work[-1][0]
                self.low[parent] = min(self.low[parent], self.low[node])

    def _enter(self, node: str) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)

    def _descend(self, node: str, start: int, work: List[Tuple[str, int]]) -> bool:
        """Push the first unvisited successor of `node` from `start` on (True), or finish its `low` (False)."""
        successors = self.edges[node]
        for j in range(start, len(successors)):
            nxt = successors[j]
            if nxt not in self.index:
                work.append((node, j + 1))
                work.append((nxt, 0))
                return True
            if nxt in self.on_stack:
                self.low[node] = min(self.low[node], self.index[nxt])
        return False

    def _leave(self, node: str) -> None:
        if self.low[node] != self.index[node]:
            return
        component: List[str] = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            component.append(member)
            if member == node:
                break
        self.components.append(sorted(component))


def strongly_connected(edges: Mapping[str, Sequence[str]]) -> List[List[str]]:
    """The strongly connected components of a directed graph (`node -> successors`), each sorted."""
    return _Tarjan(edges).run()


def cycles(graph: grimp.ImportGraph, package: str = PACKAGE) -> List[List[str]]:
    """The strongly connected components of more than one module (each a set of modules in a cycle)."""
    return [component for component in strongly_connected(module_edges(graph, package)) if len(component) > 1]


def main() -> int:
    import grimp

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    graph = grimp.build_graph(PACKAGE.split(".")[0], include_external_packages=False, cache_dir=None)
    found = cycles(graph)
    for component in found:
        print(f"cycle of {len(component)} modules: " + ", ".join(component))
    print(f"{len(found)} import cycle(s), type-only imports included")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
