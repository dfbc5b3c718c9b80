"""Review chains on Wagtail's own Workflows: one Workflow per site, tier (and 审核发布 column step), whose tasks are
RoleReviewTasks — a step signed by whoever holds a role for the item (its lead department's 处室负责人, the
分管领导, the site's 主要负责人, the 主办 office's reviewer, a named group). Imported by review.models."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, Workflow

from orgs.models import Role

GROUP_PREFIX = "group:"


class StepRole(models.TextChoices):
    DIVISION_HEAD = Role.DIVISION_HEAD.value, _("处室负责人")
    LEADER_IN_CHARGE = Role.LEADER_IN_CHARGE.value, _("分管领导")
    PRINCIPAL = Role.PRINCIPAL.value, _("主要负责人")
    GROUP = "group", _("指定小组")


class StepUnit(models.TextChoices):
    OWN = "own", _("起草信息的本部门（牵头部门）")
    OWNER = "owner", _("网站主办单位")


class RoleReviewTask(Task):
    """One step of a review chain. Its approvers are not a fixed group: they are resolved, for each item, from the
    orgs role assignments of the step's site (review.approvers.may_approve)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("审核角色"), max_length=30, choices=StepRole.choices)
    unit = models.CharField(_("审核单位"), max_length=10, choices=StepUnit.choices, default=StepUnit.OWN)
    group = models.ForeignKey(
        Group, verbose_name=_("审核小组"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("审核角色为“指定小组”时，由该小组成员审批（如信息化领导小组）"),
    )
    source = models.CharField(_("依据"), max_length=120, blank=True)

    admin_form_fields = Task.admin_form_fields + ["site", "role", "unit", "group", "source"]
    admin_form_readonly_on_edit_fields = Task.admin_form_readonly_on_edit_fields + ["site"]

    class Meta:
        verbose_name = _("按角色审核")
        verbose_name_plural = _("按角色审核")

    def step_key(self):
        """What makes two steps the same signature: raising a tier keeps an approval whose key recurs."""
        return (self.role, self.unit, self.group_id)

    def role_label(self):
        return f"{GROUP_PREFIX}{self.group_name()}" if self.role == StepRole.GROUP else self.role

    def group_name(self):
        """The group's name as the chain data writes it (the stored group carries the site's code as prefix)."""
        return self.group.name.split("·", 1)[-1] if self.group_id else ""

    # --- Wagtail's questions, answered by the role rules ----------------------------------------------------

    def _may(self, obj, user):
        from .approvers import may_approve

        return may_approve(user, self, obj)

    def user_can_access_editor(self, obj, user):
        return self._may(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may(obj, user)

    def user_can_lock(self, obj, user):
        return self._may(obj, user)

    def get_actions(self, obj, user):
        if not self._may(obj, user):
            return []
        return [("reject", _("退回修改"), True), ("approve", _("同意"), False), ("approve", _("同意并填写意见"), True)]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .queues import task_states_awaiting

        return task_states_awaiting(user, tasks=[self])

    @classmethod
    def get_description(cls):
        return _("由信息的牵头部门负责人、分管领导、主要负责人、主办单位或指定小组按角色审批")


class ReviewChain(models.Model):
    """Which Workflow is a site's chain for a tier; `column_step` is the variant for columns whose 保障方式 adds a
    final step (004 审核发布/政府办审核发布). Several tiers may share one workflow (a tier the seed does not define
    falls back to another)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="review_chains")
    tier = models.CharField(_("审核级别"), max_length=12)
    column_step = models.BooleanField(_("含栏目审核发布步骤"), default=False)
    workflow = models.ForeignKey(Workflow, verbose_name=_("审核流程"), on_delete=models.CASCADE, related_name="review_chains")
    fallback_of = models.CharField(_("沿用级别"), max_length=12, blank=True, help_text=_("本站未单独规定此级别时沿用的级别"))
    source = models.CharField(_("依据"), max_length=120, blank=True)
    column_guarantees = models.JSONField(_("加审的保障方式"), default=list, blank=True)

    class Meta:
        verbose_name = _("审核链")
        verbose_name_plural = _("审核链")
        constraints = [models.UniqueConstraint(fields=["site", "tier", "column_step"], name="unique_review_chain")]

    def __str__(self):
        return f"{self.site} · {self.tier}"
