from django.urls import include, path

from hotro.mail import views, webhooks

app_name = "mail"
urlpatterns = [
    path("inbound/<int:pk>.eml", views.raw_message, name="raw_message"),
    path("inbound/<int:pk>/held/", views.held_message, name="held_message"),
    path("inbound/", include(webhooks.urlpatterns)),
]
