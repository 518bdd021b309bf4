#!/usr/bin/env python3
"""Create a design, download its project and deploy it — using only the JSON API and a personal access token.

    DESIGNER_TOKEN=sdp_… python3 scripts/api_deploy.py --url http://127.0.0.1:8000 --name orders \\
        --blueprint event-processor --set source=sqs --target "Local sandbox" --zip orders.zip

The token needs the scopes read, write and deploy (make one on the API tokens page). Standard library only, so it
runs anywhere Python does (a CI job, a laptop). Exit status 0 when the deployment succeeded (or had no changes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any

TERMINAL_OK = ("succeeded", "no_changes")


class ApiFailure(Exception):
    pass


class Api:
    def __init__(self, url: str, token: str) -> None:
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, bytes, str]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/api{path}", data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json", "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                detail = json.loads(raw)["detail"]
            except (ValueError, KeyError):
                detail = raw[:300].decode(errors="replace")
            raise ApiFailure(f"{method} {path}: HTTP {error.code}: {detail}") from None

    def json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return json.loads(self.call(method, path, body)[1])


def _option(raw: str) -> tuple[str, Any]:
    key, _, value = raw.partition("=")
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


def deploy(api: Api, *, name: str, blueprint: str, options: dict[str, Any], target: str, zip_path: str,
           poll_seconds: float = 1.0, timeout_seconds: float = 600.0, say: Any = print) -> dict[str, Any]:
    saved = api.json("POST", "/designs", {"name": name, "blueprint": blueprint, "options": options,
                                          "message": "created through the API"})
    design_id, revision = saved["design"]["id"], saved["revision"]
    say(f"design {name} (id {design_id}) saved as revision {revision}")

    _, archive, kind = api.call("GET", f"/designs/{design_id}/revisions/{revision}/zip")
    with open(zip_path, "wb") as out:
        out.write(archive)
    say(f"project downloaded to {zip_path} ({len(archive)} bytes, {kind})")

    targets = api.json("GET", "/targets")
    chosen = next((t for t in targets if t["name"] == target), None)
    if chosen is None:
        raise ApiFailure(f"target {target!r} not found; the team has: {', '.join(t['name'] for t in targets)}")
    deployment = api.json("POST", "/deployments", {"design_id": design_id, "revision": revision,
                                                   "target_id": chosen["id"]})
    say(f"deployment {deployment['id']} started on {chosen['name']}")
    confirmed = False
    deadline = time.monotonic() + timeout_seconds
    while True:
        deployment = api.json("GET", f"/deployments/{deployment['id']}")
        if deployment["status"] == "review" and not confirmed:
            if deployment["approval"] and deployment["approval"]["status"] != "approved":
                raise ApiFailure(f"the target requires approval ({deployment['approval']['status']}); ask an admin")
            say(f"change set: {len(deployment['changes'])} changes; confirming")
            deployment = api.json("POST", f"/deployments/{deployment['id']}/confirm")
            confirmed = True
        if deployment["terminal"]:
            break
        if time.monotonic() > deadline:
            raise ApiFailure(f"deployment {deployment['id']} still {deployment['status']} after {timeout_seconds} s")
        time.sleep(poll_seconds)
    say(f"deployment {deployment['id']}: {deployment['status_label']}")
    for output in deployment["outputs"]:
        say(f"  {output['key']} = {output.get('value') or '—'}")
    if deployment["status"] not in TERMINAL_OK:
        raise ApiFailure(f"deployment failed: {deployment['error']}")
    return dict(deployment)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--name", required=True)
    parser.add_argument("--blueprint", default="event-processor")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a blueprint option")
    parser.add_argument("--target", default="Local sandbox")
    parser.add_argument("--zip", default=None, help="where to save the project (default: NAME.zip)")
    args = parser.parse_args(argv)
    token = os.environ.get("DESIGNER_TOKEN", "")
    if not token:
        print("DESIGNER_TOKEN is not set: make a token with scopes read, write, deploy on the API tokens page",
              file=sys.stderr)
        return 2
    try:
        deploy(Api(args.url, token), name=args.name, blueprint=args.blueprint, options=dict(map(_option, args.set)),
               target=args.target, zip_path=args.zip or f"{args.name}.zip")
    except ApiFailure as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
