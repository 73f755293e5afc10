"""An empty --vars file (nothing, blank lines, a comment) is refused as an empty --sites file is: what a
failed export leaves is no statement that the template's variables are none; `{}` says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# exported 2026-03-01\n"])
def test_an_empty_vars_file_is_refused(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "v.yaml").write_bytes(content)
    expected = rf"^{tmp_path / 'v.yaml'}:1:1: --vars: the file is empty: .*write \{{\}} to mean no variables$"
    with pytest.raises(TemplateError, match=expected):
        template_variables(str(tmp_path / "v.yaml"), None)


def test_an_empty_mapping_says_no_variables(tmp_path: Path) -> None:
    (tmp_path / "v.yaml").write_text("{}\n")
    assert dict(template_variables(str(tmp_path / "v.yaml"), None)) == {}
