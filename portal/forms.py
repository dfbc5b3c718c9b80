from wagtail.admin.forms import WagtailAdminPageForm

from orgs.page_permissions import SITE_OFFLINE_REASON


class HomePageForm(WagtailAdminPageForm):
    """A scheduled 下线时间 on the home page would take the whole site offline (001 第十四条: 临时下线)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("expire_at"):
            self.add_error("expire_at" if "expire_at" in self.fields else None, SITE_OFFLINE_REASON)
        return cleaned
