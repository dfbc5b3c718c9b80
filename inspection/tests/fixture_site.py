"""A small site with known broken links, served on 127.0.0.1 by the test that uses it (threads of http.server).

Host `site` (127.0.0.1:PORT) is the site being checked; host `other` (localhost:PORT2) is another site: its links
are checked, its pages not crawled. Broken, by construction (and nothing else):
  404 page, 500 page, slow page (timeout), redirect loop, missing attachment, broken image, missing Chinese-named
  file, and one broken page on the other host."""

import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

SLOW_SECONDS = 3
# The tests' local servers listen on PORT_BASE … PORT_BASE + 9 (set GOVSITE_TEST_PORT_BASE to an engineer's own range).
PORT_BASE = int(os.environ.get("GOVSITE_TEST_PORT_BASE", "8170"))


def site_pages(other):
    return {
        "/": ("text/html; charset=utf-8", f"""<!doctype html><html><head><title>首页</title>
<link rel="stylesheet" href="/css/site.css"><link rel="dns-prefetch" href="//nowhere.invalid">
<script src="/js/app.js"></script></head><body>
<img src="/img/logo.png" alt="标识"><img src="img/missing-banner.png" alt="横幅">
<a href="/news/">要闻动态</a> <a href="about.html#top">概况</a> <a href="/gone.html">旧栏目</a>
<a href="/moved">已迁移</a> <a href="/loop-a">循环</a> <a href="/error.html">出错</a>
<a href="/files/报告.pdf">报告</a> <a href="/files/plan.pdf">计划（附件缺失）</a>
<a href="/files/head-refused.doc">拒绝 HEAD 的附件</a>
<iframe src="/embed.html"></iframe>
<map name="m"><area href="/map-target.html" shape="rect" coords="0,0,1,1"></map>
<a href="http://{other}/ok.html">其他网站</a> <a href="http://{other}/missing.html">其他网站失效页</a>
<a href="mailto:web@example.gov.cn">信箱</a> <a href="javascript:void(0)">脚本</a> <a href="#main">跳到正文</a>
</body></html>"""),
        "/about.html": ("text/html", """<html><head><meta charset="gbk"></head><body>
<a href="/gone.html">旧栏目</a> <a href="/slow.html">慢页面</a> <a href="./">首页</a></body></html>"""),
        "/news/": ("text/html", """<html><head><base href="/news/sub/"></head><body>
<a href="a1.html">文章一</a> <a href="../../files/%E6%8A%A5%E5%91%8A.pdf">报告（编码路径）</a></body></html>"""),
        "/news/sub/a1.html": ("text/html", """<html><body>
<a href="/files/通知.doc">通知</a> <a href="/files/%E7%BC%BA%E5%A4%B1%E6%96%87%E4%BB%B6.xls">缺失文件（编码）</a>
<a href="/files/缺失文件.xls">缺失文件</a></body></html>"""),
        "/embed.html": ("text/html", "<html><body>嵌入页面</body></html>"),
        "/map-target.html": ("text/html", "<html><body>热区页面</body></html>"),
        "/css/site.css": ("text/css", "body{}"),
        "/js/app.js": ("application/javascript", ""),
        "/img/logo.png": ("image/png", "PNG"),
        "/files/报告.pdf": ("application/pdf", "%PDF-1.4"),
        "/files/通知.doc": ("application/msword", "DOC"),
        "/files/head-refused.doc": ("application/msword", "DOC"),
    }


OTHER_PAGES = {
    # Never crawled: if the checker followed this page's links it would report /never-checked.html.
    "/ok.html": ("text/html", '<html><body><a href="/never-checked.html">x</a></body></html>'),
}

REDIRECTS = {"/moved": "/about.html", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}

EXPECTED_BROKEN = {
    # path on the site → (status, referrer paths)
    "/gone.html": (404, {"/", "/about.html"}),
    "/error.html": (500, {"/"}),
    "/slow.html": (None, {"/about.html"}),
    "/loop-a": (302, {"/"}),
    "/files/plan.pdf": (404, {"/"}),
    "/img/missing-banner.png": (404, {"/"}),
    "/files/缺失文件.xls": (404, {"/news/sub/a1.html"}),
}


class Listener(ThreadingHTTPServer):
    # socketserver's backlog of 5 drops the checker's 6th simultaneous connect; its SYN is resent only after 1 s,
    # past the tests' 1 s timeout, and a good link was reported as timed out. Real web servers queue hundreds.
    request_queue_size = 128


class FixtureServer:
    """Serve `pages` on 127.0.0.1:port in a thread; records every request (method, path, start, in flight)."""

    def __init__(self, port, pages, host_header_name="127.0.0.1"):
        self.port = port
        self.pages = pages
        self.requests = []
        self.intervals = []  # (start, answered) of each request: when it arrived, when its answer began
        self.epoch = 0.0  # requests that arrived before the last clear() (a slow page a test gave up on) are ignored
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, with_body):
                path = unquote(urlsplit(self.path).path)
                self.started = time.monotonic()
                with server.lock:
                    server.requests.append((self.command, path, self.started))
                self._route(path, with_body)

            def _route(self, path, with_body):
                if path == "/files/head-refused.doc" and self.command == "HEAD":
                    return self._send(405, "text/plain", b"", with_body)
                if path == "/slow.html":
                    time.sleep(SLOW_SECONDS)
                if path == "/error.html":
                    return self._send(500, "text/html", "服务器错误".encode(), with_body)
                if path in REDIRECTS:
                    self.send_response(302)
                    self.send_header("Location", REDIRECTS[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if path in server.pages:
                    kind, text = server.pages[path]
                    charset = "gbk" if "gbk" in text[:80] else "utf-8"
                    return self._send(200, kind, text.encode(charset), with_body)
                return self._send(404, "text/html", "页面不存在".encode(), with_body)

            def send_response(self, *args, **kwargs):
                with server.lock:
                    server.intervals.append((self.started, time.monotonic()))
                super().send_response(*args, **kwargs)

            def _send(self, status, kind, body, with_body):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if with_body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the checker gave up (timeout)
                    pass

            def do_GET(self):
                self._answer(True)

            def do_HEAD(self):
                self._answer(False)

        self.httpd = Listener(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def max_in_flight(self):
        """The most requests the server was working on at once (arrived, answer not yet begun)."""
        intervals = [(start, end) for start, end in self.intervals if start >= self.epoch]
        events = sorted([(start, 1) for start, _end in intervals] + [(end, -1) for _start, end in intervals],
                        key=lambda event: (event[0], event[1]))
        most = current = 0
        for _time, step in events:
            current += step
            most = max(most, current)
        return most

    def clear(self):
        with self.lock:
            self.epoch = time.monotonic()
            self.requests.clear()
            self.intervals.clear()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
