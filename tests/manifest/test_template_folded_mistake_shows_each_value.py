"""One mistake folded for several sites shows each site's own value: two rows printing a padded key,
' x-y' and 'x-y ', were told as one message showing ' x-y' alone, the other row's value hidden."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.keyed_sites import problems_of


def test_a_folded_mistake_shows_every_sites_value(tmp_path: Path) -> None:
    key, name = problems_of(tmp_path / "k3.csv", "a,b\nx,y\n x,y\nx,y \n")
    assert key.message.startswith("key: ' x-y' or 'x-y ' is not a valid key: "), key.message
    assert name.message.startswith("name: ' x y' or 'x y ' starts or ends with whitespace"), name.message
