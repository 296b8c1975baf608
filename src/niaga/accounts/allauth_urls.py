"""allauth's URL names for Niaga's paths.

Included after allauth.urls: where two patterns share a name, reverse() gives the last one, so
{% url 'account_login' %} (and allauth's own redirects) lead to /masuk/, not /akun/login/.
Resolving a path takes the first match, so accounts.urls (included before allauth's) serves
the paths both define.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("masuk/", views.login_view, name="account_login"),
    path("daftar/", views.signup, name="account_signup"),
    path("keluar/", views.logout_view, name="account_logout"),
    path("akun/sessions/", views.sessions, name="usersessions_list"),
]
