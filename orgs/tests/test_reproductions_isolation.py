"""Issue 7, reproductions 1–5, as the weibin_* accounts hit them against hebhb's data: another site's pages,
images, documents, lexicon, users and log entries are neither shown nor usable through any path."""


import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import Page, Workflow

from columns.models import ColumnPage
from content.models import ArticlePage
from orgs.models import Role
from review.models import SiteLexicon
from sites.services import site_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def weibin(make_person):
    return {
        "site_admin": make_person(Role.SITE_ADMIN, "weibin", username="weibin_site_admin"),
        "editor": make_person(Role.EDITOR, "weibin", "区应急管理局", username="weibin_editor"),
        "leader": make_person(Role.LEADER_IN_CHARGE, "weibin", username="weibin_leader"),
    }


@pytest.fixture
def hebhb(profiles, make_person, settings, tmp_path):
    """A draft of hebhb, its image and document, its lexicon and one of its people, each with a unique name."""
    settings.MEDIA_ROOT = tmp_path
    profile = profiles["hebhb"]
    person = make_person(Role.EDITOR, "hebhb", profile.departments.first().short_name, username="hebhb_zhangsan")
    column = ColumnPage.objects.descendant_of(profile.site.root_page).first()
    draft = column.add_child(instance=ArticlePage(title="河北环保厅内部草稿甲", slug="hebhb-draft", live=False, owner=person))
    draft.save_revision(user=person)
    log(instance=draft, action="wagtail.edit", user=person)
    collection = site_collection(profile.site)
    image = Image.objects.create(title="河北环保厅图片甲", file=get_test_image_file("hebhb-secret.png"), collection=collection)
    document = Document.objects.create(
        title="河北环保厅文件甲", file=ContentFile(b"%PDF-1.4", name="hebhb-secret.pdf"), collection=collection
    )
    log(instance=image, action="wagtail.edit", user=person)
    lexicon, _ = SiteLexicon.objects.get_or_create(site=profile.site)
    lexicon.prohibited_terms, lexicon.sensitive_terms = "河北违禁词甲\n", "河北敏感词甲\n"
    lexicon.save()
    log(instance=lexicon, action="wagtail.edit", user=person)
    return {"profile": profile, "person": person, "column": column, "draft": draft, "image": image,
            "document": document, "lexicon": lexicon}


def text(response):
    return response.content.decode()


# --- 1. The page chooser's chosen-multiple ---------------------------------------------------------------------


def test_1_chosen_multiple_answers_only_own_sites_pages(client, profiles, weibin, hebhb):
    own = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).first()
    ids = [hebhb["draft"].pk, hebhb["column"].pk, profiles["hebhb"].site.root_page_id, own.pk, 1]
    client.force_login(weibin["editor"])
    response = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": ids})
    assert response.status_code == 200
    result = response.json()["result"]
    assert [page["id"] for page in result] == [own.pk]
    for name in ("河北环保厅内部草稿甲", hebhb["column"].title, "hebhb-draft"):
        assert name not in text(response)


# --- 2. The admin API and the image/document chosen endpoints ----------------------------------------------------


def test_2_admin_api_lists_and_finds_only_own_sites_assets(client, profiles, weibin, hebhb):
    own = Image.objects.create(title="渭滨图片", file=get_test_image_file("weibin.png"), collection=site_collection(profiles["weibin"].site))
    client.force_login(weibin["editor"])
    listing = client.get("/admin/api/main/images/")
    assert listing.status_code == 200
    titles = [item["title"] for item in listing.json()["items"]]
    assert "渭滨图片" in titles and "河北环保厅图片甲" not in titles
    assert "hebhb-secret" not in text(listing)
    assert client.get(f"/admin/api/main/images/{hebhb['image'].pk}/").status_code == 404
    assert client.get(f"/admin/api/main/images/{own.pk}/").status_code == 200
    assert client.get(f"/admin/api/main/documents/{hebhb['document'].pk}/").status_code == 404
    assert "河北环保厅文件甲" not in text(client.get("/admin/api/main/documents/"))
    pages = client.get("/admin/api/main/pages/", {"search": "河北环保厅内部草稿甲"})
    assert "河北环保厅内部草稿甲" not in text(pages)
    assert client.get(f"/admin/api/main/pages/{hebhb['draft'].pk}/").status_code == 404


def test_2_a_weibin_editor_cannot_embed_or_choose_hebhb_assets(client, weibin, hebhb):
    client.force_login(weibin["editor"])
    url = reverse("wagtailimages_chooser:select_format", args=(hebhb["image"].pk,))
    for response in (client.get(url), client.post(url, {"image-chooser-insertion-format": "fullwidth",
                                                         "image-chooser-insertion-alt_text": "x"})):
        assert response.status_code == 404
        assert "hebhb-secret" not in text(response) and "河北环保厅图片甲" not in text(response)
    for name, pk in (("wagtailimages_chooser:chosen", hebhb["image"].pk), ("wagtaildocs_chooser:chosen", hebhb["document"].pk)):
        response = client.get(reverse(name, args=(pk,)))
        assert response.status_code in (302, 403, 404) and "hebhb-secret" not in text(response)
    response = client.get(reverse("wagtailimages_chooser:chosen_multiple"), {"id": [hebhb["image"].pk]})
    assert "hebhb-secret" not in text(response)


# --- 3. The 审核词库 snippet --------------------------------------------------------------------------------------


def test_3_another_sites_lexicon_is_not_shown_by_any_snippet_view(client, weibin, hebhb):
    pk = hebhb["lexicon"].pk
    client.force_login(weibin["site_admin"])
    for name in ("copy", "history", "history_results", "usage", "edit", "delete"):
        response = client.get(reverse(f"wagtailsnippets_review_sitelexicon:{name}", args=(pk,)))
        assert response.status_code in (302, 403, 404), name
        assert "河北违禁词甲" not in text(response) and "河北敏感词甲" not in text(response), name
    for url in (reverse("wagtailsnippetchoosers_review_sitelexicon:choose"),
                reverse("wagtailsnippetchoosers_review_sitelexicon:choose_results"),
                reverse("wagtailsnippets_review_sitelexicon:list")):
        assert "河北省环境保护厅" not in text(client.get(url)), url
    chosen = client.get(reverse("wagtailsnippetchoosers_review_sitelexicon:chosen", args=(pk,)))
    assert chosen.status_code == 404
    response = client.get("/admin/bulk/review/sitelexicon/delete/", {"id": [pk]})
    assert "河北省环境保护厅" not in text(response)
    client.post("/admin/bulk/review/sitelexicon/delete/?id=" + str(pk))
    assert SiteLexicon.objects.filter(pk=pk).exists()


# --- 4. Reports, log entries and history ---------------------------------------------------------------------


def test_4_reports_and_history_name_no_one_and_nothing_of_another_site(client, profiles, weibin, hebhb):
    Workflow.objects.filter(active=True).first().start(hebhb["draft"], hebhb["person"])
    hebhb["column"].save_revision(user=hebhb["person"])
    Page.objects.filter(pk=hebhb["column"].pk).update(locked=True, locked_by=hebhb["person"])
    for role, user in weibin.items():
        client.force_login(user)
        for name in ("workflow", "workflow_tasks", "locked_pages", "site_history", "aging_pages"):
            response = client.get(reverse(f"wagtailadmin_reports:{name}"), follow=True)
            html = text(response)
            assert "hebhb_zhangsan" not in html, (role, name)
            assert "河北环保厅内部草稿甲" not in html and "河北环保厅图片甲" not in html and hebhb["column"].title not in html, (role, name)
        for name in ("history", "workflow_history"):
            response = client.get(reverse(f"wagtailadmin_pages:{name}", args=(hebhb["draft"].pk,)), follow=True)
            assert "hebhb_zhangsan" not in text(response) and "河北环保厅内部草稿甲" not in text(response), (role, name)
    # The colleague's own actions still show.
    client.force_login(weibin["site_admin"])
    own = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).first()
    log(instance=own, action="wagtail.edit", user=weibin["editor"])
    html = text(client.get(reverse("wagtailadmin_reports:site_history")))
    assert own.title in html and "weibin_editor" in html


# --- 5. 责任部门 of a column ------------------------------------------------------------------------------------


def test_5_a_columns_responsible_units_are_its_own_sites(client, profiles, weibin):
    column = ColumnPage.objects.descendant_of(profiles["weibin"].site.root_page).first()
    client.force_login(weibin["site_admin"])
    html = text(client.get(reverse("wagtailadmin_pages:edit", args=(column.pk,))))
    own_units = list(profiles["weibin"].departments.all())
    other_unit = profiles["hebhb"].departments.first()
    assert any(f">{unit.name}<" in html or f">{unit}<" in html for unit in own_units)
    assert str(other_unit) not in html and "河北省环境保护厅" not in html

    from columns.forms import ColumnPageForm

    form_class = ColumnPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ColumnPageForm)
    form = form_class(instance=column, for_user=weibin["site_admin"], parent_page=column.get_parent())
    choices = set(form.formsets["responsibilities"].empty_form.fields["organization"].queryset)
    assert choices == set(own_units) and len(choices) < 107
