"""Years the State Council has announced but chinese-calendar does not yet know, entered by a 网站管理员 from the
yearly notice (国务院办公厅关于X年部分节假日安排的通知). A day listed here overrides the library's answer for it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class DeclaredYear(ClusterableModel):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice = models.CharField(
        _("依据的通知"), max_length=200, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    panels = [FieldPanel("year"), FieldPanel("notice"), InlinePanel("days", label=_("放假与调休日期"))]

    class Meta:
        verbose_name = _("节假日安排（年度）")
        verbose_name_plural = _("节假日安排（年度）")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)s年节假日安排") % {"year": self.year}

    def clean(self):
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("年份应在2000至2100之间。")})


class DeclaredDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假（休息日）")
        WORKDAY = "workday", _("调休上班（工作日）")

    declared_year = ParentalKey(DeclaredYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("节日"), max_length=20, blank=True, help_text=_("如：春节、国庆节"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        verbose_name = _("放假或调休日期")
        verbose_name_plural = _("放假或调休日期")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["declared_year", "date"], name="unique_declared_day")]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        if self.date and self.declared_year_id and self.date.year != self.declared_year.year:
            raise ValidationError({"date": _("日期不在%(year)s年内。") % {"year": self.declared_year.year}})
