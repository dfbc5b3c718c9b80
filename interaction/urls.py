from django.urls import path

from . import views

app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("write/", views.write, name="write"),
    path("done/", views.done, name="done"),
    path("query/", views.query, name="query"),
    path("stats/", views.stats_page, name="stats"),
    path("<slug:kind>/", views.disclosed, name="list"),
    path("<slug:kind>/<int:pk>/", views.detail, name="detail"),
]
