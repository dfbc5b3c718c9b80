from django.shortcuts import redirect
from django.urls import reverse

from .passwords import must_change_password

# Admin URLs a user with an initial or expired password may still load: the change form itself, logging
# out, and what the form page needs to render (icons, the JavaScript translation catalogue).
ALLOWED_URL_NAMES = [
    "orgs_password_change",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
]


class PasswordPolicyMiddleware:
    """Sends an admin user whose password is initial or expired to the change form before anything else
    (003 第二十二条: 初始登陆口令; 000 第四条, 002 第八条: 密码要定期更改). The form says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: asking is_authenticated reads the session, which marks every public page Vary: Cookie
        # and keeps it out of shared caches. The policy covers the admin, the only place a password is used.
        if not request.path.startswith("/admin/"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if must_change_password(user) and request.path not in {reverse(name) for name in ALLOWED_URL_NAMES}:
                return redirect("orgs_password_change")
        return self.get_response(request)
