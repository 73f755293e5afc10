"""A Terraform-style refresh, issue 17's second baseline: one read per resource, by its id in a state.

    IOTPLAN_API_KEY=... python benchmarks/baseline_refresh.py fleet.yaml state.json --endpoint URL [--limit N]

Terraform reads every resource of its state on its own before it plans (`terraform plan` refreshes
each one with the provider's read), `-parallelism` at a time. The platform, as iotplan knows it and
as the emulator serves it, has no read of one device or one sensor: the closest documented read
that finds an entity by id is its connection's `POST /api/integrations/{nodeId}`, so each resource
(connection, device or sensor) is read with that and picked out of the answer. A real per-entity
read would answer less, so the time per request here is an upper bound; the request count, what a
rate limit meters, is exact.

`--limit N` reads only the first N resources of the state (in manifest order, so a sample is whole
connections): the benchmark times such a sample and extrapolates. The last line printed is JSON:
the resources in the state, those read, the time and CPU the reads took, and the differences found.
Self-contained: httpx and PyYAML only.
"""

import argparse
import asyncio
import gc
import json
import os
import time

import httpx
import yaml


def desired_names(manifest):
    """address → declared name, for every connection, device and sensor."""
    names = {}
    for project in manifest["projects"]:
        for node in project["nodes"]:
            ref = node.get("id") or f"{manifest['stack']}:{node['key']}"
            names[ref] = node.get("name")
            for device in node.get("devices", []):
                names[f"{ref}/{device['key']}"] = device.get("name")
                for sensor in device.get("sensors", []):
                    names[f"{ref}/{device['key']}/{sensor['key']}"] = sensor.get("name")
    return names


def entities(tree):
    """id → props of every entity one integration answer holds."""
    found = {tree["integration"]["node"]["id"]: tree["integration"]["node"]["props"]}
    for entry in tree["integration"]["devices"]:
        found[entry["device"]["id"]] = entry["device"]["props"]
        found.update({sensor["id"]: sensor["props"] for sensor in entry["sensors"]})
    return found


async def refresh(resources, names, endpoint, parallelism):
    headers = {"Authorization": f"ApiKey {os.environ['IOTPLAN_API_KEY']}"}
    limit, differences = asyncio.Semaphore(parallelism), []
    async with httpx.AsyncClient(base_url=endpoint, headers=headers, timeout=120) as http:

        async def read(resource):
            async with limit:
                path = f"/api/integrations/{resource['node']}"
                answer = await http.post(path, params={"projectIds": resource["project"]})
            props = entities(answer.raise_for_status().json()).get(resource["id"])
            name = names.get(resource["address"])
            if props is None or (name is not None and props.get("NAME") != name):
                differences.append(resource["address"])

        await asyncio.gather(*(read(resource) for resource in resources))
    return differences


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest")
    parser.add_argument("state")
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--parallelism", type=int, default=16)
    parser.add_argument("--limit", type=int, help="Read only the first N resources of the state.")
    arguments = parser.parse_args()
    gc.disable()  # as the per-connection script: loading makes no cycles
    with open(arguments.manifest, "rb") as text:
        names = desired_names(yaml.load(text, Loader=yaml.CSafeLoader))
    with open(arguments.state, "rb") as text:
        resources = json.load(text)["resources"]
    gc.enable()
    chosen = resources[: arguments.limit] if arguments.limit else resources
    started, cpu = time.perf_counter(), time.process_time()
    differences = asyncio.run(refresh(chosen, names, arguments.endpoint, arguments.parallelism))
    read_s, read_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    for address in differences:
        print(f"{address}: differs")
    figures = {"resources": len(resources), "read": len(chosen), "read_s": read_s, "read_cpu_s": read_cpu_s}
    print(json.dumps({**figures, "differences": len(differences)}))
    return 2 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
