from django.urls import path

from hotro.portal import attachments, rating_views, ticket_views, vault_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("hours/", views.hours, name="hours"),
    path("tickets/", views.ticket_list, name="ticket_list"),
    path("tickets/new/", views.ticket_new, name="ticket_new"),
    path("tickets/sent/", views.ticket_sent, name="ticket_sent"),
    path("tickets/<str:number>/", ticket_views.ticket_detail, name="ticket_detail"),
    path("tickets/<str:number>/reply/", ticket_views.ticket_reply, name="ticket_reply"),
    path("tickets/<str:number>/close/", ticket_views.ticket_close, name="ticket_close"),
    path("tickets/<str:number>/reopen/", ticket_views.ticket_reopen, name="ticket_reopen"),
    path("tickets/<str:number>/rate/", rating_views.ticket_rate, name="ticket_rate"),
    path("t/<str:token>/", ticket_views.guest_ticket, name="guest_ticket"),
    path("t/<str:token>/reply/", ticket_views.guest_ticket_reply, name="guest_ticket_reply"),
    path("t/<str:token>/close/", ticket_views.guest_ticket_close, name="guest_ticket_close"),
    path("t/<str:token>/reopen/", ticket_views.guest_ticket_reopen, name="guest_ticket_reopen"),
    path("t/<str:token>/renew/", ticket_views.guest_ticket_renew, name="guest_ticket_renew"),
    # A secret an agent sent the customer (hotro.vault): revealed on POST, never cached.
    path("tickets/<str:number>/secret/", vault_views.ticket_secret, name="ticket_secret"),
    path("t/<str:token>/secret/", vault_views.guest_ticket_secret, name="guest_ticket_secret"),
    path("t/<str:token>/rate/", rating_views.guest_ticket_rate, name="guest_ticket_rate"),
    # The resolution email's one-click satisfaction links (hotro.satisfaction): the signed link is the key.
    path("rate/<str:token>/", rating_views.rate_link, name="rate"),
    path("attachments/<int:pk>/", attachments.attachment, name="attachment"),
]
