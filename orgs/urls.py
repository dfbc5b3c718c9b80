from django.urls import path

from . import views

urlpatterns = [
    path("password/", views.PasswordChangeView.as_view(), name="orgs_password_change"),
]
