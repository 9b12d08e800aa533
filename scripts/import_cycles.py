"""List the import cycles among the SDK's modules: `python scripts/import_cycles.py` (exit 1 if any).

Every import counts, including those only made for the type checker (`if TYPE_CHECKING:`)
and those inside functions: a cycle of any kind makes a module impossible to understand, test
or move on its own. Uses grimp, the graph library behind import-linter (`pip install -e ".[lint]"`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List, Set

import grimp

PACKAGE = "cerebras.cloud.sdk"


def cycles(graph: grimp.ImportGraph, package: str = PACKAGE) -> List[List[str]]:
    """The strongly connected components of more than one module (each a set of modules in a cycle)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    edges: Dict[str, List[str]] = {
        m: sorted(w for w in graph.find_modules_directly_imported_by(m) if w in modules) for m in modules
    }
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    found: List[List[str]] = []
    counter = 0
    for root in modules:  # iterative Tarjan
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
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
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    graph = grimp.build_graph(PACKAGE.split(".")[0], include_external_packages=False, cache_dir=None)
    found = cycles(graph)
    for component in found:
        print(f"cycle of {len(component)} modules: " + ", ".join(component))
    print(f"{len(found)} import cycle(s), type-only imports included")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
