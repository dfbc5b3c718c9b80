"""Background work of 政民互动 (Celery; in-process when REDIS_URL is unset)."""

from govsite.celery import app

from .reminders import daily_round


@app.task(name="interaction.daily_round")
def run_daily_round():
    return daily_round()
