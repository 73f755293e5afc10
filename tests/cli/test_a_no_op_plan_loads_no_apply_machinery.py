"""`iotplan plan` of a manifest the platform already matches imports none of apply's modules: the
checks of a saved plan (apply/stale.py, apply/edited.py) and the apply command, which a plan that
writes nothing never runs, were a fixed part of every plan's start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# What the run had imported as it left, written by an exit handler (the real entry point runs them).
LISTING = """
import atexit, pathlib, runpy, sys
listing = pathlib.Path(sys.argv.pop())
atexit.register(lambda: listing.write_text("\\n".join(sorted(sys.modules))))
runpy.run_module("iotplan", run_name="__main__")
"""
# The CLI's own signal handling shares apply/finishing.py (cli/aio.py): not the apply machinery.
SHARED_WITH_THE_CLI = {"iotplan.apply", "iotplan.apply.finishing"}


def iotplan(folder: Path, *arguments: str, listed: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | {"PYTHONPATH": str(ROOT)}
    code = ["-c", LISTING] if listed else ["-m", "iotplan"]
    return subprocess.run(
        [sys.executable, *code, *arguments, "--no-color", "--sim-db", str(folder / "sim.db"),
         *([str(listed)] if listed else [])],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def apply_machinery(modules: list[str]) -> set[str]:
    loaded = {
        name for name in modules if name == "iotplan.commands.apply" or name.startswith("iotplan.apply")
    }
    return loaded - SHARED_WITH_THE_CLI


def test_a_plan_with_nothing_to_write_imports_no_apply_module(tmp_path: Path) -> None:
    applied = iotplan(tmp_path, "apply", "examples/quickstart/site.yaml", "--auto-approve")
    assert applied.returncode == 0, applied.stderr
    listed = tmp_path / "modules.txt"
    planned = iotplan(tmp_path, "plan", "examples/quickstart/site.yaml", listed=listed)
    assert planned.returncode == 0, planned.stderr
    assert "No changes." in planned.stdout
    assert apply_machinery(listed.read_text().splitlines()) == set()
