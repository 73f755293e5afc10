"""A JDBC URL's `;password=` in braces (SQL Server's documented escape for a `;`) is masked to its closing
brace, and one holding a quote to its `;`. Before, `;battery staple}` after the first `;` was shown."""

from __future__ import annotations

import pytest

from tests.secrets_readers import READERS, M


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            "jdbc:sqlserver://h:1433;password={horse;battery staple};x=1",
            f"jdbc:sqlserver://h:1433;password={M};x=1",
        ),
        (
            "jdbc:sqlserver://h:1433;user=sa;password={Hunt3r;Xyz9TAIL};encrypt=true",
            f"jdbc:sqlserver://h:1433;user=sa;password={M};encrypt=true",
        ),
        (
            'jdbc:sqlserver://h:1433;password=horse battery"staple;encrypt=true',
            f"jdbc:sqlserver://h:1433;password={M};encrypt=true",
        ),
    ],
)
def test_a_jdbc_password_is_masked_to_its_end(read, said: str, shown: str) -> None:
    assert read(said).removeprefix("Unauthorized: ") == shown
