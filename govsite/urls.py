from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from orgs import urls as orgs_urls
from portal import views as portal_views
from portal import sitemaps as portal_sitemaps

urlpatterns = [
    path("admin/", include(orgs_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("govsite.api_urls")),
    path("sitemap.xml", portal_sitemaps.sitemap_index),  # the requesting site's index, written on publish
    path("sitemap-<int:part>.xml", portal_sitemaps.sitemap_part),
    path("robots.txt", portal_views.robots_txt),
    path("sitemap/", portal_views.site_map),  # the HTML 网站地图 the footer links to
    re_path(r"^(?P<path>(?:[\w\-]+/)+)feed/$", portal_views.column_feed),  # RSS per column (DESIGN §3)
    path("interaction/", include("interaction.urls")),  # 政民互动 public pages on every site
    path("captcha/", include("captcha.urls")),  # django-simple-captcha images for public forms
    path("search/", include("search.urls")),  # /search/?q= on every site
]
handler404 = portal_views.page_not_found
handler500 = portal_views.server_error

if settings.GOVSITE_SERVE_MEDIA and not settings.DEBUG:
    # The demo (and a single-process install) serves uploads itself; production lets nginx serve /media/.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_file, {"document_root": settings.MEDIA_ROOT}))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns() + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
