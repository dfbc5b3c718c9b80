"""The crawler and link checker: asyncio with the keep-alive aiohttp client of inspection.http.

From a start URL it crawls the pages of the site's own hosts and checks every link it finds (a, area, img, script,
link, iframe, … and attachments); links to other hosts are checked but not crawled. Each URL is requested once:
pages of the site by GET (and parsed when HTML), everything else by HEAD with a GET fallback for servers that
refuse or mishandle HEAD. Redirects are followed by hand so that a chain is kept and a loop is named. Requests to one
host are limited in number at a time and, optionally, in rate, so a check never floods a government server.

A link is broken when its final answer is 4xx/5xx, or no answer came (timeout, refused connection, DNS, TLS), or
its redirects loop or run too long. Each broken URL is reported once with every page that links to it and whether
the home page (the start URL) is one of them: the 检查指标 deducts more for a broken link on the home page."""

import asyncio
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.utils.translation import gettext as _

from .extract import EMBEDDED_TAGS, page_links
from .http import Client, RequestFailed
from .urlnorm import canonical, host_of, readable

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Targets checked without reading them: attachments (001 第二十四条: downloads), media, styles and scripts.
NOT_PAGE_SUFFIXES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".ppt", ".pptx", ".wps", ".ofd", ".txt", ".zip", ".rar", ".7z",
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".ico", ".mp3", ".mp4", ".avi", ".flv", ".css", ".js",
)
MAX_PAGE_BYTES = 5 * 1024 * 1024
USER_AGENT = "govsite-inspection/1 (link check of a government website platform)"


@dataclass
class Settings:
    timeout: float = 15.0  # 检查指标 单项否决2: a visit still failing after 15 s counts as failed
    per_host: int = 8  # requests in flight to one host
    rate: float = 0.0  # requests per second to one host; 0 = no limit beyond per_host
    max_redirects: int = 10
    max_pages: int | None = None
    workers: int = 64


@dataclass
class Outcome:
    url: str
    status: int | None = None  # the final HTTP status; None when no answer came
    error: str = ""
    chain: list = field(default_factory=list)  # redirect hops [(url, status)]
    final_url: str = ""
    kind: str = ""  # timeout | connect | redirect_loop | redirect_bad | redirect_long | "" (an HTTP answer)

    @property
    def broken(self):
        return bool(self.error) or self.status is None or self.status >= 400


@dataclass
class LinkReport:
    start_url: str
    pages: int
    checked: int
    outcomes: dict
    referrers: dict
    home_urls: set
    seconds: float

    def broken(self):
        """[{url, status, error, referrers, on_home, redirects}] sorted by URL, one entry per broken URL."""
        rows = []
        for url, outcome in sorted(self.outcomes.items()):
            if not outcome.broken:
                continue
            refs = sorted(self.referrers.get(url, ()))
            rows.append({
                "url": url,
                "readable_url": readable(url),
                "status": outcome.status,
                "error": outcome.error or http_error_text(outcome.status),
                "referrers": refs,
                "on_home": bool(self.home_urls & set(refs)),
                "redirects": [{"url": u, "status": s} for u, s in outcome.chain],
            })
        return rows

    def as_dict(self):
        return {"start_url": self.start_url, "pages": self.pages, "checked": self.checked,
                "seconds": round(self.seconds, 3), "broken": self.broken()}


def http_error_text(status):
    if status is None or status < 400:
        return ""
    if status == 404:
        return _("页面不存在（404）")
    if status >= 500:
        return _("服务器错误（{status}）").format(status=status)
    return _("访问被拒绝或请求错误（{status}）").format(status=status)


class HostLimiter:
    """At most `per_host` requests in flight to a host, and (when rate > 0) their starts spaced 1/rate apart."""

    def __init__(self, per_host, rate):
        self.per_host = per_host
        self.interval = 1.0 / rate if rate else 0.0
        self._semaphores = {}
        self._next_start = defaultdict(float)
        self._locks = defaultdict(asyncio.Lock)

    def _semaphore(self, host):
        if host not in self._semaphores:
            self._semaphores[host] = asyncio.Semaphore(self.per_host)
        return self._semaphores[host]

    async def __call__(self, host, request):
        async with self._semaphore(host):
            if self.interval:
                async with self._locks[host]:
                    now = time.monotonic()
                    start = max(now, self._next_start[host])
                    self._next_start[host] = start + self.interval
                await asyncio.sleep(start - now)
            return await request()


class Crawler:
    def __init__(self, start_url, hosts=None, settings=None):
        self.start_url = canonical(start_url)
        if not self.start_url:
            raise ValueError(_("起始地址无效：{url}（应为 http:// 或 https:// 开头的网址）").format(url=start_url))
        self.hosts = {host_of(self.start_url)} | {host_of(canonical(f"http://{h}/") or "") for h in hosts or ()}
        self.settings = settings or Settings()
        self.limiter = HostLimiter(self.settings.per_host, self.settings.rate)
        self.outcomes = {}
        self.referrers = defaultdict(set)
        self.home_urls = {self.start_url}
        self.pages = 0  # HTML pages of the site read and parsed
        self._page_requests = 0
        self._queued = set()

    def run_sync(self):
        return asyncio.run(self.run())

    def in_scope(self, url):
        return host_of(url) in self.hosts

    def _enqueue(self, queue, url, as_page):
        if url in self._queued:
            return
        self._queued.add(url)
        queue.put_nowait((url, as_page))

    async def run(self):
        started = time.monotonic()
        queue = asyncio.Queue()
        self.client = Client(self.settings.timeout, USER_AGENT, per_host=self.settings.per_host)
        try:
            self._enqueue(queue, self.start_url, True)
            workers = [asyncio.create_task(self._worker(queue)) for _ in range(self.settings.workers)]
            await queue.join()
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        finally:
            await self.client.close()
        return LinkReport(self.start_url, self.pages, len(self.outcomes), self.outcomes, self.referrers,
                          self.home_urls, time.monotonic() - started)

    async def _worker(self, queue):
        while True:
            url, as_page = await queue.get()
            try:
                await self._visit(queue, url, as_page)
            except Exception as exc:  # one odd URL must not stop the round
                self.outcomes[url] = Outcome(url, error=_("检查出错：{error}").format(error=exc.__class__.__name__))
            finally:
                queue.task_done()

    def _page_allowed(self):
        return self.settings.max_pages is None or self._page_requests < self.settings.max_pages

    async def _visit(self, queue, url, as_page):
        crawl = as_page and self.in_scope(url) and not url.lower().split("?")[0].endswith(NOT_PAGE_SUFFIXES)
        if crawl and self._page_allowed():
            self._page_requests += 1  # counted before the request so concurrent workers respect --max-pages
            outcome, html = await self._get_page(url)
        else:
            outcome, html = await self._check(url), None
        self.outcomes[url] = outcome
        if html is None:
            return
        page_url = outcome.final_url or url
        if page_url != url:
            if page_url in self._queued:  # redirected to a page read (or to be read) under its own address
                return
            self._queued.add(page_url)
        if url == self.start_url:
            self.home_urls.add(page_url)
        self.pages += 1
        for tag, link in page_links(html, page_url):
            self.referrers[link].add(page_url)
            self._enqueue(queue, link, tag not in EMBEDDED_TAGS)

    async def _request(self, method, url, want_body=None):
        """One request, redirects followed by hand. Returns (Outcome, the final Response or None)."""
        chain, seen, current = [], {url}, url
        while True:
            host = host_of(current)
            try:
                response = await self.limiter(host, lambda: self.client.request(
                    method, current, want_body=want_body, max_bytes=MAX_PAGE_BYTES))
            except RequestFailed as failure:
                if failure.kind == "timeout":
                    return Outcome(url, error=_("超时（{seconds} 秒无响应）").format(seconds=f"{self.settings.timeout:g}"),
                                   chain=chain, kind="timeout"), None
                return Outcome(url, error=_("无法连接：{error}").format(error=failure.name), chain=chain,
                               kind="connect"), None
            status, headers = response.status, response.headers
            if status in (301, 302, 303, 307, 308) and headers.get("location"):
                chain.append((current, status))
                target = canonical(urljoin(current, headers["location"]))
                if target is None:
                    return Outcome(url, status, _("重定向地址无效"), chain, kind="redirect_bad"), None
                if target in seen:
                    return Outcome(url, status, _("重定向循环"), chain, kind="redirect_loop"), None
                if len(chain) >= self.settings.max_redirects:
                    return Outcome(url, status, _("重定向次数过多"), chain, kind="redirect_long"), None
                seen.add(target)
                current = target
                continue
            return Outcome(url, status, chain=chain, final_url=current), response

    async def _get_page(self, url):
        def is_html(response):
            return response.status < 300 and response.content_type in HTML_TYPES

        outcome, response = await self._request("GET", url, is_html)
        html = None
        if response is not None and response.body is not None:
            html = decode_html(response.body, response.charset)
        if outcome.final_url and not self.in_scope(outcome.final_url):
            html = None  # redirected off the site: checked, not crawled
        return outcome, html

    async def _check(self, url):
        outcome, _body = await self._request("HEAD", url)
        # Some servers refuse HEAD (405/501) or answer it wrongly; GET decides before a link is called broken.
        # A timeout is not retried: the 15 s have already been given.
        if outcome.broken and outcome.kind not in ("timeout", "redirect_loop"):
            outcome, _body = await self._request("GET", url)
        return outcome


def decode_html(data, declared):
    """Page text: the charset the server declared, else a <meta charset> in the first 2 KB (many government sites
    still serve GBK), else UTF-8."""
    import re

    charset = declared
    if not charset:
        found = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", data[:2048], re.I)
        charset = found.group(1).decode("ascii") if found else "utf-8"
    if charset.lower() in ("gb2312", "gbk"):
        charset = "gb18030"  # the superset: GB2312-labelled pages often hold GBK characters
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def check_links(start_url, *, hosts=None, settings=None):
    """Crawl from `start_url` within its host (and `hosts`), check every link; a LinkReport."""
    return asyncio.run(Crawler(start_url, hosts=hosts, settings=settings).run())
