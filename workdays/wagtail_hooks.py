"""The holiday table in the admin (设置 → 节假日安排). Who may fill it is decided by the callable named in
settings.WORKDAYS_TABLE_EDITOR (the project points it at the 网站管理员 rule); workdays imports no other app."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DeclaredYear


def may_edit_table(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    path = getattr(settings, "WORKDAYS_TABLE_EDITOR", None)
    return bool(path) and import_string(path)(user)


class HolidayTablePolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return may_edit_table(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True)
        return users.filter(pk__in=[u.pk for u in users if may_edit_table(u)])

    def user_has_permission_for_instance(self, user, action, instance):
        return may_edit_table(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model.objects.all() if may_edit_table(user) else self.model.objects.none()


class DeclaredYearViewSet(SnippetViewSet):
    model = DeclaredYear
    icon = "date"
    menu_label = _("节假日安排")
    add_to_settings_menu = True
    list_display = ["year", "notice", "entered_by", "entered_at"]

    @property
    def permission_policy(self):
        return HolidayTablePolicy(self.model)


register_snippet(DeclaredYearViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def record_who_entered(request, instance):
    if isinstance(instance, DeclaredYear):
        DeclaredYear.objects.filter(pk=instance.pk).update(entered_by=request.user)
