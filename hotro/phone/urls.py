from django.urls import path

from hotro.phone import views, webhooks

app_name = "phone"

urlpatterns = [
    path("hooks/sms/twilio/", webhooks.twilio_inbound, name="twilio_inbound"),
    path("hooks/sms/twilio/status/", webhooks.twilio_status, name="twilio_status"),
    path("hooks/sms/generic/", webhooks.generic_inbound, name="generic_inbound"),
    path("hooks/calls/", webhooks.call_event, name="call_event"),
    path("console/calls/", views.calls, name="calls"),
]
