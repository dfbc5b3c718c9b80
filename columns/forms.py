from wagtail.admin.forms import WagtailAdminPageForm

from sites.services import departments_of_site


class ColumnPageForm(WagtailAdminPageForm):
    """A column's 责任部门 are chosen among the units of its own site (its SiteProfile's 内容保障单位), not among
    every unit of the 站群 (002 第五条 责任栏目分工: the site's own departments maintain its columns)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("responsibilities")
        if formset is None:
            return
        page = self.instance if self.instance.pk else self.parent_page
        site = page.get_site() if page is not None else None
        units = departments_of_site(site)
        base = formset.form

        class ResponsibilityForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "organization" in self.fields:
                    self.fields["organization"].queryset = units

        ResponsibilityForm.__name__ = base.__name__
        formset.form = ResponsibilityForm
        for form in formset.forms:  # built already if the formset was read during set-up
            if "organization" in form.fields:
                form.fields["organization"].queryset = units
