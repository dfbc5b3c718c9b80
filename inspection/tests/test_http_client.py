"""The link checker's own HTTP client against a local server speaking the shapes real servers answer with:
chunked bodies, bodies read to the connection's close, HTTP/1.0, a large body not wanted, a kept-alive connection
the server drops; and it reuses connections (keep-alive) instead of opening one per request."""

import socketserver
import threading

import pytest

from inspection.crawler import Settings, check_links
from inspection.tests.fixture_site import PORT_BASE

PORT = PORT_BASE + 5
SITE = f"http://127.0.0.1:{PORT}"


def chunked(body):
    data = body.encode()
    return b"".join(f"{len(data[i:i + 7]):x}\r\n".encode() + data[i:i + 7] + b"\r\n" for i in range(0, len(data), 7)) + b"0\r\n\r\n"


PAGES = {
    "/": ("chunked", '<a href="/close.html">c</a> <a href="/old.html">o</a> <a href="/big.pdf">b</a> <a href="/gone.html">g</a>'),
    "/close.html": ("close", '<a href="/a.html">a</a> <a href="/missing-from-close.html">m</a>'),
    "/old.html": ("http10", '<a href="/b.html">b</a>'),
    "/a.html": ("length", "<p>a</p>"),
    "/b.html": ("length", '<a href="/drop.html">d</a>'),
    "/drop.html": ("length-then-drop", '<a href="/after.html">x</a>'),
    "/after.html": ("length", "<p>after</p>"),
}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.server.connections += 1
        try:
            self._serve()
        except ConnectionError:  # the checker dropped the unread 1 MB body
            pass

    def _serve(self):
        while True:
            line = self.rfile.readline()
            if not line:
                return
            method, path, _version = line.decode().split(" ")
            while self.rfile.readline() not in (b"\r\n", b""):
                pass
            if path == "/big.pdf":
                if method == "HEAD":
                    self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                    continue
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 1048576\r\n\r\n"
                                 + b"%" * 1048576)
                continue
            if path not in PAGES:
                self.wfile.write(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\nnot found")
                continue
            shape, text = PAGES[path]
            body = f"<html><body>{text}</body></html>"
            head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            if shape == "chunked":
                self.wfile.write((head + "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked(body))
            elif shape == "close":
                self.wfile.write((head + "Connection: close\r\n\r\n" + body).encode())
                return
            elif shape == "http10":
                self.wfile.write(("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body).encode())
                return
            else:
                self.wfile.write((head + f"Content-Length: {len(body.encode())}\r\n\r\n" + body).encode())
                if shape == "length-then-drop":
                    return  # keep-alive offered, then the connection closed: the next request must retry


@pytest.fixture
def server():
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", PORT), Handler)
    httpd.daemon_threads = True
    httpd.connections = 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_bodies_of_every_shape_are_read_and_their_links_checked(server):
    report = check_links(SITE + "/", settings=Settings(timeout=5.0, per_host=1))
    assert report.pages == 7  # /, /close.html, /old.html, /a.html, /b.html, /drop.html, /after.html
    assert {row["url"]: row["status"] for row in report.broken()} == {
        f"{SITE}/gone.html": 404, f"{SITE}/missing-from-close.html": 404}
    assert not report.outcomes[f"{SITE}/big.pdf"].broken  # HEAD refused, GET answered (body not read)


def test_connections_are_kept_alive(server):
    check_links(SITE + "/", settings=Settings(timeout=5.0, per_host=1))
    # 12 requests; new connections only after the server closed one (close, HTTP/1.0, drop, the unread 1 MB body)
    assert server.connections <= 5
