import re

from django.db import models
from django.db.models import F
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
