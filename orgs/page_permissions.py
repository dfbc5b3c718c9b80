"""The policy point for pages: the answer Wagtail itself gives (`page.permissions_for_user(user)`) is the orgs
role rules on top of the Wagtail permissions derived from them (columns.permissions).

Every Wagtail path that acts on a page asks this tester: the editor, the explorer's buttons, bulk actions,
move/copy/delete/unpublish/privacy views, revisions, the admin API and PublishPageRevisionAction. So a rule
written here holds on all of them; the view hooks in wagtail_hooks.py only cover what the tester cannot know
(the type of page being created). Page types opt in through RuledPageMixin.

Apps above orgs plug into publishing through the PUBLISH_GATE_HOOK: each function registered under it is
called as fn(user, page) and may return a Chinese reason why this person may not put the page online
directly (review: the review chain). orgs imports none of them."""

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.models import Page, PagePermissionTester, get_page_models

from .permissions import can_change_page, can_restructure_columns, is_column, is_platform_admin, leads_item, user_site_ids

PUBLISH_GATE_HOOK = "page_publication_gate"
# fn(user, parent) -> Chinese reasons why no page may be placed under `parent` by hand (columns: a column fed by
# an import source, columns/feeds.py); asked when adding, moving or copying there.
PLACEMENT_GATE_HOOK = "page_placement_gate"
MAY_CHANGE_CACHE_ATTRIBUTE = "_govsite_may_change_pages"


def site_root_paths():
    """(site id, root path) of every site, from Wagtail's cache of site roots (no query once warm)."""
    from wagtail.models import Site

    return [(root.site_id, root.root_path) for root in Site.get_site_root_paths()]


def site_id_of(page):
    """The site a page belongs to: the deepest site root above it (None for the tree root)."""
    if not page.url_path:
        return None  # not saved yet
    best = None
    for site_id, root_path in site_root_paths():
        if page.url_path.startswith(root_path) and (best is None or len(root_path) > len(best[1])):
            best = (site_id, root_path)
    return best[0] if best else None


def is_site_root(page):
    """A site's home page: taking it offline takes the whole site offline."""
    return bool(page.depth and page.depth > 1) and any(page.url_path == root_path for _, root_path in site_root_paths())


def column_content_type_ids():
    """Content types of the page models that are columns (duck-typed, see orgs.permissions.is_column); read
    through Django's content type cache, which a test database flush resets."""
    models = [model for model in get_page_models() if is_column(model)]
    return frozenset(ct.pk for ct in ContentType.objects.get_for_models(*models).values()) if models else frozenset()


def publication_gate(user, page):
    """Reasons (Chinese) why `user` may not publish `page` directly, from every app plugged in."""
    return [reason for gate in hooks.get_hooks(PUBLISH_GATE_HOOK) for reason in (gate(user, page) or [])]


def placement_refusals(user, parent):
    """Reasons (Chinese) why `user` may not place a page under `parent` by hand, from every app plugged in."""
    return [reason for gate in hooks.get_hooks(PLACEMENT_GATE_HOOK) for reason in (gate(user, parent) or [])]


# 001 第十四条: a site goes offline only as 临时下线 — approved, announced, at most once a year and 30 days.
SITE_OFFLINE_REASON = "网站首页不能撤销发布、删除、移动或设置访问限制：这会使整个网站下线。依据《河北省政府网站管理办法》第十四条，临时下线须经批准并提前公告，每年不超过一次、每次不超过30天，请通过网站运行状态变更（临时下线）办理。"


class RulePagePermissionTester(PagePermissionTester):
    """Wagtail's verdict, narrowed by the orgs rules:
    - a person acts only on the sites they hold a role on (site isolation);
    - inside a column, the department that maintains it (orgs.permissions.can_change_page);
    - columns themselves (edit, move, delete, copy, unpublish, protect, reorder) are the 网站管理员's
      (003 第八条; 001 第十七条 — each such change is filed by columns);
    - nobody, platform admins included, takes a site's home page offline here (001 第十四条);
    - publishing also passes the publication gate (review chain)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.site_id = None if self.page_is_root else site_id_of(page)
        self.platform_admin = is_platform_admin(user)

    # --- the rules, each asked once per tester ---------------------------------------------------------------

    def in_scope(self):
        if self.platform_admin:
            return True
        site_ids = user_site_ids(self.user)
        return self.site_id is not None and self.site_id in site_ids

    def may_change(self):
        """orgs.permissions.can_change_page, asked of the page's rule node: the page itself when it is a column or a
        site's home, else its parent (items live directly in columns). Wagtail builds several testers per row of a
        listing; the answers are kept on the user object (one request), so a column of 1,000 items costs the
        same few queries as a column of one."""
        if not (self.user.is_active and self.in_scope()):
            return False
        answers = self.user.__dict__.setdefault(MAY_CHANGE_CACHE_ATTRIBUTE, {})
        node_path = self.page.path if (self.is_column() or self.site_root() or not self.page.path) else self.page.path[: -self.page.steplen]
        if node_path not in answers:
            node = self.page if node_path == self.page.path else Page.objects.get(path=node_path)
            answers[node_path] = can_change_page(self.user, node.specific, self.site_id)
        return answers[node_path]

    def leads(self):
        """The lead department's (orgs.permissions.leads_item): asked of the page object as given, no query."""
        return leads_item(self.user, self.page, self.site_id)

    def may_restructure(self, site_id=None):
        return can_restructure_columns(self.user, self.site_id if site_id is None else site_id)

    def is_column(self):
        return self.page.content_type_id in column_content_type_ids()

    def holds_columns(self):
        """Deleting or moving this page changes the column structure (it is a column or holds one)."""
        if self.is_column():
            return True
        if not self.page.numchild:
            return False
        return self.page.get_descendants().filter(content_type_id__in=list(column_content_type_ids())).exists()

    def structural_ok(self):
        return not self.holds_columns() or self.may_restructure()

    def site_root(self):
        return is_site_root(self.page)

    # --- Wagtail's questions ---------------------------------------------------------------------------------

    def can_add_subpage(self):
        if not (super().can_add_subpage() and self.may_change() and (not self.site_root() or self.may_restructure())):
            return False
        return not placement_refusals(self.user, self.page)

    def can_edit(self):
        if not (super().can_edit() and self.may_change() and self.leads()):
            return self.reviews_current_step()
        return not self.is_column() or self.may_restructure()

    def reviews_current_step(self):
        """Wagtail's own rule (Task.user_can_access_editor): the person an item's current review step awaits opens it
        in the editor to read and sign it, even when it is another department's (004 第十四条: the 区政府办 reviews
        every department's sensitive items). Only within the person's sites, never for a column."""
        if not (self.user.is_active and self.in_scope()) or self.is_column() or self.site_root():
            return False
        task = self.page.current_workflow_task
        return task is not None and task.user_can_access_editor(self.page, self.user)

    def can_delete(self, ignore_bulk=False):
        if self.site_root():
            return False
        return super().can_delete(ignore_bulk=ignore_bulk) and self.may_change() and self.leads() and self.structural_ok()

    def can_unpublish(self):
        if self.site_root():
            return False
        return super().can_unpublish() and self.may_change() and self.leads() and (not self.is_column() or self.may_restructure())

    def can_publish(self):
        if not (super().can_publish() and self.may_change() and self.leads()):
            return False
        if self.is_column() or self.site_root():
            return self.may_restructure()
        return not publication_gate(self.user, self.page)

    def can_publish_subpage(self):
        if not (super().can_publish_subpage() and self.may_change()):
            return False
        return not self.site_root() or self.may_restructure()

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.may_change() and self.leads()

    def can_set_view_restrictions(self):
        if self.site_root():
            return False
        if self.is_column():
            return self.may_change() and self.may_restructure()
        return PagePermissionTester.can_publish(self) and self.may_change()

    def can_unschedule(self):
        return PagePermissionTester.can_publish(self) and self.may_change()

    def can_lock(self):
        return super().can_lock() and self.in_scope()

    def can_unlock(self):
        return super().can_unlock() and self.in_scope()

    def can_reorder_children(self):
        # The order of columns is the site's navigation: structure (003 第八条).
        if not (super().can_reorder_children() and self.may_change()):
            return False
        has_columns = self.page.get_children().filter(content_type_id__in=list(column_content_type_ids())).exists()
        return not has_columns or self.may_restructure()

    def can_move(self):
        if self.site_root():
            return False
        return super().can_move() and self.may_change() and self.structural_ok()

    def can_move_to(self, destination):
        if not super().can_move_to(destination) or placement_refusals(self.user, destination):
            return False
        if self.user.is_superuser and not self.site_root():
            return True
        destination_site = None if destination.depth == 1 else site_id_of(destination)
        if destination_site is None:
            return False
        destination_perms = destination.permissions_for_user(self.user)
        if not getattr(destination_perms, "may_change", lambda: False)():
            return False
        return not self.holds_columns() or self.may_restructure(destination_site)

    def can_copy(self):
        return super().can_copy() and (not self.site_root() or self.may_restructure())

    def can_copy_to(self, destination, recursive=False):
        if not super().can_copy_to(destination, recursive=recursive) or placement_refusals(self.user, destination):
            return False
        if self.user.is_superuser:
            return True
        destination_site = None if destination.depth == 1 else site_id_of(destination)
        if destination_site is None:
            return False
        copies_columns = self.is_column() or (recursive and self.holds_columns())
        return not copies_columns or self.may_restructure(destination_site)

    def can_view_revisions(self):
        return super().can_view_revisions() and self.in_scope() and (self.may_change() or self.platform_admin)


class RuledPageMixin:
    """Mix into every page type of the platform: Wagtail then asks the orgs rules for each action."""

    def permissions_for_user(self, user):
        return RulePagePermissionTester(user, self)

    def get_view_restrictions(self):
        # A public page being served may be marked as under no 登录/密码 restriction by whoever already knows (the
        # portal's page cache, which asks once per site and cache generation); Wagtail's own check then needs no
        # query. Unmarked pages ask the tree as Wagtail does.
        if self.__dict__.get("known_unrestricted"):
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


