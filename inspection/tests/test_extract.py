"""The links a page offers, as a browser sees them: <base href>, entities in attribute values, every link-carrying
tag; nothing from comments, from the text of scripts and styles, or from <link rel=dns-prefetch/preconnect>."""

from inspection.extract import page_links

PAGE = """<html><head><base href="/news/sub/"><link rel="dns-prefetch" href="//nowhere.invalid">
<link rel=stylesheet href=a.css><script src="/js/app.js">var x = '<a href="/in-script.html">';</script>
<style>a{} <a href="/in-style.html"></style><!-- <a href="/in-comment.html"> --></head>
<body><A HREF='x.html?a=1&amp;b=2'>X</A> <img src="/files/报告.pdf" alt="a>b"> <a href="mailto:web@example.gov.cn">m</a>
<a href="#top">t</a> <a href="http://Other.EXAMPLE:80/p">o</a> <video src="v.mp4" poster="p.jpg"></video>
<abbr title="/not-a-link">x</abbr> <area href="../../map.html"> <a href="/files/%E6%8A%A5%E5%91%8A.pdf">again</a>
<iframe src="/embed.html"></iframe><object data="/o.swf"></object></body></html>"""


def test_page_links_as_a_browser_reads_them():
    site = "http://127.0.0.1:8000"
    assert page_links(PAGE, f"{site}/page/here.html") == [
        ("link", f"{site}/news/sub/a.css"),
        ("script", f"{site}/js/app.js"),
        ("a", f"{site}/news/sub/x.html?a=1&b=2"),
        ("img", f"{site}/files/%E6%8A%A5%E5%91%8A.pdf"),  # the encoded spelling later on the page is the same link
        ("a", "http://other.example/p"),
        ("video", f"{site}/news/sub/v.mp4"),
        ("video", f"{site}/news/sub/p.jpg"),
        ("area", f"{site}/map.html"),
        ("iframe", f"{site}/embed.html"),
        ("object", f"{site}/o.swf"),
    ]


def test_root_paths_resolve_per_page_origin():
    # the resolution cache is keyed by origin for "/x": two hosts must not share an answer
    assert page_links('<a href="/x">', "http://a.example/p/q.html") == [("a", "http://a.example/x")]
    assert page_links('<a href="/x">', "https://b.example/r/") == [("a", "https://b.example/x")]
    assert page_links('<a href="y">', "http://a.example/p/q.html") == [("a", "http://a.example/p/y")]
    assert page_links('<a href="./">', "http://a.example/p/q.html") == [("a", "http://a.example/p/")]
    assert page_links('<a href="../z">', "http://a.example/p/r/s.html?t=1") == [("a", "http://a.example/p/z")]
    assert page_links('<a href="?page=2">', "http://a.example/p/q.html") == [("a", "http://a.example/p/q.html?page=2")]
    assert page_links('<a href="?page=2">', "http://a.example/p/other.html") == [("a", "http://a.example/p/other.html?page=2")]
