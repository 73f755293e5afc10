"""`import` lists each prop iotplan does not manage as a comment: one holding a label and its
credential written without a blank (`Password:hunter2`, a THREAD logger's NOTES or a connection's
custom prop) was written in clear into a file meant for git, while views hide it. A comment now
writes it "(sensitive)", in a map or list too; words and refIds still show."""

from __future__ import annotations

import pytest

from iotplan.live.model import LiveEntity
from iotplan.render.manifest_yaml import Writer, unmodelled

CANARIES = ("hunter2", "s3cr3t", "T1abc9")


def _commented(kind: str, props: dict[str, object]) -> str:
    out = Writer()
    unmodelled(out, 0, LiveEntity("/fn/6C7D8E/node/vwlogger/032433/device", props), kind)
    return out.text()


@pytest.mark.parametrize(
    ("kind", "props"),
    [
        ("thread-device", {"NOTES": "Password:hunter2", "DESCRIPTION": "SECRET:s3cr3t/x"}),
        ("device", {"CUSTOM_X": "Password:hunter2"}),
        ("node", {"CUSTOM_X": {"label": "Token:T1abc9"}, "CUSTOM_Y": ["SECRET:s3cr3t/x"]}),
    ],
)
def test_a_comment_hides_a_label_and_its_credential_alone(kind: str, props: dict[str, object]) -> None:
    commented = _commented(kind, props)
    assert [canary for canary in CANARIES if canary in commented] == []
    assert commented.count("= (sensitive)") == len(props)


def test_words_and_a_ref_id_still_show() -> None:
    commented = _commented("device", {"CUSTOM_X": "Crest datalogger", "CUSTOM_Y": "site:n1/lg"})
    assert '# not managed by iotplan: CUSTOM_X = "Crest datalogger"' in commented
    assert '# not managed by iotplan: CUSTOM_Y = "site:n1/lg"' in commented
