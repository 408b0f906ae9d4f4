"""Taut's URLs and a bare Django view: the same server, middleware and all, answering "hello"."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from taut.urls import urlpatterns as taut_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *taut_urlpatterns]
