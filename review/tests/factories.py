"""Small builders for the review tests: a site in the 站群 with a column and published articles."""

import itertools
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site

from columns.models import ColumnPage
from content.models import ArticlePage
from content.services import place_item
from orgs.models import Organization
from portal.models import HomePage
from sites.models import SiteProfile

_serial = itertools.count(1)  # identity values are unique across the 站群


def make_site(code, *, parent=None, name=None):
    """A Wagtail Site with its SiteProfile (code → <code>.localhost), a home page and one column."""
    name = name or f"{code}人民政府"
    org = Organization.objects.create(name=name)
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=f"home-{code}"))
    site = Site.objects.create(hostname=f"{code}.localhost", port=80, root_page=home, site_name=name)
    n = next(_serial)
    SiteProfile.objects.create(
        site=site, code=code, full_name=name, site_code=f"6103029{n:03d}", icp=f"陕ICP备0588{n:04d}号",
        police_record=f"陕公网安备6103020288{n:04d}号", english_domain=f"www.{code}.gov.cn", level="county",
        kind="portal", parent=parent, supervisor=org, owner=org, operator=org,
    )
    column = home.add_child(instance=ColumnPage(title="通知公告", slug="tzgg"))
    return site, column


def publish_article(column, title, *, days_ago=0):
    item = ArticlePage(title=title, slug=f"a{ArticlePage.objects.count() + 1}", body="<p>正文</p>")
    item.publish_date = timezone.now() - timedelta(days=days_ago)
    return place_item(column, item)
