"""The page policy (orgs.page_permissions) answer by answer: each Wagtail question the tester answers, asked of the
roles for which the rule gives a different answer. Written against mutation testing (make mutation): each test
fails for a small change of the rule, not only for its reversal. Pages come from the seeded column tree of
渭滨区人民政府 (weibin); people are made with the roles the rule tells apart."""

import itertools

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail import hooks
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Site

from columns.models import ColumnPage
from content.models import ArticlePage
from content.publishing import WORKFLOW_APPROVAL, publication_path
from orgs.models import Role, RoleAssignment
from orgs.page_permissions import (
    PLACEMENT_GATE_HOOK, PUBLISH_GATE_HOOK, RulePagePermissionTester, is_site_root, placement_refusals,
    publication_gate, site_id_of,
)
from orgs.services import assign_role
from portal.models import HomePage

pytestmark = pytest.mark.django_db

_slugs = itertools.count(1)
OWN = "区应急管理局"  # maintains 应急管理
OTHER = "区人社局"  # maintains 人事信息


@pytest.fixture
def weibin(profiles):
    return profiles["weibin"]


def column(profile, title):
    return ColumnPage.objects.descendant_of(profile.site.root_page).get(title=title)


def item_in(parent, owner=None, *, live=False, **fields):
    """An article placed under `parent` (a draft unless live)."""
    n = next(_slugs)
    article = ArticlePage(title=f"测试信息{n}", slug=f"perm-item-{n}", owner=owner, live=live, **fields)
    return parent.add_child(instance=article)


def plain_page(parent, title):
    """A page of Wagtail's own type (no rules of its own), as a page tree built by hand may hold."""
    return parent.add_child(instance=Page(title=title, slug=f"plain-{next(_slugs)}"))


def refuse(person, page, reason):
    """A gate an app plugs in: refuses `person` at `page` only, and answers None (nothing to say) otherwise."""

    def gate(user, node):
        named = user is not None and user.pk == person.pk and node is not None and node.pk == page.pk
        return [reason] if named else None

    return gate


# --- the module's functions -----------------------------------------------------------------------------------


def test_a_page_belongs_to_the_site_whose_home_is_above_it(profiles, weibin):
    jgbz = profiles["hebjgbz"]
    root = Page.get_first_root_node()
    assert site_id_of(column(jgbz, "监督检查")) == jgbz.site.pk
    assert site_id_of(column(weibin, "应急管理")) == weibin.site.pk
    assert site_id_of(weibin.site.root_page) == weibin.site.pk
    assert site_id_of(Page.objects.get(pk=profiles["shaanxi"].site.root_page_id)) == profiles["shaanxi"].site.pk
    assert site_id_of(root) is None  # the tree root is no site's
    assert site_id_of(ArticlePage(title="未保存的信息")) is None  # not saved yet: no place in the tree
    # A home page served under a second hostname: the page stays with the first site in Wagtail's order of site
    # roots (default site first, then by hostname), not with whichever comes last.
    Site.objects.create(hostname="zz-weibin.localhost", port=80, root_page=weibin.site.root_page)
    assert site_id_of(column(weibin, "应急管理")) == weibin.site.pk


def test_only_a_sites_home_page_is_a_site_root(profiles, weibin):
    # 001 第十四条: taking the home page offline takes the whole site offline.
    assert is_site_root(weibin.site.root_page) is True
    assert is_site_root(Page.objects.get(pk=profiles["hebjgbz"].site.root_page_id)) is True
    assert is_site_root(column(weibin, "新闻")) is False  # a top-level column, depth 3
    assert is_site_root(column(weibin, "应急管理")) is False
    assert is_site_root(Page.get_first_root_node()) is False
    assert is_site_root(ArticlePage(title="未保存的信息")) is False  # no depth yet


def test_every_publication_gate_is_asked_with_the_person_and_the_page(make_person, weibin):
    editor, other = make_person(Role.EDITOR, "weibin", OWN), make_person(Role.EDITOR, "weibin", OTHER)
    own = column(weibin, "应急管理")
    item, other_item = item_in(own, editor), item_in(own, editor)
    with hooks.register_temporarily(PUBLISH_GATE_HOOK, refuse(editor, item, "须经本单位审核")):
        assert "须经本单位审核" in publication_gate(editor, item)
        assert "须经本单位审核" not in publication_gate(other, item)
        assert "须经本单位审核" not in publication_gate(editor, other_item)


def test_every_placement_gate_is_asked_with_the_person_and_the_parent(make_person, weibin):
    editor, other = make_person(Role.EDITOR, "weibin", OWN), make_person(Role.EDITOR, "weibin", OTHER)
    own, elsewhere = column(weibin, "应急管理"), column(weibin, "人事信息")
    with hooks.register_temporarily(PLACEMENT_GATE_HOOK, refuse(editor, own, "本栏目暂停手工发布")):
        assert placement_refusals(editor, own) == ["本栏目暂停手工发布"]
        assert placement_refusals(other, own) == []
        assert placement_refusals(editor, elsewhere) == []
    # The columns app's own gate: an import-fed column (数据接口) takes nothing by hand.
    fed = column(weibin, "国务院信息")
    assert len(placement_refusals(editor, fed)) == 1 and "数据接口" in placement_refusals(editor, fed)[0]


# --- a department's 信息员 and 处室负责人 in their own column (003 第八条, 002 第五条) --------------------------------


def test_an_editor_drafts_edits_and_submits_in_their_own_column_only(make_person, weibin):
    editor, other = make_person(Role.EDITOR, "weibin", OWN), make_person(Role.EDITOR, "weibin", OTHER)
    own = column(weibin, "应急管理")
    draft, published = item_in(own, editor), item_in(own, editor, live=True)

    at_column = own.permissions_for_user(editor)
    assert at_column.can_add_subpage() is True
    assert at_column.can_publish_subpage() is False  # 信息员 hold no publish permission
    assert at_column.can_reorder_children() is False
    assert at_column.can_edit() is False  # the column itself is the 网站管理员's
    assert at_column.can_set_view_restrictions() is False
    assert at_column.can_lock() is False and at_column.can_unlock() is False

    mine = draft.permissions_for_user(editor)
    assert mine.can_edit() is True and mine.can_copy() is True
    assert mine.can_delete() is True and mine.can_move() is True
    assert mine.can_view_revisions() is True
    assert mine.can_submit_for_moderation() is True
    assert mine.can_add_subpage() is False  # an item holds no pages
    assert mine.can_set_view_restrictions() is False and mine.can_unschedule() is False
    assert mine.can_copy_to(own) is True and mine.can_copy_to(own, recursive=True) is True
    with publication_path(WORKFLOW_APPROVAL):  # even with the chain complete, an editor does not publish
        assert mine.can_publish() is False
    # A published item is deleted or moved only by whoever may take it offline.
    online = published.permissions_for_user(editor)
    assert online.can_delete() is False and online.can_move() is False

    # Another department's editor: nothing in this column.
    theirs = draft.permissions_for_user(other)
    assert theirs.can_edit() is False and theirs.can_copy() is False
    assert theirs.can_delete() is False and theirs.can_move() is False
    assert theirs.can_submit_for_moderation() is False and theirs.can_view_revisions() is False
    with publication_path(WORKFLOW_APPROVAL):
        assert theirs.can_publish() is False
    not_theirs = own.permissions_for_user(other)
    assert not_theirs.can_add_subpage() is False and not_theirs.can_reorder_children() is False
    assert not_theirs.can_publish_subpage() is False


def test_a_division_head_publishes_in_their_own_column_but_does_not_restructure_it(make_person, weibin):
    editor, head = make_person(Role.EDITOR, "weibin", OWN), make_person(Role.DIVISION_HEAD, "weibin", OWN)
    own = column(weibin, "应急管理")
    draft = item_in(own, editor)

    at_column = own.permissions_for_user(head)
    assert at_column.can_publish_subpage() is True
    assert at_column.can_reorder_children() is True  # a column without child columns: the order of items
    assert at_column.can_publish() is False  # publishing a column is structure (003 第八条)

    item = draft.permissions_for_user(head)
    assert item.can_set_view_restrictions() is True and item.can_unschedule() is True
    assert item.can_publish() is False  # the review chain is not complete (000 第六条)
    with publication_path(WORKFLOW_APPROVAL):  # the chain's last approval is what publishes it
        assert item.can_publish() is True
        with hooks.register_temporarily(PUBLISH_GATE_HOOK, refuse(head, draft, "须经分管领导审核")):
            assert draft.permissions_for_user(head).can_publish() is False


def test_a_leader_in_charge_neither_reorders_nor_deletes_columns(make_person, weibin):
    # 分管领导: every page of the site, but the columns themselves are the 网站管理员's (003 第八条).
    leader = make_person(Role.LEADER_IN_CHARGE, "weibin")
    parent, leaf = column(weibin, "政府文件"), column(weibin, "应急管理")
    assert parent.permissions_for_user(leader).can_reorder_children() is False  # it holds columns
    assert leaf.permissions_for_user(leader).can_reorder_children() is True  # it holds only items
    assert leaf.permissions_for_user(leader).can_delete() is False
    assert leaf.permissions_for_user(leader).can_move() is False
    assert leaf.permissions_for_user(leader).can_set_view_restrictions() is False
    home = weibin.site.root_page.specific.permissions_for_user(leader)
    assert home.can_add_subpage() is False and home.can_publish_subpage() is False and home.can_copy() is False
    assert home.can_edit() is True


def test_who_takes_an_item_or_a_column_offline(make_person, weibin):
    # Unpublishing: whoever publishes in the column, for its items; the 网站管理员 for the column itself (003 第八条).
    editor, head = make_person(Role.EDITOR, "weibin", OWN), make_person(Role.DIVISION_HEAD, "weibin", OWN)
    other_head, admin = make_person(Role.DIVISION_HEAD, "weibin", OTHER), make_person(Role.SITE_ADMIN, "weibin")
    own = column(weibin, "应急管理")
    online = item_in(own, editor, live=True)
    assert online.permissions_for_user(head).can_unpublish() is True
    assert online.permissions_for_user(editor).can_unpublish() is False  # no publish permission
    assert online.permissions_for_user(other_head).can_unpublish() is False  # not their column
    assert own.permissions_for_user(head).can_unpublish() is False
    assert own.permissions_for_user(admin).can_unpublish() is True
    # 001 第十四条: not the home page, not even by its 网站管理员.
    assert weibin.site.root_page.specific.permissions_for_user(admin).can_unpublish() is False


def test_the_site_admin_restructures_but_never_takes_the_home_page_offline(make_person, weibin):
    admin = make_person(Role.SITE_ADMIN, "weibin")
    home = weibin.site.root_page.specific
    own = column(weibin, "应急管理")
    at_home = home.permissions_for_user(admin)
    # 001 第十四条: no delete, move or protection of the home page, whoever asks.
    assert at_home.can_delete() is False and at_home.can_move() is False
    assert at_home.can_set_view_restrictions() is False
    assert at_home.can_add_subpage() is True and at_home.can_copy() is True
    at_column = own.permissions_for_user(admin)
    assert at_column.can_set_view_restrictions() is True and at_column.can_edit() is True
    assert at_column.can_lock() is True and at_column.can_reorder_children() is True
    # Copying a column into itself is allowed alone, not with its subpages (it would copy into its own copy).
    assert at_column.can_copy_to(own) is True
    assert at_column.can_copy_to(own, recursive=True) is False
    assert at_column.can_copy_to(home) is True


def test_an_item_led_by_one_department_is_changed_by_that_department_only(make_person, weibin, profiles):
    # 003 第十四条 谁牵头、谁负责: 目标责任考核 is maintained by 区考核办 and 区政府办; an item led by 区考核办 is not
    # 区政府办's to change, though the column is.
    lead = profiles["weibin"].departments.get(short_name="区考核办")
    lead_editor, joint_editor = make_person(Role.EDITOR, "weibin", "区考核办"), make_person(Role.EDITOR, "weibin", "区政府办")
    led = item_in(column(weibin, "目标责任考核"), lead_editor, lead_department=lead)
    assert led.permissions_for_user(lead_editor).can_edit() is True
    joint = led.permissions_for_user(joint_editor)
    assert joint.may_change() is True  # the column is theirs too
    assert joint.can_edit() is False and joint.can_delete() is False
    assert joint.can_submit_for_moderation() is False


# --- the review step that awaits a person (Task.user_can_access_editor) ----------------------------------------


def test_a_reviewer_the_step_awaits_opens_another_departments_item_on_their_own_site(make_person, weibin, client):
    # 004 第十四条: weibin's 敏感 chain is 单位主要领导审核签字, then 区政府办公室审查同意 by the 区政府办's 处室负责人
    # (seeds/weibin.yaml): the step that awaits a person lets them open the item, though it is another department's.
    from review.tests.chain_helpers import act, current_task, draft, submit

    editor = make_person(Role.EDITOR, "weibin", OWN)
    principal = make_person(Role.PRINCIPAL, "weibin", OWN)
    reviewer = make_person(Role.DIVISION_HEAD, "weibin", "区政府办")
    bystander = make_person(Role.EDITOR, "weibin", OTHER)
    elsewhere = make_person(Role.PRINCIPAL, "hebjgbz")
    own = column(weibin, "应急管理")
    item = draft(own, editor, tier="sensitive")
    assert submit(client, item, editor).status_code == 302
    assert current_task(item)[1].name == "单位主要领导审核签字"
    assert ArticlePage.objects.get(pk=item.pk).permissions_for_user(reviewer).can_edit() is False  # not theirs yet

    assert act(client, item, principal).status_code == 302
    assert current_task(item)[1].name == "区政府办公室审查同意"
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.permissions_for_user(reviewer).can_edit() is True
    assert item.permissions_for_user(bystander).can_edit() is False
    assert item.permissions_for_user(elsewhere).can_edit() is False
    assert own.permissions_for_user(reviewer).can_edit() is False  # never a column
    other_item = item_in(own, editor)
    assert other_item.permissions_for_user(reviewer).can_edit() is False  # no step awaits anyone there


# --- moving and copying (003 第八条: columns are structure; 001 第十七条) ----------------------------------------


def test_moves_and_copies_into_another_site_keep_columns_with_that_sites_admin(make_person, weibin, profiles):
    jgbz = profiles["hebjgbz"]
    person = make_person(Role.SITE_ADMIN, "weibin")
    assign_role(person, Role.LEADER_IN_CHARGE, site=jgbz.site)  # 分管领导 there, not its 网站管理员
    own = column(weibin, "应急管理")
    draft = item_in(own, person)
    there_home, there_column = jgbz.site.root_page.specific, column(jgbz, "监督检查")

    col = own.permissions_for_user(person)
    assert col.can_move_to(there_home) is False and col.can_move_to(there_column) is False
    assert col.can_copy_to(there_column) is False and col.can_copy_to(there_column, recursive=True) is False
    # Within their own site: a copy beside it, a move up to the home page.
    assert col.can_copy_to(own.get_parent().specific) is True
    assert col.can_move_to(weibin.site.root_page.specific) is True
    item = draft.permissions_for_user(person)
    assert item.can_move_to(there_column) is True and item.can_copy_to(there_column) is True


def test_gates_refuse_a_place_to_the_person_they_name(make_person, weibin):
    admin, other_admin = make_person(Role.SITE_ADMIN, "weibin"), make_person(Role.SITE_ADMIN, "weibin")
    own, elsewhere = column(weibin, "应急管理"), column(weibin, "人事信息")
    draft = item_in(own, admin)
    with hooks.register_temporarily(PLACEMENT_GATE_HOOK, refuse(admin, elsewhere, "本栏目暂停手工发布")):
        assert elsewhere.permissions_for_user(admin).can_add_subpage() is False
        assert draft.permissions_for_user(admin).can_move_to(elsewhere) is False
        assert draft.permissions_for_user(admin).can_copy_to(elsewhere) is False
        assert elsewhere.permissions_for_user(other_admin).can_add_subpage() is True
        assert draft.permissions_for_user(other_admin).can_move_to(elsewhere) is True
        assert draft.permissions_for_user(other_admin).can_copy_to(elsewhere) is True


def test_a_platform_admin_is_held_by_the_gates_and_by_article_14_only(make_person, weibin):
    platform = make_person(Role.PLATFORM_ADMIN)
    own, fed = column(weibin, "应急管理"), column(weibin, "国务院信息")
    draft = item_in(own, platform)
    item = draft.permissions_for_user(platform)
    assert item.can_move_to(column(weibin, "人事信息")) is True and item.can_copy_to(own) is True
    assert item.can_move_to(fed) is False and item.can_copy_to(fed) is False  # 数据接口: nothing by hand
    elsewhere = column(weibin, "人事信息")
    with hooks.register_temporarily(PLACEMENT_GATE_HOOK, refuse(platform, elsewhere, "本栏目暂停手工发布")):
        assert item.can_move_to(elsewhere) is False and item.can_copy_to(elsewhere) is False
    assert item.may_change() is True and item.can_view_revisions() is True
    assert RulePagePermissionTester(platform, Page.get_first_root_node()).can_view_revisions() is False  # no page
    # A page tree outside every site (a home page no Site serves) still takes what a platform admin moves there.
    orphan = Page.get_first_root_node().add_child(instance=HomePage(title="未上线网站", slug="orphan-home"))
    assert own.permissions_for_user(platform).can_move_to(orphan) is True
    # A home page is not moved to the tree root, even by a platform admin (001 第十四条).
    home = weibin.site.root_page.specific
    assert home.permissions_for_user(platform).can_move_to(Page.get_first_root_node()) is False
    # A page not saved yet: a platform admin may change it.
    assert RulePagePermissionTester(platform, ArticlePage(title="新信息")).may_change() is True


def test_the_tree_root_takes_no_copy_or_move_even_when_a_site_is_served_from_it(make_person, weibin):
    """A Site may be rooted at the tree root, and a Wagtail group may be given permissions there by hand: the tree
    root still belongs to no site, so nobody below the platform places anything there."""
    root = Page.get_first_root_node()
    root_site = Site.objects.create(hostname="root.localhost", port=80, root_page=root)
    admin = make_person(Role.SITE_ADMIN, "weibin")
    by_hand = Group.objects.create(name="手工授权")
    GroupPagePermission.objects.create(group=by_hand, page=root, permission=Permission.objects.get(codename="add_page"))
    admin.groups.add(by_hand)
    home = weibin.site.root_page.specific
    assert is_site_root(root) is False
    assert home.permissions_for_user(admin).can_copy_to(root) is False
    platform = make_person(Role.PLATFORM_ADMIN)
    assert home.permissions_for_user(platform).can_move_to(root) is False
    holder = make_person(None)
    RoleAssignment.objects.create(user=holder, role=Role.EDITOR, site=root_site)
    assert RulePagePermissionTester(holder, root).in_scope() is False


def test_pages_of_wagtails_own_type_are_under_no_rule(make_person, weibin):
    """A page of Wagtail's plain type inside a site (a tree built by hand) answers no rule: nothing moves into it,
    and whether it may be deleted or moved depends on what it holds."""
    admin, leader = make_person(Role.SITE_ADMIN, "weibin"), make_person(Role.LEADER_IN_CHARGE, "weibin")
    home = weibin.site.root_page
    section = plain_page(home, "旧栏目")
    inside = item_in(section, admin)
    assert inside.permissions_for_user(admin).can_move_to(section) is False
    # It holds an item: deleting it needs Wagtail's bulk delete (网站管理员), moving it does not.
    assert RulePagePermissionTester(leader, section).can_delete() is False
    assert RulePagePermissionTester(leader, section).can_move() is True
    assert RulePagePermissionTester(admin, section).can_delete() is True
    # It holds a column: moving it changes the column structure (003 第八条).
    holder = plain_page(home, "旧栏目组")
    holder.add_child(instance=ColumnPage(title="旧子栏目", slug=f"old-{next(_slugs)}"))
    assert RulePagePermissionTester(leader, holder).can_move() is False
    assert RulePagePermissionTester(admin, holder).can_move() is True


# --- answers kept per person, and pages served as known unrestricted --------------------------------------------


def test_a_new_role_is_seen_at_once_by_the_same_person_object(make_person, weibin, profiles):
    person = make_person(Role.EDITOR, "weibin", OTHER)
    own = column(weibin, "应急管理")
    assert own.permissions_for_user(person).may_change() is False
    assign_role(person, Role.EDITOR, site=weibin.site, organization=profiles["weibin"].departments.get(short_name=OWN))
    assert own.permissions_for_user(person).may_change() is True


def test_kept_answers_do_not_pass_from_one_sites_home_page_to_anothers(make_person, weibin, profiles):
    # One person object serves a whole request: 网站管理员 of weibin, a 处's 信息员 on hebjgbz.
    person = make_person(Role.SITE_ADMIN, "weibin")
    jgbz = profiles["hebjgbz"]
    assign_role(person, Role.EDITOR, site=jgbz.site, organization=jgbz.departments.get(short_name="监督处"))
    assert weibin.site.root_page.specific.permissions_for_user(person).can_view_revisions() is True
    jgbz_home = jgbz.site.root_page.specific
    assert jgbz_home.permissions_for_user(person).can_view_revisions() is False
    assert jgbz_home.permissions_for_user(person).may_change() is False


def test_a_page_known_unrestricted_skips_the_restriction_query(weibin):
    own = column(weibin, "应急管理")
    PageViewRestriction.objects.create(page=own, restriction_type=PageViewRestriction.PASSWORD, password="x1!abcdefg")
    marked = ColumnPage.objects.get(pk=own.pk)
    marked.known_unrestricted = True
    assert list(marked.get_view_restrictions()) == []
    assert ColumnPage.objects.get(pk=own.pk).get_view_restrictions().count() == 1


def test_a_review_group_member_without_a_role_on_the_site_does_not_open_its_items(make_person, profiles, client):
    # sxit's 重大 chain ends with 信息化领导小组审批 (seeds/sxit.yaml, 003 第十四条), signed by the group's members. A
    # member who holds no role on sxit (added to the group by hand, or moved to another site since) is outside the
    # site: the step that awaits the group does not open sxit's items to them.
    from review.chains import review_groups_of
    from review.tests.chain_helpers import act, approver_for, column_of, current_task, draft, people_of, submit

    people = people_of(make_person, profiles, "sxit")
    outsider = make_person(Role.PRINCIPAL, "hebjgbz")
    outsider.groups.add(*review_groups_of(profiles["sxit"].site))
    item = draft(column_of(profiles, "sxit"), people["editor"], tier="major")
    assert submit(client, item, people["editor"]).status_code == 302
    while current_task(item)[1].role != "group":
        assert act(client, item, approver_for(current_task(item)[1], people)).status_code == 302
    assert current_task(item)[1].name == "信息化领导小组审批"
    item = ArticlePage.objects.get(pk=item.pk)
    assert item.permissions_for_user(people["group_member"]).can_edit() is True
    assert item.permissions_for_user(outsider).can_edit() is False


def test_a_review_step_awaiting_someone_never_opens_a_column(make_person, profiles):
    # Columns are structure (003 第八条) and take no review chain; even one put through a chain by hand gives the
    # step's approver no editor for it.
    from review.chains import chain_for

    weibin = profiles["weibin"]
    principal = make_person(Role.PRINCIPAL, "weibin")
    reviewer = make_person(Role.DIVISION_HEAD, "weibin", "区政府办")  # signs the second step; keeps no column
    admin = make_person(Role.SITE_ADMIN, "weibin")
    page = column(weibin, "应急管理")
    page.save_revision(user=admin)
    state = chain_for(weibin.site, "sensitive").workflow.start(page, admin)
    state.current_task_state.approve(user=principal)
    page = ColumnPage.objects.get(pk=page.pk)
    assert page.current_workflow_task.name == "区政府办公室审查同意"
    assert page.current_workflow_task.specific.user_can_access_editor(page, reviewer) is True
    assert page.permissions_for_user(reviewer).can_edit() is False


def test_a_group_given_edit_rights_on_a_site_by_hand_opens_nothing_to_a_person_of_another_site(make_person, weibin):
    # The rules decide within a site; a Wagtail group granted pages by hand does not make its member one of the site.
    outsider = make_person(Role.SITE_ADMIN, "hebjgbz")
    by_hand = Group.objects.create(name="手工授权编辑")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=by_hand, page=weibin.site.root_page, permission=Permission.objects.get(codename=codename)
        )
    outsider.groups.add(by_hand)
    item = item_in(column(weibin, "应急管理"))
    assert item.permissions_for_user(outsider).can_edit() is False
    assert item.permissions_for_user(outsider).can_publish() is False
    insider = make_person(Role.SITE_ADMIN, "weibin")
    assert item.permissions_for_user(insider).can_edit() is True
