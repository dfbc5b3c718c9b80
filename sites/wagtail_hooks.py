from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .forms import SiteProfileForm
from .models import SiteProfile
from .services import FILING_ACTION


@hooks.register("register_log_actions")
def register_filing_action(actions):
    actions.register_action(FILING_ACTION, _("备案变更"), _("网站信息变更已备案"))


class SiteProfileViewSet(ModelViewSet):
    """站群网站: identity and contacts of each site (001 第十一条, 第十七条), for platform and site admins."""

    model = SiteProfile
    icon = "site"
    menu_label = _("站群网站")
    menu_name = "site-profiles"
    menu_order = 150
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    permission_policy = views.policy
    list_display = ["full_name", "code", "site_code", "level", "kind", "status"]
    list_filter = ["level", "kind", "status"]
    index_view_class = views.SiteProfileIndexView
    edit_view_class = views.SiteProfileEditView
    history_view_class = views.SiteProfileHistoryView
    usage_view_class = views.SiteProfileUsageView
    edit_template_name = "sites/siteprofile_edit.html"
    edit_handler = ObjectList([
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldRowPanel([FieldPanel("site_code"), FieldPanel("party_gov_label")]),
                FieldRowPanel([FieldPanel("icp"), FieldPanel("police_record")]),
                FieldRowPanel([FieldPanel("english_domain"), FieldPanel("chinese_domain")]),
                FieldPanel("extra_english_domains"),
            ],
            heading=_("网站标识"),
        ),
        MultiFieldPanel(
            [FieldPanel("supervisor"), FieldPanel("owner"), FieldPanel("operator")],
            heading=_("主管、主办和承办单位"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("person_in_charge"), FieldPanel("contact_phone")]),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
            ],
            heading=_("联系方式"),
        ),
    ], base_form_class=SiteProfileForm)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("filings/<int:pk>/", views.FilingHistoryView.as_view(), name="filings"),
        ]


site_profile_viewset = SiteProfileViewSet("siteprofile")


@hooks.register("register_admin_viewset")
def register_site_profile_viewset():
    return site_profile_viewset
