"""What the tests of a file named by a URL holding a credential share: the folders a relative
`https://user:pa55w0rd@host/...` names (the file system spells them `https:/user:pa55w0rd@host/`),
made in the working directory with the examples' manifests in them, and the check that a message
names such a file masked."""

from __future__ import annotations

import os
import shutil

from tests.conftest import ROOT

PASSWORD = "pa55w0rd"
FOLDER = f"https:/user:{PASSWORD}@host"  # `https://user:...@host`, as the file system spells it
EXAMPLES = ROOT / "examples"


def make_url_named_folder() -> None:
    """`FOLDER` in the working directory, holding the quickstart manifest as `ok.yaml`, and the
    multi-site template and its rows as `site.yaml.j2` and `sites.csv`."""
    os.makedirs(FOLDER)
    shutil.copy(EXAMPLES / "quickstart" / "site.yaml", f"{FOLDER}/ok.yaml")
    shutil.copy(EXAMPLES / "multi-site" / "site.yaml.j2", f"{FOLDER}/site.yaml.j2")
    shutil.copy(EXAMPLES / "multi-site" / "sites.csv", f"{FOLDER}/sites.csv")


def assert_named_masked(shown: str) -> None:
    """`shown` names a file in `FOLDER` masked in place, and never holds its password."""
    assert "(sensitive)@host/" in shown and PASSWORD not in shown, shown
