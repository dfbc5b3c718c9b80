"""Wagtail's workflow admin (设置 › 工作流 / 工作流任务, the task chooser, the workflow reports' filters), scoped per
site by review.chain_scope: a 网站管理员 lists, opens, edits, disables, enables, chooses and assigns only their own
site's chains and steps; anything else is a 404 (its existence is not told) and nothing changes.

Two seams: Wagtail's own permission policy objects for workflows and tasks (`wagtail.permissions`, used by the
menu, the views' permission checks and the admin URL finder) get the site rules; the views, whose querysets and
forms Wagtail does not take from the policy, are Wagtail's own classes with the scope applied, routed before
Wagtail's URLs (orgs/urls.py asks the ADMIN_URL_OVERRIDES hook). The workflow reports and their filter choices
are scoped by orgs.isolation (the workflows and steps the user's sites' items went through)."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import workflows as wagtail_workflows
from wagtail.models import Page, Site, Task, Workflow
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import task_permission_policy, workflow_permission_policy

from orgs.permissions import is_platform_admin

from .chain_models import RoleReviewTask
from .chain_scope import (
    chain_admin_site_ids, may_assign_workflow_to, may_manage_task, may_manage_workflow, steps_of_one_site,
    tasks_managed_by, workflows_managed_by,
)

ADMIN_URL_OVERRIDES_HOOK = "register_admin_url_overrides"  # orgs/urls.py routes these ahead of Wagtail's admin URLs
CHAIN_ACTIONS = {"add", "change", "delete", "view"}


# --- The permission policies -------------------------------------------------------------------------------------


class SiteChainPolicyMixin:
    """Django's model permissions for platform admins; the chain actions for a 网站管理员, on their own site's
    chains only."""

    def _manages_some_site(self, user):
        site_ids = chain_admin_site_ids(user)
        return site_ids is None or bool(site_ids)

    def user_has_permission(self, user, action):
        if is_platform_admin(user):
            return super().user_has_permission(user, action) or action in CHAIN_ACTIONS
        return action in CHAIN_ACTIONS and self._manages_some_site(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.in_scope(user, instance)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())


class SiteWorkflowPolicy(SiteChainPolicyMixin, ModelPermissionPolicy):
    def in_scope(self, user, instance):
        return may_manage_workflow(user, instance)

    def scope(self, user, queryset):
        return workflows_managed_by(user, queryset)


class SiteTaskPolicy(SiteChainPolicyMixin, ModelPermissionPolicy):
    def in_scope(self, user, instance):
        return may_manage_task(user, instance)

    def scope(self, user, queryset):
        return tasks_managed_by(user, queryset)


# Wagtail's views, menu items and URL finder hold these very objects: give them the site rules.
workflow_permission_policy.__class__ = SiteWorkflowPolicy
task_permission_policy.__class__ = SiteTaskPolicy


# --- Workflows ---------------------------------------------------------------------------------------------------


def _workflow_in_scope_or_404(request, pk):
    workflow = get_object_or_404(Workflow, pk=pk)
    if not may_manage_workflow(request.user, workflow):
        raise Http404
    return workflow


class ScopedWorkflowObjectMixin:
    def get_queryset(self):
        return workflows_managed_by(self.request.user, Workflow.objects.all())


class WorkflowIndex(wagtail_workflows.Index):
    def get_base_queryset(self):
        return workflows_managed_by(self.request.user, super().get_base_queryset())


class WorkflowFormChecksMixin:
    """The steps of a chain are the site's own (and of one site); its pages are the person's own sites'."""

    def is_valid(self, form):
        valid = super().is_valid(form)
        user = self.request.user
        tasks = []
        for task_form in form.formsets["workflow_tasks"].forms:
            task = getattr(task_form, "cleaned_data", {}).get("task")
            if task is None or task_form in form.formsets["workflow_tasks"].deleted_forms:
                continue
            tasks.append(task)
            if not may_manage_task(user, task):
                task_form.add_error("task", _("只能选用本网站的审核步骤。"))
                valid = False
        if valid and not steps_of_one_site(tasks):
            form.add_error(None, _("一个审核流程只能包含同一网站的审核步骤。"))
            valid = False
        if not valid and not getattr(self, "produced_error_message", None):
            self.produced_error_message = self.get_error_message()
        return valid

    # Wagtail builds these two anew for validation and again for display: the checks go into their clean().

    def get_pages_formset(self):
        formset = super().get_pages_formset()
        user, wagtail_clean = self.request.user, formset.clean

        def clean():
            wagtail_clean()
            for page_form in formset.forms:
                page = getattr(page_form, "cleaned_data", {}).get("page")
                if page is not None and not formset._should_delete_form(page_form) and not may_assign_workflow_to(user, page):
                    page_form.add_error("page", _("只能为本网站的页面指定审核流程。"))

        formset.clean = clean
        return formset

    def get_content_type_form(self):
        form = super().get_content_type_form()
        user, wagtail_clean, workflow = self.request.user, form.clean, getattr(self, "object", None)

        def clean():
            wagtail_clean()
            if is_platform_admin(user):
                return
            before = set(workflow.workflow_content_types.values_list("content_type_id", flat=True)) if workflow is not None and workflow.pk else set()
            if {ct.pk for ct in form.cleaned_data.get("content_types") or []} != before:
                form.add_error(None, _("为全平台的内容类型指定审核流程须由平台管理员办理。"))

        form.clean = clean
        return form


class WorkflowCreate(WorkflowFormChecksMixin, wagtail_workflows.Create):
    pass


class WorkflowEdit(WorkflowFormChecksMixin, ScopedWorkflowObjectMixin, wagtail_workflows.Edit):
    pass


class WorkflowDisable(ScopedWorkflowObjectMixin, wagtail_workflows.Disable):
    pass


class WorkflowUsage(wagtail_workflows.WorkflowUsageView):
    def get_object(self):
        return _workflow_in_scope_or_404(self.request, self.kwargs.get(self.pk_url_kwarg))


def enable_workflow(request, pk):
    _workflow_in_scope_or_404(request, pk)
    return wagtail_workflows.enable_workflow(request, pk)


def remove_workflow(request, page_pk, workflow_pk=None):
    page = get_object_or_404(Page, pk=page_pk)
    if not may_assign_workflow_to(request.user, page):
        raise Http404
    current = getattr(getattr(page, "workflowpage", None), "workflow", None)
    if current is not None and not may_manage_workflow(request.user, current):
        raise PermissionDenied
    return wagtail_workflows.remove_workflow(request, page_pk, workflow_pk)


# --- Tasks (steps) -----------------------------------------------------------------------------------------------


def scoped_task_form_class(form_class, user):
    """The step form offers only the person's own sites and their groups (信息化领导小组 …)."""
    site_ids = chain_admin_site_ids(user)
    if site_ids is None or not issubclass(form_class._meta.model, RoleReviewTask):
        return form_class

    class SiteScopedTaskForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "site" in self.fields:
                self.fields["site"].queryset = Site.objects.filter(pk__in=site_ids)
            if "group" in self.fields:
                codes = list(Site.objects.filter(pk__in=site_ids).values_list("profile__code", flat=True))
                named = Q(pk__in=[])
                for code in filter(None, codes):
                    named |= Q(name__startswith=f"{code}·")
                self.fields["group"].queryset = Group.objects.filter(
                    named | Q(pk__in=RoleReviewTask.objects.filter(site_id__in=site_ids).values("group_id"))
                )

    SiteScopedTaskForm.__name__ = form_class.__name__
    return SiteScopedTaskForm


def _task_types_for(user):
    """A 网站管理员 creates only role steps of their site; Wagtail's site-less group task is the platform's."""
    from wagtail.workflows import get_task_types

    types = get_task_types()
    return types if is_platform_admin(user) else [t for t in types if issubclass(t, RoleReviewTask)]


def select_task_type(request):
    if not is_platform_admin(request.user):
        if not task_permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        return redirect("wagtailadmin_workflows:add_task", RoleReviewTask._meta.app_label, RoleReviewTask._meta.model_name)
    return wagtail_workflows.select_task_type(request)


class TaskIndex(wagtail_workflows.TaskIndex):
    def get_queryset(self):
        return tasks_managed_by(self.request.user, super().get_queryset())


class TaskCreate(wagtail_workflows.CreateTask):
    def dispatch(self, request, *args, **kwargs):
        if self.model not in _task_types_for(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return scoped_task_form_class(super().get_form_class(), self.request.user)


class TaskEdit(wagtail_workflows.EditTask):
    def get_queryset(self):
        return tasks_managed_by(self.request.user, Task.objects.all())

    def get_form_class(self):
        return scoped_task_form_class(super().get_form_class(), self.request.user)


class TaskDisable(wagtail_workflows.DisableTask):
    def get_queryset(self):
        return tasks_managed_by(self.request.user, Task.objects.all())


def _task_in_scope_or_404(request, pk):
    task = get_object_or_404(Task, pk=pk)
    if not may_manage_task(request.user, task):
        raise Http404
    return task


def enable_task(request, pk):
    _task_in_scope_or_404(request, pk)
    return wagtail_workflows.enable_task(request, pk)


class ScopedTaskChooserMixin:
    def dispatch(self, request):
        # Wagtail's BaseTaskChooserView.dispatch, with the task types the person may create.
        from django.views.generic import TemplateView

        self.task_models = _task_types_for(request.user)
        self.can_create = task_permission_policy.user_has_permission(request.user, "add") and bool(self.task_models)
        return TemplateView.dispatch(self, request)

    def get_create_form_class(self):
        form_class = super().get_create_form_class()
        return scoped_task_form_class(form_class, self.request.user) if form_class else None

    def get_task_listing_context_data(self):
        context = super().get_task_listing_context_data()
        user = self.request.user
        if chain_admin_site_ids(user) is None:
            return context
        # Wagtail lists every active task of the chosen type: list the person's own sites' steps instead.
        from django.core.paginator import Paginator

        tasks = tasks_managed_by(user, context["all_tasks"])
        if context.get("query_string"):
            tasks = tasks.filter(name__icontains=context["query_string"])
        context["all_tasks"] = tasks_managed_by(user, context["all_tasks"])
        context["tasks"] = Paginator(tasks, per_page=10).get_page(self.request.GET.get("p"))
        return context


class TaskChooser(ScopedTaskChooserMixin, wagtail_workflows.TaskChooserView):
    pass


class TaskChooserResults(ScopedTaskChooserMixin, wagtail_workflows.TaskChooserResultsView):
    pass


class TaskChooserCreate(ScopedTaskChooserMixin, wagtail_workflows.TaskChooserCreateView):
    pass


def task_chosen(request, task_id):
    _task_in_scope_or_404(request, task_id)
    return wagtail_workflows.task_chosen(request, task_id)


# --- Routes, ahead of Wagtail's ------------------------------------------------------------------------------------


def _view(view):
    return never_cache(require_admin_access(view))


@hooks.register(ADMIN_URL_OVERRIDES_HOOK)
def workflow_admin_urls():
    w = "workflows/"
    return [
        path(f"{w}list/", _view(WorkflowIndex.as_view()), name="review_workflows_index"),
        path(f"{w}list/results/", _view(WorkflowIndex.as_view(results_only=True)), name="review_workflows_index_results"),
        path(f"{w}add/", _view(WorkflowCreate.as_view()), name="review_workflows_add"),
        path(f"{w}enable/<int:pk>/", _view(enable_workflow), name="review_workflows_enable"),
        path(f"{w}disable/<int:pk>/", _view(WorkflowDisable.as_view()), name="review_workflows_disable"),
        path(f"{w}edit/<int:pk>/", _view(WorkflowEdit.as_view()), name="review_workflows_edit"),
        path(f"{w}usage/<int:pk>/", _view(WorkflowUsage.as_view()), name="review_workflows_usage"),
        path(f"{w}usage/<int:pk>/results/", _view(WorkflowUsage.as_view(results_only=True)), name="review_workflows_usage_results"),
        path(f"{w}remove/<int:page_pk>/", _view(remove_workflow), name="review_workflows_remove"),
        path(f"{w}remove/<int:page_pk>/<int:workflow_pk>/", _view(remove_workflow), name="review_workflows_remove_one"),
        path(f"{w}tasks/add/<str:app_label>/<str:model_name>/", _view(TaskCreate.as_view()), name="review_workflows_add_task"),
        path(f"{w}tasks/select_type/", _view(select_task_type), name="review_workflows_select_task_type"),
        path(f"{w}tasks/index/", _view(TaskIndex.as_view()), name="review_workflows_task_index"),
        path(f"{w}tasks/index/results/", _view(TaskIndex.as_view(results_only=True)), name="review_workflows_task_index_results"),
        path(f"{w}tasks/edit/<int:pk>/", _view(TaskEdit.as_view()), name="review_workflows_edit_task"),
        path(f"{w}tasks/disable/<int:pk>/", _view(TaskDisable.as_view()), name="review_workflows_disable_task"),
        path(f"{w}tasks/enable/<int:pk>/", _view(enable_task), name="review_workflows_enable_task"),
        path(f"{w}task_chooser/", _view(TaskChooser.as_view()), name="review_workflows_task_chooser"),
        path(f"{w}task_chooser/results/", _view(TaskChooserResults.as_view()), name="review_workflows_task_chooser_results"),
        path(f"{w}task_chooser/create/", _view(TaskChooserCreate.as_view()), name="review_workflows_task_chooser_create"),
        path(f"{w}task_chooser/<int:task_id>/", _view(task_chosen), name="review_workflows_task_chosen"),
    ]
