"""Mutation testing of the modules that protect users' data: `python -m mutation.run`.

mutmut mutates the functions of the modules below in a scratch copy of the checkout
(`mutation/work/`, so the project's own pyproject.toml needs no `[tool.mutmut]`), runs the fast
test subset that covers each mutated function (`-x`, one worker), and every mutant that survives is
run once more against the whole suite before it is counted as a survivor. mutmut does not mutate
module-level constants nor delete statements: `mutation/extra.py` does both, for the guards.

Results go to `mutation/results.json` and `mutation/RESULTS.md`; `mutation/equivalent.toml` lists
the survivors judged equivalent (each with its diff, so a judgement lapses when the code moves).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from mutmut.stats import status_by_exit_code

from mutation import report

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "mutation"
WORK = Path(os.environ.get("MUTATION_WORK") or HERE / "work")  # scratch; gitignored
MODULES = (
    "iotplan/plan/guards.py",
    "iotplan/plan/select.py",
    "iotplan/plan/diff.py",
    "iotplan/plan/ownership.py",
    "iotplan/plan/compare.py",
    "iotplan/plan/copies.py",
    "iotplan/plan/shard.py",
    "iotplan/apply/bodies.py",
    "iotplan/apply/found.py",
    "iotplan/apply/execute.py",
    "iotplan/apply/stale.py",
    "iotplan/live/read.py",
    "iotplan/commands/plan.py",
    "iotplan/commands/apply.py",
)
FAST_TESTS = ("tests/guards", "tests/plan", "tests/apply", "tests/live", "tests/render")
# pyproject.toml adds `-n auto`: one process per mutant, on a machine others share.
PYTEST_ARGS = ("-p", "no:xdist", "-o", "addopts=", "-p", "no:cacheprovider")
KILLED_BY_SUITE = "killed by the full suite"
SURVIVING = ("survived", "no tests")
COPIED = (
    "iotplan",
    "tests",
    "examples",
    "schemas",
    "cassettes",
    "benchmarks",
    "docs",
)  # what the suite reads


def main() -> int:
    options = _arguments()
    modules = options.module or list(MODULES)
    if options.reuse or options.survivors:
        _refresh_copy(modules)
    else:
        _prepare_work(modules)
    again = [name for name, status in _statuses(modules).items() if status in SURVIVING]
    _run_mutmut(options.max_children, options.mutants)  # new, and changed functions' mutants
    if options.survivors and again:
        _run_mutmut(options.max_children, again)
    results = _collect(modules)
    equivalent = report.load_equivalent(HERE / "equivalent.toml")
    if not options.fast_only:
        _confirm_survivors(results, set(equivalent))
    summary = report.summarise(results, equivalent, diff_of)
    (HERE / "results.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (HERE / "RESULTS.md").write_text(report.markdown(summary, _command()), "utf-8")
    print(report.table(summary))
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mutation.run", description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a module to mutate (repeatable); default: all")
    parser.add_argument("--mutants", nargs="*", default=[], help="mutant names or globs to (re)run only")
    parser.add_argument("--max-children", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--reuse", action="store_true", help="keep mutation/work from the last run")
    parser.add_argument(
        "--survivors", action="store_true", help="--reuse, and run the last run's survivors again (new tests)"
    )
    parser.add_argument("--fast-only", action="store_true", help="skip the full-suite check of survivors")
    return parser.parse_args()


def _command() -> str:
    return "python -m mutation.run " + " ".join(sys.argv[1:])


def _prepare_work(modules: list[str]) -> None:
    """A fresh copy of the package and the tests, with mutmut's configuration beside them."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in COPIED:
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, WORK / folder, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", WORK / "pyproject.toml")
    (WORK / "setup.cfg").write_text(_mutmut_config(modules), "utf-8")


def _refresh_copy(modules: list[str]) -> None:
    """The code and tests as they are now. mutmut mutates again the functions that changed (their
    results are reset) and collects the new tests; `--survivors` also reruns the last survivors."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "iotplan", WORK / "iotplan", ignore=ignore, dirs_exist_ok=True)  # keeps mtimes
    for folder in COPIED[1:]:
        shutil.rmtree(WORK / folder, ignore_errors=True)
        shutil.copytree(ROOT / folder, WORK / folder, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", WORK / "pyproject.toml")
    (WORK / "setup.cfg").write_text(_mutmut_config(modules), "utf-8")
    # mutmut copies the package's other files into mutants/ only when they are missing there: the
    # data files (the emulator's catalog and seed) would stay as they were at the first run.
    for path in (ROOT / "iotplan").rglob("*"):
        copied = WORK / "mutants" / path.relative_to(ROOT)
        if path.is_file() and path.suffix not in (".py", ".pyc") and copied.exists():
            shutil.copy2(path, copied)
    # mutmut maps tests to the functions they call once, and afterwards only for new tests: a
    # module added to the list or a function added to a module would have no tests and count as
    # "no tests". One pass of the fast subset maps them all again; the results are kept.
    (WORK / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)


def _mutmut_config(modules: list[str]) -> str:
    def listed(values: tuple[str, ...] | list[str]) -> str:
        return "".join(f"\n    {value}" for value in values)

    return (
        "[mutmut]\nsource_paths = iotplan\n"
        f"only_mutate ={listed(modules)}\n"
        f"also_copy ={listed(COPIED[2:])}\n"
        f"pytest_add_cli_args ={listed(PYTEST_ARGS)}\n"
        f"pytest_add_cli_args_test_selection ={listed(FAST_TESTS)}\n"
        "use_git_change_detection = false\n"
    )


def _run_mutmut(max_children: int, mutants: list[str]) -> None:
    mutmut = Path(sys.executable).with_name("mutmut")
    command = ["nice", "-n", "10", str(mutmut), "run", "--max-children", str(max_children), *mutants]
    with (WORK / "mutmut.log").open("w", encoding="utf-8") as log:
        subprocess.run(command, cwd=WORK, stdout=log, stderr=subprocess.STDOUT, check=False)


def _collect(modules: list[str]) -> dict[str, dict[str, str]]:
    """Each module's mutants → their status, from the `.meta` files mutmut leaves."""
    results: dict[str, dict[str, str]] = {}
    for module in modules:
        meta = WORK / "mutants" / f"{module}.meta"
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.exists() else {}
        results[module] = {name: status_by_exit_code[code] for name, code in codes.items()}
    for name in _confirmed():
        for statuses in results.values():
            if statuses.get(name) in SURVIVING:
                statuses[name] = KILLED_BY_SUITE
    return results


def _statuses(modules: list[str]) -> dict[str, str]:
    return {name: status for statuses in _collect(modules).values() for name, status in statuses.items()}


def _confirmed() -> set[str]:
    """Mutants the rest of the suite killed in an earlier run over this work folder."""
    path = WORK / "confirmed.json"
    return set(json.loads(path.read_text("utf-8"))) if path.exists() else set()


def _confirm_survivors(results: dict[str, dict[str, str]], equivalent: set[str]) -> None:
    """A survivor of the fast subset meets the rest of the suite; one that fails it is killed.

    The rest must pass unmutated first: a suite that fails on its own would "kill" every survivor.
    Survivors judged equivalent are not run again (report.py still checks their diffs).
    """
    pending = [
        (statuses, name)
        for statuses in results.values()
        for name, status in statuses.items()
        if status in SURVIVING and name not in equivalent
    ]
    if not pending:
        return
    if _rest_of_suite_fails(""):
        print("the rest of the suite fails without a mutant: survivors are left as the fast subset saw them")
        return
    confirmed = _confirmed()
    for statuses, name in pending:
        if _rest_of_suite_fails(name):
            statuses[name] = KILLED_BY_SUITE
            confirmed.add(name)
    (WORK / "confirmed.json").write_text(json.dumps(sorted(confirmed), indent=1), "utf-8")


UNATTRIBUTED = "(pytest failed before naming a test)"


def _rest_of_suite_fails(mutant: str) -> bool:
    """The tests outside the fast subset (a survivor has passed those already) fail with `mutant`
    active; and the test that failed passes without it and fails again with it, so a flaky test
    (timing under load) never counts as a kill."""
    failed = _failing(mutant, [*(f"--ignore={test}" for test in FAST_TESTS), "tests"])
    if not mutant or not failed:
        return bool(failed)
    if failed == [UNATTRIBUTED]:
        return False
    return not _failing("", failed) and bool(_failing(mutant, failed))


def _failing(mutant: str, selection: list[str]) -> list[str]:
    """The node ids of the tests that failed (the first, with -x); [] when all passed."""
    environment = {**os.environ, "MUTANT_UNDER_TEST": mutant}
    pytest = [sys.executable, "-m", "pytest", *PYTEST_ARGS, "-x", "-q", "-rfE", *selection]
    command = ["nice", "-n", "10", *pytest]
    done = subprocess.run(
        command, cwd=WORK / "mutants", env=environment, capture_output=True, text=True, check=False
    )
    return failed_tests(done)


def failed_tests(done: subprocess.CompletedProcess[str]) -> list[str]:
    failed = [
        line.split(" - ")[0].split(" ", 1)[1]
        for line in done.stdout.splitlines()
        if line.startswith(("FAILED ", "ERROR "))
    ]
    return failed or ([UNATTRIBUTED] if done.returncode not in (0, 5) else [])


def diff_of(name: str) -> str:
    """The mutant's diff, as `mutmut show` prints it (in this process: a `mutmut show` per survivor
    costs seconds on a loaded machine)."""
    from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant

    here = Path.cwd()
    os.chdir(WORK)  # mutmut reads its configuration and the mutants from the working directory
    try:
        mutant = find_mutant(name)
        return f"# {name}: {status_by_exit_code[mutant.exit_code_by_key[name]]}\n" + get_diff_for_mutant(
            name, path=mutant.path
        )
    finally:
        os.chdir(here)


if __name__ == "__main__":
    sys.exit(main())
