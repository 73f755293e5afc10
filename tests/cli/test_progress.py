"""Progress on stderr while a command reads the platform, on a terminal only: a count of the requests
answered so far (and of the manifests read, for drift), gone when the read ends. Piped, stderr keeps
only its lines."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")


def stderr_of(arguments: list[str], folder: Path, terminal: bool) -> bytes:
    """What `iotplan ARGUMENTS` writes on stderr, with stderr on a pseudo-terminal or a pipe."""
    command = [sys.executable, "-m", "iotplan", *arguments, "--sim-db", str(folder / "sim.db")]
    environment = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    if not terminal:
        done = subprocess.run(command, capture_output=True, env=environment, timeout=120, cwd=folder)
        return done.stderr
    controller, terminal_end = pty.openpty()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=terminal_end,
        stdin=subprocess.DEVNULL,
        env=environment,
        cwd=folder,
    )
    os.close(terminal_end)
    written = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the process closed its end
                break
            if not chunk:
                break
            written += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=120)
    os.close(controller)
    return written


@pytest.mark.parametrize(
    "arguments",
    [
        ["plan", QUICKSTART],
        ["import", "--project", "6ee68656-ce20-452c-a4e6-b6b3a3b55537", "--stack", "site"],
    ],
    ids=["plan", "import"],
)
def test_a_read_on_a_terminal_shows_the_requests_answered(arguments: list[str], tmp_path: Path) -> None:
    shown = stderr_of(arguments, tmp_path, terminal=True)
    assert b"Reading the platform" in shown and b" requests " in shown
    assert shown.rstrip().endswith(b"\x1b[2K")  # and is gone when the read ends


@pytest.mark.parametrize("command", ["plan", "drift"])
def test_once_the_reads_are_in_it_says_it_compares(command: str, tmp_path: Path) -> None:
    """The diff of a large fleet takes seconds with no request to count: not shown as reading."""
    shown = stderr_of([command, QUICKSTART], tmp_path, terminal=True)
    assert shown.index(b"Reading the platform") < shown.index(b"Comparing with the manifest")


def test_drift_of_several_manifests_counts_them(tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text(Path(QUICKSTART).read_text().replace("stack: quickstart ", "stack: second "))
    shown = stderr_of(["drift", QUICKSTART, str(second)], tmp_path, terminal=True)
    assert re.search(rb"\d+ requests .*2/2\x1b\[0m manifests", shown)


@pytest.mark.parametrize("arguments", [["plan", QUICKSTART], ["drift", QUICKSTART]], ids=["plan", "drift"])
def test_piped_stderr_has_no_progress(arguments: list[str], tmp_path: Path) -> None:
    shown = stderr_of(arguments, tmp_path, terminal=False)
    assert b"Reading" not in shown and b"\x1b" not in shown and shown.startswith(b"Target: ")


def test_a_load_on_a_terminal_says_what_it_loads_and_is_gone_when_it_ends(tmp_path: Path) -> None:
    shown = stderr_of(["plan", QUICKSTART], tmp_path, terminal=True)
    loading = shown.index(b"Loading " + QUICKSTART.encode())
    assert loading < shown.index(b"Target: ")  # before the target is opened
    assert b"\x1b[2K" in shown[loading : shown.index(b"Target: ")]  # and erased before it


def test_drift_of_several_manifests_says_how_many_it_loads(tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text(Path(QUICKSTART).read_text().replace("stack: quickstart ", "stack: second "))
    shown = stderr_of(["drift", QUICKSTART, str(second)], tmp_path, terminal=True)
    assert b"Loading 2 manifests" in shown


@pytest.mark.parametrize("asked", ["--no-color", "NO_COLOR"])
def test_without_colour_a_terminal_keeps_plain_lines_and_no_progress(
    asked: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the load, the read and the apply's bar alike: drawing progress takes escape sequences
    if asked == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    shown = stderr_of(
        ["plan", QUICKSTART, *(["--no-color"] if asked == "--no-color" else [])], tmp_path, True
    )
    assert b"Loading" not in shown and b"Reading" not in shown and b"\x1b" not in shown
    assert shown.startswith(b"Target: ")
