"""Who is told: a site's 网站管理员 (duty people, escalation) and a department's 信息员 (rectification), read
through orgs' role assignments."""

from django.contrib.auth import get_user_model

from orgs.models import Role


def site_admins(site):
    return list(get_user_model().objects.filter(
        role_assignments__site=site, role_assignments__role=Role.SITE_ADMIN, is_active=True).distinct())


def department_editors(site, department):
    if department is None:
        return []
    return list(get_user_model().objects.filter(
        role_assignments__site=site, role_assignments__organization=department, role_assignments__role=Role.EDITOR,
        is_active=True).distinct())


def notify(users, subject, body):
    """Mail to those with an address (the alert is also stored, so nobody depends on mail alone)."""
    from django.core.mail import send_mail

    addresses = [u.email for u in users if u.email]
    if addresses:
        send_mail(subject, body, None, addresses, fail_silently=True)
    return [u.get_username() for u in users]
