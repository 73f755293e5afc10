"""A plan made from what no apply can read again (standard input, a pipe, `<(...)` as /dev/fd/N) is
saved without an `iotplan apply` that cannot work, and `plan PLAN.json` offers only `show` for it
(fz34 findings 5 and 7)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.e2e.conftest import QUICKSTART, Workspace


def descriptor_holding(text: str) -> str:
    """`<(cat site.yaml)` as bash gives it: /dev/fd/N, the read end of a pipe holding `text`."""
    read, write = os.pipe()
    os.write(write, text.encode())
    os.close(write)
    return f"/dev/fd/{read}"


def a_named_pipe_holding(folder: Path, text: str) -> str:
    fifo = folder / "site.fifo"
    os.mkfifo(fifo)
    threading.Thread(target=fifo.write_text, args=(text,), daemon=True).start()
    return str(fifo)


def test_a_plan_of_a_process_substitution_is_not_offered_for_apply(workspace: Workspace) -> None:
    manifest = descriptor_holding((workspace.path / QUICKSTART).read_text())
    done = workspace.run("plan", manifest, "--out", "p.json")
    assert done.exit_code == 0, done.output
    assert f"It cannot be applied: its manifest {manifest} was a stream" in done.stderr
    assert "iotplan apply" not in done.stderr


def test_a_plan_of_a_named_pipe_is_not_offered_for_apply(workspace: Workspace) -> None:
    manifest = a_named_pipe_holding(workspace.path, (workspace.path / QUICKSTART).read_text())
    done = workspace.run("plan", manifest, "--out", "p.json")
    assert done.exit_code == 0, done.output
    assert "It cannot be applied" in done.stderr and "iotplan apply" not in done.stderr


def test_plan_given_a_plan_of_stdin_offers_only_show(workspace: Workspace) -> None:
    made = workspace.run("plan", "-", "--out", "p.json", input=(workspace.path / QUICKSTART).read_text())
    assert made.exit_code == 0, made.output
    done = workspace.run("plan", "p.json")
    assert done.exit_code == 1
    assert "it cannot be applied: its manifest came from standard input" in done.stderr
    assert "iotplan show p.json" in done.stderr and "iotplan apply" not in done.stderr


def test_plan_given_a_plan_of_a_process_substitution_offers_only_show(workspace: Workspace) -> None:
    manifest = descriptor_holding((workspace.path / QUICKSTART).read_text())
    assert workspace.run("plan", manifest, "--out", "p.json").exit_code == 0
    done = workspace.run("plan", "p.json")
    assert (
        done.exit_code == 1 and "it cannot be applied" in done.stderr and "iotplan apply" not in done.stderr
    )


def applied_in_a_shell(folder: Path, plan: str) -> subprocess.CompletedProcess[str]:
    """`iotplan apply PLAN` as the next command at a shell: another process, where the plan's /dev/fd/N
    is gone, and a named pipe has no writer left. Bounded: before the refusal, it waited forever."""
    return subprocess.run(
        [sys.executable, "-m", "iotplan", "apply", plan, "--auto-approve"],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_apply_refuses_a_plan_of_a_process_substitution_as_read_once(workspace: Workspace) -> None:
    manifest = descriptor_holding((workspace.path / QUICKSTART).read_text())
    assert workspace.run("plan", manifest, "--out", "p.json").exit_code == 0
    done = applied_in_a_shell(workspace.path, "p.json")
    assert done.returncode == 1, done.stderr
    assert f"p.json: its manifest {manifest} was a stream (a pipe, `<(...)`), not a file" in done.stderr
    assert "save it to a file, plan that with --out" in done.stderr and "not there" not in done.stderr


def test_apply_refuses_a_plan_of_a_named_pipe_without_waiting_on_it(workspace: Workspace) -> None:
    manifest = a_named_pipe_holding(workspace.path, (workspace.path / QUICKSTART).read_text())
    assert workspace.run("plan", manifest, "--out", "p.json").exit_code == 0
    done = applied_in_a_shell(workspace.path, "p.json")
    assert done.returncode == 1, done.stderr
    assert f"p.json: its manifest {manifest} was a stream" in done.stderr
    assert "Applying the saved plan" not in done.stderr
