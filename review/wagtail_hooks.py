from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from orgs.isolation import SiteIsolatedSnippetViewSetMixin
from portal.admin_display import boolean_column

from . import publishing  # noqa: F401  (registers the publishing gate's hooks)
from .models import SiteLexicon


class SiteLexiconViewSet(SiteIsolatedSnippetViewSetMixin, SnippetViewSet):
    """站点审核词库: each site's own terms and link lists for the pre-publish checks (review/checks/)."""

    model = SiteLexicon
    icon = "warning"
    menu_label = _("审核词库")
    menu_name = "review-lexicons"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["site", boolean_column(SiteLexicon, "require_https"), "body_font", "duplicate_title_days", "version", "updated_at"]
    search_fields = ["prohibited_terms", "sensitive_terms", "allowed_terms", "blocked_domains"]
    panels = [
        FieldPanel("site"),
        MultiFieldPanel(
            [FieldPanel("prohibited_terms"), FieldPanel("sensitive_terms"), FieldPanel("allowed_terms")],
            heading=_("本站词库（在全平台词库基础上增加，并由下级网站继承）"),
        ),
        MultiFieldPanel([FieldPanel("blocked_domains"), FieldPanel("trusted_domains"), FieldPanel("require_https")], heading=_("链接")),
        MultiFieldPanel(
            [FieldPanel("body_font"), FieldPanel("max_title_length"), FieldPanel("duplicate_title_days")],
            heading=_("格式与标题"),
        ),
    ]


register_snippet(SiteLexiconViewSet)


from . import chain_hooks  # noqa: E402,F401  (review chains: queues, tier changes, log actions)
