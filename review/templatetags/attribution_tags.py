"""Public item pages: 发布机构 (who published it, 000 第七条 谁公开谁负责) and the site's body style after
normalisation (003 第十五条: 正文黑色, 宋体5号, 行间距 as the site sets it)."""

from django import template

from review.attribution import publishing_organization
from review.normalise import site_body_style

register = template.Library()


@register.simple_tag
def item_publisher(page):
    return publishing_organization(page)


@register.simple_tag(takes_context=True)
def item_body_style(context, page):
    """Colour, typeface and line spacing as the site sets them (review.normalise.site_body_style)."""
    parts = page.get_url_parts(request=context.get("request"))
    return site_body_style(parts[0] if parts else None)


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
