"""View decorators: a view that shows clinic data needs a signed-in user working in a clinic."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from taut.clinics.permissions import Permission, require

View = Callable[..., HttpResponse]


def clinic_view(permission: Permission | None = None) -> Callable[[View], View]:
    """Require a signed-in user with an active clinic (and, optionally, a permission)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = getattr(request, "actor", None)
            if actor is None:
                return redirect("clinics:switch")
            if permission is not None:
                require(actor, permission)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
