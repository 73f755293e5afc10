"""With PYTHONUNBUFFERED=1 (set in many CI and Docker images) stdout's text layer writes straight to
the pipe, and a write its reader cut short by going away lost the rest silently: `iotplan schema |
head -c 10` exited 0, a view printed past 64 KiB cut with no word. Every view goes through one
writer, which writes what is left again: a reader gone is 141, as git's."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from iotplan.cli.exit_codes import ExitCode
from tests.conftest import ROOT


def test_a_reader_closing_midway_through_a_view_ends_the_run_with_141(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IOTPLAN_")}
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "iotplan", "schema"],
        cwd=tmp_path,
        env=environment | {"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)},
        stdout=writer,
        stderr=subprocess.PIPE,
    )
    os.close(writer)
    # Its first byte read, the schema (200 KB, beyond a pipe's 64 KiB) is being written in one go:
    # closing now cuts that write short, rather than failing the next one.
    assert os.read(reader, 1)
    os.close(reader)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == ExitCode.PIPE_CLOSED, stderr
    assert b"Error" not in stderr and b"Traceback" not in stderr


def test_every_line_the_commands_print_to_stdout_goes_through_the_view_writer() -> None:
    printed = [
        f"{file.name}:{call.lineno}"
        for file in (ROOT / "iotplan" / "cli").glob("*.py")
        for call in ast.walk(ast.parse(file.read_text()))
        if isinstance(call, ast.Call) and _is_click_print(call.func)
        if not any(keyword.arg == "err" for keyword in call.keywords)
    ]
    assert printed == [], "to stdout through stdout.write_view, or err=True"


def _is_click_print(function: ast.expr) -> bool:
    return (
        isinstance(function, ast.Attribute)
        and function.attr in ("echo", "secho")
        and isinstance(function.value, ast.Name)
        and function.value.id == "click"
    )
