"""Every state change and permission-checked read of canned responses, macros and signatures.

Adapters (the console's pages, the reply box's search, the chat console) call these and nothing else.
"""

from hotro.replies.errors import RepliesError
from hotro.replies.services.hours_text import department_hours_text
from hotro.replies.services.macros import apply_macro, save_macro, usable_macros
from hotro.replies.services.rendering import (
    placeholder_values,
    render_response,
    render_responses,
    render_text,
    ticket_language,
)
from hotro.replies.services.responses import (
    SEARCH_LIMIT,
    check_placeholders,
    save_response,
    usable_responses,
    visible_responses,
)
from hotro.replies.services.signatures import (
    set_signature,
    sign_reply,
    signature_text,
    signatures_by_department,
    signed,
)

__all__ = [
    "SEARCH_LIMIT",
    "RepliesError",
    "apply_macro",
    "check_placeholders",
    "department_hours_text",
    "placeholder_values",
    "render_response",
    "render_responses",
    "render_text",
    "save_macro",
    "save_response",
    "set_signature",
    "sign_reply",
    "signature_text",
    "signatures_by_department",
    "signed",
    "ticket_language",
    "usable_macros",
    "usable_responses",
    "visible_responses",
]
