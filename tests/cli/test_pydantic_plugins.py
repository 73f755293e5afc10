"""iotplan does not look for pydantic plugins (cli/main.py): they are hooks another program installs,
the search scans every installed package's entry points as the first model is built (7 ms of each
start), and one that fails to load would warn on iotplan's stderr. A user's own setting is kept."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_startup import probed
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")
# Validates a manifest through the CLI's entry point, then says whether pydantic looked for plugins.
PROBE = f"""
import atexit, sys
def said():
    from pydantic.plugin import _loader
    print("looked for plugins:", _loader._plugins is not None, file=sys.stderr)
atexit.register(said)
from iotplan.cli.main import main
sys.argv = ["iotplan", "validate", {QUICKSTART!r}]
main()
"""


def looked_for_plugins(folder: Path, **environment: str) -> str:
    stderr = probed(PROBE, folder, ("PYDANTIC_DISABLE_PLUGINS",), **environment)
    [line] = [line for line in stderr.splitlines() if line.startswith("looked for plugins:")]
    return line


def test_a_run_looks_for_no_pydantic_plugin(tmp_path: Path) -> None:
    assert looked_for_plugins(tmp_path) == "looked for plugins: False"


def test_a_users_own_pydantic_plugin_setting_is_kept(tmp_path: Path) -> None:
    assert looked_for_plugins(tmp_path, PYDANTIC_DISABLE_PLUGINS="none-of-mine") == "looked for plugins: True"
