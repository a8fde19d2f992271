"""Headless Chromium (Debian's `chromium`) driven over the DevTools protocol
on a pipe (--remote-debugging-pipe: no port, no websocket library), for the
report tests: load a page, collect console messages, exceptions and every
network request, ask which font rendered a node, take screenshots and print
to PDF. Standard library only.

    with Browser() as b:
        page = b.open("file:///tmp/report.html")
        page.console, page.requests, page.fonts("#summary h3")
        page.screenshot("shot.png"); page.pdf("page.pdf")
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time

CHROMIUM = os.environ.get("INNOSIM_CHROMIUM", "/usr/bin/chromium")

# The flags the machine description asks for (as root, no sandbox; nothing
# reaches for the network on its own), plus a resolver that answers nothing,
# so a request the page made could not leave the machine even if it tried.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-pipe"]


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, timeout=60):
        if not os.path.exists(CHROMIUM):
            raise BrowserError(f"{CHROMIUM} not found: run tools/install_deps.sh (Debian package chromium)")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="innosim-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child():
            # fds 3 and 4 are the pipe Chromium reads commands from and writes replies to.
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                     preexec_fn=child, close_fds=False, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self._events = []

    # -- protocol -------------------------------------------------------------
    def _recv(self, deadline):
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise BrowserError("no answer from chromium in time")
            import select
            r, _, _ = select.select([self._from_chrome], [], [], 0.5)
            if r:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise BrowserError("chromium closed the pipe: " + self.log_tail())
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=None):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            m = self._recv(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise BrowserError(f"{method}: {m['error']}")
                return m.get("result", {})
            self._events.append(m)

    def wait_event(self, method, session, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, e in enumerate(self._events):
                if e.get("method") == method and e.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._recv(deadline))

    def events(self, session):
        return [e for e in self._events if e.get("sessionId") == session]

    def log_tail(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")[-2000:]

    # -- pages ----------------------------------------------------------------
    def open(self, url, width=1000, height=1400):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        for domain in ("Page", "Network", "Runtime", "Log", "DOM", "CSS"):
            self.call(domain + ".enable", {}, session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        self.call("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session)
        # Fonts load asynchronously: wait until the document's fonts are ready.
        self.call("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True},
                  session)
        page.collect()
        return page

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Page:
    def __init__(self, browser, target, session):
        self.b, self.target, self.session = browser, target, session
        self.console = []    # (level, text) of console messages, log entries and exceptions
        self.requests = []   # URLs the page requested (the page itself included)
        self.failed = []     # (url, error) of failed loads

    def collect(self):
        for e in self.b.events(self.session):
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled":
                self.console.append((p.get("type"), " ".join(str(a.get("value", a.get("description", "")))
                                                              for a in p.get("args", []))))
            elif m == "Runtime.exceptionThrown":
                self.console.append(("exception", json.dumps(p.get("exceptionDetails", {}))[:500]))
            elif m == "Log.entryAdded":
                entry = p.get("entry", {})
                self.console.append((entry.get("level"), entry.get("text", "") + " " + entry.get("url", "")))
            elif m == "Network.requestWillBeSent":
                self.requests.append(p["request"]["url"])
            elif m == "Network.loadingFailed":
                self.failed.append((p.get("requestId"), p.get("errorText")))
        self.b._events = [e for e in self.b._events if e.get("sessionId") != self.session]

    def eval(self, expression):
        r = self.b.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session)
        if "exceptionDetails" in r:
            raise BrowserError(f"evaluate {expression!r}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def fonts(self, selector):
        """[(family, glyphs)] of the fonts that rendered the first node matching `selector`."""
        doc = self.b.call("DOM.getDocument", {"depth": -1}, self.session)
        node = self.b.call("DOM.querySelector", {"nodeId": doc["root"]["nodeId"], "selector": selector},
                           self.session)["nodeId"]
        if not node:
            raise BrowserError(f"no node matches {selector!r}")
        fonts = self.b.call("CSS.getPlatformFontsForNode", {"nodeId": node}, self.session)["fonts"]
        return [(f["familyName"], f["glyphCount"]) for f in fonts]

    def screenshot(self, path, full_page=True):
        params = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            metrics = self.b.call("Page.getLayoutMetrics", {}, self.session)
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 16000),
                              "scale": 1}
        data = self.b.call("Page.captureScreenshot", params, self.session, timeout=120)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def pdf(self, path):
        data = self.b.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, self.session,
                           timeout=180)["data"]
        raw = base64.b64decode(data)
        with open(path, "wb") as f:
            f.write(raw)
        return raw

    def close(self):
        self.b.call("Target.closeTarget", {"targetId": self.target})
