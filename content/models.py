from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
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


class ItemAttachment(Orderable):
    """A document attached to an item (附件), shown under it with its size and type. The document comes from the
    item's own site's collection (or the platform's shared one): a site never publishes another site's files."""

    item = ParentalKey(ItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("附件名称"), max_length=200, blank=True, help_text=_("留空时使用文件标题"))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def clean(self):
        super().clean()
        from sites.services import allowed_collection_ids_for_page

        item = getattr(self, "item", None)
        if self.document_id and item is not None:
            allowed = allowed_collection_ids_for_page(item)
            if allowed is not None and self.document.collection_id not in allowed:
                raise ValidationError({"document": _("只能附加本网站文件库（或平台共享素材）中的文件。")})

    def display_title(self):
        return self.title or self.document.title


class ArticlePage(ItemPage):
    """A news item, notice or other article; an article that explains a 政策文件 (解读) names it, and the
    policy page lists it (001 第二十一条: important policies are published with their 解读)."""

    interprets = models.ForeignKey(
        "content.PolicyDocumentPage", verbose_name=_("解读的政策文件"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="interpretations",
        help_text=_("本文是某一政策文件的解读时选择该文件；政策文件页面会链接到本解读"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("publish_date"), FieldPanel("source"), FieldPanel("author")], heading=_("发布信息")),
        FieldPanel("interprets"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
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
        InlinePanel("attachments", label=_("附件")),
    ]
    search_fields = ItemPage.search_fields + [index.SearchField("document_number"), index.SearchField("issuer")]

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def live_interpretations(self):
        """Published 解读 of this document, on any site of the 站群 (a department's 解读 of a portal's policy)."""
        return ArticlePage.objects.live().public().filter(interprets=self).order_by("-publish_date", "-pk")
