"""The link checker against a fixture site it does not know (served on 127.0.0.1 by the test): every planted broken
link found, with every referrer and whether it is on the home page; nothing else reported."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from inspection.crawler import Crawler, Settings, check_links
from inspection.tests.fixture_site import EXPECTED_BROKEN, OTHER_PAGES, PORT_BASE, FixtureServer, site_pages

SITE_PORT, OTHER_PORT = PORT_BASE, PORT_BASE + 1
SITE = f"http://127.0.0.1:{SITE_PORT}"
OTHER = f"localhost:{OTHER_PORT}"


@pytest.fixture(scope="module")
def servers():
    with FixtureServer(SITE_PORT, site_pages(OTHER)) as site, FixtureServer(OTHER_PORT, OTHER_PAGES) as other:
        yield site, other


def encoded(path):
    from inspection.urlnorm import canonical

    return canonical(SITE + path)


def run(settings=None):
    return check_links(SITE + "/", settings=settings or Settings(timeout=1.0))


def test_every_planted_broken_link_found_and_nothing_else(servers):
    report = run()
    broken = {row["url"]: row for row in report.broken()}
    expected = {encoded(path) for path in EXPECTED_BROKEN} | {f"http://{OTHER}/missing.html"}
    assert set(broken) == expected
    for path, (status, referrers) in EXPECTED_BROKEN.items():
        row = broken[encoded(path)]
        assert row["status"] == status
        assert set(row["referrers"]) == {encoded(r) for r in referrers}
        assert row["on_home"] == ("/" in referrers)
    assert broken[encoded("/slow.html")]["error"] == "超时（1 秒无响应）"
    assert broken[encoded("/loop-a")]["error"] == "重定向循环"
    assert [hop["url"] for hop in broken[encoded("/loop-a")]["redirects"]] == [encoded("/loop-a"), encoded("/loop-b")]
    assert broken[encoded("/files/缺失文件.xls")]["readable_url"] == SITE + "/files/缺失文件.xls"
    assert broken[f"http://{OTHER}/missing.html"]["on_home"] is True


def test_crawls_the_site_not_the_other_host(servers):
    site, other = servers
    site.clear()
    other.clear()
    report = run()
    # HTML pages read: /, /about.html (also reached by /moved: read once), /news/, /news/sub/a1.html, /embed.html,
    # /map-target.html. The 404/500/slow/looping addresses yield no page.
    assert report.pages == 6
    assert {path for _m, path, _t in other.requests} == {"/ok.html", "/missing.html"}
    assert {method for method, path, _t in other.requests if path == "/ok.html"} == {"HEAD"}


def test_head_refused_falls_back_to_get(servers):
    site, _other = servers
    site.clear()
    report = run()
    assert encoded("/files/head-refused.doc") not in {row["url"] for row in report.broken()}
    asked = [method for method, path, _t in site.requests if path == "/files/head-refused.doc"]
    assert asked == ["HEAD", "GET"]
    # attachments and images are checked by HEAD only, never downloaded
    assert [method for method, path, _t in site.requests if path == "/files/报告.pdf"] == ["HEAD"]


def test_per_host_concurrency_and_rate(servers):
    site, _other = servers
    site.clear()
    run(Settings(timeout=5.0, per_host=2))  # the slow page answers within 5 s: no request is abandoned
    assert site.max_in_flight() == 2
    site.clear()
    run(Settings(timeout=5.0, per_host=2, rate=20))
    starts = sorted(t for _m, _p, t in site.requests)
    # 20 per second: n requests span at least (n-1)/20 s (less the arrival jitter of the first and last)
    assert len(starts) > 20
    assert starts[-1] - starts[0] >= (len(starts) - 1) / 20 - 0.02


def test_max_pages_stops_the_crawl(servers):
    report = run(Settings(timeout=1.0, max_pages=1))
    assert report.pages == 1


def test_command_contract(servers, capsys):
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_links", SITE + "/", "--json", "--timeout", "1", stdout=out)
    assert exit_info.value.code == 1
    data = json.loads(out.getvalue())
    assert data["pages"] == 6
    first = data["broken"][0]
    assert {"url", "status", "error", "referrers"} <= set(first)


def test_command_clean_site_exits_0(servers):
    out = StringIO()
    call_command("check_links", SITE + "/embed.html", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {**json.loads(out.getvalue()), "pages": 1, "broken": []}


@pytest.mark.parametrize("args", [["ftp://x/"], ["not a url"], [f"http://127.0.0.1:{PORT_BASE}/", "--max-pages", "0"],
                                  [f"http://127.0.0.1:{PORT_BASE}/", "--timeout", "-1"]])
def test_command_bad_input_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_links", *args)
    assert exit_info.value.code == 2
    assert "应为" in capsys.readouterr().err


def test_no_server_is_a_connection_error():
    report = Crawler(f"http://127.0.0.1:{PORT_BASE + 9}/", settings=Settings(timeout=1.0)).run_sync()
    [row] = report.broken()
    assert row["status"] is None and row["error"].startswith("无法连接") and row["on_home"] is False
