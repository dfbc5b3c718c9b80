"""Dead links, checked asynchronously (review.tasks.check_dead_links) — only against a local http.server."""

import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from review.tasks import check_dead_links


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body):
        if self.path.startswith("/ok"):
            status = 200
        elif self.path.startswith("/get-only"):
            status = 405 if self.command == "HEAD" else 200
        elif self.path.startswith("/slow"):
            threading.Event().wait(2)
            status = 200
        else:
            status = 404
        self.send_response(status)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_task_reports_only_dead_links(server):
    refused = f"http://127.0.0.1:{closed_port()}/x"
    urls = [f"{server}/ok", f"{server}/missing", f"{server}/get-only", refused, "ftp://127.0.0.1/file", f"{server}/ok"]
    dead = check_dead_links.delay(urls, timeout=2).get(timeout=30)
    assert [(d["url"], d["status"]) for d in dead] == [(f"{server}/missing", 404), (refused, None)]
    assert dead[1]["error"]


def test_task_gives_up_after_a_short_timeout(server):
    (dead,) = check_dead_links.delay([f"{server}/slow"], timeout=0.3).get(timeout=30)
    assert dead["status"] is None and "timed out" in dead["error"]


def test_command_adds_dead_links_as_link_warnings(server, tmp_path):
    text = f'<p>附件：<a href="{server}/ok/a.pdf">下载</a>；原文：<a href="{server}/gone.html">链接</a></p>'
    path = tmp_path / "a.html"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("check_content", str(path), "--json", "--dead-links", "--timeout", "2", stdout=out)
    (finding,) = json.loads(out.getvalue())
    assert (finding["category"], finding["severity"], finding["match"]) == ("link", "warn", f"{server}/gone.html")
    assert text[finding["start"] : finding["end"]] == finding["match"]
    assert "404" in finding["message"]
