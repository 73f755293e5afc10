"""An empty --sites file (nothing, a BOM, blank lines, a comment) is refused, never read as "no sites";
a CSV header alone or [] says there are none."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("zero.csv", b""),
        ("bomonly.csv", b"\xef\xbb\xbf"),
        ("blank.csv", b"\n\n"),
        ("zero.yaml", b""),
        ("comment.yaml", b"# exported 2026-03-01\n"),
    ],
)
def test_an_empty_sites_file_is_refused_never_read_as_no_sites(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    expected = rf"^{tmp_path / name}:1:1: --sites: the file is empty: .*CSV header alone, or \[\] in YAML$"
    with pytest.raises(TemplateError, match=expected):
        template_variables(None, str(tmp_path / name))


@pytest.mark.parametrize(("name", "content"), [("none.csv", "site,lat\n"), ("none.yaml", "[]\n")])
def test_a_header_alone_or_an_empty_list_says_no_sites(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    assert template_variables(None, str(tmp_path / name))["sites"] == []
