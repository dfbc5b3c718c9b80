"""Public item pages: 发布机构 (who published it, 000 第七条 谁公开谁负责) and the site's body style after
normalisation (003 第十五条: 正文黑色, 宋体5号, 行间距 as the site sets it)."""

from django import template

from review.attribution import publishing_organization
from review.models import SiteLexicon, SitePublishingRules

register = template.Library()


@register.simple_tag
def item_publisher(page):
    return publishing_organization(page)


@register.simple_tag
def item_body_style(page):
    """Colour, typeface and line spacing as the site sets them. The size is left to the page's stylesheet: its
    standard size and the reader's 大/中/小 and 长辈版 choices (适老化) must win over an inline size; the stored
    body itself is held to 五号 by review.checks.formatting."""
    site = page.get_site()
    rules = SitePublishingRules.objects.filter(site=site).first() if site else None
    lexicon = SiteLexicon.objects.filter(site=site).only("body_font").first() if site else None
    line_height = rules.body_line_height_pt if rules else SitePublishingRules.DEFAULT_LINE_HEIGHT_PT
    font = lexicon.body_font if lexicon else "宋体"
    return f'color:#000;font-family:"{font}","SimSun","Noto Serif CJK SC",serif;line-height:{line_height}pt'


@register.simple_tag
def item_source(page):
    """来源: as the item gives it; for an item shown from another site (alias, 转载), that site; else the publisher."""
    if page.source:
        return page.source
    if page.alias_of_id:
        original = page.alias_of.get_site()
        if original is not None:
            return original.site_name
    return publishing_organization(page)
