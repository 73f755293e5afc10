"""A plan made from what no apply can read again (standard input, a pipe, `<(...)` as /dev/fd/N) is
saved without an `iotplan apply` that cannot work, and `plan PLAN.json` offers only `show` for it
(fz34 findings 5 and 7)."""

from __future__ import annotations

import os
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
