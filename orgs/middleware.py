from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .passwords import must_change_password


class PasswordPolicyMiddleware:
    """Sends an admin user whose password is initial or expired to the change form before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and request.path.startswith("/admin/"):
            allowed = {reverse("orgs_password_change"), reverse("wagtailadmin_logout")}
            if request.path not in allowed and must_change_password(user):
                messages.warning(request, _("首次登录或密码已到期，请先修改密码。"))
                return redirect("orgs_password_change")
        return self.get_response(request)
