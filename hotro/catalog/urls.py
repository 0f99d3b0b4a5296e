from django.urls import path

from hotro.catalog import api

app_name = "catalog"

urlpatterns = [
    path("hooks/catalog/instances/", api.instance_upsert, name="instance_upsert"),
]
