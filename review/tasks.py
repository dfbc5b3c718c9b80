"""Background work of the review app (Celery; in-process when REDIS_URL is unset)."""

from govsite.celery import app

from .checks import links


@app.task(name="review.check_dead_links")
def check_dead_links(urls, timeout=5.0):
    """Probe each http(s) URL with a short timeout; return the dead ones as [{"url", "status", "error"}].
    A link is dead when it cannot be reached or answers 4xx/5xx (国办秘函〔2019〕19号 扣分: 链接可用性)."""
    dead = []
    for url in dict.fromkeys(urls):
        if not url.lower().startswith(("http://", "https://")):
            continue
        status, error = links.probe(url, timeout=timeout)
        if status is None or status >= 400:
            dead.append({"url": url, "status": status, "error": error})
    return dead
