"""Sign-in pages. Django's auth views do the work; these set our templates and forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from taut.clinics import services as clinic_services
from taut.clinics.middleware import SESSION_KEY, client_address


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them however they like.
        return str(self.cleaned_data["username"]).strip().lower()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A new staff member's one-time link: set a password, then sign straight in to the clinic."""
    try:
        invited = clinic_services.open_invitation(token)
    except clinic_services.InvitationUnusable as exc:
        return render(request, "accounts/invitation.html", {"unusable": exc.reason}, status=410)
    membership = invited.membership
    form = SetPasswordForm(membership.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = clinic_services.accept_invitation(
                token, password=form.cleaned_data["new_password1"], address=client_address(request)
            )
        except clinic_services.InvitationUnusable as exc:
            return render(request, "accounts/invitation.html", {"unusable": exc.reason}, status=410)
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_KEY] = str(membership.clinic.public_id)
            return redirect("home")
    return render(request, "accounts/invitation.html", {"form": form, "membership": membership})
