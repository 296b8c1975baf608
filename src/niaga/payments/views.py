# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def page(request, *args, **kwargs):
    return HttpResponse("todo")

def refresh(request, *args, **kwargs):
    return HttpResponse("todo")

def retry(request, *args, **kwargs):
    return HttpResponse("todo")

def switch(request, *args, **kwargs):
    return HttpResponse("todo")

def cancel(request, *args, **kwargs):
    return HttpResponse("todo")
