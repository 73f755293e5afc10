"""A person's secret written as a `;`-separated connection string's field (`;Pwd=`, `;Passwd=`,
`;Password=`) is masked to the next `;`: a `, ` or `&` in it is the password's own. Before, it ended there and
the rest was shown (`Passwd=(sensitive), staple;`)."""

from __future__ import annotations

import pytest

from tests.secrets_readers import READERS, M


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            "Server=db;Uid=sa;Passwd=horse battery, staple;Database=x",
            f"Server=db;Uid=sa;Passwd={M};Database=x",
        ),
        ("Server=db;Uid=sa;Pwd=horse, battery staple;Database=x", f"Server=db;Uid=sa;Pwd={M};Database=x"),
        (
            "Server=db;Uid=sa;Password=horse battery, staple;Database=x",
            f"Server=db;Uid=sa;Password={M};Database=x",
        ),
        ("Server=x;Pwd=horse & battery staple;Database=y", f"Server=x;Pwd={M};Database=y"),
        ("Server=x;Pwd={a;b}}c};Database=y", f"Server=x;Pwd={M};Database=y"),
    ],
)
def test_a_connection_strings_password_runs_to_its_semicolon(read, said: str, shown: str) -> None:
    assert read(said).removeprefix("Unauthorized: ") == shown
