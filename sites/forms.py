"""The 站群网站 form: identity values unique across the 站群, the 标识码 in its government's region."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from .identity import normalize_police_record, validate_hostname, validate_icp, validate_police_record, validate_site_code
from .services import identity_errors


class DomainListField(forms.CharField):
    """Further English domains, one a line (stored as a list)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [str(v).strip() for v in value if str(v).strip()]
        lines = (value or "").replace("，", "\n").replace(",", "\n").splitlines()
        return [line.strip().lower() for line in lines if line.strip()]

    def validate(self, value):
        super().validate("\n".join(value))
        messages = []
        for domain in value:
            try:
                validate_hostname(domain)
            except ValidationError as error:
                messages.extend(f"{domain}：{m}" for m in error.messages)
        if messages:
            raise ValidationError(messages)

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


class SiteProfileForm(WagtailAdminModelForm):
    extra_english_domains = DomainListField(
        label=gettext_lazy("其他英文域名"), required=False, help_text=gettext_lazy("每行一个，如 www.hb12369.net")
    )

    # Formats first (the model would check them only after clean()), so a malformed value gets its format message.
    def clean_site_code(self):
        value = (self.cleaned_data.get("site_code") or "").strip()
        validate_site_code(value)
        return value

    def clean_icp(self):
        value = (self.cleaned_data.get("icp") or "").strip()
        validate_icp(value)
        return value

    def clean_police_record(self):
        value = self.cleaned_data.get("police_record")
        validate_police_record(value)
        return normalize_police_record(value)

    def clean_english_domain(self):
        value = (self.cleaned_data.get("english_domain") or "").strip().lower()
        validate_hostname(value)
        return value

    def clean_chinese_domain(self):
        return (self.cleaned_data.get("chinese_domain") or "").strip()

    def clean(self):
        """Another site's 标识码, ICP, 公安备案号 or domain is refused, naming that site; so is a 标识码 outside
        the region of the site's government. The model's own unique checks then skip the fields refused here."""
        cleaned = super().clean()
        values = {field: cleaned.get(field, getattr(self.instance, field)) for field in IDENTITY_FIELDS}
        owner = cleaned.get("owner") or (self.instance.owner if self.instance.owner_id else None)
        for field, messages in identity_errors(values, owner=owner, exclude_code=self.instance.code).items():
            if field in self.errors:
                continue  # its format is already wrong; that message is the one to fix first
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return cleaned


IDENTITY_FIELDS = ("site_code", "icp", "police_record", "english_domain", "extra_english_domains", "chinese_domain")
