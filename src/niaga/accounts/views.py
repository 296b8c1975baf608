# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def login_view(request, *args, **kwargs):
    return HttpResponse("todo")

def register(request, *args, **kwargs):
    return HttpResponse("todo")

def logout_view(request, *args, **kwargs):
    return HttpResponse("todo")

def addresses(request, *args, **kwargs):
    return HttpResponse("todo")

def address_new(request, *args, **kwargs):
    return HttpResponse("todo")

def address_edit(request, *args, **kwargs):
    return HttpResponse("todo")

def address_delete(request, *args, **kwargs):
    return HttpResponse("todo")

def region_options(request, *args, **kwargs):
    return HttpResponse("todo")
