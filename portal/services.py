from django.http.request import split_domain_port

from sites.services import all_profiles


def sites_nav(request):
    """The 站群导航 of portal home pages: (site, address) of every running site. Addresses keep the port the
    visitor used when sites are registered on the default port (the demo serves every site on :8000)."""
    _, port = split_domain_port(request.get_host())  # the Host header the visitor sent, not the server's port
    suffix = f":{port}" if port and port not in ("80", "443") else ""
    return [
        (profile, f"{request.scheme}://{profile.site.hostname}{suffix if profile.site.port == 80 else ':' + str(profile.site.port)}/")
        for profile in all_profiles()
        if profile.status in ("running", "migrating")
    ]


def miit_url():
    return "https://beian.miit.gov.cn/"


def police_record_url(profile):
    from sites.identity import police_record_number

    return f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={police_record_number(profile.police_record)}"


def find_error_url(profile):
    # “我为政府网站找错” entry of the national platform, carrying the site's 标识码 (reference §5, link form [R]).
    return f"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode={profile.site_code}"
