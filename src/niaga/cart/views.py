# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def cart(request, *args, **kwargs):
    return HttpResponse("todo")

def add(request, *args, **kwargs):
    return HttpResponse("todo")

def update(request, *args, **kwargs):
    return HttpResponse("todo")

def remove(request, *args, **kwargs):
    return HttpResponse("todo")
