from django.urls import path

from hotro.console.views import actions, contacts, failed, files, incidents, queues, search, services, status, ticket

app_name = "console"

urlpatterns = [
    path("", queues.home, name="home"),
    path("triage/", queues.triage, name="triage"),
    path("mine/", queues.mine, name="mine"),
    path("queue/", queues.queue, name="queue"),
    path("queue/<slug:slug>/", queues.queue, name="queue_department"),
    path("search/", search.search_page, name="search"),
    path("attachments/<int:pk>/", files.attachment, name="attachment"),
    path("contacts/<int:pk>/", contacts.contact_page, name="contact"),
    path("contacts/<int:pk>/merge/", contacts.merge, name="contact_merge"),
    path("failed/", failed.failed_list, name="failed"),
    path("failed/<slug:key>/<int:pk>/retry/", failed.retry, name="failed_retry"),
    path("status/", status.status_page, name="status"),
    path("tickets/<str:number>/", ticket.ticket_page, name="ticket"),
    path("tickets/<str:number>/reply/", actions.reply, name="reply"),
    path("tickets/<str:number>/note/", actions.note, name="note"),
    path("tickets/<str:number>/assign/", actions.assign, name="assign"),
    path("tickets/<str:number>/unassign/", actions.unassign, name="unassign"),
    path("tickets/<str:number>/claim/", actions.claim, name="claim"),
    path("tickets/<str:number>/status/", actions.status, name="status"),
    path("tickets/<str:number>/priority/", actions.priority, name="priority"),
    path("tickets/<str:number>/transfer/", actions.transfer, name="transfer"),
    path("tickets/<str:number>/revoke-guest-links/", actions.revoke_guest_links, name="revoke_guest_links"),
    # Services, scope and incidents (hotro.catalog): the service panel's actions and the incident pages.
    path("tickets/<str:number>/service/", services.set_service, name="ticket_service"),
    path("tickets/<str:number>/out-of-scope/", services.out_of_scope, name="ticket_out_of_scope"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incidents.incident_page, name="incident"),
    path("incidents/<int:pk>/update/", incidents.incident_update, name="incident_update"),
    path("incidents/<int:pk>/link/", incidents.incident_link, name="incident_link"),
]
