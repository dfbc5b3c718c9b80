from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm

from .publishing import publication_refusals

# Buttons of Wagtail's page editor that send an item towards the public site: publishing it, submitting it to
# review, or approving a review step (the last approval publishes).
# fn(form, cleaned_data) -> [(field name or None, Chinese message)]: apps above content add their own rules on
# an item's fields (review: who may lower the review tier).
ITEM_FORM_HOOK = "clean_item_form"

PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action", "action-restart-workflow")
# Of those, the ones where the person sends their own text on (review asks them to confirm each warning).
SUBMITTING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

# fn(form): prepares the unbound item form (review lists the warnings to confirm).
ITEM_FORM_INIT_HOOK = "govsite_item_form_init"
# fn(form, action, cleaned_data): on every clean; may change cleaned_data (review normalises the body) and add
# errors. `action` is the editor button pressed (one of PUBLISHING_ACTIONS) or None for a plain save.
ITEM_FORM_CLEAN_HOOK = "govsite_item_form_clean"


class WarningsField(forms.MultipleChoiceField):
    """The warnings a submitter confirms; the choices follow the text being checked, so any value is accepted
    here and the clean hook decides what is still missing."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return True


class ItemPageForm(WagtailAdminPageForm):
    """Refuses to publish (or submit for review) an item that a pre-publish check or the review chain refuses,
    with each reason beside its field; drafts save freely."""

    acknowledged_warnings = WarningsField(
        label=_("发布前检查提醒"), required=False,
        help_text=_("提交审核或发布前，须逐条阅读并勾选确认；确认记录保存确认人和时间"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 牵头/参与部门: only the units of the item's own site.
        site = (self.instance.get_site() if self.instance.pk else None) or (self.parent_page.get_site() if self.parent_page else None)
        profile = getattr(site, "profile", None)
        if "review_tier" in self.fields:
            self.fields["review_tier"].required = False  # left out: the item keeps its tier (一般 for a new one)
        for name in ("lead_department", "joint_departments"):
            if name in self.fields and profile is not None:
                self.fields[name].queryset = profile.departments.all()
        for prepare in hooks.get_hooks(ITEM_FORM_INIT_HOOK):
            prepare(self)

    def clean(self):
        cleaned = super().clean()
        if "review_tier" in self.fields and not cleaned.get("review_tier"):
            cleaned["review_tier"] = self.instance.review_tier or "general"
        for check in hooks.get_hooks(ITEM_FORM_HOOK):
            for field, message in check(self, cleaned):
                self.add_error(field if field in self.fields else None, message)
        action = next((a for a in PUBLISHING_ACTIONS if a in self.data), None)
        if action == "action-workflow-action" and self.data.get("workflow-action-name") != "approve":
            action = None  # rejecting a step or commenting sends nothing online
        for check in hooks.get_hooks(ITEM_FORM_CLEAN_HOOK):
            check(self, action, cleaned)
        if action:
            site = (self.instance.get_site() if self.instance.pk else None) or self.parent_page.get_site()
            reasons = publication_refusals(
                self.instance, user=self.for_user, direct=action == "action-publish",
                title=cleaned.get("title") or "", body=cleaned.get("body") or "", site=site,
            )
            for field, message in reasons:
                self.add_error(field if field in self.fields else None, message)
        return cleaned
