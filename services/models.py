"""办事指南 (service guides): one page per 事项, kept by the unit responsible for its column (000 第十三条:
办事指南 are kept accurate by the responsible department, and the date of the last update is shown)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from content.models import ItemPage


class ServiceGuidePage(ItemPage):
    """A 办事指南. It is an item (content.ItemPage): it lists in its column, passes the same publication gate
    (checks and review chain) and the same page permissions (RuledPageMixin: the column's department edits it).
    Its 表格下载 are the item's attachments (documents of the site's collection)."""

    legal_basis = RichTextField(_("设定依据"), blank=True)
    conditions = RichTextField(_("受理条件"), blank=True)
    materials = RichTextField(_("申请材料"), blank=True)
    # `body` (the item's 正文) holds 办理流程.
    time_limit = models.CharField(_("办理时限"), max_length=200, blank=True)
    fees = models.CharField(_("收费标准"), max_length=200, blank=True)
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    online_url = models.URLField(_("在线办理地址"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("legal_basis"), FieldPanel("conditions"), FieldPanel("materials")], heading=_("事项要求")),
        FieldPanel("body", heading=_("办理流程")),
        MultiFieldPanel(
            [FieldPanel("time_limit"), FieldPanel("fees"), FieldPanel("place"), FieldPanel("office_hours"), FieldPanel("phone"), FieldPanel("online_url")],
            heading=_("办理信息"),
        ),
        InlinePanel("attachments", heading=_("表格下载"), label=_("表格")),
        MultiFieldPanel([FieldPanel("publish_date"), FieldPanel("source")], heading=_("发布信息")),
    ]
    search_fields = ItemPage.search_fields + [
        index.SearchField("conditions"), index.SearchField("materials"), index.SearchField("legal_basis"),
    ]
    template = "services/service_guide_page.html"

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")

    def text_for_checks(self, body=None):
        """Everything a citizen reads on the guide, for the pre-publish checks (not the 办理流程 alone)."""
        parts = [self.legal_basis, self.conditions, self.materials, self.body if body is None else body,
                 self.time_limit, self.fees, self.place, self.office_hours, self.phone]
        return "\n".join(f"<p>{p}</p>" if p and not str(p).lstrip().startswith("<") else str(p or "") for p in parts)

    def last_updated(self):
        """The date shown as 更新日期: the last publication (000 第十三条)."""
        return self.last_published_at or self.first_published_at or self.publish_date
