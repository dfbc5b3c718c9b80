from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from orgs.page_permissions import RuledPageMixin, site_id_of

from .forms import ItemPageForm
from .publishing import refuse_unless_publishable


# fn(item) -> the Wagtail Workflow of the item's review chain, or None; review registers the one that reads the
# site's chain for the item's tier and column (content imports no app above it).
ITEM_WORKFLOW_HOOK = "item_review_workflow"


class ReviewTier(models.TextChoices):
    """The sensitivity tier that decides an item's review chain (000 第六条; 003 第十四条; 004 第十四条)."""

    GENERAL = "general", _("一般")
    SENSITIVE = "sensitive", _("敏感")
    MAJOR = "major", _("重大")
    SPECIAL = "special", _("特殊")


def review_panel():
    return MultiFieldPanel(
        [FieldPanel("review_tier"), FieldPanel("lead_department"), FieldPanel("joint_departments")],
        heading=_("审核"),
    )


class ItemPage(RuledPageMixin, Page):
    """Fields every published item shares. An item exists once; other sites show it as a Wagtail alias."""

    publish_date = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    source = models.CharField(_("来源"), max_length=120, blank=True)
    author = models.CharField(_("作者"), max_length=60, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = RichTextField(_("正文"), blank=True)
    is_example = models.BooleanField(_("示例内容"), default=False, help_text=_("演示数据，正式上线前删除"))
    review_tier = models.CharField(
        _("审核级别"), max_length=12, choices=ReviewTier.choices, default=ReviewTier.GENERAL,
        help_text=_("一般、敏感、重大信息按本站规定的不同审核流程审核；审核人可提高级别，降低级别须网站管理员办理"),
    )
    # 003 第十四条: 多部门综合性信息按"谁牵头、谁负责": the lead department's chain applies.
    lead_department = models.ForeignKey(
        "orgs.Organization", verbose_name=_("牵头部门"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_items", help_text=_("多部门信息由牵头部门负责审核；不填时为栏目的责任部门"),
    )
    joint_departments = ParentalManyToManyField(
        "orgs.Organization", verbose_name=_("参与部门"), blank=True, related_name="joint_items",
        help_text=_("参与部门可查看本信息，审核由牵头部门负责"),
    )
    # 003 第十七条: publish no later than the 3rd day after the work ended (review.approval_timeliness counts it).
    work_ended_on = models.DateField(
        _("工作结束日期"), null=True, blank=True, help_text=_("本条信息所报道工作的结束日期；超过本站规定天数发布的会提示并计入统计")
    )
    # The title as the duplicate-title check compares it (review.checks.titles.title_key), kept by review on save,
    # so the check is one indexed lookup instead of reading a year of titles.
    title_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)

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

    def get_workflow(self):
        # The review chain of the item's site, tier and column (review.chains), not the one attached to the tree.
        for resolve in hooks.get_hooks(ITEM_WORKFLOW_HOOK):
            workflow = resolve(self)
            if workflow is not None:
                return workflow
        return super().get_workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

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
        MultiFieldPanel(
            [FieldPanel("publish_date"), FieldPanel("source"), FieldPanel("author"), FieldPanel("work_ended_on")],
            heading=_("发布信息"),
        ),
        FieldPanel("interprets"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
        review_panel(),
        FieldPanel("acknowledged_warnings"),  # a form field (ItemPageForm): the warnings the submitter confirms
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
                FieldPanel("written_date"), FieldPanel("publish_date"), FieldPanel("validity"), FieldPanel("work_ended_on"),
            ],
            heading=_("文件属性"),
        ),
        FieldPanel("source"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
        review_panel(),
        FieldPanel("acknowledged_warnings"),  # a form field (ItemPageForm): the warnings the submitter confirms
    ]
    search_fields = ItemPage.search_fields + [index.SearchField("document_number"), index.SearchField("issuer")]

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def live_interpretations(self):
        """Published 解读 of this document, on any site of the 站群 (a department's 解读 of a portal's policy)."""
        return ArticlePage.objects.live().public().filter(interprets=self).order_by("-publish_date", "-pk")

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
