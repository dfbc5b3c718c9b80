from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from orgs.page_permissions import RuledPageMixin, site_id_of

from .forms import ItemPageForm
from .publishing import refuse_unless_publishable


class ItemPage(RuledPageMixin, Page):
    """Fields every published item shares. An item exists once; other sites show it as a Wagtail alias."""

    publish_date = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    source = models.CharField(_("来源"), max_length=120, blank=True)
    author = models.CharField(_("作者"), max_length=60, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = RichTextField(_("正文"), blank=True)
    is_example = models.BooleanField(_("示例内容"), default=False, help_text=_("演示数据，正式上线前删除"))

    parent_page_types = ["columns.ColumnPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publish_date"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("is_example")]

    base_form_class = ItemPageForm
    is_creatable = False  # editors create an 文章 or a 政策文件; this table lets one query list both

    class Meta:
        verbose_name = _("信息")
        verbose_name_plural = _("信息")

    def site_id_for_rules(self):
        return site_id_of(self)

    def responsible_organization_ids(self):
        return self.get_parent().specific.responsible_organization_ids()

    def publish(self, revision, user=None, changed=True, log_action=True, previous_revision=None, skip_permission_checks=False):
        # Every path that puts an item online arrives here (content.publishing): checks and review chain first.
        if not refuse_unless_publishable(self, revision, user):
            return None
        return super().publish(
            revision, user=user, changed=changed, log_action=log_action,
            previous_revision=previous_revision, skip_permission_checks=skip_permission_checks,
        )


class ArticlePage(ItemPage):
    """A news item, notice or other article."""

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("publish_date"), FieldPanel("source"), FieldPanel("author")], heading=_("发布信息")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")


class PolicyDocumentPage(ItemPage):
    """A 政策文件 with its 文号, 发文机关, dates and 有效性."""

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        AMENDED = "amended", _("已修订")
        EXPIRED = "expired", _("已失效")
        REPEALED = "repealed", _("已废止")

    index_number = models.CharField(_("索引号"), max_length=60, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=120)
    written_date = models.DateField(_("成文日期"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    topic = models.CharField(_("主题分类"), max_length=60, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("index_number"), FieldPanel("document_number"), FieldPanel("issuer"), FieldPanel("topic"),
                FieldPanel("written_date"), FieldPanel("publish_date"), FieldPanel("validity"),
            ],
            heading=_("文件属性"),
        ),
        FieldPanel("source"),
        FieldPanel("body"),
    ]
    search_fields = ItemPage.search_fields + [index.SearchField("document_number"), index.SearchField("issuer")]

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")


class ImportedItem(models.Model):
    """An item brought over from a site's old system by import_items (001 第十六条 整合迁移): marks it 导入, says who
    imported it, and is the key that makes re-importing the same file update instead of duplicate."""

    page = models.OneToOneField(ItemPage, on_delete=models.CASCADE, related_name="import_record")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("导入键"), max_length=600, help_text=_("原网址；没有原网址时为标题与发布日期"))
    old_url = models.CharField(_("原网址"), max_length=500, blank=True)
    imported_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("导入人")
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)
    source_file = models.CharField(_("导入文件"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="content_imported_item_unique_key")]
