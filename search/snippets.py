"""Highlighted snippets: the part of the body around the first query word, the words marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import highlight_terms, normalise

SNIPPET_CHARS = 120
LEAD_CHARS = 30


def _marked(original, normalised, terms):
    """HTML of `original` with every term (found in its normalised form) in <mark>. The normalised text is used
    for display when 繁→简 changed its length (rare phrase conversions)."""
    shown = original if len(original) == len(normalised) else normalised
    if not terms:
        return escape(shown)
    pattern = re.compile("|".join(re.escape(t) for t in terms))
    out, last = [], 0
    for match in pattern.finditer(normalised):
        out += [escape(shown[last:match.start()]), "<mark>", escape(shown[match.start():match.end()]), "</mark>"]
        last = match.end()
    out.append(escape(shown[last:]))
    return "".join(out)


def snippet_html(body, terms):
    normalised = normalise(body)
    first = min((i for i in (normalised.find(t) for t in terms) if i >= 0), default=0)
    start = max(first - LEAD_CHARS, 0)
    end = start + SNIPPET_CHARS
    html = _marked(body[start:end], normalised[start:end], terms)
    return ("…" if start else "") + html + ("…" if end < len(body) else "")


def decorate(entry, query_text):
    terms = highlight_terms(query_text)
    entry.snippet = mark_safe(snippet_html(entry.body, terms))
    entry.title_html = mark_safe(_marked(entry.title, normalise(entry.title), terms))
    return entry
