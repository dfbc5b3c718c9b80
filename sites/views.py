"""Admin views of the 站群 registry: SiteProfile editing for platform and site admins, and each profile's
备案记录 (filing history, 001 第十七条)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy

from orgs.models import Organization, Role
from orgs.permissions import administered_site_ids, is_platform_admin, is_site_admin
from orgs.services import government_of, units_of_government

from .models import SiteProfile
from .services import field_label, filing_history, value_display, warnings_for

# What a profile's admins may do here. Opening and closing sites is the lifecycle's business (001 第七条 …),
# so nobody adds or deletes a profile through this form.
PROFILE_ACTIONS = {"change", "view"}

SUBJECT_LABELS = {"identity": gettext_lazy("网站信息"), "column_structure": gettext_lazy("栏目主体结构")}


class SiteProfilePermissionPolicy(BasePermissionPolicy):
    """Platform admins edit every profile; a 网站管理员 edits their own site's profile only."""

    def __init__(self):
        super().__init__(SiteProfile)

    def user_has_permission(self, user, action):
        if action not in PROFILE_ACTIONS or not user.is_authenticated:
            return False
        return is_platform_admin(user) or bool(administered_site_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return action in PROFILE_ACTIONS and user.is_authenticated and is_site_admin(user, instance.site_id)

    def instances_user_has_any_permission_for(self, user, actions):
        if not set(actions) & PROFILE_ACTIONS or not user.is_authenticated:
            return SiteProfile.objects.none()
        site_ids = administered_site_ids(user)
        profiles = SiteProfile.objects.all()
        return profiles if site_ids is None else profiles.filter(site_id__in=site_ids)

    def users_with_any_permission(self, actions):
        if not set(actions) & PROFILE_ACTIONS:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            Q(is_superuser=True) | Q(role_assignments__role__in=[Role.PLATFORM_ADMIN, Role.SITE_ADMIN]), is_active=True
        ).distinct()


policy = SiteProfilePermissionPolicy()


def forbidden(request):
    return TemplateResponse(
        request, "sites/forbidden.html", {"page_title": _("无权访问"), "header_icon": "warning"}, status=403
    )


class ProfileScopedMixin:
    """Only the profiles the user administers exist for these views; another site's profile is refused."""

    def dispatch(self, request, *args, **kwargs):
        profile = get_object_or_404(SiteProfile, pk=kwargs.get("pk"))
        if not policy.user_has_permission_for_instance(request.user, "change", profile):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class SiteProfileIndexView(generic.IndexView):
    def get_base_queryset(self):
        return policy.instances_user_has_any_permission_for(self.request.user, PROFILE_ACTIONS).select_related("site")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(MenuItem(_("备案记录"), url=reverse("siteprofile:filings", args=(instance.pk,)), icon_name="history", priority=40))
        return buttons


class SiteProfileEditView(ProfileScopedMixin, generic.EditView):
    UNIT_FIELDS = ("supervisor", "owner", "operator")

    def get_form(self, *args, **kwargs):
        """The 主管/主办/承办单位 are chosen among the units of the site's own government, not the platform's."""
        form = super().get_form(*args, **kwargs)
        government = government_of(self.object.owner)
        if government is not None:
            current = [getattr(self.object, f"{name}_id") for name in self.UNIT_FIELDS]
            units = units_of_government(government) | Organization.objects.filter(pk__in=current)
            for name in self.UNIT_FIELDS:
                if name in form.fields:
                    form.fields[name].queryset = units.distinct().order_by("id")
                    form.fields[name].label_from_instance = lambda unit: unit.name  # full names: 办公室 is ambiguous
        return form

    def save_instance(self):
        # sites.signals files the changed 备案 fields with the user who made them.
        self.form.instance._changed_by = self.request.user
        # A value the administrator entered is theirs, no longer the seed's made-up (示例) one.
        self.form.instance.example_fields = [f for f in self.form.instance.example_fields if f not in self.form.changed_data]
        old_name = SiteProfile.objects.filter(pk=self.form.instance.pk).values_list("full_name", flat=True).first()
        instance = super().save_instance()
        if old_name and old_name != instance.full_name:
            _follow_rename(instance, old_name)
        return instance

    def save_action(self):
        response = super().save_action()
        # 001 第十二条: shown, not refused (seed sites predate the rule, e.g. hb12369.net).
        for warning in warnings_for(self.object):
            messages.warning(self.request, warning)
        return response

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(Button(_("备案记录"), url=reverse("siteprofile:filings", args=(self.object.pk,)), icon_name="history", priority=40))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["domain_warnings"] = warnings_for(self.object)
        return context


def _follow_rename(profile, old_name):
    """A renamed site (机构改革) keeps its Wagtail site name and its image/document collection, which
    sites.services.site_collection finds by the site's full name."""
    from wagtail.models import Collection

    site = profile.site
    if site.site_name == old_name:
        site.site_name = profile.full_name
        site.save(update_fields=["site_name"])
    siblings = Collection.get_first_root_node().get_children()
    collection = siblings.filter(name=old_name).first()
    if collection is not None and not siblings.filter(name=profile.full_name).exists():
        collection.name = profile.full_name
        collection.save(update_fields=["name"])


class SiteProfileHistoryView(ProfileScopedMixin, HistoryView):
    pass


class SiteProfileUsageView(ProfileScopedMixin, UsageView):
    pass


def filing_rows(profile):
    rows = []
    for entry in filing_history(profile).select_related("user"):
        data = entry.data or {}
        changes = [
            {"field": field_label(name), "old": value_display(name, values[0]), "new": value_display(name, values[1])}
            for name, values in (data.get("changes") or {}).items()
        ]
        rows.append({
            "timestamp": entry.timestamp,
            "user": entry.user_display_name if entry.user_id else _("系统"),
            "subject": SUBJECT_LABELS.get(data.get("subject"), data.get("subject") or ""),
            "changes": changes,
        })
    return rows


class FilingHistoryView(ProfileScopedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, View):
    """备案记录: every filed change of the profile, newest first, with date, user and old → new values."""

    model = SiteProfile
    template_name = "sites/filing_history.html"
    header_icon = "history"

    def get_page_title(self):
        return _("备案记录")

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("siteprofile:index"), "label": SiteProfile._meta.verbose_name_plural},
            {"url": reverse("siteprofile:edit", args=(self.object.pk,)), "label": str(self.object)},
            {"url": "", "label": _("备案记录")},
        ]

    @property
    def header_buttons(self):
        return [HeaderButton(_("编辑网站信息"), url=reverse("siteprofile:edit", args=(self.object.pk,)), icon_name="edit")]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(rows=filing_rows(self.object), profile=self.object))
