"""The national bench database: Chasqui at the size of Peru, for bench/run and the other benchmarks.

    DEBUG=1 .venv/bin/python bench/nacional.py [--base chasqui_nacional] [--escala 1] [--nuevo]

Builds (or, when it exists, reuses) the database `chasqui_nacional` on the project's cluster:

- the demo (manage.py cargar_demo: the 26 regions, the demo DRE/UGEL/institutions, users, rubrics,
  themes, the 8 demo practices and the two demo plans, which serve as templates below);
- 26 DRE (one per region), 220 UGEL, 3,000 CEBA/CETPRO, each with its director's account, one
  specialist per UGEL and per DRE;
- five years (2022–2026) of DRE-wide balance campaigns, one per DRE per year (2026 open, the rest
  closed), every CEBA/CETPRO with its matrix: rows written from the guidance's kind of entries, 1–3
  logros, dificultades (tagged) and compromisos, in a realistic mix of states (2026: not started,
  draft, sent, returned, approved; earlier years mostly approved);
- 10,000 good practices over the regions and themes (published, in review, draft), each a copy of one
  of the demo's eight with its phases, strategies, results, contacts, links; some with comments;
- 20,000 schools (EBR) with their director and their 2026 monitoring plan: the demo plan's calendar,
  stages, activities, objectives, approaches, teachers, visits and observed levels;
- the bench users (password CLAVE), one per role, in USUARIOS.

Everything is loaded with bulk inserts (bulk_create, batches of 5,000) with the tables' own triggers
disabled while loading (ALTER TABLE … DISABLE TRIGGER USER, which the tables' owner may do;
`session_replication_role` needs a superuser, which the project's user is not): the pghistory
triggers write no history (the bench needs none); foreign keys stay checked.
The database is built under another name and renamed when complete, then ANALYZEd: a database called
`chasqui_nacional` is always a complete one. Never write to it: copy it
(`CREATE DATABASE x TEMPLATE chasqui_nacional`) and migrate the copy.

--escala 0.01 builds a tiny one (about 2 minutes, most of it migrate and the demo) to try changes.
30/11/2026, this two-core machine shared with five other jobs: 727 s for the national size (the
20,000 plans' 1.6 million rows take half of it), 646 MB. Lima Metropolitana holds about half the
CEBA/CETPRO (its 2026 campaign: 1,552 matrices), each other DRE 60 to 90.
"""

import argparse
import hashlib
import io
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

NOMBRE = "chasqui_nacional"
CLAVE = "bench-nacional"
ANIOS = range(2022, 2027)
ANIO_ABIERTO = 2026
# username → what the bench measures as that user.
USUARIOS = {
    "bench.director": "director of a CEBA of Lima Metropolitana whose 2026 matrix (open campaign) is a draft",
    "bench.ugel": "UGEL specialist of that CEBA's UGEL",
    "bench.dre": "DRE specialist of that CEBA's DRE",
    "bench.difoca": "DIFOCA",
    "bench.admin": "national administrator",
    "bench.escuela": "director of a school with a 2026 monitoring plan",
}
TOTALES = {"ugel": 220, "ceba_cetpro": 3000, "practicas": 10000, "escuelas": 20000}
LOTE = 5000
PESO_LIMA = 15

PATRONOS = [
    "José María Arguedas",
    "César Vallejo",
    "Micaela Bastidas",
    "Túpac Amaru II",
    "María Parado de Bellido",
    "Ricardo Palma",
    "Santa Rosa de Lima",
    "San Martín de Porres",
    "Jorge Basadre",
    "Clorinda Matto de Turner",
    "Abraham Valdelomar",
    "Chabuca Granda",
    "Inca Garcilaso de la Vega",
    "Mariano Melgar",
    "José Olaya",
    "Francisco Bolognesi",
    "Miguel Grau",
    "Andrés Avelino Cáceres",
    "Daniel Alcides Carrión",
    "Juan Pablo Vizcardo y Guzmán",
]
NOMBRES = ["Rosa", "Juan", "Carmen", "Luis", "Elena", "Jorge", "Ana", "Víctor", "Lucía", "Pedro", "Maritza"]
APELLIDOS = ["Quispe", "Mamani", "Huamán", "Flores", "Rojas", "Torres", "Vargas", "Chávez", "Ramos", "Cruz"]


def _n(total: int, escala: float) -> int:
    return max(1, round(total * escala))


def _azar(*partes) -> int:
    """A stable pseudo-random integer from the parts (the same database every build)."""
    return int.from_bytes(hashlib.blake2b(repr(partes).encode(), digest_size=4).digest(), "big")


def _persona(*semilla) -> tuple[str, str]:
    h = _azar(*semilla)
    return NOMBRES[h % len(NOMBRES)], f"{APELLIDOS[h // 7 % 10]} {APELLIDOS[h // 71 % 10]}"


# --- the database ------------------------------------------------------------------------------


def _conf():
    import dj_database_url

    url = os.environ.get("DATABASE_URL") or "postgres://chasqui@127.0.0.1:{}/chasqui".format(
        os.environ.get("PGPORT_LOCAL", "54329")
    )
    return dj_database_url.parse(url)


def url_de(nombre: str) -> str:
    """DATABASE_URL of database `nombre` on the cluster of DATABASE_URL."""
    conf = _conf()
    conf["NAME"] = nombre
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**conf).replace(":None@", "@")


def sql_postgres(*sentencias: str, consulta: str | None = None, parametros=()):
    """Run statements on the cluster's `postgres` database (autocommit); return `consulta`'s rows."""
    import psycopg2

    conf = _conf()
    conexion = psycopg2.connect(
        dbname="postgres", user=conf["USER"], password=conf["PASSWORD"], host=conf["HOST"], port=conf["PORT"]
    )
    conexion.autocommit = True
    try:
        with conexion.cursor() as cursor:
            for sentencia in sentencias:
                cursor.execute(sentencia)
            if consulta:
                cursor.execute(consulta, parametros)
                return cursor.fetchall()
    finally:
        conexion.close()
    return None


def existe(nombre: str) -> bool:
    return bool(sql_postgres(consulta="SELECT 1 FROM pg_database WHERE datname = %s", parametros=[nombre]))


def construir(nombre: str = NOMBRE, escala: float = 1.0, nuevo: bool = False) -> float | None:
    """Build database `nombre` unless it exists (or `nuevo`); the seconds it took, None if reused.

    Runs the loading in a child process (Django bound to the new database), so the caller may have
    Django set up on another one."""
    import subprocess

    if existe(nombre) and not nuevo:
        return None
    t0 = time.perf_counter()
    temporal = f"{nombre}_construyendo"
    sql_postgres(f'DROP DATABASE IF EXISTS "{temporal}"', f'CREATE DATABASE "{temporal}"')
    entorno = {**os.environ, "DATABASE_URL": url_de(temporal), "DEBUG": "true", "DB_CONN_MAX_AGE": "0"}
    subprocess.run(
        [sys.executable, __file__, "--llenar", "--escala", str(escala)],
        env=entorno,
        check=True,
        cwd=BASE,
        timeout=3600,
    )
    sql_postgres(f'DROP DATABASE IF EXISTS "{nombre}"', f'ALTER DATABASE "{temporal}" RENAME TO "{nombre}"')
    return time.perf_counter() - t0


# --- the loading (Django bound to the database being built) -------------------------------------


def _tablas_con_disparadores(cursor) -> list[str]:
    cursor.execute(
        "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = 'public' "
        "ORDER BY 1"
    )
    return [fila[0] for fila in cursor.fetchall()]


def disparadores(activos: bool) -> int:
    """Turn the tables' own triggers (pghistory's) off or back on: with them off, bulk inserts write
    no history. The tables' owner may do it (session_replication_role would need a superuser);
    foreign keys stay checked."""
    from django.db import connection

    with connection.cursor() as cursor:
        if activos:  # inside a transaction, deferred foreign-key checks must run first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tablas = _tablas_con_disparadores(cursor)
        for tabla in tablas:
            cursor.execute(f'ALTER TABLE "{tabla}" {"ENABLE" if activos else "DISABLE"} TRIGGER USER')
    return len(tablas)


def llenar(escala: float = 1.0, salida=print) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    call_command("cargar_demo", verbosity=0, stdout=io.StringIO())
    salida(f"  demo: {time.perf_counter() - t:.0f} s")
    disparadores(False)
    pasos = [territorio, usuarios_bench, balance, practicas, monitoreo]
    datos = {}
    for paso in pasos:
        t = time.perf_counter()
        resumen = paso(escala, datos)
        salida(f"  {paso.__name__}: {resumen} ({time.perf_counter() - t:.0f} s)")
    disparadores(True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics of the new rows


def _hash_clave() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password(CLAVE)


def territorio(escala: float, datos: dict) -> str:
    """One DRE per region, UGEL up to 220, CEBA/CETPRO up to 3,000 and 20,000 schools, each with its
    director; a specialist per UGEL and per DRE."""
    from cuentas.models import Asignacion, Rol, Usuario
    from territorio.models import Dre, Institucion, Modalidad, Region, Ugel

    clave = datos["clave"] = _hash_clave()
    con_dre = set(Dre.objects.values_list("region_id", flat=True))
    Dre.objects.bulk_create(
        Dre(nombre=f"DRE {r.nombre}", siglas=f"DRE-{r.nombre[:3].upper()}", region=r)
        for r in Region.objects.exclude(pk__in=con_dre)
    )
    dres = list(Dre.objects.select_related("region").order_by("pk"))
    faltan = _n(TOTALES["ugel"], escala) - Ugel.objects.count()
    nuevas = []
    for k in range(max(faltan, 0)):
        dre = dres[k % len(dres)]
        nuevas.append(Ugel(nombre=f"UGEL {k // len(dres) + 1:02d} {dre.region.nombre}", dre=dre))
    Ugel.objects.bulk_create(nuevas)
    ugeles = list(Ugel.objects.select_related("dre__region").order_by("pk"))

    # Lima Metropolitana holds far more CEBA/CETPRO and schools than any other region: each of its
    # UGEL weighs PESO_LIMA others. With its 15 UGEL (the demo's 7 and those added above) that puts
    # about half the institutions in its DRE: its campaign is the heaviest case (1,552 matrices).
    ruleta = [
        u for u in ugeles for _ in range(PESO_LIMA if u.dre.region.nombre == "Lima Metropolitana" else 1)
    ]

    def instituciones(cuantas, inicio, modalidades, prefijo):
        filas = []
        for n in range(cuantas):
            ugel = ruleta[_azar("ugel", prefijo, n) % len(ruleta)]
            modalidad = modalidades[n % len(modalidades)]
            sigla = {Modalidad.CEBA: "CEBA", Modalidad.CETPRO: "CETPRO"}.get(modalidad, "I.E.")
            filas.append(
                Institucion(
                    codigo_modular=f"{inicio + n:07d}",
                    nombre=f"{sigla} N.° {inicio % 100000 + n + 1} {PATRONOS[n % len(PATRONOS)]}",
                    modalidad=modalidad,
                    ugel=ugel,
                    distrito=ugel.dre.region.nombre,
                )
            )
        return Institucion.objects.bulk_create(filas, batch_size=LOTE)

    balance_ = instituciones(
        _n(TOTALES["ceba_cetpro"], escala), 1000000, [Modalidad.CEBA, Modalidad.CETPRO], "b"
    )
    escuelas = instituciones(
        _n(TOTALES["escuelas"], escala),
        2000000,
        [Modalidad.EBR_PRIMARIA, Modalidad.EBR_PRIMARIA, Modalidad.EBR_SECUNDARIA],
        "e",
    )
    datos["balance"], datos["escuelas"], datos["ugeles"], datos["dres"] = balance_, escuelas, ugeles, dres

    usuarios, asignaciones = [], []

    def usuario(username, rol, **alcance):
        nombre, apellidos = _persona(username)
        u = Usuario(
            username=username,
            password=clave,
            first_name=nombre,
            last_name=apellidos,
            email=f"{username}@chasqui.example",
        )
        usuarios.append(u)
        asignaciones.append(Asignacion(usuario=u, rol=rol, **alcance))
        return u

    datos["director"] = {
        i.pk: usuario(f"dir.{i.codigo_modular}", Rol.DIRECTOR, institucion=i) for i in balance_
    }
    datos["director"].update(
        {i.pk: usuario(f"dir.{i.codigo_modular}", Rol.DIRECTOR, institucion=i) for i in escuelas}
    )
    datos["revisor"] = {u.pk: usuario(f"ugel.{u.pk}", Rol.ESPECIALISTA_UGEL, ugel=u) for u in ugeles}
    for d in dres:
        usuario(f"dre.{d.pk}", Rol.ESPECIALISTA_DRE, dre=d)
    Usuario.objects.bulk_create(usuarios, batch_size=LOTE)
    for a in asignaciones:
        a.usuario_id = a.usuario.pk
    Asignacion.objects.bulk_create(asignaciones, batch_size=LOTE)
    return (
        f"{len(dres)} DRE, {len(ugeles)} UGEL, {len(balance_)} CEBA/CETPRO, {len(escuelas)} escuelas, "
        f"{len(usuarios)} usuarios"
    )


def usuarios_bench(escala: float, datos: dict) -> str:
    """The bench's users, one per role (USUARIOS), password CLAVE."""
    from cuentas.models import Asignacion, Rol, Usuario

    # In Lima Metropolitana when there is one: the largest campaign, the fullest boards.
    def primera(instituciones):
        lima = [i for i in instituciones if i.ugel.dre.region.nombre == "Lima Metropolitana"]
        return (lima or instituciones)[0]

    ceba, escuela = primera(datos["balance"]), primera(datos["escuelas"])
    datos["ceba_bench"], datos["escuela_bench"] = ceba, escuela
    roles = {
        "bench.director": (Rol.DIRECTOR, {"institucion": ceba}),
        "bench.ugel": (Rol.ESPECIALISTA_UGEL, {"ugel": ceba.ugel}),
        "bench.dre": (Rol.ESPECIALISTA_DRE, {"dre": ceba.ugel.dre}),
        "bench.difoca": (Rol.DIFOCA, {}),
        "bench.admin": (Rol.ADMINISTRADOR, {}),
        "bench.escuela": (Rol.DIRECTOR, {"institucion": escuela}),
    }
    for username, (rol, alcance) in roles.items():
        nombre, apellidos = _persona(username)
        u = Usuario.objects.create(
            username=username, password=datos["clave"], first_name=nombre, last_name=apellidos
        )
        Asignacion.objects.create(usuario=u, rol=rol, **alcance)
        datos[username] = u
    return ", ".join(roles)


def _estado(anio: int, matriz_n: int) -> str:
    """The matrix's situation: the open year a mix, the closed ones mostly approved."""
    h = _azar("estado", anio, matriz_n) % 100
    if anio == ANIO_ABIERTO:
        for limite, estado in ((15, "sin_iniciar"), (40, "borrador"), (65, "enviada"), (78, "observada")):
            if h < limite:
                return estado
        return "aprobada"
    for limite, estado in ((3, "sin_iniciar"), (6, "borrador"), (9, "enviada"), (12, "observada")):
        if h < limite:
            return estado
    return "aprobada"


def balance(escala: float, datos: dict) -> str:
    """One DRE-wide campaign per DRE per year, every CEBA/CETPRO's matrix filled to its state."""
    from balance.demo import CONTENIDO, LINEAMIENTOS_2023
    from balance.models import (
        Campana,
        CategoriaDificultad,
        Compromiso,
        Dificultad,
        Estado,
        Fila,
        Lineamiento,
        Logro,
        Matriz,
    )

    admin = datos["bench.admin"]
    categorias = list(CategoriaDificultad.objects.values_list("pk", flat=True)) or [None]
    por_dre: dict[int, list] = {}
    for inst in datos["balance"]:
        por_dre.setdefault(inst.ugel.dre_id, []).append(inst)
    campanas = Campana.objects.bulk_create(
        Campana(
            anio=anio,
            titulo=f"Balance de los Lineamientos Educativos {anio} – {dre.region.nombre}",
            dre=dre,
            fecha_limite=date(anio, 12, 31) if anio == ANIO_ABIERTO else date(anio, 12, 15),
            abierta=anio == ANIO_ABIERTO,
            creada_por=admin,
        )
        for anio in ANIOS
        for dre in datos["dres"]
        if dre.pk in por_dre
    )
    lineamientos = Lineamiento.objects.bulk_create(
        Lineamiento(campana=c, orden=i, nombre=nombre)
        for c in campanas
        for i, nombre in enumerate(LINEAMIENTOS_2023, 1)
    )
    de_campana: dict[int, list] = {}
    for li in lineamientos:
        de_campana.setdefault(li.campana_id, []).append(li)

    matrices, contenidos = [], []
    for c in campanas:
        for inst in por_dre[c.dre_id]:
            estado = _estado(c.anio, inst.pk)
            if inst.pk == datos["ceba_bench"].pk and c.anio == ANIO_ABIERTO:
                estado = "borrador"
            director = datos["director"][inst.pk]
            revisor = datos["revisor"][inst.ugel_id]
            cierre = datetime(c.anio, 11, 1 + _azar("dia", inst.pk, c.anio) % 28, 10, tzinfo=_zona())
            llenas = (
                0
                if estado == "sin_iniciar"
                else (1 + _azar("llenas", inst.pk) % 4 if estado == "borrador" else len(LINEAMIENTOS_2023))
            )
            m = Matriz(
                campana=c,
                institucion=inst,
                estado=Estado.BORRADOR if estado == "sin_iniciar" else estado,
                version=1 + 3 * llenas,
                progreso=round(100 * llenas / len(LINEAMIENTOS_2023)),
                editada_en=None if estado == "sin_iniciar" else cierre - timedelta(days=3),
                editada_por=None if estado == "sin_iniciar" else director,
                enviada_en=cierre if estado in ("enviada", "observada", "aprobada") else None,
                aprobada_en=cierre + timedelta(days=5) if estado == "aprobada" else None,
                aprobada_por=revisor if estado == "aprobada" else None,
                ronda=1,
                revision_abierta_en=cierre + timedelta(days=2)
                if estado in ("observada", "aprobada")
                else None,
            )
            matrices.append(m)
            contenidos.append((llenas, estado))
    Matriz.objects.bulk_create(matrices, batch_size=LOTE)

    filas, compromisos = [], []
    for m, (llenas, estado) in zip(matrices, contenidos, strict=True):
        n_alumnos = 20 + _azar("alumnos", m.institucion_id) % 180
        for li in de_campana[m.campana_id]:
            fila = Fila(matriz=m, lineamiento=li)
            if li.orden <= llenas:
                acciones, _logros, _dif, sugerencias = CONTENIDO[li.nombre]
                fila.acciones = f"{acciones} En {m.institucion.nombre} participaron {n_alumnos} estudiantes."
                fila.sugerencias = sugerencias
                fila.enlace_evidencias = f"https://drive.example.pe/{m.institucion.codigo_modular}/{li.orden}"
                if estado == "observada" and li.orden == 1:
                    fila.observacion = (
                        "Precisen la fuente de la cifra de estudiantes que culminaron el ciclo."
                    )
            filas.append(fila)
        if llenas == len(LINEAMIENTOS_2023):
            for i in range(1, 2 + _azar("comp", m.pk) % 3):
                compromisos.append(
                    Compromiso(
                        matriz=m,
                        orden=i,
                        que=f"Compromiso {i}: tutorías flexibles para {n_alumnos} estudiantes que trabajan.",
                        responsable=["Director(a)", "Subdirección", "Coordinación de tutoría"][i - 1],
                        plazo=date(m.campana.anio + 1, 3 + 3 * i, 30),
                    )
                )
    Fila.objects.bulk_create(filas, batch_size=LOTE)
    Compromiso.objects.bulk_create(compromisos, batch_size=LOTE)

    logros, dificultades = [], []
    for fila in filas:
        if not fila.acciones:
            continue
        _a, ls, ds, _s = CONTENIDO[fila.lineamiento.nombre]
        for i in range(1, 2 + _azar("logros", fila.pk) % 3):
            cifra, que, cual = ls[(i - 1) % len(ls)]
            logros.append(
                Logro(
                    fila=fila,
                    orden=i,
                    cifra=int(cifra) + _azar("cifra", fila.pk, i) % 20,
                    que_cuenta=que,
                    cualitativo=cual,
                    evidencia=f"https://drive.example.pe/logros/{fila.pk}/{i}",
                )
            )
        for i in range(1, 2 + _azar("dif", fila.pk) % 3):
            dificultades.append(
                Dificultad(
                    fila=fila,
                    orden=i,
                    texto=ds[(i - 1) % len(ds)],
                    categoria_id=categorias[_azar("cat", fila.pk, i) % len(categorias)],
                )
            )
    Logro.objects.bulk_create(logros, batch_size=LOTE)
    Dificultad.objects.bulk_create(dificultades, batch_size=LOTE)
    datos["matriz_bench"] = next(
        m for m in matrices if m.institucion_id == datos["ceba_bench"].pk and m.campana.anio == ANIO_ABIERTO
    )
    return (
        f"{len(campanas)} campañas, {len(matrices)} matrices, {len(filas)} filas, {len(logros)} logros, "
        f"{len(dificultades)} dificultades, {len(compromisos)} compromisos"
    )


def _zona():
    from django.utils import timezone

    return timezone.get_current_timezone()


def _plantillas(modelo, campo: str, padres) -> dict[int, list[dict]]:
    """The rows of `modelo` under each parent (by `campo`_id), as dicts of their values (no pk)."""
    campos = [f.attname for f in modelo._meta.concrete_fields if not f.primary_key and not f.generated]
    resultado: dict[int, list[dict]] = {}
    for fila in modelo.objects.filter(**{f"{campo}__in": padres}).order_by("pk").values("pk", *campos):
        resultado.setdefault(fila[f"{campo}_id"], []).append(fila)
    return resultado


def clonar(modelo, campo: str, pares, plantillas, cambiar=None) -> list:
    """Copies of the template rows under new parents: for each (new parent, template parent) in
    `pares`, the template's rows with `campo` pointing to the new one; `cambiar(fila, nueva, i)` may
    adjust each copy. Bulk-inserted; returns the new objects in order (with their pk)."""
    nuevos = []
    for nuevo, plantilla in pares:
        for i, valores in enumerate(plantillas.get(plantilla, ())):
            valores = {k: v for k, v in valores.items() if k != "pk"}
            valores[f"{campo}_id"] = nuevo
            obj = modelo(**valores)
            if cambiar:
                cambiar(obj, nuevo, i)
            nuevos.append(obj)
    return modelo.objects.bulk_create(nuevos, batch_size=LOTE)


def practicas(escala: float, datos: dict) -> str:
    """Good practices over the regions and themes, copies of the demo's eight with all their lists."""
    from django.utils import timezone
    from django.utils.text import slugify

    from practicas.models import (
        BuenaPractica,
        ComentarioExperto,
        Contacto,
        Enlace,
        EstadoPractica,
        Estrategia,
        Fase,
        Instancia,
        Resultado,
        Tema,
    )
    from territorio.models import Region

    modelos = list(BuenaPractica.objects.order_by("pk"))
    regiones = list(Region.objects.values_list("pk", flat=True))
    temas = list(Tema.objects.values_list("pk", flat=True))
    difoca = datos["bench.difoca"]
    ahora = timezone.now()
    campos = [
        f.attname
        for f in BuenaPractica._meta.concrete_fields
        if not f.primary_key and not f.generated and f.attname not in ("slug", "titulo")
    ]
    nuevas = []
    for n in range(_n(TOTALES["practicas"], escala) - len(modelos)):
        plantilla = modelos[n % len(modelos)]
        p = BuenaPractica(**{c: getattr(plantilla, c) for c in campos})
        h = _azar("practica", n) % 100
        p.estado = (
            EstadoPractica.PUBLICADA
            if h < 80
            else EstadoPractica.BORRADOR
            if h < 92
            else EstadoPractica.EN_REVISION
        )
        p.publicada_en = ahora - timedelta(days=n % 900) if p.estado == EstadoPractica.PUBLICADA else None
        p.region_id = regiones[_azar("region", n) % len(regiones)]
        p.tema_id = temas[_azar("tema", n) % len(temas)]
        p.anio = 2019 + _azar("anio", n) % 8
        p.titulo = f"{plantilla.titulo} ({n + 1})"
        p.slug = f"{slugify(plantilla.titulo)[:60].rstrip('-')}-{n + 1}"
        p.creada_por = p.editada_por = difoca
        p.creada = p.editada_en = ahora - timedelta(days=n % 1000)
        p._plantilla = plantilla.pk
        nuevas.append(p)
    BuenaPractica.objects.bulk_create(nuevas, batch_size=2000)
    pares = [(p.pk, p._plantilla) for p in nuevas]
    ids = [m.pk for m in modelos]
    for modelo in (Instancia, Enlace, Resultado, Contacto):
        clonar(modelo, "practica", pares, _plantillas(modelo, "practica", ids))
    fases = clonar(Fase, "practica", pares, _plantillas(Fase, "practica", ids))
    plantilla_fases = _plantillas(Fase, "practica", ids)
    # Each copied phase, by (new practice, template phase): the strategies point to their copy.
    fase_nueva, k = {}, 0
    for nuevo, plantilla in pares:
        for f in plantilla_fases.get(plantilla, ()):
            fase_nueva[(nuevo, f["pk"])] = fases[k].pk
            k += 1

    def con_fase(obj, nuevo, _i):
        if obj.fase_id:
            obj.fase_id = fase_nueva[(nuevo, obj.fase_id)]

    estrategias = clonar(Estrategia, "practica", pares, _plantillas(Estrategia, "practica", ids), con_fase)
    comentarios = _plantillas(ComentarioExperto, "practica", ids)
    con_comentario = [(p.pk, p._plantilla) for n, p in enumerate(nuevas) if _azar("coment", n) % 100 < 15]

    def sin_evento(obj, _nuevo, _i):
        obj.evento_id = None

    hechos = clonar(ComentarioExperto, "practica", con_comentario, comentarios, sin_evento)
    return (
        f"{len(nuevas) + len(modelos)} prácticas, {len(estrategias)} estrategias, {len(hechos)} comentarios"
    )


def monitoreo(escala: float, datos: dict) -> str:
    """Each school's 2026 plan: a copy of the demo's first plan with its calendar and visits."""
    from monitoreo.models import (
        Actividad,
        Celda,
        Docente,
        Enfoque,
        Etapa,
        Objetivo,
        Observacion,
        PlanMonitoreo,
        Visita,
    )

    plantilla = PlanMonitoreo.objects.order_by("pk").first()
    campos = [f.attname for f in PlanMonitoreo._meta.concrete_fields if not f.primary_key]
    planes = []
    for n, escuela in enumerate(datos["escuelas"]):
        p = PlanMonitoreo(**{c: getattr(plantilla, c) for c in campos})
        p.institucion_id, p.anio = escuela.pk, ANIO_ABIERTO
        p.titulo = f"{plantilla.titulo} – {PATRONOS[n % len(PATRONOS)]}"
        p.director = " ".join(_persona(f"dir.{escuela.codigo_modular}"))
        p.provincia = escuela.ugel.nombre.removeprefix("UGEL ")
        planes.append(p)
    PlanMonitoreo.objects.bulk_create(planes, batch_size=LOTE)
    pares = [(p.pk, plantilla.pk) for p in planes]
    for modelo in (Actividad, Enfoque, Objetivo, Etapa):
        clonar(modelo, "plan", pares, _plantillas(modelo, "plan", [plantilla.pk]))
    celdas = clonar(Celda, "plan", pares, _plantillas(Celda, "plan", [plantilla.pk]))

    docentes = clonar(
        Docente,
        "institucion",
        [(e.pk, plantilla.institucion_id) for e in datos["escuelas"]],
        _plantillas(Docente, "institucion", [plantilla.institucion_id]),
    )
    docente_de = {(d.institucion_id, d.clave): d.pk for d in docentes}
    claves = dict(Docente.objects.filter(institucion_id=plantilla.institucion_id).values_list("pk", "clave"))
    plan_escuela = {p.pk: p.institucion_id for p in planes}
    director = datos["director"]

    def visita(obj, plan, _i):
        obj.fecha = obj.fecha.replace(year=ANIO_ABIERTO)
        obj.token = None
        escuela = plan_escuela[plan]
        obj.registrada_por_id = director[escuela].pk
        if obj.profesor_id:
            obj.profesor_id = docente_de.get((escuela, claves.get(obj.profesor_id)))

    plantilla_visitas = _plantillas(Visita, "plan", [plantilla.pk])
    visitas = clonar(Visita, "plan", pares, plantilla_visitas, visita)
    # The observed levels follow their visit: the template's visits in order, per plan.
    por_visita = _plantillas(Observacion, "visita", [v["pk"] for v in plantilla_visitas[plantilla.pk]])
    orden = [v["pk"] for v in plantilla_visitas[plantilla.pk]]
    observaciones = clonar(
        Observacion, "visita", [(v.pk, orden[i % len(orden)]) for i, v in enumerate(visitas)], por_visita
    )
    return (
        f"{len(planes)} planes, {len(celdas)} celdas, {len(visitas)} visitas, "
        f"{len(observaciones)} niveles, {len(docentes)} docentes"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=NOMBRE, help="nombre de la base (chasqui_nacional)")
    parser.add_argument("--escala", type=float, default=1.0, help="fracción del tamaño nacional")
    parser.add_argument("--nuevo", action="store_true", help="rehacerla aunque exista")
    parser.add_argument("--llenar", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.llenar:  # the child process of construir(): DATABASE_URL names the database to fill
        import django

        django.setup()
        llenar(args.escala)
        return
    segundos = construir(args.base, args.escala, args.nuevo)
    if segundos is None:
        print(f"{args.base}: ya existe (--nuevo para rehacerla)")
    else:
        print(f"{args.base}: construida en {segundos:.0f} s")


if __name__ == "__main__":
    main()
