"""The public API's OpenAPI document: served as JSON, limited to /api/v1/ paths."""
import json

import pytest


@pytest.mark.django_db
def test_openapi_schema_is_json_and_lists_only_public_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "govsite API"
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    assert not any("/admin/" in path for path in schema["paths"])
