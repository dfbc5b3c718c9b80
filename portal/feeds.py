"""RSS 2.0 of a column at `<column url>feed/` (DESIGN §3): its newest items, with absolute links on the address
the visitor used."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from content.services import items_in_column

from .services import absolute_page_url

FEED_ITEMS = 20


class ColumnFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def __init__(self, request, profile):
        # One instance per request (the request's host gives the links).
        super().__init__()
        self.request, self.profile = request, profile

    def get_object(self, request, column):
        return column

    def title(self, column):
        return f"{column.title} - {self.profile.full_name}"

    def link(self, column):
        return absolute_page_url(self.request, column)

    def feed_url(self, column):
        return self.link(column) + "feed/"

    def description(self, column):
        return column.description or f"{self.profile.full_name}“{column.title}”栏目的最新信息"

    def author_name(self, column):
        return self.profile.owner.name

    def items(self, column):
        return list(items_in_column(column)[:FEED_ITEMS])

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_page_url(self.request, item)

    def item_description(self, item):
        return item.summary or Truncator(" ".join(strip_tags(item.body or "").split())).chars(200)

    def item_pubdate(self, item):
        return item.publish_date

    def item_author_name(self, item):
        return item.author or item.source or self.profile.owner.name
