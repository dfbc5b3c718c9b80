"""The public form as a citizen meets it: no JavaScript, real captcha, errors keep what was typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from interaction.models import Case, Mailbox, MailboxKind

from .conftest import form_data, solve_captcha

pytestmark = pytest.mark.django_db


@pytest.fixture
def consult(profiles):
    return Mailbox.objects.get(site=profiles["hebhb"].site, kind=MailboxKind.CONSULT)


def test_wrong_captcha_keeps_the_text_and_says_why_in_chinese(client, consult, host):
    page = client.get("/interaction/write/", **host("hebhb")).content.decode()
    key, answer = solve_captcha(page)
    data = form_data(consult, captcha_0=key, captcha_1="wrong", content="我家附近的河道有异味，请问向哪个部门反映？")
    response = client.post("/interaction/write/", data, **host("hebhb"))
    html = response.content.decode()
    assert response.status_code == 400 and "验证码错误，请重新输入。" in html
    assert "我家附近的河道有异味，请问向哪个部门反映？" in html and "关于排污许可证办理时限的咨询" in html
    assert not Case.objects.exists()
    key, answer = solve_captcha(html)  # a new picture
    response = client.post("/interaction/write/", dict(data, captcha_0=key, captcha_1=answer), **host("hebhb"))
    assert response.status_code == 302 and Case.objects.count() == 1


def test_missing_contact_and_title_are_refused_in_chinese(client, consult, host, captcha_ok):
    response = client.post("/interaction/write/", form_data(consult, title="", phone="", email=""), **host("hebhb"))
    html = response.content.decode()
    assert "请填写标题。" in html and "请至少填写联系电话或电子邮箱中的一项" in html
    assert not Case.objects.exists()


def test_double_submit_creates_one_case(client, consult, host, captcha_ok):
    data = form_data(consult)
    first = client.post("/interaction/write/", data, **host("hebhb"))
    second = client.post("/interaction/write/", data, **host("hebhb"))
    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1


def test_rate_limit_per_address(client, consult, host, captcha_ok):
    for i in range(5):
        assert client.post("/interaction/write/", form_data(consult, submission_key=f"{i:032x}"), **host("hebhb")).status_code == 302
    response = client.post("/interaction/write/", form_data(consult, submission_key=f"{6:032x}"), **host("hebhb"))
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Case.objects.count() == 5
    other = client.post("/interaction/write/", form_data(consult, submission_key=f"{7:032x}"), REMOTE_ADDR="10.9.9.9", **host("hebhb"))
    assert other.status_code == 302


def test_attachment_type_and_size_are_limited(client, consult, host, captcha_ok):
    bad = SimpleUploadedFile("virus.exe", b"MZ" * 10)
    response = client.post("/interaction/write/", {**form_data(consult), "attachment": bad}, **host("hebhb"))
    assert "附件类型不支持" in response.content.decode() and not Case.objects.exists()
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * 5_300_000)
    response = client.post("/interaction/write/", {**form_data(consult), "attachment": big}, **host("hebhb"))
    assert "附件不能超过 5 MB" in response.content.decode() and not Case.objects.exists()
    good = SimpleUploadedFile("photo.png", b"\x89PNG....")
    assert client.post("/interaction/write/", {**form_data(consult), "attachment": good}, **host("hebhb")).status_code == 302
    assert Case.objects.get().attachment.name.endswith(".png")


def test_find_error_is_not_written_here_but_listed_with_the_national_link(client, host):
    page = client.get("/interaction/", **host("weibin")).content.decode()
    assert "我为政府网站找错" in page and "到全国政府网站找错平台留言" in page
    form = client.get("/interaction/write/", **host("weibin")).content.decode()
    assert "区长信箱" in form and "我为政府网站找错</option>" not in form


def test_unknown_query_code_says_so(client, host):
    html = client.post("/interaction/query/", {"code": "NOTACODE"}, **host("hebhb")).content.decode()
    assert "没有找到此查询码对应的来信" in html
