from django.db import models
from django.utils.translation import gettext_lazy as _

from .identity import validate_hostname, validate_icp, validate_police_record, validate_site_code


class SiteProfile(models.Model):
    """The identity and place in the 站群 of one Wagtail Site."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    class Kind(models.TextChoices):
        PORTAL = "portal", _("政府门户网站")
        DEPARTMENT = "department", _("部门网站")

    class Status(models.TextChoices):
        PLANNING = "planning", _("筹建")
        RUNNING = "running", _("运行")
        OFFLINE = "offline", _("临时下线")
        MIGRATING = "migrating", _("迁移中")
        CLOSED = "closed", _("已关停")

    site = models.OneToOneField("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="profile")
    code = models.SlugField(_("简称代码"), max_length=40, unique=True, help_text=_("访问地址为 <代码>.localhost"))
    full_name = models.CharField(_("网站全称"), max_length=120)
    site_code = models.CharField(_("网站标识码"), max_length=10, validators=[validate_site_code])
    icp = models.CharField(_("ICP备案号"), max_length=40, validators=[validate_icp])
    police_record = models.CharField(_("公安机关备案号"), max_length=40, validators=[validate_police_record])
    party_gov_label = models.BooleanField(_("已加挂党政机关网站标识"), default=False)
    english_domain = models.CharField(_("英文域名"), max_length=253, validators=[validate_hostname])
    extra_english_domains = models.JSONField(_("其他英文域名"), default=list, blank=True)
    chinese_domain = models.CharField(_("中文域名"), max_length=120, blank=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("网站类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级网站"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    supervisor = models.ForeignKey(
        "orgs.Organization", verbose_name=_("主管单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey("orgs.Organization", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(
        "orgs.Organization", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    departments = models.ManyToManyField(
        "orgs.Organization", verbose_name=_("内容保障单位"), blank=True, related_name="maintained_sites"
    )
    person_in_charge = models.CharField(_("网站负责人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    status = models.CharField(_("运行状态"), max_length=20, choices=Status.choices, default=Status.PLANNING)
    source = models.CharField(_("制度来源"), max_length=120, blank=True)
    example_fields = models.JSONField(_("示例数据项"), default=list, blank=True)

    class Meta:
        verbose_name = _("网站")
        verbose_name_plural = _("站群网站")
        ordering = ["id"]
        # Identity is unique across the 站群 (sites.identity.identity_clashes names the holder in forms and seeds;
        # these keep the database true on every other path). Extra English domains are checked there only.
        constraints = [
            models.UniqueConstraint(fields=["site_code"], name="unique_site_code"),
            models.UniqueConstraint(fields=["icp"], name="unique_icp"),
            models.UniqueConstraint(fields=["police_record"], name="unique_police_record"),
            models.UniqueConstraint(fields=["english_domain"], name="unique_english_domain"),
            models.UniqueConstraint(
                fields=["chinese_domain"], condition=~models.Q(chinese_domain=""), name="unique_chinese_domain"
            ),
        ]

    def __str__(self):
        return self.full_name

    def is_example(self, field):
        return field in self.example_fields
