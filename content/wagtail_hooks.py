from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .publishing import REFUSED_ACTION


@hooks.register("register_log_actions")
def register_publication_refused(actions):
    actions.register_action(REFUSED_ACTION, _("发布被拒绝"), _("定时发布未通过发布前检查，未上线"))
