"""History tables of the accounts: cuentas sits below historial, so it is tracked from here."""

from cuentas.models import Asignacion, Usuario
from historial.registro import seguir

# Passwords and login times stay out of the history.
seguir(excluir=("password", "last_login"), app_label="historial")(Usuario)
seguir(app_label="historial")(Asignacion)
