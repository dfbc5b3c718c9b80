"""Monitoring records: availability probes and alerts, inspection rounds with their findings, and the
rectification (整改) task each finding becomes. Every record carries its site (isolation by orgs.isolation)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Probe(models.Model):
    """One availability visit (检查指标 单项否决2): a page of a site asked for, answered or not within 15 s."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("地址"), max_length=500)
    at = models.DateTimeField(_("监测时间"), db_index=True)
    ok = models.BooleanField(_("可访问"))
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    seconds = models.FloatField(_("响应秒数"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("可用性监测记录")
        verbose_name_plural = _("可用性监测记录")
        indexes = [models.Index(fields=["site", "at"])]


class Alert(models.Model):
    """A message to the duty people of a site (its 网站管理员): the site failed two probes in a row."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("告警时间"))
    message = models.TextField(_("内容"))
    recipients = models.JSONField(_("通知对象"), default=list)

    class Meta:
        verbose_name = _("监测告警")
        verbose_name_plural = _("监测告警")
        ordering = ["-at"]


class Round(models.Model):
    """One inspection round of one site: the score by the 检查指标, the vetoes hit, the findings."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("日常检查（新增内容）")
        FULL = "full", _("全面检查")

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("检查时间"), db_index=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.FULL)
    score = models.FloatField(_("扣分指标得分"), null=True, blank=True)
    bonus = models.FloatField(_("加分"), null=True, blank=True)
    passed = models.BooleanField(_("合格"))
    vetoes = models.JSONField(_("单项否决"), default=list)
    notes = models.JSONField(_("说明"), default=list)  # checks skipped and why
    report = models.JSONField(_("报告"), default=dict)

    class Meta:
        verbose_name = _("检查轮次")
        verbose_name_plural = _("检查轮次")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.site} · {self.at:%Y-%m-%d %H:%M}"


class Finding(models.Model):
    """One problem found in a round, tied to its column and the responsible department."""

    round = models.ForeignKey(Round, verbose_name=_("检查轮次"), on_delete=models.CASCADE, related_name="findings")
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("问题类型"), max_length=40)
    key = models.CharField(_("问题标识"), max_length=600)  # the same problem in the next round has the same key
    label = models.CharField(_("问题"), max_length=200)
    detail = models.TextField(_("说明"), blank=True)
    url = models.CharField(_("地址"), max_length=500, blank=True)
    column_id = models.IntegerField(_("栏目"), null=True, blank=True)
    column_title = models.CharField(_("栏目名称"), max_length=200, blank=True)
    department = models.ForeignKey(
        "orgs.Organization", verbose_name=_("责任部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    veto = models.CharField(_("单项否决项"), max_length=40, blank=True)
    points = models.FloatField(_("扣分"), null=True, blank=True)

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")


class Rectification(models.Model):
    """整改: a finding handed to the responsible 信息员 with a due date; the next round that no longer finds it
    closes it; past its due date it escalates to the site's 网站管理员 (001 第二十八条: 问题及时记录并整改)."""

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        ESCALATED = "escalated", _("已逾期上报")
        CLOSED = "closed", _("已整改")

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("问题标识"), max_length=600)
    first_finding = models.ForeignKey(Finding, verbose_name=_("首次发现"), on_delete=models.CASCADE, related_name="+")
    last_finding = models.ForeignKey(Finding, verbose_name=_("最近发现"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "orgs.Organization", verbose_name=_("责任部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("责任信息员"), blank=True, related_name="+")
    due = models.DateField(_("整改期限"), null=True, blank=True)  # None: 期限待定 (a year without a holiday table)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    escalated_to = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("上报对象"), blank=True, related_name="+")
    escalated_at = models.DateTimeField(_("上报时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    closed_by_round = models.ForeignKey(
        Round, verbose_name=_("复查轮次"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], condition=~models.Q(status="closed"), name="one_open_task_per_problem")
        ]
