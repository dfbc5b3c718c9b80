from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from orgs.page_permissions import RuledPageMixin

from . import route_cache
from .forms import HomePageForm


class HomePage(RuledPageMixin, Page):
    """The home page (root) of one site in the 站群."""

    welcome = models.TextField(_("首页导语"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["columns.ColumnPage"]
    content_panels = Page.content_panels + [FieldPanel("welcome")]
    base_form_class = HomePageForm

    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")

    def route(self, request, path_components):
        """The page at a path under this home page, with every page between them, from one query on the indexed
        slugs (then one per page type) instead of two queries per level. Each page found carries its parent
        (`_cached_parent_obj`, as Wagtail's own walk leaves it), so labels, 发布机构 and the breadcrumb need no
        further page-tree query. Anything the shortcut cannot answer exactly (a missing page, a page type with its
        own routing) takes Wagtail's walk, unchanged."""
        chain = None
        if path_components:
            chain = route_cache.cached_chain(self, request, path_components)
            if chain is None:
                chain = self._route_chain(path_components)
                if chain is not None:
                    route_cache.remember_chain(self, request, path_components, chain)
        if chain is None:
            return super().route(request, path_components)
        parent = self
        for node in chain:
            node._cached_parent_obj = parent
            parent = node
        return chain[-1].route(request, [])

    def _route_chain(self, components):
        if len(components) > 20:
            return None
        url_paths = [self.url_path + "/".join(components[: k + 1]) + "/" for k in range(len(components))]
        found = {
            p.url_path: p
            for p in Page.objects.filter(path__startswith=self.path, slug__in=set(components), url_path__in=url_paths).specific()
        }
        chain = [found.get(url_path) for url_path in url_paths]
        parent = self
        for node in chain:
            if node is None or node.depth != parent.depth + 1 or not node.path.startswith(parent.path):
                return None
            parent = node
        if any(type(node).route is not Page.route for node in chain[:-1]):
            return None  # a page in between routes its own sub-paths
        return chain

    def get_context(self, request, *args, **kwargs):
        from columns.models import ColumnPage
        from content.services import latest_items
        from sites.services import profile_for_request

        from .services import family_nav, home_sections

        context = super().get_context(request, *args, **kwargs)
        context["columns"] = list(ColumnPage.objects.child_of(self).live().public().specific())
        context["sections"] = home_sections(self)
        context["latest"] = latest_items(self, limit=8)
        profile = profile_for_request(request)
        context["family"] = family_nav(request, profile) if profile is not None else []
        return context
