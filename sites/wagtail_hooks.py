from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .services import FILING_ACTION


@hooks.register("register_log_actions")
def register_filing_action(actions):
    actions.register_action(FILING_ACTION, _("备案变更"), _("网站信息变更已备案"))
