"""duplicate_title (warn): the same title already published on the site within a window of days.

003 第十五条: 大标题不要重复. Titles are compared after normalisation (繁→简, full-width, spaces and
punctuation ignored). The site's published titles are looked up by their stored key (ItemPage.title_key, kept by
review.normalise on every save) through content.services.title_taken_on, imported inside the function so that
review.checks stays importable without Django.
"""

import re

from .base import DUPLICATE_TITLE, WARN, Finding, _
from .normalize import fold, html_text

_TITLE_TAG = re.compile(r"(?is)<(title|h1)\b[^<>]*>(.*?)</\1\s*>")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "，", ",", "：", ":")


def title_key(title):
    return _NOT_WORD.sub("", fold(title or ""))


def extract_title(raw, is_html):
    """(title, start, end) of the text's own title: <title> or <h1> of HTML, else a short first line."""
    if is_html:
        m = _TITLE_TAG.search(raw)
        if m:
            text = html_text(m.group(2)).strip()
            if text:
                start = m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip()))
                return text, start, start + len(m.group(2).strip())
        return None
    stripped = raw.lstrip()
    offset = len(raw) - len(stripped)
    line = stripped.split("\n", 1)[0].rstrip()
    if 4 <= len(line) <= 80 and not line.endswith(_SENTENCE_END):
        return line, offset, offset + len(line)
    return None


def findings(raw, is_html, site, *, title=None, page_id=None, since_days=365, published=None):
    """`published`: the site's titles when the caller already has them (batch inspection, the corpus)."""
    if site is None and published is None:
        return []
    if title:
        at = raw.find(title)
        found = (title, at, at + len(title)) if at >= 0 else (title, 0, 0)
    else:
        found = extract_title(raw, is_html)
    if not found:
        return []
    text, start, end = found
    key = title_key(text)
    if not key:
        return []
    if published is None:
        # One indexed query on the stored title key (content.services; kept by review.normalise on save).
        from content.services import title_taken_on

        other = title_taken_on(site, key[:255], since_days=since_days, exclude_page_id=page_id)
    else:
        other = next((title for title in published if title_key(title) == key), None)
    if other is None:
        return []
    match = raw[start:end]
    # 003 第十五条: 大标题不要重复
    message = _("本站{days}天内已发布同名标题“{title}”，大标题不要重复").format(days=since_days, title=other)
    return [Finding(DUPLICATE_TITLE, WARN, start, end, match, message)]
