"""A backup loaded back (loaddata, or the test suite's own restore) writes rows as they were stored: rows may
arrive before the rows they point to, and nothing is filed, normalised or recorded a second time."""

import pytest
from django.core import serializers
from django.db import transaction
from wagtail.models import Site

from sites.models import SiteProfile
from sites.services import filing_history

pytestmark = pytest.mark.django_db


def test_a_site_profile_restored_before_its_site_loads_and_files_nothing():
    profile = SiteProfile.objects.select_related("site").get(code="weibin")
    stored = serializers.serialize("json", [profile, profile.site])  # the profile comes first, as in a dump
    filed_before = filing_history(profile).count()
    site_pk = profile.site.pk
    Site.objects.filter(pk=site_pk).delete()  # takes the profile with it
    assert not SiteProfile.objects.filter(code="weibin").exists()

    with transaction.atomic():
        for obj in serializers.deserialize("json", stored):
            obj.save()

    restored = SiteProfile.objects.select_related("site").get(code="weibin")
    assert restored.site.pk == site_pk
    assert restored.site.hostname == profile.site.hostname
    assert filing_history(restored).count() == filed_before
