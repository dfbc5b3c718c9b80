from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecord(models.Model):
    """What a seed file created on a site and the values it set then. Seed data bootstraps a site; after that
    its administrators own it. A re-run of the loader reads these records to tell a column that is new in the
    file (no record: create it) from one an administrator deleted (record, page gone: leave it deleted) or
    changed (record, values differ: leave it), and reports the last two."""

    class Kind(models.TextChoices):
        SITE = "site", _("网站")
        COLUMN = "column", _("栏目")

    profile = models.ForeignKey("govsites.SiteProfile", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    # A column's slugs from the home page down as the seed file gives them ("xin-wen/xin-wen-tou-tiao");
    # empty for the site itself.
    key = models.CharField(_("种子路径"), max_length=500, blank=True)
    # The home page (site) or column page; NULL once an administrator deleted it.
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seeded = models.JSONField(_("载入时的值"), default=dict)
    # load_demo put its 示例 items here, or found the column already had content: it never adds again.
    demo_content_done = models.BooleanField(_("已处理示例内容"), default=False)
    created_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("种子载入记录")
        verbose_name_plural = _("种子载入记录")
        constraints = [models.UniqueConstraint(fields=["profile", "kind", "key"], name="unique_seed_record")]

    def __str__(self):
        return f"{self.profile.code}:{self.kind}:{self.key}"
