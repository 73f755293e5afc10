"""A command a message offers (drift's `Next:` line, a THREAD's own plan) masks a credential-named --var
alone: `--var pin=1` masks `pin`, so `site_count=12` and `region=eu1` stay runnable as written (another
--var holding a credential-named one's secret stops the run before:
test_any_credential_named_value_another_input_holds_stops_the_run).
And reading such a --var masks nothing else the run
prints: its value is withheld from the template, so only a printed command could echo it. Before, `pin=1`
masked every --var holding a `1`, and `auth_realm=Benmore` masked the plan's site names."""

from __future__ import annotations

import pytest

from iotplan.manifest.template_data import template_variables
from iotplan.secrets import mask_known, template_flags
from tests.secrets_readers import M


@pytest.mark.parametrize(
    "variables, kept",
    [
        ([("pin", "1"), ("site_count", "12"), ("region", "eu1")], ["site_count=12", "region=eu1"]),
        ([("db_password", "eu"), ("region", "eu-west"), ("site", "Neuss")], ["region=eu-west", "site=Neuss"]),
        ([("api_key", "abc"), ("note", "ABC-abc")], ["note=ABC-abc"]),
    ],
)
def test_a_short_credential_masks_only_its_own_var(variables: list[tuple[str, str]], kept: list[str]) -> None:
    flags = template_flags(None, None, variables)
    assert flags[1] == f"{variables[0][0]}={M}"
    assert flags[3::2] == kept


def test_a_pins_number_masks_its_own_var_alone() -> None:
    # template_flags masks credential-named flags alone; a run whose --var holds another's value stops
    # before it prints a command (template_credentials.refuse_a_secret_held_elsewhere)
    flags = template_flags(None, None, [("pin", "8473"), ("note", "door-8473")])
    assert flags == ["--var", f"pin={M}", "--var", "note=door-8473"]


@pytest.mark.parametrize("name", ["secret_name", "auth_realm", "token_ttl", "password_length", "api_key"])
def test_a_credential_named_vars_value_is_masked_in_no_other_text(name: str) -> None:
    template_variables(None, None, [(name, "Benmore")])
    template_flags(None, None, [(name, "Benmore"), ("site", "Benmore dam")])
    assert (
        mask_known('+ name = "Benmore dam - datalogger feed"') == '+ name = "Benmore dam - datalogger feed"'
    )
