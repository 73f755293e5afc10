"""`--endpoint http://host/tenant-a` (a wrong base path): every route answers 404, and the error
blamed the project id ("Fix the id"). Where the catalog, which every platform serves, answers 404
too, the error says the endpoint's path looks wrong instead; a 404 for the project alone still
says to fix the id."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

ENDPOINT = "http://127.0.0.1:9/tenant-a"


def answered(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    """Every request whose path holds `missing` answers 404; the others an empty answer."""

    async def send(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        if missing in request.url.path:
            return httpx.Response(404, json={"error": "NotFound"}, request=request)
        return httpx.Response(200, json=[] if request.url.path.endswith("/all") else {}, request=request)

    monkeypatch.setattr(httpx.AsyncClient, "send", send)


def planned(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, missing: str) -> str:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    answered(monkeypatch, missing)
    result = workspace.run("plan", QUICKSTART, "--endpoint", ENDPOINT)
    assert result.exit_code == 1, result.output
    return " ".join(result.stderr.split())


def test_every_route_answering_404_says_the_endpoints_path_looks_wrong(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = planned(workspace, monkeypatch, "/tenant-a/")
    assert "cannot be read: GET /tenant-a/api/nodes/all" in said and "answered 404" in said
    assert (
        "GET /api/devices/types, which every platform serves, answered 404 too at this endpoint: the "
        "endpoint's path looks wrong, not the project id. Give the platform's base URL as --endpoint or "
        "IOTPLAN_ENDPOINT"
    ) in said
    assert "Fix the id" not in said


def test_a_404_for_the_project_alone_still_says_to_fix_the_id(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = planned(workspace, monkeypatch, "/api/nodes/")
    assert "answered 404" in said and "Fix the id" in said and "path looks wrong" not in said


def test_check_platform_says_the_endpoints_path_looks_wrong_not_that_the_project_is_missing(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    answered(monkeypatch, "/tenant-a/")
    result = workspace.run("check-platform", "--project", PROJECT, "--endpoint", ENDPOINT)
    assert result.exit_code == 1, result.output
    said = " ".join(result.stderr.split())
    assert f"GET /api/projects/{PROJECT} answered 404 on {ENDPOINT} (" in said
    assert "the endpoint's path looks wrong, not the project id" in said and "no project" not in said
