"""The API's endpoints, one module per resource: parse, call the API's services, answer."""

from hotro.api.schemas import Problem

# Every operation may answer with these, all as problem details (hotro.api.problems).
ERRORS: dict[int, type[Problem]] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}
