"""link and prohibited findings for links (004 第十三条: 不得与不良网站、非法网站建立链接, 不承接任何非公益类
广告宣传) at their edges: which addresses are seen, which hosts are bad, commercial or fine, what the editor is
told. Found by mutation testing of review/checks/links.py (issue 14)."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from review.checks import links
from review.checks.links import LinkRules, host_of

def platform():
    return LinkRules.platform()  # read in each test: the rules come from domains.yaml through this


def found(raw, rules=None):
    out = links.findings(raw, rules or platform())
    for f in out:
        assert raw[f.start : f.end] == f.match
    return [(f.category, f.severity, f.start, f.end, f.match, f.message) for f in out]


def commercial(host):
    return f"链接指向非政府的商业网站“{host}”，请确认确有必要"


def test_a_commercial_link_is_a_warning_at_its_exact_span():
    raw = "详见http://www.taobao.com/item.html。"
    url = "http://www.taobao.com/item.html"
    assert found(raw) == [("link", "warn", 2, 2 + len(url), url, commercial("www.taobao.com"))]


@pytest.mark.parametrize("tail", [".", ",", ";", ":", "!", "?", ")", "]", "}", "'", '"', ").", ""])
def test_trailing_punctuation_is_not_part_of_the_address(tail):
    raw = f"见 https://shop.taobao.com/a{tail}"
    assert [f[4] for f in found(raw)] == ["https://shop.taobao.com/a"]


def test_bare_and_www_addresses_are_seen_but_not_inside_mail_addresses_or_paths():
    raw = "访问 taobao.com 或 WWW.JD.COM/list 或 www.jd.com:8080/a，邮箱 abc@taobao.com，路径 /taobao.com"
    assert [(f[2], f[4], f[5]) for f in found(raw)] == [
        (raw.index("taobao.com"), "taobao.com", commercial("taobao.com")),
        (raw.index("WWW"), "WWW.JD.COM/list", commercial("www.jd.com")),
        (raw.index("www.jd.com:"), "www.jd.com:8080/a", commercial("www.jd.com")),
    ]


def test_an_address_inside_a_scheme_url_is_reported_once():
    raw = "http://www.taobao.com/?ref=jd.com"
    assert [f[4] for f in found(raw)] == [raw]


def test_a_domain_glued_to_letters_or_digits_before_it_is_not_a_new_address():
    assert found("文件名report.taobao.com") == [
        ("link", "warn", 3, len("文件名report.taobao.com"), "report.taobao.com", commercial("report.taobao.com"))
    ]
    assert found("编号1.5版，金额3.20元") == []
    assert found("无链接") == []


@pytest.mark.parametrize(
    "raw, kind, host",
    [
        ("http://www.bad-casino.example/", "赌博", "www.bad-casino.example"),
        ("https://bad-casino.example", "赌博", "bad-casino.example"),
        ("http://a.b.fapiao-daikai.example/x", "假发票、假证件", "a.b.fapiao-daikai.example"),
        ("http://play.bet/", "赌博", "play.bet"),
        ("http://www.casino.cn/", "赌博", "www.casino.cn"),
        ("http://888casino.com/", "赌博", "888casino.com"),
        ("http://www.lhc-vip.com/", "赌博", "www.lhc-vip.com"),
        ("http://my.porn/", "色情", "my.porn"),
    ],
)
def test_links_to_gambling_or_adult_sites_are_blocked_as_prohibited_and_as_links(raw, kind, host):
    url = raw
    assert found(raw) == [
        ("prohibited", "block", 0, len(url), url, f"链接指向{kind}网站“{host}”，不得发布"),
        ("link", "block", 0, len(url), url, f"链接指向禁止链接的网站（{kind}）"),
    ]


def test_short_bad_words_count_only_as_a_whole_label():
    assert found("http://www.essex.gov.cn/") == []
    assert found("http://xlhcx.gov.cn/") == []
    assert [f[5] for f in found("http://sex.gov.cn/")] == ["链接指向色情网站“sex.gov.cn”，不得发布", "链接指向禁止链接的网站（色情）"]


def test_a_domain_the_site_lists_is_blocked_as_a_link_only():
    rules = platform().for_site(blocked=["Spam.Example"])
    assert found("见 http://www.spam.example/a", rules) == [
        ("link", "block", 2, 2 + len("http://www.spam.example/a"), "http://www.spam.example/a", "链接指向禁止链接的网站（禁止链接名单）")
    ]
    assert found("见 http://www.spam.example/a") == []
    assert platform().blocked.get("spam.example") is None


@pytest.mark.parametrize(
    "host",
    ["www.shaanxi.gov.cn", "gov.cn", "www.pku.edu.cn", "www.people.com.cn", "people.com.cn", "beian.miit.gov.cn",
     "www.w3.org", "example.com"],
)
def test_government_and_trusted_hosts_are_not_commercial(host):
    assert found(f"http://{host}/a") == []


def test_a_trusted_name_is_trusted_only_as_a_whole_domain():
    assert found("http://fakepeople.com.cn/")[0][5] == commercial("fakepeople.com.cn")
    assert found("http://www.shaanxi-gov.cn/")[0][5] == commercial("www.shaanxi-gov.cn")


def test_a_site_may_trust_more_domains():
    rules = platform().for_site(trusted=["Partner.COM"])
    assert found("http://www.partner.com/", rules) == []
    assert found("http://www.partner.com/")[0][5] == commercial("www.partner.com")


def test_a_site_requiring_https_is_told_of_each_http_link():
    rules = platform().for_site(require_https=True)
    assert found("HTTP://www.shaanxi.gov.cn/a", rules) == [
        ("link", "warn", 0, 27, "HTTP://www.shaanxi.gov.cn/a", "本站要求使用 https 链接")
    ]
    assert found("https://www.shaanxi.gov.cn/a ftp://files.gov.cn/x", rules) == []
    assert found("http://www.taobao.com/", rules)[0][5] == commercial("www.taobao.com") + "；本站要求使用 https 链接"
    assert found("http://www.bad-casino.example/", rules)[1][5] == "链接指向禁止链接的网站（赌博）；本站要求使用 https 链接"
    assert found("HTTP://www.shaanxi.gov.cn/a") == []


def test_hosts_are_read_lower_case_without_a_trailing_dot():
    assert host_of("HTTP://WWW.Taobao.COM./x") == "www.taobao.com"
    assert host_of("www.taobao.com/x") == "www.taobao.com"
    assert host_of("http://[zz/") == ""
    assert found("http://[zz.com/") == []
    assert found("http://localhost/a") == []


def test_after_a_mail_address_or_a_link_later_addresses_are_still_seen():
    raw = "邮箱 abc@taobao.com，见 jd.com"
    assert [f[4] for f in found(raw)] == ["jd.com"]
    raw = "见a taobao.com"
    assert [f[4] for f in found(raw)] == ["taobao.com"]
    raw = "http://www.taobao.com/?ref=jd.com 和 qq.com"
    assert [f[4] for f in found(raw)] == ["http://www.taobao.com/?ref=jd.com", "qq.com"]
    raw = "http://127.0.0.1/?u=taobao.com 和 qq.com"
    assert [url for _, _, url in platform().urls(raw)] == ["http://127.0.0.1/?u=taobao.com", "qq.com"]


def test_www_addresses_under_any_top_level_domain_are_seen():
    for raw in ("访问 www.casino.uk 。", "访问 WWW.CASINO.UK 。"):
        url = raw[3:-2]
        assert [(f[0], f[4]) for f in found(raw)] == [("prohibited", url), ("link", url)]


def test_bad_words_and_top_level_domains_count_on_every_site_and_only_as_named():
    rules = platform().for_site(trusted=["partner.com"])
    assert [f[0] for f in found("http://play.bet/", rules)] == ["prohibited", "link"]
    assert [f[0] for f in found("http://www.casino.cn/", rules)] == ["prohibited", "link"]
    assert found("http://www.poker.cn/") == [
        ("link", "warn", 0, 20, "http://www.poker.cn/", commercial("www.poker.cn"))
    ]
    assert found("http://888bocai.com/")[0][5] == "链接指向赌博网站“888bocai.com”，不得发布"


# -- dead links: probe, against a local http.server only ------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    def _answer(self):
        path, head = self.path, self.command == "HEAD"
        if path == "/ua":
            status = 200 if self.headers.get("User-Agent") == "govsite-linkcheck/1.0" else 418
        elif path == "/head-only":
            status = 200 if head else 500
        elif path.startswith("/head-"):
            status = int(path[6:]) if head else 200
        elif path == "/boom":
            self.send_response(500, "Boom")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_probe_asks_with_head_first_and_names_itself(server):
    assert links.probe(f"{server}/ok", timeout=2) == (200, "")
    assert links.probe(f"{server}/ua", timeout=2) == (200, "")
    assert links.probe(f"{server}/head-only", timeout=2) == (200, "")


@pytest.mark.parametrize("code", [403, 405, 501])
def test_probe_falls_back_to_get_where_head_is_refused(server, code):
    assert links.probe(f"{server}/head-{code}", timeout=2) == (200, "")


def test_probe_reports_other_errors_of_head_with_their_reason(server):
    assert links.probe(f"{server}/head-404", timeout=2) == (404, "Not Found")
    assert links.probe(f"{server}/head-502", timeout=2) == (502, "Bad Gateway")
    assert links.probe(f"{server}/boom", timeout=2) == (500, "Boom")


def test_probe_reports_an_unreachable_address_with_the_reason():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    status, reason = links.probe(f"http://127.0.0.1:{port}/x", timeout=2)
    assert (status, reason) == (None, "[Errno 111] Connection refused")


def test_addresses_without_a_dotted_host_are_passed_over():
    rules = platform().for_site(require_https=True)
    assert found("http://localhost/a.html", rules) == []
    raw = "http://localhost/a http://www.taobao.com/"
    assert [f[4] for f in found(raw)] == ["http://www.taobao.com/"]


def test_platform_rules_as_read_from_domains_yaml():
    rules = platform()
    assert rules.blocked["bad-casino.example"] == "gambling"
    assert rules.bad_kind("WWW.BAD-CASINO.EXAMPLE".lower()) == "gambling"
    assert (rules.bad_tlds["bet"], rules.bad_host_words["casino"]) == ("gambling", "gambling")
    assert ".gov.cn" in rules.government and "people.com.cn" in rules.trusted
    assert "com.cn" in rules.commercial and [len(t) for t in rules.commercial] == sorted(map(len, rules.commercial), reverse=True)
    assert rules.commercial_host("www.taobao.com") and not rules.require_https


@pytest.mark.parametrize(
    "address, kind",
    [("casino.gov", "赌博"), ("casino.org", "赌博"), ("casino.edu", "赌博"), ("casino.int", "赌博"),
     ("casino.mil", "赌博"), ("play.bet", "赌博"), ("bad-casino.example", "赌博"), ("x.adult-video.example", "色情")],
)
def test_bare_addresses_under_listed_and_bad_top_level_domains_are_seen(address, kind):
    raw = f"访问 {address} 。"
    assert found(raw) == [
        ("prohibited", "block", 3, 3 + len(address), address, f"链接指向{kind}网站“{address}”，不得发布"),
        ("link", "block", 3, 3 + len(address), address, f"链接指向禁止链接的网站（{kind}）"),
    ]
