"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while defining its models, so it imports lazily."""


def publish_approved_workflow_state(workflow_state, user=None):
    """The chain's last approval publishes the approved revision; the pre-publish checks still run
    (content.publishing), and the chain counts as satisfied."""
    from content.publishing import WORKFLOW_APPROVAL, publication_path

    with publication_path(WORKFLOW_APPROVAL):
        workflow_state.content_object.get_latest_revision().publish(user=user)
