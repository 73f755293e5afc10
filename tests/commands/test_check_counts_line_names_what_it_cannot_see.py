"""check-platform's counts line, holding, does not say the counts alone guard every removal: it
uploads nothing, so a count that follows its upload late (read 0, as a sensor that never reported is)
cannot show, and there iotplan guards through the connection's count and JSON-RPC."""

from __future__ import annotations

from iotplan.commands.probes import observation_counts

COUNTED = {"props": {"OBSERVATION_COUNT": 0}}


def test_a_holding_counts_line_says_what_guards_a_count_that_lags() -> None:
    line = observation_counts({"the connection read": [COUNTED], "GET /api/sensors/all": [COUNTED]})
    assert line.verdict.name == "HOLDS"
    assert "not seen here" in line.iotplan and "JSON-RPC" in line.iotplan
