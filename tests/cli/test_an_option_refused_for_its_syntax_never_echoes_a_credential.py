"""An option refused for its syntax names what is wrong without echoing a credential given with it:
--var quotes only the name before `=` (its value is anyone's secret), and every other refusal that
quotes what was given (--var without `=`, --shard, --rate-limit, --max-failures, --out, --project)
quotes it masked, as every message masks anyone's text."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli

SECRET = "Zx81kq0Zx81kq0"
URL = "https://user:pa55w0rdZq@host.example/x"


def refusal(*args: str) -> str:
    done = CliRunner().invoke(cli, list(args))
    assert done.exit_code != 0 and "Error:" in done.output, done.output
    return done.output


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (f"api-key={SECRET}", "'api-key' is not a variable name"),
        (f"feed.token=xoxb-{SECRET}", "'feed.token' is not a variable name"),
        (f"sites={SECRET}", "`sites` holds the rows of --sites"),
        (f"api_key:{SECRET}", "expected KEY=VALUE"),
        (URL, "expected KEY=VALUE"),
    ],
)
def test_a_var_refused_names_no_value(given: str, said: str) -> None:
    shown = refusal("render", "site.yaml.j2", "--var", given)
    assert said in shown, shown
    assert SECRET not in shown and "pa55w0rd" not in shown, shown


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "m.yaml", "--shard", URL),
        ("plan", "m.yaml", "--rate-limit", URL),
        ("plan", "m.yaml", "--out", f"json={URL}.md"),
        ("plan", "m.yaml", "--out", f"{URL}.exe"),
        ("apply", "m.yaml", "--max-failures", URL),
        ("check-platform", "--project", URL),
        ("plan", "m.yaml", "--parallelism", URL),
    ],
)
def test_an_option_refused_quotes_what_was_given_masked(args: tuple[str, ...]) -> None:
    shown = refusal(*args)
    assert "pa55w0rd" not in shown, shown
