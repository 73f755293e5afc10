"""A manifest, --sites or --vars file whose name is a URL holding a credential, read as given (a
relative path that exists as folders: `https://user:pw@host/site.yaml`), is named masked in place in
every message that quotes it after the read: a YAML, schema or template error, a --sites row's error,
a warning, `validate`'s OK line and the Markdown plan's header, as it already was where it could
not be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.url_named import FOLDER as AS_ON_DISK  # the folders URL names, as the file system spells them
from tests.cli.url_named import PASSWORD, assert_named_masked, make_url_named_folder

URL = f"https://user:{PASSWORD}@host"
HEADER = "site,name,lat,lon,piezometers,weather_station\n"
FILES = {
    "bad.yaml": "apiVersion: iotplan/v1\nstack: s\nprojects: [\n",
    "schema.yaml": "apiVersion: iotplan/v1\nstack: s\nprojects: 5\n",
    "undefined.yaml.j2": "apiVersion: iotplan/v1\nstack: {{ nope }}\nprojects: []\n",
    "syntax.yaml.j2": "apiVersion: iotplan/v1\nstack: {{ x \nprojects: []\n",
    "bad-vars.yaml": "a: [\n",
    "unread-vars.yaml": "foo: 1\n",
    "short.csv": HEADER + "site-01,A,1,169,3\n",
    "not-a-number.csv": HEADER + "site-01,A,x,169,3,true\n",
    "misspelt.csv": HEADER.replace("piezometers", "piezometrs") + "site-01,A,1,169,3,true\n",
    "binary.csv": "\x00\x01",
}


@pytest.fixture(autouse=True)
def url_named_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    make_url_named_folder()
    for name, text in FILES.items():
        Path(f"{URL}/{name}").write_text(text)


@pytest.mark.parametrize(
    "args",
    [
        ("validate", f"{URL}/ok.yaml"),  # the OK line
        ("validate", f"{URL}/bad.yaml"),  # a YAML error
        ("validate", f"{URL}/schema.yaml"),  # a schema error
        ("validate", f"{URL}/undefined.yaml.j2"),  # a template error
        ("validate", f"{URL}/syntax.yaml.j2"),
        ("validate", f"{AS_ON_DISK}/undefined.yaml.j2"),  # no URL's `//`: masked all the same
        ("validate", f"{URL}/site.yaml.j2", "--sites", f"{URL}/sites.csv"),  # the OK line, rendered
        ("validate", f"{URL}/site.yaml.j2", "--sites", f"{URL}/short.csv"),  # a --sites row
        ("validate", f"{URL}/site.yaml.j2", "--sites", f"{URL}/not-a-number.csv"),
        ("validate", f"{URL}/site.yaml.j2", "--sites", f"{URL}/misspelt.csv"),
        ("validate", f"{URL}/site.yaml.j2", "--sites", f"{URL}/binary.csv"),
        ("validate", f"{URL}/ok.yaml", "--sites", f"{URL}/sites.csv"),  # --sites never read
        ("validate", f"{URL}/undefined.yaml.j2", "--vars", f"{URL}/bad-vars.yaml"),
        (
            "validate",
            f"{URL}/site.yaml.j2",
            "--sites",
            f"{URL}/sites.csv",
            "--vars",
            f"{URL}/unread-vars.yaml",
        ),
        ("plan", f"{URL}/ok.yaml", "--sim-db", "x.db", "--format", "markdown"),  # the header
    ],
)
def test_a_message_quoting_a_url_named_file_masks_it(args: tuple[str, ...]) -> None:
    assert_named_masked(CliRunner().invoke(cli, list(args)).output)


def test_a_warning_quoting_a_url_named_file_masks_it(caplog: pytest.LogCaptureFixture) -> None:
    args = [
        "validate",
        f"{URL}/site.yaml.j2",
        "--sites",
        f"{URL}/sites.csv",
        "--vars",
        f"{URL}/unread-vars.yaml",
    ]
    CliRunner().invoke(cli, args)
    warned = caplog.text
    assert "foo of --vars https://(sensitive)@host/unread-vars.yaml is never read" in warned, warned
    assert PASSWORD not in warned, warned
