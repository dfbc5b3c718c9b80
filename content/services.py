"""Reading and placing items. Views, templates and other apps use these, not the models' managers."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import ItemPage
from .publishing import SYSTEM_LOAD, PublicationRefused, publication_path, publication_refusals


def items_in_column(column):
    """Live items of a column, newest first, as a queryset (paginated in SQL). A column with sub-columns
    lists what they hold too, as portal column pages do."""
    qs = ItemPage.objects.live().public()
    qs = qs.descendant_of(column) if _has_sub_columns(column) else qs.child_of(column)
    return qs.order_by("-publish_date", "-pk")


def _has_sub_columns(column):
    # Asked of the columns (a few hundred rows), not of the column's children: "children that are not items"
    # scanned every item of a big column (300 ms at 200,000 items). A column's children are columns or items.
    from columns.models import ColumnPage

    return ColumnPage.objects.filter(path__startswith=column.path, depth=column.depth + 1).exists()


def latest_items(root, limit=10):
    """Live items anywhere below `root` (a site's home page, or a column), newest first."""
    return list(ItemPage.objects.descendant_of(root).live().public().order_by("-publish_date", "-pk")[:limit])


def titles_published_on(site, *, since_days=None, exclude_page_id=None):
    """Titles of live items on a site (for the duplicate-title check; 003 第十五条: 大标题不要重复)."""
    qs = ItemPage.objects.descendant_of(site.root_page).live()
    if since_days is not None:
        qs = qs.filter(publish_date__gte=timezone.now() - timedelta(days=since_days))
    if exclude_page_id:
        qs = qs.exclude(pk=exclude_page_id)
    return list(qs.values_list("title", flat=True))


def title_taken_on(site, key, *, since_days=None, exclude_page_id=None):
    """The title of a live item on a site whose stored title key is `key` (the duplicate-title check, 003 第十五条:
    大标题不要重复), or None. One indexed query on ItemPage.title_key."""
    qs = ItemPage.objects.filter(title_key=key, live=True, path__startswith=site.root_page.path)
    if since_days is not None:
        qs = qs.filter(publish_date__gte=timezone.now() - timedelta(days=since_days))
    if exclude_page_id:
        qs = qs.exclude(pk=exclude_page_id)
    return qs.values_list("title", flat=True).first()


@transaction.atomic  # a refused item is not left in the tree (add_child stores it live before publish asks)
def place_item(column, item):
    """Add an item under a column and publish it (seed and demo loaders; editors use the admin). The content
    checks still run; the review chain does not apply to the platform's own example content."""
    column.add_child(instance=item)
    with publication_path(SYSTEM_LOAD):
        item.save_revision().publish()
    return item


def share_to(item, column, *, user=None):
    """Show an existing item in another site's column as an alias (统一信息资源库: 先入库、后使用). The alias
    goes online on that site, so that site's pre-publish checks run first (its lexicon may be stricter)."""
    reasons = publication_refusals(item, user=user, direct=False, site=column.get_site())
    if reasons:
        raise PublicationRefused(reasons)
    return item.create_alias(parent=column, update_slug=_free_slug(column, item.slug), user=user)


def _free_slug(parent, slug):
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def set_review_tier(item, tier):
    """Store an item's review tier on the page and on its latest revision, so that publishing that revision
    (the review chain's last approval) keeps it (review.tiers decides who may change it)."""
    ItemPage.objects.filter(pk=item.pk).update(review_tier=tier)
    item.review_tier = tier
    revision = item.get_latest_revision()
    if revision is not None:
        revision.content["review_tier"] = tier
        revision.save(update_fields=["content"])
    return item


@transaction.atomic
def draft_item(column, item, user):
    """Add an item under a column as a draft (not live) owned by `user`, with its first revision; returns the item.
    Other apps that generate content (inspection's reports) draft through here and submit with submit_item."""
    item.live = False
    item.owner = user
    column.add_child(instance=item)
    item = ItemPage.objects.get(pk=item.pk).specific
    item.save_revision(user=user)
    return item


def submit_item(item, user):
    """Submit a draft to its review chain (Wagtail's workflow for the item), as the editor's 提交审核 does. The item
    goes online only through the chain's last approval."""
    workflow = item.get_workflow()
    if workflow is None:
        raise PublicationRefused([(None, _("该信息所在栏目未配置审核流程，不能提交审核。"))])
    return workflow.start(item, user)
