"""A page repeating only some of what was read is the list moving under the read, not a platform
that ignores pageNumber: that one answers page 0 again, whole (assumption A5)."""

from __future__ import annotations

import httpx
import pytest

from iotplan.errors import PlatformError
from tests.clients.fake_platform import run_client

CAP = 3  # the page size the platform serves, whatever it is asked for


def test_a_shorter_page_of_items_already_read_says_the_list_changed_while_read() -> None:
    items = [{"id": f"d{i}"} for i in range(1, CAP + 1)]

    def added_ahead(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["pageNumber"]), int(request.url.params["pageSize"])
        size = min(size, CAP)
        answer = httpx.Response(200, json=items[number * size : (number + 1) * size])
        if number == 0:
            items.insert(0, {"id": "new"})  # sorted first: d3 moves onto page 1
        return answer

    with pytest.raises(PlatformError) as raised:
        run_client(added_ahead, lambda client: client.list_devices("p"))
    assert str(raised.value) == (
        "GET /api/devices/all answered page 1 with d3, already read on an earlier page: the list's "
        "order changed while it was read (an order the platform does not keep, or entities added or "
        "removed meanwhile), so iotplan cannot read it to its end safely"
    )
