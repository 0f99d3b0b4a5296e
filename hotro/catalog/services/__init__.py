"""Every state change of the catalogue, scope and incidents; adapters (portal, console, commands, the endpoint)
call these and nothing else."""

from hotro.catalog.errors import CatalogError
from hotro.catalog.models import Scope
from hotro.catalog.services.importing import BadFile, ImportReport, decode, import_csv
from hotro.catalog.services.incidents import (
    OpenIncident,
    affected_instances,
    declare_incident,
    incidents_affecting,
    incidents_of_ticket,
    link_tickets,
    open_incidents,
    post_update,
    suggested_tickets,
)
from hotro.catalog.services.instances import instances_for_account, instances_of, upsert_instance
from hotro.catalog.services.scope import (
    category_scopes,
    effective_scope,
    matching_hints,
    out_of_scope_answer,
    resolve_out_of_scope,
)
from hotro.catalog.services.tickets import ServicePanel, name_service, service_panel, set_service

OUT_OF_SCOPE = Scope.OUT_OF_SCOPE

__all__ = [
    "OUT_OF_SCOPE",
    "BadFile",
    "CatalogError",
    "ImportReport",
    "OpenIncident",
    "ServicePanel",
    "affected_instances",
    "category_scopes",
    "declare_incident",
    "decode",
    "effective_scope",
    "import_csv",
    "incidents_affecting",
    "incidents_of_ticket",
    "instances_for_account",
    "instances_of",
    "link_tickets",
    "matching_hints",
    "name_service",
    "open_incidents",
    "out_of_scope_answer",
    "post_update",
    "resolve_out_of_scope",
    "service_panel",
    "set_service",
    "suggested_tickets",
    "upsert_instance",
]
