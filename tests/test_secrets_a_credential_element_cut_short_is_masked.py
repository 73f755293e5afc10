"""A credential's element with no closing tag (a body cut short, a message quoting its start) masks
the rest of its text, to the next element's `<` or the text's end, in every spelling of its tag:
read only with its closing tag, `rejected <password>correct horse battery staple` was shown whole.
Text that reads as a message (`<password>is required`) is kept, as a closed element's is."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import error_for, redact

REQUEST = httpx.Request("POST", "https://iiot.test/api/integrations/integrate")


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("rejected <password>correct horse battery staple", "horse"),
        ("<password>hunter2", "hunter2"),
        ("<password>hunter2 more", "hunter2"),
        ('<ns:Password type="text">hunter2', "hunter2"),
        ("&lt;password&gt;hunter2", "hunter2"),
        ("%3Cpassword%3Ehunter2", "hunter2"),
        ("\\u003Cpassword\\u003Ehunter2", "hunter2"),
        ("\\u003Cpassword\\u003Ehunter2\\u003C/passw", "hunter2"),
        ("<password>hunter2</passw", "hunter2"),
        ("<user>bob</user><password>hunter2<br/>", "hunter2"),
    ],
)
def test_an_unclosed_credential_element_masks_its_text(text: str, hidden: str) -> None:
    shown = redact(text)
    assert hidden not in shown and "(sensitive)" in shown, shown


def test_the_next_element_is_kept() -> None:
    assert redact("<password>hunter2<user>bob</user>") == "<password>(sensitive)<user>bob</user>"


@pytest.mark.parametrize("text", ["<password>is required", "<password>must be at least 8 characters"])
def test_a_message_after_an_unclosed_element_is_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("tag", ["code", "b", "title"])
def test_an_element_of_no_credential_is_kept(tag: str) -> None:
    assert redact(f"<{tag}>hunter2") == f"<{tag}>hunter2"


def test_a_body_cut_short_inside_the_element_is_masked() -> None:
    body = '{"error":{"code":"Internal","message":"rejected \\u003Cpassword\\u003Ehunter2'
    response = httpx.Response(500, request=REQUEST, text=body, headers={"content-type": "application/json"})
    shown = str(error_for(response, write=True))
    assert "hunter2" not in shown and "(sensitive)" in shown, shown
