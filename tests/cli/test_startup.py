"""What a command does not load: a plan piped to a file or CI imports no library it does not use.

Each of these was measured on every start (benchmarks/README.md): httpx's own command-line client
(45 ms, with rich and pygments), rich for progress no one sees (30 ms), the JSON-RPC WebSocket
library, jinja2 for a manifest that is no template, deepdiff for fields that do not differ.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")
UNUSED = ("httpx._main", "rich", "pygments", "websockets", "jinja2", "deepdiff")
# Runs the command in-process, then names what was loaded, as the process leaves.
PROBE = """
import atexit, sys
unused = {unused!r}
loaded = lambda: [name for name in unused if sys.modules.get(name) is not None]
atexit.register(lambda: print("loaded:", loaded(), file=sys.stderr))
from iotplan.cli.main import main
sys.argv = ["iotplan", *{arguments!r}]
main()
"""


def loaded_by(
    arguments: list[str], folder: Path, unused: tuple[str, ...] = UNUSED, **environment: str
) -> str:
    """What of `unused` the command loaded, as `loaded: [...]`."""
    probe = PROBE.format(unused=unused, arguments=arguments)
    stderr = probed(probe, folder, ("FORCE_COLOR", "TTY_COMPATIBLE"), **environment)
    [line] = [line for line in stderr.splitlines() if "loaded:" in line]
    return line[line.index("loaded:") :]  # after the progress line's escapes, when it was shown


def probed(probe: str, folder: Path, unset: tuple[str, ...], **environment: str) -> str:
    """The stderr of Python code run in a process of its own, without the `unset` variables."""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=folder,
        env={key: value for key, value in os.environ.items() if key not in unset} | environment,
    )
    return done.stderr


def test_a_piped_plan_loads_none_of_what_it_does_not_use(tmp_path: Path) -> None:
    arguments = ["plan", QUICKSTART, "--sim-db", str(tmp_path / "sim.db")]
    assert loaded_by(arguments, tmp_path) == "loaded: []"


def test_force_color_off_a_terminal_loads_no_progress(tmp_path: Path) -> None:
    """FORCE_COLOR asks for colour, not for a spinner in a CI log: progress is for terminals only."""
    arguments = ["plan", QUICKSTART, "--sim-db", str(tmp_path / "sim.db")]
    assert loaded_by(arguments, tmp_path, FORCE_COLOR="1") == "loaded: []"
