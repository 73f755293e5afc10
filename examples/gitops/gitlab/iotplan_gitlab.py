#!/usr/bin/env python3
"""The two GitLab API calls the pipeline needs, with the standard library only (python:3.12 image).

  note FILE          on a merge request, post FILE as the iotplan note, or update the one posted
                     before: one note per merge request, not one per push.
  reviewed-plan DIR  on the default branch, download into DIR the plan.json that was reviewed on the
                     merge request this commit came from: the plan job's artifact of that merge
                     request's last pipeline, which must have run on its last commit. Never plans.

Environment: CI_API_V4_URL, CI_PROJECT_ID, CI_COMMIT_SHA, CI_MERGE_REQUEST_IID (note) and
IOTPLAN_GITLAB_TOKEN, a project access token (Reporter; scope api for the note, read_api is enough
for reviewed-plan). API: https://docs.gitlab.com/ee/api/notes.html,
https://docs.gitlab.com/ee/api/commits.html (merge requests of a commit),
https://docs.gitlab.com/ee/api/merge_requests.html (pipelines of a merge request),
https://docs.gitlab.com/ee/api/jobs.html, https://docs.gitlab.com/ee/api/job_artifacts.html.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

MARKER = "<!-- iotplan-plan -->"  # how the note posted before is found again
PLAN_JOB = "plan"


class Stop(Exception):
    """A reason to fail the job, in one line."""


def api(method: str, path: str, body: dict[str, str] | None = None, *, raw: bool = False) -> Any:
    url = os.environ["CI_API_V4_URL"].rstrip("/") + path
    data = urllib.parse.urlencode(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("PRIVATE-TOKEN", os.environ["IOTPLAN_GITLAB_TOKEN"])
    with urllib.request.urlopen(request, timeout=60) as response:
        payload = response.read()
    return payload if raw else json.loads(payload)


def project() -> str:
    return "/projects/" + urllib.parse.quote(os.environ["CI_PROJECT_ID"], safe="")


def note(file: str) -> str:
    merge_request = f"{project()}/merge_requests/{os.environ['CI_MERGE_REQUEST_IID']}/notes"
    body = f"{MARKER}\n{Path(file).read_text(encoding='utf-8')}"
    for page in range(1, 100):
        notes = api("GET", f"{merge_request}?per_page=100&page={page}&sort=asc")
        for each in notes:
            if MARKER in each.get("body", ""):
                api("PUT", f"{merge_request}/{each['id']}", {"body": body})
                return f"updated note {each['id']}"
        if len(notes) < 100:
            break
    created = api("POST", merge_request, {"body": body})
    return f"posted note {created['id']}"


def reviewed_plan(directory: str) -> str:
    sha = os.environ["CI_COMMIT_SHA"]
    requests = api("GET", f"{project()}/repository/commits/{sha}/merge_requests")
    merged = [each for each in requests if each.get("state") == "merged"]
    if not merged:
        raise Stop(f"{sha} was not merged from a merge request: no plan was reviewed for it")
    request = merged[0]
    pipelines = api("GET", f"{project()}/merge_requests/{request['iid']}/pipelines")
    if not pipelines:
        raise Stop(f"merge request !{request['iid']} has no pipeline: no plan was reviewed for it")
    last = pipelines[0]  # newest first
    if last.get("sha") != request.get("sha"):
        raise Stop(
            f"merge request !{request['iid']}'s last pipeline ran on {last.get('sha')}, not on its last "
            f"commit {request.get('sha')}: the plan on it is not the one merged"
        )
    jobs = api("GET", f"{project()}/pipelines/{last['id']}/jobs?scope[]=success&per_page=100")
    plan_jobs = [job for job in jobs if job.get("name") == PLAN_JOB]
    if not plan_jobs:
        raise Stop(
            f"pipeline {last['id']} of !{request['iid']} has no successful {PLAN_JOB} job: nothing reviewed"
        )
    artifact = api("GET", f"{project()}/jobs/{plan_jobs[0]['id']}/artifacts/plan.json", raw=True)
    target = Path(directory) / "plan.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(artifact)
    return f"the plan reviewed on merge request !{request['iid']} (pipeline {last['id']}) is in {target}"


def main(argv: list[str]) -> int:
    commands = {"note": note, "reviewed-plan": reviewed_plan}
    if len(argv) != 2 or argv[0] not in commands:
        print(f"usage: {Path(__file__).name} note FILE | reviewed-plan DIR", file=sys.stderr)
        return 2
    try:
        print(commands[argv[0]](argv[1]))
    except Stop as stop:
        print(f"error: {stop}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError) as error:  # HTTP errors are OSErrors
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
