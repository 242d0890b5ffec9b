"""A Kubernetes API server on 127.0.0.1 that only answers discovery, for kubectl's client-side dry run.

kubectl's `apply --dry-run=client` maps each document's apiVersion and kind to a resource through the
server's discovery documents and asks whether the object exists; it sends nothing else. This server
knows the two kinds deploy/k8s/evals-indexed-job.yaml uses (PersistentVolumeClaim in v1, Job in
batch/v1) and says that no object exists. It has no OpenAPI schema, so kubectl runs with --validate=false.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VERBS = ["create", "get", "list", "patch", "update", "delete"]


def _resources(group_version: str, name: str, kind: str) -> dict[str, Any]:
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
            "resources": [{"name": name, "singularName": kind.lower(), "namespaced": True, "kind": kind, "verbs": VERBS}]}


DISCOVERY: dict[str, dict[str, Any]] = {
    "/version": {"major": "1", "minor": "30", "gitVersion": "v1.30.0"},
    "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": "batch", "versions": [{"groupVersion": "batch/v1", "version": "v1"}], "preferredVersion": {"groupVersion": "batch/v1", "version": "v1"}}]},
    "/api/v1": _resources("v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
    "/apis/batch/v1": _resources("batch/v1", "jobs", "Job"),
}
NOT_FOUND = {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404, "message": "not found"}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        self.server.paths.append(path)  # type: ignore[attr-defined]
        body = DISCOVERY.get(path)
        data = json.dumps(body if body is not None else NOT_FOUND).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


class KubeDiscoveryServer:
    """`with KubeDiscoveryServer() as api:` api.url for kubectl's --server; api.paths lists what it asked."""

    def __enter__(self) -> "KubeDiscoveryServer":
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.paths = []  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def paths(self) -> list[str]:
        return self.httpd.paths  # type: ignore[attr-defined]

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
