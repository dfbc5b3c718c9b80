"""Password rules: 000 第四条 (密码要定期更改), 002 第八条 (经常更新), 003 第二十二条 (初始口令), 004 第十七条."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Letters, digits and a symbol: the usual 等级保护 complexity rule."""

    def validate(self, password, user=None):
        classes = [r"[A-Za-z]", r"\d", r"[^A-Za-z\d]"]
        if not all(re.search(pattern, password) for pattern in classes):
            raise ValidationError(_("密码须同时包含字母、数字和符号。"), code="password_classes")

    def get_help_text(self):
        return _("密码须同时包含字母、数字和符号。")


class PasswordHistoryValidator:
    """A new password may not repeat any of the last GOVSITE_PASSWORD_HISTORY ones."""

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        recent = user.password_history.all()[: settings.GOVSITE_PASSWORD_HISTORY]
        if any(check_password(password, entry.password) for entry in recent):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次使用过的密码相同。") % {"count": settings.GOVSITE_PASSWORD_HISTORY},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        # Called by Django after a new password is saved: remember it and restart the expiry clock.
        from .services import record_password_change

        if user is not None and user.pk:
            record_password_change(user)

    def get_help_text(self):
        return _("不能重复使用最近用过的密码。")


def password_expired(user, now=None):
    security = getattr(user, "security", None)
    if security is None:
        return False
    age = (now or timezone.now()) - security.password_changed_at
    return age > timedelta(days=settings.GOVSITE_PASSWORD_MAX_AGE_DAYS)


def must_change_password(user):
    security = getattr(user, "security", None)
    return bool(security and (security.must_change_password or password_expired(user)))
