"""A lean HTTP/1.1 client on asyncio streams for the link checker: keep-alive connections per host, GET and HEAD,
Content-Length / chunked / read-to-close bodies, one time limit per request (connect + answer), TLS by the stdlib.

Why not httpx: profiling check_links on the bench 站群 (bench/link_check.py) put most of its CPU in httpx, httpcore,
anyio and h11 (about 3 ms per request under load, against about 0.3 ms here), and a crawl is nothing but requests.
Redirects are not followed here: the crawler follows them itself to keep the chain and name loops."""

import asyncio
import ssl
from collections import defaultdict
from functools import lru_cache
from urllib.parse import urlsplit

DRAIN_LIMIT = 256 * 1024  # an unwanted body up to this size is read off to keep the connection; larger: closed


@lru_cache(maxsize=1024)
def _origin(origin):
    parts = urlsplit(origin)
    scheme, host = parts.scheme, parts.hostname
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, host, port, parts.netloc


def _split(url):
    """(scheme, host, port, Host header, request target) of an absolute URL (canonical: no fragment)."""
    scheme, sep, rest = url.partition("://")
    netloc, slash, tail = rest.partition("/")
    if "?" in netloc:
        netloc, question, query = netloc.partition("?")
        tail, slash = question + query, ""
    scheme, host, port, host_header = _origin(f"{scheme}://{netloc}")
    target = "/" + tail if slash else ("/" + tail if tail else "/")
    return scheme, host, port, host_header, target


class RequestFailed(Exception):
    """No HTTP answer: kind "timeout" or "connect" (refused, DNS, TLS, reset); `name` says which."""

    def __init__(self, kind, name):
        self.kind, self.name = kind, name
        super().__init__(f"{kind}: {name}")


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def content_type(self):
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self):
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _eq, value = part.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'") or None
        return None


class Client:
    def __init__(self, timeout, user_agent):
        self.timeout = timeout
        self.user_agent = user_agent
        self._idle = defaultdict(list)  # (scheme, host, port) → [(reader, writer)] ready for another request
        self._ssl = None

    async def close(self):
        for connections in self._idle.values():
            for _reader, writer in connections:
                writer.close()
        self._idle.clear()

    async def _open(self, scheme, host, port):
        if scheme == "https":
            if self._ssl is None:
                self._ssl = ssl.create_default_context()
            return await asyncio.open_connection(host, port, ssl=self._ssl, server_hostname=host)
        return await asyncio.open_connection(host, port)

    async def request(self, method, url, want_body=None, max_bytes=None):
        """The answer to one request. `want_body(response)` (status and headers known) says whether to read the
        body into response.body (at most `max_bytes`); otherwise it is drained or the connection dropped."""
        scheme, host, port, host_header, target = _split(url)
        key = (scheme, host, port)
        head = (f"{method} {target} HTTP/1.1\r\nHost: {host_header}\r\n"
                f"User-Agent: {self.user_agent}\r\nAccept: */*\r\nAccept-Encoding: identity\r\n\r\n").encode("ascii")
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    idle = self._idle[key]
                    reused = bool(idle)
                    reader, writer = idle.pop() if reused else await self._open(scheme, host, port)
                    try:
                        return await self._exchange(key, reader, writer, method, head, want_body, max_bytes)
                    except (ConnectionError, asyncio.IncompleteReadError):
                        writer.close()
                        if not reused:
                            raise
                        # a kept-alive connection the server had closed meanwhile: once more on a new one
        except TimeoutError:
            raise RequestFailed("timeout", "TimeoutError") from None
        except asyncio.IncompleteReadError:
            raise RequestFailed("connect", "RemoteProtocolError") from None
        except (OSError, ssl.SSLError, ValueError, UnicodeError, asyncio.LimitOverrunError) as exc:
            raise RequestFailed("connect", exc.__class__.__name__) from None

    async def _exchange(self, key, reader, writer, method, head, want_body, max_bytes):
        try:
            writer.write(head)
            status, headers, keep = await self._read_head(reader)
            while 100 <= status < 200:  # 100 Continue and other interim answers: the real one follows
                status, headers, keep = await self._read_head(reader)
            response = Response(status, headers, None)
            if method == "HEAD" or status in (204, 304):
                length = 0
            elif "chunked" in headers.get("transfer-encoding", "").lower():
                length = "chunked"
            elif "content-length" in headers:
                length = int(headers["content-length"])
            else:
                length, keep = None, False  # read to close
            wanted = want_body is not None and want_body(response)
            if wanted:
                response.body, complete = await self._read_body(reader, length, max_bytes)
                keep = keep and complete
            elif length == 0:
                pass
            elif isinstance(length, int) and length <= DRAIN_LIMIT:
                await reader.readexactly(length)
            else:
                keep = False
        except BaseException:
            writer.close()
            raise
        if keep:
            self._idle[key].append((reader, writer))
        else:
            writer.close()
        return response

    @staticmethod
    async def _read_head(reader):
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        version, _sp, rest = lines[0].partition(" ")
        if not version.startswith("HTTP/"):
            raise ConnectionError("not HTTP")
        status = int(rest[:3])
        headers = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        keep = "close" not in connection and (version != "HTTP/1.0" or "keep-alive" in connection)
        return status, headers, keep

    @staticmethod
    async def _read_body(reader, length, max_bytes):
        """(body, complete): complete is False when the body was cut at max_bytes or read to the close."""
        limit = max_bytes or float("inf")
        if length == "chunked":
            data = bytearray()
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
                if size == 0:
                    while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                        pass
                    return bytes(data), True
                data += await reader.readexactly(size)
                await reader.readexactly(2)
                if len(data) > limit:
                    return bytes(data), False
        if length is None:
            data = bytearray()
            while len(data) <= limit:
                chunk = await reader.read(65536)
                if not chunk:
                    break
                data += chunk
            return bytes(data), False
        if length > limit:
            return await reader.readexactly(int(limit)), False
        return await reader.readexactly(length), True
