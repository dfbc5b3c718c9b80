from wagtail.admin.forms import WagtailAdminPageForm

from .publishing import publication_refusals

# Buttons of Wagtail's page editor that send an item towards the public site: publishing it, submitting it to
# review, or approving a review step (the last approval publishes).
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action", "action-restart-workflow")


class ItemPageForm(WagtailAdminPageForm):
    """Refuses to publish (or submit for review) an item that a pre-publish check or the review chain refuses,
    with each reason beside its field; drafts save freely."""

    def clean(self):
        cleaned = super().clean()
        action = next((a for a in PUBLISHING_ACTIONS if a in self.data), None)
        if action == "action-workflow-action" and self.data.get("workflow-action-name") != "approve":
            action = None  # rejecting a step or commenting sends nothing online
        if action:
            site = (self.instance.get_site() if self.instance.pk else None) or self.parent_page.get_site()
            reasons = publication_refusals(
                self.instance, user=self.for_user, direct=action == "action-publish",
                title=cleaned.get("title") or "", body=cleaned.get("body") or "", site=site,
            )
            for field, message in reasons:
                self.add_error(field if field in self.fields else None, message)
        return cleaned
