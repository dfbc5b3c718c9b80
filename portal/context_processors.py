from sites.services import profile_for_request

from .cache import site_menu
from .services import find_error_url, miit_url, police_record_url


def site_identity(request):
    """The identity every public page shows in its header and footer (001 第十一条; 47号 底部功能区)."""
    if request.path.startswith("/admin/"):
        return {}
    profile = profile_for_request(request)
    if profile is None:
        return {}
    return {
        "site_profile": profile,
        "site_menu": site_menu(profile.site, request),  # cached per site: no page-tree query per render
        "miit_url": miit_url(),
        "police_record_url": police_record_url(profile),
        "find_error_url": find_error_url(profile),
    }
