"""Two THREAD sensors on one channel (MUX_INDEX 1 twice under one logger): the imported file does not
validate. Editing `mux_index` in the file would rewrite the logger's channel map, so its header says
the step that is the site's, beyond fixing what validate names: find out which sensor is really wired
to the channel, and correct the other in the web app (its history stays), then import."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.live.model import LiveEntity
from iotplan.manifest import parse_manifest
from iotplan.render.imported import render_import
from tests.render.test_imported import connection, entity, project


def test_a_sensor_on_another_ones_channel_is_told_to_be_corrected_in_the_web_app() -> None:
    thread = entity("/fn/B05005/node", SERIAL_NO="B05005", NAME="THREAD north")
    logger = LiveEntity(
        "/fn/B05005/node/vwlogger/050003/device", {"EXTERNAL_PORT": 3}, thread.id, "VW_LOGGER"
    )
    a, b = (
        LiveEntity(f"{logger.id}/{key}/sensor", {"NAME": key, "MUX_INDEX": 1}, logger.id, "VW_PIEZOMETER")
        for key in ("a", "b")
    )
    manifest = render_import([project(connection(thread, (logger, [a, b])))], "site", "the platform")

    with pytest.raises(ManifestError) as refused:
        parse_manifest(manifest.text, "site.yaml")
    [problem] = refused.value.problems
    assert "mux_index 1 is also the channel of" in problem.message  # validate's own words, as they were
    lines = manifest.text.splitlines()
    above = [row.strip() for row in lines[: problem.line - 1] if row.strip().startswith("#")][-1]
    assert f'sensor "{b.id}" is on channel 1 of its logger (MUX_INDEX), as "{a.id}"' in above, above
    assert "which sensor is really wired to channel 1" in above, above
    assert "platform's web app (its history stays), then import again" in above, above
    assert manifest.shared_channels == 1
    header = [row for row in lines[: lines.index("apiVersion: iotplan/v1")] if "channel" in row]
    assert len(header) == 1 and "web app" in header[0], lines[:6]
