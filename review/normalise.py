"""Body normalisation on save (issue 8 part 5).

003 第十五条: 正文统一为黑色，字体用5号宋体，行间距设定为18. Text pasted from Word carries its own colour, font,
size and line height as inline styles and <font> tags; they are removed so that the site's own style applies
(portal templates set black, the site's font and its line height from SitePublishingRules). What was removed is
reported in Chinese so the editor knows. Wagtail's Draftail editor already drops inline styles on paste; imports,
the API and HTML written by other tools do not, and every save of an item passes here.

The stored title key for the duplicate-title check (003 第十五条: 大标题不要重复) is kept here too.
"""

import re

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from content.models import ItemPage

from .checks.titles import title_key

# The properties a site's stylesheet decides (003 第十五条); others (text-align, text-indent) are the author's.
SITE_STYLED_PROPERTIES = {
    "color": "文字颜色",
    "font-family": "字体",
    "font-size": "字号",
    "line-height": "行间距",
    "font": "字体",
    "mso-bidi-font-family": "字体",
    "mso-ascii-font-family": "字体",
    "mso-hansi-font-family": "字体",
    "mso-fareast-font-family": "字体",
    "mso-line-height-rule": "行间距",
}
_STYLE_ATTR = re.compile(r"""(?is)\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG = re.compile(r"(?s)<[a-zA-Z][^<>]*>")
_FONT_OPEN = re.compile(r"(?is)<font\b[^<>]*>")
_FONT_CLOSE = re.compile(r"(?is)</font\s*>")
_FONT_ATTRS = {"color": "文字颜色", "face": "字体", "size": "字号"}
_FONT_ATTR = re.compile(r"""(?i)\s(color|face|size)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""")


def _declarations(style):
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip():
            yield name.strip().lower(), value.strip()


def _clean_tag(tag, removed):
    def clean_style(match):
        style = match.group(1) if match.group(1) is not None else match.group(2)
        kept = []
        for name, value in _declarations(style):
            label = SITE_STYLED_PROPERTIES.get(name)
            if label:
                removed[label] = removed.get(label, 0) + 1
            else:
                kept.append(f"{name}: {value}")
        return f' style="{"; ".join(kept)}"' if kept else ""

    return _STYLE_ATTR.sub(clean_style, tag)


def normalise_body(html):
    """(normalised HTML, [Chinese notes on what was removed]). Only the site-styled properties go; the text, the
    structure and other styles (alignment, indentation) are kept."""
    if not html:
        return html, []
    removed = {}
    for tag in _FONT_OPEN.findall(html):
        for attr in _FONT_ATTR.findall(tag):
            label = _FONT_ATTRS[attr.lower()]
            removed[label] = removed.get(label, 0) + 1
    out = _FONT_CLOSE.sub("", _FONT_OPEN.sub("", html))  # <font> only carries colour, face and size
    out = _TAG.sub(lambda m: _clean_tag(m.group(0), removed), out)
    notes = [
        _("已去除正文中粘贴带入的{what}设置 {count} 处，按本站统一样式显示（003 第十五条）").format(what=what, count=count)
        for what, count in removed.items()
    ]
    return out, notes


@receiver(pre_save)
def normalise_item_on_save(sender, instance, raw=False, **kwargs):
    """Every save of an item (editor, import, API, publication of a revision): body normalised, title key kept.
    A fixture load or restore (raw) writes the row as it was stored."""
    if raw or not isinstance(instance, ItemPage):
        return
    instance.title_key = title_key(instance.title)[:255]
    body, notes = normalise_body(instance.body)
    if notes:
        instance.body = body
        instance._normalisation_notes = notes


# --- the site's body style on public pages ------------------------------------------------------------------

_BODY_STYLE_KEY = "govsite:review:body-style:{}"


def site_body_style(site_id):
    """003 第十五条: the inline style of an item's body on the public page — black, the site's typeface, its line
    spacing. Every item page shows it, so it is cached per site and dropped when the site's rules or lexicon change.
    The size is left to the page's stylesheet: its standard size and the reader's 大/中/小 and 长辈版 choices (适老化)
    must win over an inline size; the stored body itself is held to 五号 by review.checks.formatting."""
    from django.core.cache import cache

    from .models import SiteLexicon, SitePublishingRules

    key = _BODY_STYLE_KEY.format(site_id)
    style = cache.get(key)
    if style is None:
        rules = SitePublishingRules.objects.filter(site_id=site_id).first() if site_id else None
        lexicon = SiteLexicon.objects.filter(site_id=site_id).only("body_font").first() if site_id else None
        line_height = rules.body_line_height_pt if rules else SitePublishingRules.DEFAULT_LINE_HEIGHT_PT
        font = lexicon.body_font if lexicon else "宋体"
        style = f'color:#000;font-family:"{font}","SimSun","Noto Serif CJK SC",serif;line-height:{line_height}pt'
        cache.set(key, style, timeout=None)
    return style


def _forget_body_style(sender, instance, **kwargs):
    from django.core.cache import cache

    cache.delete(_BODY_STYLE_KEY.format(instance.site_id))


def _connect_body_style():
    from django.db.models.signals import post_delete, post_save

    from .models import SiteLexicon, SitePublishingRules

    for model in (SiteLexicon, SitePublishingRules):
        post_save.connect(_forget_body_style, sender=model, dispatch_uid=f"review.body_style.save.{model.__name__}")
        post_delete.connect(_forget_body_style, sender=model, dispatch_uid=f"review.body_style.delete.{model.__name__}")


_connect_body_style()
