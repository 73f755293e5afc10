"""A token known by its shape alone (a JWT, `ghp_...`, `glpat-...`, `AKIA...`), declared in any field a
plan writes or derives a refId from: refused at its line, as a URL's password is, never echoed. Accepted,
it went to git, and `plan` showed it in clear in its `+ name = ...` line, where every view of the live
text shows `(sensitive)`. Ordinary keys, refIds, serials, metrics and units stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.manifest import parse_manifest
from tests.manifest.declared_credentials import HEAD, refusal_of, template_refusal, where_its_value_starts

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZWNsYXJlZCJ9.DECLjwt2sig"
GITHUB = "ghp_DECLtok16charsABCDEFGHIJKLMNOPQRSTU"
GITLAB = "glpat-DECLtok20charsABCDEF"
AWS = "AKIADECLAREDEXAMPLE7"
THREAD = (
    "      - {key: n, kind: thread, id: /fn/6C7D8E/node, name: N,\n"
    "         devices: [{key: d, type: DGSI_M_LOGGER, "
)
API_DEVICE = "      - key: n\n        devices:\n          - key: d\n            "
# Each field, and the manifest holding `{token}` in it, on its last line.
FIELDS = {
    "node name": "      - key: n\n        name: {token}\n",
    "node notes": "      - key: n\n        notes: 'feed {token}'\n",
    "external_id": "      - key: n\n        external_id: {token}\n",
    "url": "      - key: n\n        url: 'https://h.example/{token}'\n",
    "node key": "      - key: {token}\n",
    "device ref_id": API_DEVICE + "ref_id: {token}\n",
    "device template": API_DEVICE + "template: {token}\n",
    "sensor custom metric": (
        API_DEVICE + "sensors:\n              - key: s\n                metrics: [{custom_metric: {token}}]\n"
    ),
    "thread serial": THREAD + "port: 2, mode: IPI_BIAXIAL, serial: {token}}]}\n",
}


@pytest.mark.parametrize("token", [JWT, GITHUB, GITLAB, AWS])
@pytest.mark.parametrize("field", FIELDS)
def test_a_declared_bare_token_is_refused_at_its_line_unechoed(field: str, token: str) -> None:
    body = FIELDS[field]
    problem, shown = refusal_of(HEAD + body.replace("{token}", token))
    assert (problem.line, problem.column) == where_its_value_starts(body, "{token}"), str(problem)
    assert "holds a credential known by its shape" in problem.message and token not in shown


def test_a_stack_that_is_a_bare_token_is_refused_at_its_line() -> None:
    problem, shown = refusal_of(HEAD.replace("stack: site", f"stack: {AWS}") + "      - key: n\n")
    assert (problem.line, problem.column) == (
        2,
        8,
    ) and "holds a credential known by its shape" in problem.message
    assert AWS not in shown


def test_a_sites_cell_or_a_variable_that_is_a_bare_token_is_refused_at_the_template_line(
    tmp_path: Path,
) -> None:
    shown = template_refusal(tmp_path, GITHUB, "{{ owner }}", AWS)
    assert shown.count("holds a credential known by its shape") == 2, shown
    assert "t.yaml.j2:8:" in shown and "t.yaml.j2:9:" in shown
    assert GITHUB not in shown and AWS not in shown


def test_ordinary_keys_ref_ids_serials_metrics_and_units_stay_valid() -> None:
    body = (
        "      - key: site-01\n        name: Lake Ellen dam - datalogger feed\n"
        "        notes: 'logger ghp_short, AKIA12, eyJust-a-word, sk_live_ and xoxb- alone'\n"
        "        url: https://feed.example/data_v2/site-01\n"
        "        devices:\n          - key: pz_1\n            ref_id: quickstart:dam-a/logger-1\n"
        "            sensors:\n              - key: AKIA_tilt-3\n                ref_id: 0x3FA2_9C1E-77B0\n"
        "                metrics: [{custom_metric: pore_pressure_kpa_gauge, custom_unit: kPa_gauge},\n"
        "                          {custom_metric: cum_distance_raw, custom_unit: mm_x10}]\n"
        "      - {key: n, kind: thread, id: /fn/6C7D8E/node, name: N,\n"
        "         devices: [{key: d, type: DGSI_M_LOGGER, port: 2, mode: IPI_BIAXIAL,\n"
        "                    serial: 0A1B2C3D4E5F}]}\n"
    )
    assert parse_manifest(HEAD + body, "site.yaml").manifest.projects[0].nodes[0].key == "site-01"
