"""Numbers given on the command line are ASCII digits: Python's int(), float() and `\\d` also read
another script's digits (`--shard ١/٢` as 1/2), `1_000` and `1e3`, which a CI variable so written
never meant (fz6 finding 4). Each is refused with the option's usual usage, before anything is read."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

SHARD = "is not i/n: write the shard as 3/10"
RATE = "write the rate as requests per unit, like 500/min"
INTEGER = "is not a valid integer"
BUDGET = "is not a count (3) or a percentage (10%)"


@pytest.mark.parametrize(
    ("command", "option", "value", "usage"),
    [
        ("plan", "--shard", "١/٢", SHARD),  # Arabic-Indic digits
        ("drift", "--shard", "1/٣", SHARD),
        ("apply", "--shard", "१/२", SHARD),  # Devanagari
        ("plan", "--rate-limit", "1e3/min", RATE),
        ("plan", "--rate-limit", "1_000/min", RATE),
        ("drift", "--rate-limit", "٥/s", RATE),
        ("plan", "--rate-limit", "+5/s", RATE),
        ("plan", "--parallelism", "١٦", INTEGER),
        ("drift", "--parallelism", "1_6", INTEGER),
        ("apply", "--canary", "١", INTEGER),
        ("apply", "--batch-size", "1_0", INTEGER),
        ("apply", "--max-failures", "٣", BUDGET),
        ("apply", "--max-failures", "٥٠%", BUDGET),
    ],
)
def test_a_number_in_other_than_ascii_digits_is_refused_with_the_option_s_usage(
    workspace: Workspace, command: str, option: str, value: str, usage: str
) -> None:
    approved = ["--auto-approve"] if command == "apply" else []
    done = workspace.run(command, QUICKSTART, option, value, *approved)
    assert done.exit_code == 1, done.output
    assert f"Invalid value for '{option}'" in done.stderr and usage in done.stderr, done.stderr
    assert not (workspace.path / ".iotplan").exists()  # refused before the platform was opened


@pytest.mark.parametrize("option", ["--port", "--rpc-port"])
def test_the_emulator_s_ports_are_ascii_digits_too(workspace: Workspace, option: str) -> None:
    # a --log-level it refuses next: were the port taken as 19741, nothing would be served
    done = workspace.run("sim", "serve", option, "١٩٧٤١", "--log-level", "none")
    assert done.exit_code == 1 and f"Invalid value for '{option}'" in done.stderr and INTEGER in done.stderr
