"""A --var holding a credential-named --var's secret in any spelling masking reads (another case, another run
of blanks, percent-encoded, base64) or a part of it stops the render, naming both, never the value: the plan
would show it. Before, a command iotplan printed (drift's `Next:` line) masked it, while the plan showed it.
A credential-named value of 4 characters or more is told by nothing but its name, so a word or a number
(`north`, `3600`) stops the render as a key does; a shorter one is any word's part, and a printed command
masks the credential-named --var alone. A credential-named --var's or --vars
FILE's value is not held for the run: withheld from the template, it reaches no plan, and held it masked a
plan's words that only shared it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables
from iotplan.secrets import mask_known, template_flags
from tests.secrets_readers import M


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
def test_a_vars_value_spelling_anothers_secret_stops_the_render(variables, shown: str) -> None:
    for given in (variables, variables[::-1]):
        with pytest.raises(TemplateError) as refused:
            template_variables(None, None, given)
        said = str(refused.value)
        assert f"--var {variables[1][0]} holds the value of --var {variables[0][0]}," in said
        assert shown not in said and variables[0][1] not in said


@pytest.mark.parametrize("value", ["north", "Benmore", "Benmore dam", "3600", "gate", "north-east", "k9x8"])
def test_a_word_or_a_number_another_var_holds_stops_the_render(value: str) -> None:
    with pytest.raises(TemplateError) as refused:
        template_variables(None, None, [("auth_realm", value), ("region", value)])
    assert "by its word `auth`" in str(refused.value) and value not in str(refused.value)


@pytest.mark.parametrize("value", ["eu1", "k9"])
def test_a_value_shorter_than_four_characters_stops_nothing(value: str) -> None:
    template_variables(None, None, [("auth_realm", value), ("region", f"{value}-west")])


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
