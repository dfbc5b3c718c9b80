"""政民互动: a site's mailboxes, the cases citizens write, their 转办 to departments, and every step taken."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxKind(models.TextChoices):
    LEADER = "leader", _("领导信箱")
    CONSULT = "consult", _("在线咨询")
    COMPLAINT = "complaint", _("投诉举报")
    FIND_ERROR = "find_error", _("我为政府网站找错")
    DISCLOSURE_REQUEST = "disclosure_request", _("依申请公开")
    SUGGESTION = "suggestion", _("意见建议")


class Disclosure(models.TextChoices):
    WRITER_CHOICE = "writer_choice", _("按来信人选择公开")
    ALWAYS = "always", _("一律公开（查实不存在的除外）")
    NEVER = "never", _("不公开")


class AnswerFrom(models.TextChoices):
    FORWARDED = "forwarded", _("自转办之日起")
    RECEIVED = "received", _("自收到之日起")


class Mailbox(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="mailboxes")
    kind = models.CharField(_("类型"), max_length=30, choices=MailboxKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    handler = models.ForeignKey(
        "orgs.Organization", verbose_name=_("默认承办单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    forward_days = models.PositiveSmallIntegerField(_("转办时限（工作日）"))
    answer_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))
    answer_from = models.CharField(_("答复时限起算"), max_length=20, choices=AnswerFrom.choices)
    extension_days = models.PositiveSmallIntegerField(_("可延期（工作日）"))
    disclosure = models.CharField(_("公开规则"), max_length=20, choices=Disclosure.choices)
    external_system = models.BooleanField(_("转信访系统办理"), default=False)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    last_opened_at = models.DateTimeField(_("工作人员最近查看"), null=True, blank=True)
    last_alert_at = models.DateTimeField(_("最近未查看提醒"), null=True, blank=True)

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["site_id", "id"]
        constraints = [models.UniqueConstraint(fields=["site", "kind"], name="unique_mailbox_kind_per_site")]

    def __str__(self):
        return self.name


class Case(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        REJECTED = "rejected", _("不予受理")
        ACCEPTED = "accepted", _("已受理")
        FORWARDED = "forwarded", _("办理中")
        DRAFTED = "drafted", _("答复待审核")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已办结")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    mailbox = models.ForeignKey(Mailbox, verbose_name=_("信箱"), on_delete=models.PROTECT, related_name="cases")
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    submission_key = models.CharField(max_length=40, unique=True, null=True, blank=True)  # one case per form
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    writer_name = models.CharField(_("姓名"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="interaction/%Y/%m/", blank=True)
    wants_public = models.BooleanField(_("同意公开"), default=True)
    submitter_ip = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    received_at = models.DateTimeField(_("收到时间"))
    accepted_at = models.DateTimeField(_("受理日期"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    forward_due = models.DateField(_("转办期限"), null=True, blank=True)
    answer_due = models.DateField(_("答复期限"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("已延期（工作日）"), default=0)
    screening = models.JSONField(_("审核发现"), default=list, blank=True)
    public_title = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_content = models.TextField(_("公开内容（已遮蔽个人信息）"), blank=True)
    public_reply = models.TextField(_("公开答复（已遮蔽个人信息）"), blank=True)
    rejection_reason = models.TextField(_("不予受理理由"), blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    reply_department = models.ForeignKey(
        "orgs.Organization", verbose_name=_("答复部门"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    reply_department_name = models.CharField(_("答复部门"), max_length=120, blank=True)  # set by the 信访系统 too
    replied_at = models.DateTimeField(_("答复日期"), null=True, blank=True)
    is_public = models.BooleanField(_("已公开"), default=False)
    found_untrue = models.BooleanField(_("经核查不属实"), default=False)
    rating = models.CharField(_("满意度"), max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("超期上报时间"), null=True, blank=True)
    reminded_on = models.DateField(_("最近提醒日期"), null=True, blank=True)
    external_id = models.CharField(_("信访系统编号"), max_length=60, blank=True)
    external_status = models.CharField(_("信访系统状态"), max_length=60, blank=True)
    exported_at = models.DateTimeField(_("导出至信访系统"), null=True, blank=True)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["site", "status"]), models.Index(fields=["mailbox", "is_public"])]

    def __str__(self):
        return f"{self.tracking_code} {self.title}"


class Assignment(models.Model):
    """One 转办: the case sent to a department (on the case's site or on a site below it)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("承办网站"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("orgs.Organization", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("转办时间"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    draft = models.TextField(_("答复草稿"), blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("转办")
        verbose_name_plural = _("转办")
        ordering = ["id"]


class CaseEvent(models.Model):
    """Every step, attributable: who (and in which role), when, from which address (001 第二十三条 审看/处理/反馈)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("角色"), max_length=60, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]


class ApiClient(models.Model):
    """An outside system (信访系统, 000 第十条) allowed to read and answer one site's 投诉举报 through /api/v1/."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")

    def __str__(self):
        return self.name
