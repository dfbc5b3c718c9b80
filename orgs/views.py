from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change password (first login, expiry, or at will); validators enforce complexity and history."""

    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        from django.conf import settings

        return super().get_context_data(max_age=settings.GOVSITE_PASSWORD_MAX_AGE_DAYS, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("密码已修改。"))
        return response
