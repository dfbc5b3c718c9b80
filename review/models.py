import re

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from orgs.permissions import user_site_ids

_DOMAIN_SPLIT = re.compile(r"[\s,，;；]+")


class SiteLexiconForm(WagtailAdminModelForm):
    """Offers only the sites the editing person works on (platform admins: every site)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        site_ids = user_site_ids(for_user) if for_user is not None else None
        if site_ids is not None and "site" in self.fields:
            self.fields["site"].queryset = self.fields["site"].queryset.filter(pk__in=site_ids)


class SiteLexicon(models.Model):
    """One site's additions to the platform's pre-publish checks (review/checks/): its own prohibited and
    sensitive terms, allowed phrases, link lists and format settings. A site inherits the platform lists
    (review/lexicons/) and the lists of the sites above it in the 站群. Saving bumps `version`, which
    check_text reads on every call to rebuild the site's automaton."""

    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="review_lexicon"
    )
    prohibited_terms = models.TextField(
        _("违禁词"), blank=True, help_text=_("每行一个词，命中即禁止发布；可写“词<Tab>unless: 词 词”表示同句出现这些词时不报")
    )
    sensitive_terms = models.TextField(_("敏感词"), blank=True, help_text=_("每行一个词，命中时提醒并按敏感信息提级审核"))
    allowed_terms = models.TextField(
        _("合法用法"), blank=True, help_text=_("每行一个短语；词表词语出现在这些短语中时不报，如“税务机关代开发票”")
    )
    blocked_domains = models.TextField(_("禁止链接的域名"), blank=True, help_text=_("每行一个域名，含其全部子域名"))
    trusted_domains = models.TextField(_("可信链接域名"), blank=True, help_text=_("每行一个域名；链接到这些非政府网站时不提醒"))
    require_https = models.BooleanField(_("要求使用 https 链接"), default=False)
    body_font = models.CharField(_("正文字体"), max_length=40, default="宋体", help_text=_("003 第十五条：字体用5号宋体"))
    max_title_length = models.PositiveSmallIntegerField(_("标题最大字数"), default=50)
    duplicate_title_days = models.PositiveIntegerField(
        _("标题查重天数"), default=365, help_text=_("与本站多少天内已发布的标题比对（003 第十五条：大标题不要重复）")
    )
    version = models.PositiveIntegerField(_("版本"), default=0, editable=False)
    base_form_class = SiteLexiconForm
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("站点审核词库")
        verbose_name_plural = _("站点审核词库")
        ordering = ["site_id"]

    def __str__(self):
        return str(self.site)

    def save(self, *args, **kwargs):
        if self.pk:
            # Atomic bump: two admins saving at once still produce two versions.
            super().save(*args, **kwargs)
            type(self).objects.filter(pk=self.pk).update(version=F("version") + 1)
            self.refresh_from_db(fields=["version"])
        else:
            self.version = 1
            super().save(*args, **kwargs)

    def domain_list(self, field):
        return [d.strip().lower().lstrip(".") for d in _DOMAIN_SPLIT.split(getattr(self, field) or "") if d.strip()]


from .chain_models import ReviewChain, RoleReviewTask  # noqa: E402,F401  (models of the review chains)
class SitePublishingRules(models.Model):
    """A site's own publishing settings beside its lexicon: the body line height its public pages use after
    normalisation (003 第十五条: 行间距设定为18) and how many days after the work ended an item may be published
    (003 第十七条: 不应迟于工作结束后的第3天). A site without a row uses the defaults below."""

    DEFAULT_LINE_HEIGHT_PT = 18
    DEFAULT_PUBLISH_WITHIN_DAYS = 3

    site = models.OneToOneField(
        "wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="publishing_rules"
    )
    body_line_height_pt = models.PositiveSmallIntegerField(
        _("正文行间距（磅）"), default=DEFAULT_LINE_HEIGHT_PT, help_text=_("003 第十五条：行间距设定为18")
    )
    publish_within_days = models.PositiveSmallIntegerField(
        _("工作结束后发布期限（天）"), default=DEFAULT_PUBLISH_WITHIN_DAYS,
        help_text=_("003 第十七条：信息发布不应迟于工作结束后的第3天"),
    )
    base_form_class = SiteLexiconForm

    class Meta:
        verbose_name = _("站点发布规则")
        verbose_name_plural = _("站点发布规则")
        ordering = ["site_id"]

    def __str__(self):
        return str(self.site)


class WarningAcknowledgement(models.Model):
    """A person confirming one `warn` finding of an item before submitting it (issue 8 part 4). The fingerprint
    names the finding by category, matched text and message, not its position, so an edit elsewhere in the text
    keeps the confirmation."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("信息"), on_delete=models.CASCADE, related_name="warning_acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField(_("确认人姓名"), max_length=150)
    fingerprint = models.CharField(max_length=40)
    category = models.CharField(_("类别"), max_length=30)
    match = models.CharField(_("命中内容"), max_length=255)
    message = models.TextField(_("提示"))
    acknowledged_at = models.DateTimeField(_("确认时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检查提醒确认")
        verbose_name_plural = _("检查提醒确认")
        constraints = [
            models.UniqueConstraint(fields=["page", "user", "fingerprint"], name="unique_warning_acknowledgement")
        ]


class AppendOnly(Exception):
    pass


class ItemAction(models.Model):
    """One action on an item (issue 8 part 8), written beside the Wagtail log entry it follows: who (name,
    roles and department on the item's site, as they were at that moment), from which address, and the reason
    where one is required (驳回, 撤稿). Append-only: rows are never changed or deleted by the platform."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), null=True, on_delete=models.SET_NULL, related_name="+")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("信息"), null=True, on_delete=models.SET_NULL, related_name="item_actions"
    )
    page_title = models.CharField(_("信息标题"), max_length=255)
    log_entry_id = models.BigIntegerField(_("日志编号"), null=True, unique=True)
    action = models.CharField(_("操作代码"), max_length=60, db_index=True)
    action_label = models.CharField(_("操作"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    roles = models.CharField(_("角色"), max_length=200, blank=True)
    department = models.ForeignKey(
        "orgs.Organization", verbose_name=_("部门"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    department_name = models.CharField(_("部门名称"), max_length=120, blank=True)
    ip_address = models.GenericIPAddressField(_("网络地址"), null=True, blank=True)
    reason = models.TextField(_("理由/意见"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("信息操作记录")
        verbose_name_plural = _("信息操作记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.action_label} {self.page_title}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise AppendOnly("ItemAction rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("ItemAction rows are append-only")
