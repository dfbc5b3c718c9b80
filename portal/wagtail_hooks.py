from wagtail import hooks

from .admin_api import with_chinese_errors


@hooks.register("construct_admin_api", order=1000)
def admin_api_errors_in_chinese(router):
    # Last of the construct_admin_api hooks, so that it wraps every endpoint the others register.
    with_chinese_errors(router)
