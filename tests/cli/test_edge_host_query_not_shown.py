"""An `edge.host` with a query string or fragment is refused showing `?...` or `#...` in their
place, as --gateway-url is: either may hold a token, and the message goes to CI logs."""

from __future__ import annotations

from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.clients.endpoint import checked_url
from iotplan.errors import IotplanError
from iotplan.manifest.edge import Edge
from tests.conftest import CASES

WITH_QUERY = CASES / "manifest" / "bad" / "edge_host_with_query.yaml"


def test_an_edge_host_query_or_fragment_is_refused_without_its_value() -> None:
    result = CliRunner().invoke(cli, ["validate", str(WITH_QUERY)])
    assert result.exit_code == 1, result.output
    assert "'http://192.0.2.10:8080/?...' is not a host name" in result.stderr
    assert "'http://192.0.2.11#...' is not a host name" in result.stderr
    assert "GATETOKEN7" not in result.output and "GATEFRAG8" not in result.output


def test_an_edge_host_is_shown_as_the_gateway_url_option_shows_the_same_text() -> None:
    """One masking for both: `?a#b` was `?...` here and `?...#...` for --gateway-url."""
    text = "http://192.0.2.10/x?token=GATETOKEN7#frag=GATEFRAG8"
    try:
        Edge.model_validate({"host": text})
    except ValueError as refused:
        manifest_says = str(refused)
    try:
        checked_url(text, "--gateway-url")
    except IotplanError as refused:
        option_says = str(refused)
    assert "'http://192.0.2.10/x?...#...'" in manifest_says and "'http://192.0.2.10/x?...#...'" in option_says
