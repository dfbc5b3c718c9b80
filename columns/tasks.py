"""Background work of columns (Celery beat in production; in-process when REDIS_URL is unset)."""

from govsite.celery import app


@app.task(name="columns.send_column_reminders")
def send_column_reminders():
    """The daily column reminders (columns.reminders); returns the number of new notices."""
    from .reminders import send_reminders

    return send_reminders().total()
