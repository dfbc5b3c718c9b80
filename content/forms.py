from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm

# Buttons of Wagtail's page editor that send an item towards the public site.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")
# Apps register objections to publishing under this hook name (review: the pre-publish content checks),
# so content imports none of them: fn(title=, body=, site=, page_id=) -> [(field name, Chinese message)].
PRE_PUBLISH_HOOK = "check_item_before_publish"


class ItemPageForm(WagtailAdminPageForm):
    """Refuses to publish (or submit for review) an item that a pre-publish check blocks; drafts save freely."""

    def clean(self):
        cleaned = super().clean()
        if any(action in self.data for action in PUBLISHING_ACTIONS):
            site = self.parent_page.get_site()
            for objections in hooks.get_hooks(PRE_PUBLISH_HOOK):
                for field, message in objections(
                    title=cleaned.get("title") or "", body=cleaned.get("body") or "", site=site, page_id=self.instance.pk
                ):
                    self.add_error(field if field in self.fields else None, message)
        return cleaned
