"""The script a competent user would write instead of iotplan: issue 17's per-connection baseline.

    IOTPLAN_API_KEY=... python benchmarks/baseline_script.py fleet.yaml --endpoint URL

Reads a rendered (plain YAML) manifest, finds each declared connection in the node list, fetches
each connection's tree with one `POST /api/integrations/{nodeId}` (16 at a time), and prints every
device or sensor whose name or metrics differ, then the count. Only httpx and PyYAML's libyaml
loader, with the collector off while loading (the "collector tuned" variant the issue measured).
Exit 0 in sync, 2 with differences. Deliberately self-contained: it imports nothing from iotplan.
"""

import argparse
import asyncio
import gc
import os

import httpx
import yaml


def load(path):
    gc.disable()  # loading builds millions of objects and no cycles: collecting them is wasted time
    try:
        with open(path, "rb") as text:
            return yaml.load(text, Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def wanted(manifest):
    """(project, refId or id, connection) for every declared connection."""
    for project in manifest["projects"]:
        for node in project["nodes"]:
            yield project["id"], node.get("id") or f"{manifest['stack']}:{node['key']}", node


async def node_ids(http, project):
    """refId (or id) → node id, paged until a short page, as Bentley's own web client does."""
    found, page = {}, 0
    while True:
        params = {"projectIds": project, "pageNumber": page, "pageSize": 1000}
        batch = (await http.get("/api/nodes/all", params=params)).raise_for_status().json()
        found.update({n["props"].get("SERIAL_NO"): n["id"] for n in batch})
        found.update({n["id"]: n["id"] for n in batch})
        if len(batch) < 1000:
            return found
        page += 1


def compare(ref, node, tree, metrics):
    """Differences between one declared connection and its live tree."""
    name = tree["integration"]["node"]["props"].get("NAME")
    if "name" in node and name != node["name"]:
        yield f"{ref}: name {name!r} != {node['name']!r}"
    live = {d["device"]["props"].get("SERIAL_NO"): d for d in tree["integration"]["devices"]}
    for device in node.get("devices", []):
        device_ref = f"{ref}/{device['key']}"
        entry = live.get(device_ref)
        if entry is None:
            yield f"{device_ref}: missing"
            continue
        if entry["device"]["props"].get("NAME") != device.get("name"):
            yield f"{device_ref}: name {entry['device']['props'].get('NAME')!r} != {device.get('name')!r}"
        sensors = {s["props"].get("SERIAL_NO"): s["props"] for s in entry["sensors"]}
        for sensor in device.get("sensors", []):
            sensor_ref, props = f"{device_ref}/{sensor['key']}", sensors.get(f"{device_ref}/{sensor['key']}")
            if props is None:
                yield f"{sensor_ref}: missing"
            elif props.get("NAME") != sensor.get("name"):
                yield f"{sensor_ref}: name {props.get('NAME')!r} != {sensor.get('name')!r}"
            elif sorted((props.get("UNKNOWN_METRICS") or {}).values()) != metrics:
                yield f"{sensor_ref}: metrics {props.get('UNKNOWN_METRICS')} != {metrics}"


async def main(path, endpoint):
    manifest = load(path)
    defaults = manifest.get("defaults", {}).get("sensor", {}).get("metrics", [])
    metrics = sorted(metric["custom_metric"] for metric in defaults)
    headers = {"Authorization": f"ApiKey {os.environ['IOTPLAN_API_KEY']}"}
    async with httpx.AsyncClient(base_url=endpoint, headers=headers, timeout=120) as http:
        declared = list(wanted(manifest))
        ids = {}
        for project in {project for project, _, _ in declared}:
            ids.update(await node_ids(http, project))
        limit, differences = asyncio.Semaphore(16), []

        async def check(project, ref, node):
            if ref not in ids:
                differences.append(f"{ref}: missing")
            elif node.get("devices"):  # a connection adopted by id with nothing under it: listed is enough
                async with limit:
                    answer = await http.post(f"/api/integrations/{ids[ref]}", params={"projectIds": project})
                differences.extend(compare(ref, node, answer.raise_for_status().json(), metrics))

        await asyncio.gather(*(check(*connection) for connection in declared))
    for difference in differences:
        print(difference)
    print(f"{len(differences)} differences")
    return 2 if differences else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest")
    parser.add_argument("--endpoint", required=True)
    arguments = parser.parse_args()
    raise SystemExit(asyncio.run(main(arguments.manifest, arguments.endpoint)))
