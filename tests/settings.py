"""The project's settings, plus an app that exists only in the tests: it proves that a new app plugs
into the menu, the home page and the demo without editing the layers below it."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.app_de_prueba.apps.AppDePruebaConfig"]
