"""/api/v1/ (the REST API and its OpenAPI document), /api/v1/docs/ (staff), and the console's API tokens page."""

from django.urls import include, path

from hotro.api import views
from hotro.api.api import api

token_patterns = (
    [
        path("", views.token_list, name="list"),
        path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
    ],
    "api_tokens",
)

urlpatterns = [
    path("api/v1/docs/", views.docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("console/api-tokens/", include(token_patterns)),
]
