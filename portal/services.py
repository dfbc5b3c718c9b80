from sites.services import all_profiles


def sites_nav():
    """The 站群导航 shown on portal home pages: every running site, grouped by level."""
    return [p for p in all_profiles() if p.status in ("running", "migrating")]


def miit_url():
    return "https://beian.miit.gov.cn/"


def police_record_url(profile):
    from sites.identity import police_record_number

    return f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={police_record_number(profile.police_record)}"


def find_error_url(profile):
    # “我为政府网站找错” entry of the national platform, carrying the site's 标识码 (reference §5, link form [R]).
    return f"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode={profile.site_code}"
