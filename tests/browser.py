"""Headless Chromium driven by chromedriver over plain HTTP (W3C WebDriver), for the tests
that play the project's pages: no client library, the network off."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


class WebDriver:
    """Chromium driven by chromedriver over plain HTTP (W3C WebDriver): no client library."""

    def __init__(self, profile: Path, local_server: bool = False):
        """`local_server`: pages may come from a web server on this machine (127.0.0.1); the
        rest of the network stays off."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [shutil.which("chromedriver"), f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            "--window-size=1280,800",
            # Network off: any request that is not a file on disk goes to a closed port and fails.
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=" + ("127.0.0.1" if local_server else "<-loopback>"),
        ]
        options = {"args": args}
        if Path("/usr/lib/chromium/chromium").is_file():  # Debian: /usr/bin/chromium is a shell wrapper
            options["binary"] = "/usr/lib/chromium/chromium"
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }
        self.session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

    def call(self, method: str, path: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as r:
            return json.loads(r.read())["value"]

    def __call__(self, method: str, path: str, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def js(self, script: str, *args):
        return self("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script: str, *args):
        """A script that ends by calling its last argument with the value to return."""
        return self("POST", "/execute/async", {"script": script, "args": list(args)})

    def find(self, css: str) -> dict:
        """The first element matching `css`, as a reference to pass to js() or click()."""
        return self("POST", "/element", {"using": "css selector", "value": css})

    def click(self, element: dict) -> None:
        """A real click (a user gesture: it may start a video playing)."""
        self("POST", f"/element/{next(iter(element.values()))}/click", {})

    def resize(self, width: int, height: int) -> None:
        self("POST", "/window/rect", {"width": width, "height": height})

    def press(self, key: str) -> None:
        """A real key press (a user gesture, as the speaker's clicker sends)."""
        self(
            "POST",
            "/actions",
            {
                "actions": [
                    {
                        "type": "key",
                        "id": "keyboard",
                        "actions": [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}],
                    }
                ]
            },
        )

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self("GET", "/screenshot")))

    def log(self, kind: str) -> list[dict]:
        return self("POST", "/se/log", {"type": kind})

    def close(self) -> None:
        try:
            self("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def wait_for(driver: WebDriver, script: str, timeout: float = 15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = driver.js(script)
        except urllib.error.HTTPError:  # a script error, e.g. reveal.js not loaded (yet)
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}; console: {driver.log('browser')}")
