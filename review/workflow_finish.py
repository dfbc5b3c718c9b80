"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while defining its models, so it imports lazily."""


def publish_approved_workflow_state(workflow_state, user=None):
    """The chain's last approval publishes the approved revision; the pre-publish checks still run
    (content.publishing), and the chain counts as satisfied."""
    from content.publishing import WORKFLOW_APPROVAL, publication_path

    with publication_path(WORKFLOW_APPROVAL):
        # The chain's approval is the authority here: the 主办 office's reviewer (004 第十四条) signs items of
        # columns they do not maintain, so their own page permissions are not asked (the gate still runs).
        workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
