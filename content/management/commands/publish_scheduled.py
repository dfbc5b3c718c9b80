"""Wagtail's scheduled publishing, through the publishing gate: an item that the checks now refuse (a lexicon
changed since it was scheduled) is not put online; the refusal is recorded in its history and reported, the
other scheduled items still go live, and the command exits 1 so the scheduler's log shows it."""

from django.core.management.base import CommandError
from wagtail.log_actions import log
from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled

from content.publishing import REFUSED_ACTION, collecting_scheduled_refusals


class Command(WagtailPublishScheduled):
    help = "发布到期的定时发布内容（先经发布前检查），并撤下到期下线的内容。"

    def handle(self, *args, **options):
        with collecting_scheduled_refusals() as refused:
            super().handle(*args, **options)
        for page, reasons in refused:
            revision = page.scheduled_revision
            if revision is not None:
                revision.approved_go_live_at = None  # not retried every run; the editor re-schedules after fixing
                revision.save(update_fields=["approved_go_live_at"])
            log(instance=page, action=REFUSED_ACTION, data={"reasons": [message for _, message in reasons]})
            self.stderr.write(f"定时发布被拒绝：《{page.title}》（ID {page.pk}）：" + "；".join(m for _, m in reasons))
        if refused:
            raise CommandError(f"{len(refused)} 条定时发布的信息未通过发布前检查，未上线。")
