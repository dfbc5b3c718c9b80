"""Wagtail hooks of 本站账号: the log actions each account change is recorded under (shown on the account's
page in 本站账号, with who and when). Imported from OrgsConfig.ready()."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


def _role_formatter(label, verb):
    class RoleFormatter(LogFormatter):
        def format_message(self, log_entry):
            return _("%(verb)s：%(role)s") % {"verb": verb, "role": log_entry.data.get("role", "")}

    RoleFormatter.label = label
    return RoleFormatter


class UnlockFormatter(LogFormatter):
    label = _("解锁")

    def format_message(self, log_entry):
        addresses = log_entry.data.get("addresses") or []
        if addresses:
            return _("解除登录锁定（地址：%(addresses)s）") % {"addresses": "、".join(addresses)}
        return _("解除登录锁定")


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action("orgs.account.create", _("新建账号"), _("新建账号，初始密码须首次登录修改"))
    actions.register_action("orgs.account.password_reset", _("重置密码"), _("重置密码，新初始密码须下次登录修改"))
    actions.register_action("orgs.account.disable", _("停用"), _("停用账号"))
    actions.register_action("orgs.account.enable", _("启用"), _("启用账号"))
    actions.register_action("orgs.account.unlock")(UnlockFormatter)
    actions.register_action("orgs.account.role_add")(_role_formatter(_("添加角色"), _("添加角色")))
    actions.register_action("orgs.account.role_remove")(_role_formatter(_("移除角色"), _("移除角色")))
