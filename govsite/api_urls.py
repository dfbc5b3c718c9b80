"""The public API under /api/v1/. Each app adds its endpoints here with one `path(..., include(...))` line."""
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

PUBLIC_API_PREFIX = "/api/v1/"


def only_public_api(endpoints):
    """drf-spectacular preprocessing hook: the schema documents /api/v1/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_API_PREFIX)]


urlpatterns = [
    path("search/", include("search.api_urls")),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-schema"),
    path("interaction/", include("interaction.api")),
]
