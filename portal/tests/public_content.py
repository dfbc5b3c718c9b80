"""Items of every public page kind on one seed site, for the public page tests (the seeded test database has
columns but no items)."""

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from columns.models import ColumnPage
from content.models import ArticlePage, ItemAttachment, PolicyDocumentPage
from content.services import place_item
from services.models import ServiceGuidePage
from sites.services import site_collection

LONG_TITLE = "关于进一步做好全区政府网站与政务新媒体内容保障和信息发布审核工作的通知（第三次修订稿）"


def leaf_column(profile, *categories):
    for category in categories:
        for column in ColumnPage.objects.descendant_of(profile.site.root_page).filter(category=category).order_by("path"):
            if not ColumnPage.objects.child_of(column).exists() and not column.link_url:
                return column
    raise LookupError(categories)


def document(profile, title, data=b"\xe5\xba\x8f\xe5\x8f\xb7,\xe4\xba\x8b\xe9\xa1\xb9\n" * 200, name="sheet.csv"):
    doc = get_document_model()(title=title, collection=site_collection(profile.site))
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


def make_public_content(profile, code=None):
    code = code or profile.code
    now = timezone.now()
    news = leaf_column(profile, "news", "notice")
    article = ArticlePage(
        title=LONG_TITLE, slug=f"{code}-notice", publish_date=now - timezone.timedelta(hours=3),
        source="区政府办公室", author="张伟", summary="做好内容保障和发布审核工作。",
        body="<p>各单位：为进一步做好政府网站内容保障工作，现将有关事项通知如下。</p>",
    )
    article.attachments.add(ItemAttachment(document=document(profile, "内容保障任务分工表"), title="附件1：内容保障任务分工表"))
    place_item(news, article)
    policy_column = leaf_column(profile, "policy")
    policy = place_item(policy_column, PolicyDocumentPage(
        title="关于加强政府网站管理的实施意见", slug=f"{code}-policy", issuer=profile.owner.name,
        document_number="示例〔2026〕3号", index_number=f"{profile.site_code}/2026-00003", topic="政务公开",
        written_date=(now - timezone.timedelta(days=5)).date(), publish_date=now - timezone.timedelta(days=2),
        body="<p>为加强政府网站管理，制定本意见。</p>",
    ))
    interpretation_column = leaf_column(profile, "interpretation", "news", "notice")
    interpretation = place_item(interpretation_column, ArticlePage(
        title="《关于加强政府网站管理的实施意见》政策解读", slug=f"{code}-reading", interprets=policy,
        publish_date=now - timezone.timedelta(days=1), body="<p>现就文件主要内容解读如下。</p>",
    ))
    guide_column = leaf_column(profile, "service")
    guide = ServiceGuidePage(
        title="政府信息公开申请", slug=f"{code}-guide", source=profile.owner.name,
        legal_basis="<p>《中华人民共和国政府信息公开条例》第二十七条。</p>", conditions="<p>公民、法人或者其他组织。</p>",
        materials="<ol><li>政府信息公开申请表</li><li>身份证明</li></ol>", body="<ol><li>提交申请</li><li>受理</li><li>答复</li></ol>",
        time_limit="20个工作日", fees="不收费", place="政务服务大厅3号窗口", office_hours="工作日9:00—17:30",
        phone="0917-3000000", online_url="https://www.gjzwfw.gov.cn/",
    )
    guide.attachments.add(ItemAttachment(document=document(profile, "政府信息公开申请表", name="form.xlsx"), title=""))
    place_item(guide_column, guide)
    return {"news": news, "article": article, "policy": policy, "interpretation": interpretation, "guide": guide,
            "guide_column": guide_column}
