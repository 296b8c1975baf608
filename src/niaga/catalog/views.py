# PLACEHOLDER: replaced by the pages work
from django.http import HttpResponse


def home(request, *args, **kwargs):
    return HttpResponse("todo")

def search(request, *args, **kwargs):
    return HttpResponse("todo")

def category(request, *args, **kwargs):
    return HttpResponse("todo")

def product(request, *args, **kwargs):
    return HttpResponse("todo")
