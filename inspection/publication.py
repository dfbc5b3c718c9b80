"""Publishing the inspection reports on the site (001 第三十二条: 季度检查情况及整改情况 published by the end of Feb,
May, Aug, Nov; 000 第十七条: half-yearly 部门通报). A report becomes an ordinary 文章 draft in the site's report
column (indicators.yaml publication.columns), with its table in the text and the xlsx as 附件, submitted to the
site's review chain: it goes online only when that chain approves it (002 第五条 未经审核的信息不得上网)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .indicators import indicators
from .reports import as_xlsx


class NoReportColumn(Exception):
    pass


def report_column(profile):
    """The site's leaf column for inspection reports, or NoReportColumn with a Chinese message."""
    from columns.models import ColumnPage

    titles = indicators()["publication"]["columns"]
    candidates = ColumnPage.objects.descendant_of(profile.site.root_page).filter(title__in=titles)
    by_title = {}
    for column in candidates:
        if not column.get_children().type(ColumnPage).exists():
            by_title.setdefault(column.title, column)
    for title in titles:
        if title in by_title:
            return by_title[title]
    raise NoReportColumn(_("{site}没有用于公开检查情况的栏目（{titles}），请网站管理员先建立栏目。").format(
        site=profile.full_name, titles="、".join(titles)))


def report_body(headers, rows):
    """The table as paragraphs, one per row (the rich-text editor keeps paragraphs; it drops tables)."""
    return format_html_join("", "<p>{}</p>", (
        ("；".join(f"{h}：{v}" for h, v in zip(headers, row)),) for row in rows)) or format_html("<p>{}</p>", _("本期无检查记录。"))


@transaction.atomic
def submit_report(profile, title, headers, rows, user):
    """Draft the report in the site's report column and submit it to the review chain as `user`. Returns the draft
    (not live). Raises NoReportColumn when the site has no such column."""
    from wagtail.documents import get_document_model

    from content.models import ArticlePage, ItemAttachment
    from content.services import draft_item, submit_item
    from sites.services import site_collection

    column = report_column(profile)
    Document = get_document_model()
    document = Document(title=title, collection=site_collection(profile.site), uploaded_by_user=user)
    document.file.save(f"{slugify(title, allow_unicode=True) or 'report'}.xlsx",
                       ContentFile(as_xlsx(title, headers, rows)), save=False)
    document.save()
    item = draft_item(column, ArticlePage(
        title=title, slug=f"inspection-report-{timezone.now():%Y%m%d%H%M%S%f}", body=report_body(headers, rows),
        source=profile.full_name, publish_date=timezone.now(),
        attachments=[ItemAttachment(document=document, title=_("{title}（xlsx）").format(title=title))]), user)
    submit_item(item, user)
    return ArticlePage.objects.get(pk=item.pk)
