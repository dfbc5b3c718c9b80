"""The public form (accessible, no JavaScript needed) and the staff forms of the back office."""

import uuid
from pathlib import Path

from captcha.fields import CaptchaField
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Case, MailboxKind
from .rules import setting

PUBLIC_KINDS = [k for k in MailboxKind.values if k != MailboxKind.FIND_ERROR]  # 找错 comes from the national platform


class CaseForm(forms.Form):
    mailbox = forms.ChoiceField(label=_("信件类型"))
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    writer_name = forms.CharField(label=_("姓名"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False, help_text=_("电话和电子邮箱至少填一项，不会公开。"))
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    attachment = forms.FileField(label=_("附件"), required=False)
    wants_public = forms.TypedChoiceField(
        label=_("是否公开"), choices=[("1", _("同意公开（个人信息将被遮蔽）")), ("0", _("不公开"))],
        coerce=lambda v: v == "1", initial="1", widget=forms.RadioSelect,
    )
    captcha = CaptchaField(label=_("验证码"), error_messages={"invalid": _("验证码错误，请重新输入。")})
    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, mailboxes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mailboxes = {str(m.pk): m for m in mailboxes}
        self.fields["mailbox"].choices = [(str(m.pk), m.name) for m in mailboxes]
        self.fields["submission_key"].initial = uuid.uuid4().hex
        limits = setting("attachment")
        self.fields["attachment"].help_text = _("可选；支持 %(ext)s，不超过 %(mb)d MB。") % {
            "ext": "、".join(limits["extensions"]), "mb": limits["max_bytes"] // (1024 * 1024)}
        for name, field in self.fields.items():
            if field.required and name != "submission_key":
                field.widget.attrs["aria-required"] = "true"
            field.error_messages.setdefault("required", _("请填写%(f)s。") % {"f": field.label})
            field.error_messages["required"] = _("请填写%(f)s。") % {"f": field.label}

    def clean_mailbox(self):
        value = self.cleaned_data["mailbox"]
        return self.mailboxes[value]

    def clean_submission_key(self):
        # The key the form itself made (uuid4 hex): a hand-made one could claim another case's key. The field is
        # hidden, so the message goes where the writer sees it, above the form.
        key = self.cleaned_data["submission_key"].strip().lower()
        if len(key) != 32 or any(c not in "0123456789abcdef" for c in key):
            self.add_error(None, _("表单已失效，请刷新页面后重新填写提交。"))
        return key

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace("-", "").replace(" ", "")
        if phone and not (digits.isdigit() and 7 <= len(digits) <= 15):
            raise ValidationError(_("联系电话格式不正确。"))
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        limits = setting("attachment")
        if Path(upload.name).suffix.lower().lstrip(".") not in limits["extensions"]:
            raise ValidationError(_("附件类型不支持，只能上传 %(ext)s。") % {"ext": "、".join(limits["extensions"])})
        if upload.size > limits["max_bytes"]:
            raise ValidationError(_("附件不能超过 %(mb)d MB。") % {"mb": limits["max_bytes"] // (1024 * 1024)})
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors and "email" not in self.errors:
            raise ValidationError(_("请至少填写联系电话或电子邮箱中的一项，以便答复。"))
        return data


class QueryForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=16, error_messages={"required": _("请填写查询码。")})

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class RatingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(label=_("对答复的评价"), choices=Case.Rating.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("请选择评价。")})


class EntryForm(forms.Form):
    """Staff enter a report received elsewhere (找错 from the national platform, a letter, a phone call)."""

    mailbox = forms.ModelChoiceField(label=_("信箱"), queryset=None)
    title = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 6}))
    writer_name = forms.CharField(label=_("来信人"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    external_id = forms.CharField(label=_("外部编号"), max_length=60, required=False, help_text=_("如全国政府网站找错平台的编号"))
    received_at = forms.DateTimeField(label=_("收到时间"), required=False, help_text=_("留空为现在"))

    def __init__(self, *args, mailboxes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].queryset = mailboxes


class FindErrorImportForm(forms.Form):
    file = forms.FileField(label=_("找错记录文件"), help_text=_("全国政府网站找错平台导出的 .xlsx 或 .csv 文件，不超过 5 MB。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("文件超过 5 MB，请分批导入。"))
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("只能导入 .xlsx 或 .csv 文件。"))
        return upload
