# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def dashboard(request, *args, **kwargs):
    return HttpResponse("todo")

def open_store(request, *args, **kwargs):
    return HttpResponse("todo")

def settings_view(request, *args, **kwargs):
    return HttpResponse("todo")

def products(request, *args, **kwargs):
    return HttpResponse("todo")

def product_new(request, *args, **kwargs):
    return HttpResponse("todo")

def product_edit(request, *args, **kwargs):
    return HttpResponse("todo")

def orders(request, *args, **kwargs):
    return HttpResponse("todo")

def order(request, *args, **kwargs):
    return HttpResponse("todo")
