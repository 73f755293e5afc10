"""What a terminal or a console gets: no colour when asked, no crash on a code page that lacks `→`."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = "examples/quickstart/site.yaml"


def iotplan(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | env
    return subprocess.run(
        [sys.executable, "-m", "iotplan", *args], cwd=cwd, env=environment, capture_output=True, timeout=120
    )


def on_a_terminal(cwd: Path, *args: str, **env: str) -> bytes:
    """stdout and stderr on a pseudo-terminal, as a person at a shell sees them."""
    main, secondary = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")} | env
    process = subprocess.Popen(
        [sys.executable, "-m", "iotplan", *args], cwd=cwd, env=environment, stdout=secondary, stderr=secondary
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    os.close(main)
    return output


def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_a_plan_on_a_console_that_cannot_encode_arrows_is_written_whole(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    assert iotplan(root, "apply", QUICKSTART, "--auto-approve").returncode == 0
    site = root / QUICKSTART
    site.write_text(site.read_text().replace("name: Crest datalogger", "name: Crëst lögger"))
    result = iotplan(root, "plan", QUICKSTART, PYTHONIOENCODING="cp1252")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("cp1252")
    assert '"Crest datalogger" \\u2192 "Crëst lögger"' in text
    assert text.rstrip().endswith("Plan: 0 to add, 1 to change, 0 to destroy.")


def test_errors_are_red_on_a_terminal(tmp_path: Path) -> None:
    output = on_a_terminal(workspace(tmp_path), "plan", "missing.yaml")
    assert b"\x1b[31m" in output and b"missing.yaml" in output


def test_no_color_and_the_flag_keep_errors_plain_on_a_terminal(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    for output in (
        on_a_terminal(root, "plan", "missing.yaml", NO_COLOR="1"),
        on_a_terminal(root, "plan", "missing.yaml", "--no-color"),
    ):
        assert b"missing.yaml" in output and b"\x1b[" not in output


def into_a_closed_pipe(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`iotplan ARGS | true`: stdout a pipe whose reader has gone before the first write."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(
            [sys.executable, "-m", "iotplan", *args],
            cwd=cwd,
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(writer)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["schema"], ["plan", QUICKSTART, "--format", "json"]],
    ids=["help", "echoed", "buffered until the exit"],
)
def test_a_reader_gone_ends_the_run_quietly_with_141_as_git_s(tmp_path: Path, args: list[str]) -> None:
    done = into_a_closed_pipe(workspace(tmp_path), *args)
    assert done.returncode == 141, done.stderr
    assert b"Error" not in done.stderr and b"Traceback" not in done.stderr and b"Exception" not in done.stderr


def test_another_pipe_closing_is_an_error_that_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not stdout's reader (an --out FIFO's): the run failed, and a quiet 141 would hide it."""

    def closed_by_its_reader() -> str:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("iotplan.cli.manifest_commands.manifest_json_schema_text", closed_by_its_reader)
    done = CliRunner().invoke(cli, ["schema"])
    assert done.exit_code == 1
    assert "Error: a pipe iotplan wrote to was closed by its reader" in done.stderr


CURSOR = (b"\x1b[?25l", b"\x1b[1A", b"\x1b[2K")  # hide it, move up, erase the line: progress drawing


def test_force_color_colours_a_ci_log_without_drawing_progress_into_it(tmp_path: Path) -> None:
    done = iotplan(workspace(tmp_path), "plan", QUICKSTART, FORCE_COLOR="1", NO_COLOR="")
    assert done.returncode == 0, done.stderr
    assert b"\x1b[32m+" in done.stdout and done.stderr.startswith(b"\x1b[2mTarget: ")
    assert not any(escape in done.stderr for escape in CURSOR)


def test_a_dumb_terminal_gets_plain_lines(tmp_path: Path) -> None:
    output = on_a_terminal(workspace(tmp_path), "plan", QUICKSTART, TERM="dumb")
    assert b"Target: " in output and b"to add" in output and b"\x1b[" not in output
