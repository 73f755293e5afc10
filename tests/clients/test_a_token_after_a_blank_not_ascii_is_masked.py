"""A token a platform quotes after a blank that is not ASCII (a no-break space, U+3000, NEL) is masked
on every path a platform's message is shown by: escaping such a blank before the label rules read the
text glued `\\u00a0` to the token's start, and `Bearer\\u00a0eyJ...` was shown whole."""

import pytest

from iotplan.clients.errors import message_excerpt, stripped_excerpt

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF123ghiJKL"
BASIC = "YWRtaW46cGFzc3dvcmQxMjM0NTY3OA=="


@pytest.mark.parametrize(
    ("message", "secret"),
    [
        (f"Bearer\u00a0{JWT} rejected", JWT),
        (f"rejected:\u00a0{JWT}", JWT),
        (f"rejected\u3000{JWT}\u3000now", JWT),
        (f"Bearer\u2028{JWT}", JWT),
        (f"Basic\u00a0{BASIC}", BASIC),
    ],
)
def test_a_token_after_a_blank_not_ascii_is_masked(message: str, secret: str) -> None:
    for shown in (message_excerpt(message), stripped_excerpt(message, 300)):
        assert secret not in shown
        assert "(sensitive)" in shown
