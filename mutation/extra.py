"""What mutmut does not mutate, for the guards: `python -m mutation.extra`.

mutmut 3 mutates expressions inside functions. It neither deletes a statement (a `raise` that
goes, a check that is skipped) nor touches a module-level constant (`LISTED`, `VOLATILE_PROPS`,
`MAX_ENTITIES_PER_CALL`). This pass does both with the `ast` module: each statement of the guard
functions replaced by `pass`, each constant nudged (a number ±1, a string changed, one element of
a set dropped). Each mutant is written into a scratch copy (`mutation/work/extra/`) and the fast
subset runs against it (`-x`); a survivor is run against the whole suite before it counts.
"""

from __future__ import annotations

import ast
import copy
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from mutation import report
from mutation.run import COPIED, FAST_TESTS, HERE, PYTEST_ARGS, ROOT, UNATTRIBUTED, WORK, failed_tests

SCRATCH = WORK / "extra"
# Every function of these modules loses each statement in turn.
DELETIONS = ("iotplan/plan/guards.py", "iotplan/plan/select.py")
# Module-level constants the guards depend on.
CONSTANTS = {
    "iotplan/plan/guards.py": ("LISTED",),
    "iotplan/plan/select.py": ("OUTSIDE",),
    "iotplan/plan/compare.py": ("VOLATILE_PROPS", "DEFAULT_TEMPLATES"),
    "iotplan/apply/bodies.py": ("MAX_ENTITIES_PER_CALL",),
}


@dataclass(frozen=True)
class Mutant:
    module: str
    name: str  # where and what: `refuse_data_loss: line 41 → pass`
    source: str


def main() -> int:
    _prepare()
    results = [{"module": m.module, "mutant": m.name, "status": _status(m)} for m in mutants()]
    _write(results)
    return 0


def mutants() -> Iterator[Mutant]:
    for module in DELETIONS:
        yield from _deletions(module)
    for module, names in CONSTANTS.items():
        yield from _constants(module, names)


def _deletions(module: str) -> Iterator[Mutant]:
    tree = ast.parse((ROOT / module).read_text("utf-8"))
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    for function in functions:
        for holder, field, index in _statements(function):
            statement = getattr(holder, field)[index]
            if _is_docstring(statement):
                continue
            mutated = copy.deepcopy(tree)
            getattr(_same_node(mutated, tree, holder), field)[index] = ast.Pass()
            name = f"{function.name}: line {statement.lineno} `{_first_line(statement)}` → pass"
            yield Mutant(module, name, ast.unparse(mutated))


def _statements(function: ast.AST) -> Iterator[tuple[ast.AST, str, int]]:
    """Every statement of the function, nested blocks too, as (the node holding it, field, index)."""
    for node in ast.walk(function):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                for index, statement in enumerate(block):
                    if isinstance(statement, ast.stmt):
                        yield node, field, index


def _same_node(mutated: ast.AST, original: ast.AST, wanted: ast.AST) -> ast.AST:
    """The node of the copy that stands where `wanted` stands in the original."""
    for mine, theirs in zip(ast.walk(mutated), ast.walk(original), strict=True):
        if theirs is wanted:
            return mine
    raise LookupError(wanted)


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


def _first_line(statement: ast.stmt) -> str:
    return ast.unparse(statement).splitlines()[0][:70]


def _constants(module: str, names: tuple[str, ...]) -> Iterator[Mutant]:
    tree = ast.parse((ROOT / module).read_text("utf-8"))
    for index, statement in enumerate(tree.body):
        target = _assigned_name(statement)
        if target not in names:
            continue
        assert isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None
        for label, value in _nudged(statement.value):
            mutated = copy.deepcopy(tree)
            replaced = mutated.body[index]
            assert isinstance(replaced, ast.Assign | ast.AnnAssign)
            replaced.value = value
            yield Mutant(module, f"{target} {label}", ast.unparse(mutated))


def _assigned_name(statement: ast.stmt) -> str:
    if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    return ""


def _nudged(value: ast.expr) -> Iterator[tuple[str, ast.expr]]:
    if isinstance(value, ast.Constant) and isinstance(value.value, int):
        yield f"{value.value} → {value.value + 1}", ast.Constant(value.value + 1)
        yield f"{value.value} → {value.value - 1}", ast.Constant(value.value - 1)
    elif isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield "changed", ast.Constant("XX" + value.value + "XX")
    elif isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Set):
        for index, element in enumerate(value.args[0].elts):
            smaller = copy.deepcopy(value)
            assert isinstance(smaller.args[0], ast.Set)
            del smaller.args[0].elts[index]
            yield f"without {ast.unparse(element)}", smaller
    elif isinstance(value, ast.Dict):
        for index, key in enumerate(value.keys):
            changed = copy.deepcopy(value)
            changed.values[index] = ast.Constant("XX")
            yield f"[{ast.unparse(key) if key else '**'}] changed", changed


def _prepare() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in COPIED:
        shutil.copytree(ROOT / folder, SCRATCH / folder, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", SCRATCH / "pyproject.toml")


def _status(mutant: Mutant) -> str:
    """Killed by the fast subset; else by the rest of the suite, when the test that failed passes
    on the original and fails again on the mutant (a flaky test never counts as a kill)."""
    path = SCRATCH / mutant.module
    original = path.read_text("utf-8")
    path.write_text(mutant.source, "utf-8")
    try:
        if _failing(["tests/guards", *FAST_TESTS[1:]]):
            return "killed"
        failed = _failing([*(f"--ignore={test}" for test in FAST_TESTS), "tests"])
        if not failed or failed == [UNATTRIBUTED]:
            return "survived"
        path.write_text(original, "utf-8")
        if _failing(failed):
            return "survived"
        path.write_text(mutant.source, "utf-8")
        return "killed by the full suite" if _failing(failed) else "survived"
    finally:
        path.write_text(original, "utf-8")


def _failing(selection: list[str]) -> list[str]:
    command = [
        "nice",
        "-n",
        "10",
        sys.executable,
        "-m",
        "pytest",
        *PYTEST_ARGS,
        "-x",
        "-q",
        "-rfE",
        *selection,
    ]
    return failed_tests(subprocess.run(command, cwd=SCRATCH, capture_output=True, text=True, check=False))


def _write(results: list[dict[str, str]]) -> None:
    """extra-results.json, with the survivors judged equivalent in equivalent.toml (by module and name)."""
    equivalent = report.load_equivalent(HERE / "equivalent.toml")
    for result in results:
        judged = equivalent.get(f"{result['module']}: {result['mutant']}")
        if result["status"] == "survived" and judged:
            result["equivalent"] = judged["why"]
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    (HERE / "extra-results.json").write_text(text, "utf-8")
    by_module: dict[str, list[dict[str, str]]] = {}
    for result in results:
        by_module.setdefault(result["module"], []).append(result)
    for module, entries in by_module.items():
        killed = sum(entry["status"] != "survived" for entry in entries)
        equivalents = sum("equivalent" in entry for entry in entries)
        print(f"{module}: {killed} / {len(entries)} killed, {equivalents} survivors judged equivalent")
    for entry in results:
        if entry["status"] == "survived":
            judged = " (equivalent)" if "equivalent" in entry else ""
            print(f"  survived: {entry['module']}: {entry['mutant']}{judged}")


if __name__ == "__main__":
    sys.exit(main())
