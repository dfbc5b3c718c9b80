from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from orgs.page_permissions import RuledPageMixin

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
