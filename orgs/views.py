from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .passwords import password_expired


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change password (first login, expiry, or at will); validators enforce complexity and history."""

    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        user = self.request.user
        security = getattr(user, "security", None)
        if security is not None and security.must_change_password:
            reason = _("这是管理员为您设置的初始密码，首次登录须修改后才能使用后台。")
        elif password_expired(user):
            reason = _("您的密码已使用超过 %(days)d 天，须修改后才能继续使用后台。") % {
                "days": settings.GOVSITE_PASSWORD_MAX_AGE_DAYS
            }
        else:
            reason = ""
        return super().get_context_data(
            max_age=settings.GOVSITE_PASSWORD_MAX_AGE_DAYS, history=settings.GOVSITE_PASSWORD_HISTORY,
            reason=reason, **kwargs,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response
