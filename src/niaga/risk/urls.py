from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("operator/risiko/", views.queue, name="queue"),
    path("operator/risiko/<int:pk>/", views.case, name="case"),
]
