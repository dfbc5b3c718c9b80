from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A unit in the 单位/部门 tree: 省政府 → 办公厅/部门 → 处室, 市政府 → …, 县政府 → …"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        OFFICE = "office", _("办公厅（室）")
        DEPARTMENT = "department", _("政府部门")
        DIVISION = "division", _("内设处室")
        UNIT = "unit", _("直属单位")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    aliases = models.JSONField(_("其他写法"), default=list, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # 网站标识码 = this code of the site's government + 4 digits (reference/national-rules.md §5); governments only.
    division_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, help_text=_("人民政府的6位行政区划代码，如 610302（渭滨区）")
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_org_name_per_parent")]
        ordering = ["id"]

    def __str__(self):
        return self.short_name or self.name

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    SITE_ADMIN = "site_admin", _("网站管理员")
    EDITOR = "editor", _("信息员（信息管理员）")
    DIVISION_HEAD = "division_head", _("处室负责人")
    LEADER_IN_CHARGE = "leader_in_charge", _("分管领导")
    PRINCIPAL = "principal", _("主要负责人")


class RoleAssignment(models.Model):
    """A role a person holds on one site, for one department (or the whole site)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("网站"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("部门"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "site", "organization", "role"], name="unique_role_assignment")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.site or _('全平台')} · {self.organization or ''}"


class DerivedGroup(models.Model):
    """A Wagtail group the platform derives from role assignments; never edited by hand."""

    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="derived_from")
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("角色派生用户组")
        verbose_name_plural = _("角色派生用户组")
        constraints = [models.UniqueConstraint(fields=["site", "organization", "role"], name="unique_derived_group")]


class AccountSecurity(models.Model):
    """Password state of one account: first-login change and expiry (seeds: 密码要定期更改)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security")
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")


class PasswordHistory(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]
