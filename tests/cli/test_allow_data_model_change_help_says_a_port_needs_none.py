"""`apply --help` named for `--allow-data-model-change` "a new channel, zero date or mode on THREAD
loggers and sensors", which left a reader asking whether moving a logger to another port is one: it
is not (only the channel, `zero_date` and `mode` reread history), and the help says so, in the
flag's line and in apply's description."""

from __future__ import annotations

from click.testing import CliRunner

from iotplan.cli.main import cli


def test_allow_data_model_change_help_says_a_port_needs_none() -> None:
    done = CliRunner().invoke(cli, ["apply", "--help"], terminal_width=80)
    described, options = done.stdout.split("\nOptions:\n")
    flag = options.split("  --allow-data-model-change ")[1].split("  --allow-downgrade")[0]
    assert "a logger's port needs no flag" in " ".join(flag.split()), flag
    assert "zero date or mode; not a logger's port)" in " ".join(described.split()), described
