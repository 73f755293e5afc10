"""A key that is a token known by its shape (`ghp_...`, a JWT, `xoxb-...`) is refused with its address
masked (`dam-a/(sensitive)`); each other problem of the same validate quoting that key, its address or a
`moved` entry's, masks it too. Before, a duplicate key, a YAML mapping key written twice, a `from:` moved
twice and a --sites row's duplicate node key printed the token in clear beside the masked refusal. A
`moved` entry's `from:` or `to:` holding one is refused as a key holding one is."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest
from iotplan.manifest.loader import load_manifest
from tests.manifest.declared_credentials import HEAD

GITHUB = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZWNsYXJlZCJ9.DECLjwt2sig"
TOKENS = [GITHUB, SLACK, JWT]

DEVICE = "      - key: dam-a\n        devices:\n          - key: {device}\n            sensors:\n"
SENSOR = "              - {{key: {}, template: TEMPERATURE_SDE}}\n"
SENSORS = SENSOR.format("{sensor}") * 2
# Each manifest, `{token}` standing in for the token, and what its problems must say of it.
MANIFESTS = {
    "a duplicate sensor key": (DEVICE + SENSORS)
    .replace("{device}", "logger-1")
    .replace("{sensor}", "{token}"),
    "a duplicate device key": (
        "      - key: dam-a\n        devices:\n          - key: {token}\n          - key: {token}\n"
    ),
    "a duplicate node key": "      - key: {token}\n      - key: {token}\n",
    "a YAML mapping key written twice": "      - key: dam-a\n{token}: 1\n{token}: 2\n",
    "a `from:` moved twice": (
        (DEVICE + SENSOR.format("pz-1") + SENSOR.format("crack-1")).replace("{device}", "logger-1")
        + "moved:\n  - {from: dam-a/logger-1/{token}, to: dam-a/logger-1/pz-1}\n"
        + "  - {from: dam-a/logger-1/{token}, to: dam-a/logger-1/crack-1}\n"
    ),
}


def _refusal(manifest: str) -> str:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(manifest, "site.yaml")
    return str(refused.value)


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("case", MANIFESTS)
def test_every_problem_quoting_a_key_that_is_a_token_masks_it(case: str, token: str) -> None:
    shown = _refusal(HEAD + MANIFESTS[case].replace("{token}", token))
    assert token not in shown, shown
    assert "(sensitive)" in shown, shown


def test_the_duplicate_is_still_told_with_its_address_masked() -> None:
    body = (DEVICE + SENSORS).replace("{device}", "logger-1").replace("{sensor}", GITHUB)
    shown = _refusal(HEAD + body)
    assert (
        "site.yaml:11:23: dam-a/logger-1/(sensitive): duplicate sensor key '(sensitive)': keys must be "
        "unique in its device (first written at line 10)"
    ) in shown.splitlines(), shown


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("end", ["from", "to"])
def test_a_moved_address_holding_a_token_is_refused_masked(end: str, token: str) -> None:
    ends = {"from": "dam-a/logger-1/old", "to": "dam-a/logger-1/pz-1"}
    ends[end] = f"dam-a/logger-1/{token}"
    body = DEVICE.replace("{device}", "logger-1") + SENSOR.format("pz-1")
    moved = f"moved:\n  - {{from: {ends['from']}, to: {ends['to']}}}\n"
    shown = _refusal(HEAD + body + moved)
    assert f"moved[0].{end}: holds a credential known by its shape" in shown, shown
    assert token not in shown, shown


def test_an_ordinary_moved_entry_stays_valid() -> None:
    body = DEVICE.replace("{device}", "logger-1") + SENSOR.format("pz-1")
    moved = "moved:\n  - {from: dam-a/logger-1/ghp_short, to: dam-a/logger-1/pz-1}\n"
    assert parse_manifest(HEAD + body + moved, "site.yaml").manifest.moved[0].to == "dam-a/logger-1/pz-1"


def test_a_sites_first_cell_that_is_a_token_is_masked_in_its_duplicate_nodes_address(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(f"site,name\n{GITHUB},A\n{GITHUB},B\n")
    loop = "{%- for site in sites %}\n      - key: {{ site.site }}\n        name: {{ site.name }}\n"
    (tmp_path / "t.yaml.j2").write_text(f"{HEAD}{loop}{{%- endfor %}}\n")
    with pytest.raises(ManifestError) as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
    shown = str(refused.value)
    assert "duplicate node key" in shown and GITHUB not in shown, shown


def test_a_yaml_error_quoting_a_token_masks_it() -> None:
    shown = _refusal(HEAD.replace("projects:", f"x: *{GITHUB}\nprojects:"))
    assert "found undefined alias '(sensitive)'" in shown and GITHUB not in shown, shown
