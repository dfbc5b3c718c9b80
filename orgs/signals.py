from django.dispatch import Signal

# Sent with `user` after that user's role assignments changed; columns derives Wagtail permissions from it.
roles_changed = Signal()
