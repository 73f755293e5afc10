"""A command a message offers (drift's `Next:` line, a THREAD's own plan) shows a --var "(sensitive)" where
its value holds a credential-named --var's value in any spelling masking reads (another case, another run
of blanks, percent-encoded, base64) or a part of it. Before, only the value spelled exactly was masked.
A credential-named --var's or --vars FILE's value is not held for the run: withheld from the template, it
reaches no plan, and held it masked a plan's words that only shared it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.manifest.template_data import template_variables
from iotplan.secrets import mask_known, template_flags

M = "(sensitive)"


@pytest.mark.parametrize(
    "variables, shown",
    [
        (
            [("wifi_password", "Horse Battery Staple"), ("ssid_note", "horse battery staple")],
            "horse battery staple",
        ),
        (
            [("wifi_password", "horse battery staple"), ("hint", "horse  battery staple")],
            "horse  battery staple",
        ),
        ([("secret", "s3cr3tValue99"), ("note", "S3CR3TVALUE99")], "S3CR3TVALUE99"),
        ([("api_key", "Zq8wLmN3pR7t"), ("u", "https://h/x?k=Zq8w%4CmN3pR7t")], "Zq8w%4CmN3pR7t"),
        ([("api_key", "Zq8wLmN3pR7t"), ("b64", "WnE4d0xtTjNwUjd0")], "WnE4d0xtTjNwUjd0"),
        ([("credentials", "user:Zq8wLmN3pR7t"), ("x", "Zq8wLmN3pR7t")], "Zq8wLmN3pR7t"),
        ([("db_password", "horse battery staple"), ("note", "battery staple")], "battery staple"),
    ],
)
def test_a_vars_value_spelling_anothers_credential_is_masked(variables, shown: str) -> None:
    flags = template_flags(None, None, variables)
    assert not any(shown in flag for flag in flags), flags
    assert flags[1::2] == [f"{key}={M}" for key, _ in variables]


def test_a_vars_value_holding_no_credential_is_shown() -> None:
    flags = template_flags(None, None, [("api_key", "Zq8wLmN3pR7t"), ("region", "north-eu")])
    assert flags == ["--var", f"api_key={M}", "--var", "region=north-eu"]


@pytest.mark.parametrize("given", ["--var", "--vars"])
def test_a_credential_named_inputs_value_is_not_held_for_the_run(tmp_path: Path, given: str) -> None:
    vars_file = tmp_path / "vars.yaml"
    vars_file.write_text("feed:\n  token: Zq8wLmN3pR7tXk9\n")
    if given == "--vars":
        template_variables(str(vars_file), None)
    else:
        template_variables(None, None, [("api_token", "Zq8wLmN3pR7tXk9")])
    text = "echoed: Zq8wLmN3pR7tXk9 and zq8wlmn3pr7txk9"
    assert mask_known(text) == text
