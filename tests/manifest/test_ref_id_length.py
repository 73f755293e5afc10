"""The refId limit counts Unicode code points (what is sent, and JSON Schema's maxLength), and a refusal
of a decomposed (NFD) one says why text that shows 128 characters is longer."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import load_manifest

SHOWN = "x:" + "é" * 126  # 128 characters as it shows


def _load(ref_id: str, tmp_path: Path) -> None:
    device = {"key": "d", "ref_id": ref_id}
    node = {"key": "n", "id": "/api/5923E1/node", "devices": [device]}
    manifest = {"apiVersion": "iotplan/v1", "stack": "s", "projects": [{"id": "p", "nodes": [node]}]}
    path = tmp_path / "site.yaml"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    load_manifest(str(path))


def test_a_decomposed_ref_id_is_refused_once_saying_it_shows_fewer_characters(tmp_path: Path) -> None:
    _load(unicodedata.normalize("NFC", SHOWN), tmp_path)  # 128 code points: at the limit
    with pytest.raises(ManifestError) as raised:
        _load(unicodedata.normalize("NFD", SHOWN), tmp_path)
    [problem] = raised.value.problems
    assert problem.message.startswith("ref_id: is 254 Unicode code points; the limit is 128 code points")
    assert "it shows as 128 characters because each accent is a code point of its own" in problem.message
