"""A custom metric's name that plans already show masked (`https://(sensitive)@host/x`) is one that held a
credential: the import writes it `(sensitive)` whole under its comment, as it writes one masking would
change. The check looked only for a credential masking would still find, and passed the masked one on."""

from __future__ import annotations

from iotplan.plan.props import SENSITIVE
from iotplan.render.manifest_yaml import metrics_held_secret
from iotplan.secrets import without_url_credentials


def test_a_metric_name_shown_masked_is_written_sensitive_whole() -> None:
    masked = without_url_credentials("https://user:pw@host/x")
    assert masked != "https://user:pw@host/x"
    assert metrics_held_secret([{"name": masked, "unit": "m"}]) == [{"name": SENSITIVE, "unit": "m"}]


def test_metrics_holding_no_credential_are_left_as_they_are() -> None:
    assert metrics_held_secret([{"name": "flow", "unit": "m"}]) is None
