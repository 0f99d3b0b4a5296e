from django.contrib import admin
from django.urls import include, path

from hotro.accounts.views import AdminSignInView

urlpatterns = [
    path("", include("hotro.ops.urls")),  # /healthz, /readyz, /metrics: first, resolved before anything else
    # The admin signs in through our sign-in page, which asks staff for the second factor (hotro.accounts).
    path("admin/login/", AdminSignInView.as_view()),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("hotro.accounts.urls")),
    path("", include("hotro.api.urls")),  # /api/v1/ and /console/api-tokens/: before the console's catch-alls
    path("console/", include("hotro.console.urls")),
    path("mail/", include("hotro.mail.urls")),
    path("", include("hotro.phone.urls")),
    path("", include("hotro.chat.urls")),
    path("", include("hotro.catalog.urls")),  # /hooks/catalog/: the billing system's upsert
    path("", include("hotro.portal.urls")),
]
