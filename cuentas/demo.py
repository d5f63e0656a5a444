"""Demo users, one per role, all with the same password (DEMO_PASSWORD, default chasqui-demo)."""

from django.conf import settings

from cuentas.models import Asignacion, Rol, Usuario
from territorio.models import Dre, Institucion, Ugel

# username, first name, last name, position, role, how to find the scope
USUARIOS = [
    ("director.demo", "Rosa", "Huamán Quispe", "Directora", Rol.DIRECTOR, ("institucion", "9000701")),
    (
        "ugel.demo",
        "Carlos",
        "Mendoza Ríos",
        "Especialista EBA",
        Rol.ESPECIALISTA_UGEL,
        ("ugel", "UGEL 07 San Borja"),
    ),
    (
        "dre.demo",
        "Lucía",
        "Paredes Salazar",
        "Especialista",
        Rol.ESPECIALISTA_DRE,
        ("dre", "DRE Lima Metropolitana"),
    ),
    ("difoca.demo", "Jorge", "Castillo Vega", "Especialista DIFOCA", Rol.DIFOCA, None),
    ("admin.demo", "Ana", "Torres Lozano", "Administradora", Rol.ADMINISTRADOR, None),
    (
        "director.70370",
        "José Antonio",
        "Quispe Calizaya",
        "Director",
        Rol.DIRECTOR,
        ("institucion", "9070370"),
    ),
    (
        "director.70401",
        "Marina",
        "Condori Mamani",
        "Directora",
        Rol.DIRECTOR,
        ("institucion", "9070401"),
    ),
    (
        "ugel.collao",
        "Edwin",
        "Apaza Ticona",
        "Especialista de Educación Primaria",
        Rol.ESPECIALISTA_UGEL,
        ("ugel", "UGEL El Collao"),
    ),
]

BUSCAR = {
    "institucion": lambda valor: {"institucion": Institucion.objects.get(codigo_modular=valor)},
    "ugel": lambda valor: {"ugel": Ugel.objects.get(nombre=valor)},
    "dre": lambda valor: {"dre": Dre.objects.get(nombre=valor)},
}


def cargar(salida) -> None:
    """Create or update the demo users and their single assignment each."""
    filas = []
    for username, nombre, apellidos, cargo, rol, alcance in USUARIOS:
        usuario, _ = Usuario.objects.update_or_create(
            username=username,
            defaults={
                "first_name": nombre,
                "last_name": apellidos,
                "cargo": cargo,
                "email": f"{username}@chasqui.example",
                "is_active": True,
                "is_staff": rol == Rol.ADMINISTRADOR,
                "is_superuser": rol == Rol.ADMINISTRADOR,
            },
        )
        usuario.set_password(settings.DEMO_PASSWORD)
        usuario.save(update_fields=["password"])
        scope = BUSCAR[alcance[0]](alcance[1]) if alcance else {}
        asignacion, _ = Asignacion.objects.get_or_create(usuario=usuario, rol=rol, **scope)
        usuario.asignaciones.exclude(pk=asignacion.pk).delete()
        filas.append((username, f"{rol.label}" + (f" — {asignacion.lugar}" if scope else "")))
    salida(f"usuarios de demostración (contraseña: {settings.DEMO_PASSWORD}):")
    ancho = max(len(u) for u, _ in filas)
    for username, descripcion in filas:
        salida(f"  {username.ljust(ancho)}  {descripcion}")
