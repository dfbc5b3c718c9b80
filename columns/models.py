from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from orgs.page_permissions import RuledPageMixin, site_id_of

from .forms import ColumnPageForm


class ColumnCategory(models.TextChoices):
    """栏目类别; inspection holds 动态要闻类 to 2 weeks and 通知公告/政策文件类 to 6 months (检查指标 单项否决 4)."""

    OVERVIEW = "overview", _("概况")
    NEWS = "news", _("动态要闻")
    NOTICE = "notice", _("通知公告")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("解读回应")
    DISCLOSURE = "disclosure", _("信息公开")
    SERVICE = "service", _("办事服务")
    INTERACTION = "interaction", _("互动交流")
    DATA = "data", _("数据开放")
    SPECIAL = "special", _("专题专栏")
    OTHER = "other", _("其他")


class ColumnPage(RuledPageMixin, Page):
    """A 栏目: who maintains it, how it is fed (保障方式) and how often (更新周期), as the seed writes them."""

    category = models.CharField(_("栏目类别"), max_length=20, choices=ColumnCategory.choices, default=ColumnCategory.OTHER)
    description = models.TextField(_("栏目内容"), blank=True)
    guarantee = models.CharField(_("保障方式"), max_length=80, blank=True, help_text=_("如：直接发布、审核发布、数据接口、跳转链接、服务接口"))
    update_cycle = models.CharField(_("更新周期"), max_length=40, blank=True, help_text=_("如：每日更新、两周至少1条、按期答复"))
    maintained_by_all = models.BooleanField(_("各部门共同维护"), default=False)
    departments_text = models.CharField(_("责任单位（原文）"), max_length=200, blank=True)
    link_url = models.URLField(_("跳转链接地址"), blank=True)
    feed_source = models.CharField(
        _("供稿来源"), max_length=120, blank=True,
        help_text=_("保障方式为数据接口、服务接口的栏目由哪个系统或栏目供稿，如：中国政府网“国务院信息”；信息员不能在此类栏目手工发布"),
    )
    # 001 第七条: 重大活动或专项工作 open a 专栏专题 instead of a separate site; once it ends it is kept, not tracked.
    special_starts_on = models.DateField(_("专题开始日期"), null=True, blank=True)
    special_ends_on = models.DateField(
        _("专题结束日期"), null=True, blank=True, help_text=_("专题专栏结束后保留内容，不再督查其更新（《河北省政府网站管理办法》第七条）")
    )

    parent_page_types = ["portal.HomePage", "columns.ColumnPage"]
    subpage_types = ["columns.ColumnPage", "content.ArticlePage", "content.PolicyDocumentPage", "services.ServiceGuidePage"]
    page_size = 20
    # Pages a column lists at most (issue 11: a deep ?page= sorted every row of a big column). Older items
    # stay reachable through 站内搜索; the count below stops at the cap instead of scanning the column.
    max_pages = 100
    base_form_class = ColumnPageForm  # 责任部门: the units of the column's own site

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("category"), FieldPanel("description"), FieldPanel("guarantee"), FieldPanel("feed_source"),
                FieldPanel("update_cycle"), FieldPanel("link_url"),
            ],
            heading=_("栏目设置"),
        ),
        MultiFieldPanel([FieldPanel("special_starts_on"), FieldPanel("special_ends_on")], heading=_("专题专栏起止日期")),
        MultiFieldPanel(
            [FieldPanel("maintained_by_all"), FieldPanel("departments_text"), InlinePanel("responsibilities", label=_("责任部门"))],
            heading=_("内容保障"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def clean(self):
        super().clean()
        # An 更新周期 the vocabulary cannot read is refused here, never stored as "no rule" (columns/cycles.yaml).
        from .cycles import CycleError, parse

        try:
            parse(self.update_cycle)
        except CycleError as exc:
            raise ValidationError({"update_cycle": str(exc)}) from None
        if self.special_starts_on and self.special_ends_on and self.special_ends_on < self.special_starts_on:
            raise ValidationError({"special_ends_on": _("专题结束日期不能早于开始日期。")})

    def get_admin_display_title(self):
        # Wherever the admin names the column (explorer, breadcrumbs, choosers), a 数据接口/服务接口 column says it is
        # fed by an import source, so an editor sees why it has no 添加 button (columns/feeds.py).
        from .feeds import import_markers

        title = super().get_admin_display_title()
        markers = import_markers(self.guarantee)
        return _("%(title)s（%(kinds)s供稿）") % {"title": title, "kinds": "、".join(markers)} if markers else title

    # Duck-typed interface of orgs.permissions.
    def site_id_for_rules(self):
        return site_id_of(self)

    def responsible_organization_ids(self):
        return [r.organization_id for r in self.responsibilities.all()]

    def is_shared(self):
        return self.maintained_by_all

    def responsible_names(self):
        if self.departments_text:
            return self.departments_text
        return "、".join(str(r.organization) for r in self.responsibilities.select_related("organization"))

    def child_columns(self):
        return ColumnPage.objects.child_of(self).live().public().specific()

    def items(self):
        """Published items of this column (and of its sub-columns), newest first."""
        from content.services import items_in_column

        return items_in_column(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = self.child_columns()
        # The list shows title, date and the 示例 mark: the body and summary stay in the database.
        paginator = CappedPaginator(self.items().defer("body", "summary"), self.page_size, max_pages=self.max_pages)
        try:
            context["page_obj"] = paginator.page(request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage):
            # ?page=999 or ?page=-1: say so instead of quietly showing another page.
            raise Http404(_("没有这一页：本栏目共 %(n)d 页。") % {"n": paginator.num_pages}) from None
        return context


class CappedPaginator(Paginator):
    """Counts at most max_pages·per_page + 1 rows (a bounded query however big the column) and offers at most
    max_pages pages; `capped` tells the template there are more items than it lists."""

    def __init__(self, object_list, per_page, *, max_pages):
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.max_items = max_pages * per_page

    @cached_property
    def count(self):
        return self.object_list[: self.max_items + 1].count()

    @property
    def capped(self):
        return self.count > self.max_items

    @cached_property
    def num_pages(self):
        return max(1, -(-min(self.count, self.max_items) // self.per_page))


class ColumnResponsibility(Orderable):
    """One 责任部门 of a column, with the 责任人 and 信息管理员 the seed names for it (002 附件2)."""

    column = ParentalKey(ColumnPage, on_delete=models.CASCADE, related_name="responsibilities")
    organization = models.ForeignKey("orgs.Organization", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("责任人"), max_length=40, blank=True)
    info_managers = models.CharField(_("信息管理员"), max_length=80, blank=True)

    panels = [FieldPanel("organization"), FieldPanel("person"), FieldPanel("info_managers")]

    class Meta(Orderable.Meta):
        verbose_name = _("责任部门")
        verbose_name_plural = _("责任部门")


class ColumnReminder(models.Model):
    """A reminder the platform sent a person about columns (in-admin notice on their dashboard, and e-mail):
    a column about to fall due, a column overdue, or the weekly summary for a 网站管理员. `subject` names what
    it is about (a column and its due date, or a site and a week), so the daily run never sends one twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期提醒")
        OVERDUE = "overdue", _("超期提醒")
        WEEKLY = "weekly", _("每周栏目更新汇总")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="column_reminders")
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(ColumnPage, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("提醒对象"), max_length=80)
    due_date = models.DateField(_("到期日期"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    message = models.TextField(_("内容"))
    sent_on = models.DateField(_("发送日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("栏目更新提醒")
        verbose_name_plural = _("栏目更新提醒")
        ordering = ["-sent_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "subject"], name="unique_column_reminder")]


class ColumnTally(models.Model):
    """The live items directly under one page, pre-aggregated for column_status() (columns/tally.py): it reads one
    row per page that holds items instead of every item. Kept in step with publish, unpublish, move, copy and
    delete inside the same transaction; `manage.py column_tally` rebuilds and checks it."""

    parent = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    latest = models.DateTimeField(_("最近发布时间"), null=True, blank=True)
    count = models.PositiveIntegerField(_("信息数"), default=0)
    undated = models.PositiveIntegerField(_("无发布时间的信息数"), default=0)
    recent = models.JSONField(_("最近的发布时间"), default=list, blank=True)  # newest first, tally.RECENT at most

    class Meta:
        verbose_name = _("栏目信息统计")
        verbose_name_plural = _("栏目信息统计")
