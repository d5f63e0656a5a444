"""Good practices and the Huacho exchange, transcribed from seeds/001, 002 and 003 for the demo.

Pure data (no Django): PRACTICAS are the good-practice records; EVENTO is the "I Intercambio de Buenas
Prácticas de Gestión Educativa – Macrorregión Centro" (Huacho, 23–24 April 2026) with the 8 practices
presented on day 1 (by clave) and each guest expert's feedback. Sheets 002 (Junín) and 003 (Pasco) are
the same practices the exchange presented 6th and 3rd, so each is one entry, filled from its sheet.
Multi-paragraph texts use "\n\n"; bullet lists are "- " lines joined by "\n".
"""

from datetime import date

PRACTICAS = [
    {
        "clave": "huaura-puentes-inclusion",
        "titulo": "Puentes para la inclusión, emprendimiento e inserción laboral",
        "region": "Lima Provincias",
        "instancias": "UGEL Huaura",
        "tema": "Educación técnico-productiva",
        "etapa": "avanzado",
        "anio": 2026,
        "problema": (
            "En la UGEL 09-Huaura existe una débil articulación entre la Educación Básica, la "
            "Educación Técnico-Productiva y el ecosistema laboral, lo que genera trayectorias "
            "formativas fragmentadas y poco vinculadas al empleo. Esta situación, sumada a "
            "limitaciones pedagógicas y a la escasa coordinación con actores del sector "
            "productivo, deriva en una brecha de inserción laboral cercana al 80%, afectando "
            "especialmente a estudiantes con discapacidad y restringiendo sus oportunidades de "
            "autonomía económica."
        ),
        "consiste": "",
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "Organización interna y planificación conjunta",
                        (
                            "mediante la conformación de la comisión y la ejecución de un plan "
                            "de trabajo articulado."
                        ),
                    ),
                    (
                        "El diagnóstico y focalización de estudiantes",
                        (
                            "priorizando a aquellos con discapacidad para orientar su formación "
                            "y empleabilidad."
                        ),
                    ),
                    (
                        "La articulación educativa",
                        (
                            "promoviendo el tránsito de estudiantes hacia CETPRO, incluyendo su "
                            "participación en iniciativas como “Mi Oportunidad Técnica”."
                        ),
                    ),
                    (
                        "La gestión de alianzas interinstitucionales",
                        (
                            "con municipalidades (OMAPED), la Dirección Regional de Trabajo y el "
                            "sector productivo, para facilitar prácticas, empleo y "
                            "emprendimiento."
                        ),
                    ),
                    (
                        "La vinculación directa con el mercado laboral",
                        (
                            "a través de ferias y eventos de empleabilidad que acercan "
                            "oportunidades concretas de trabajo a estudiantes y egresados"
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "",
                (
                    "02 convenios interinstitucionales formalizados con OMAPED y la Dirección "
                    "Regional de Trabajo, que facilitan a estudiantes con discapacidad el acceso "
                    "a intermediación laboral, bolsas de trabajo, prácticas y orientación para "
                    "el emprendimiento."
                ),
            ),
            (
                "",
                (
                    "03 mesas de trabajo implementadas para fortalecer la coordinación "
                    "interinstitucional, la planificación conjunta y el seguimiento de la "
                    "estrategia."
                ),
            ),
            (
                "",
                (
                    "04 capacitaciones ejecutadas en alianza con la municipalidad, beneficiando "
                    "a cerca de 200 directivos, docentes y familias en temas de inclusión, "
                    "empleabilidad y emprendimiento."
                ),
            ),
            (
                "",
                (
                    "118 estudiantes incorporados en la estrategia “Mi Oportunidad Técnica”, "
                    "favoreciendo su acceso a formación técnico-productiva pertinente."
                ),
            ),
            (
                "",
                (
                    "Ferias de empleo realizadas con una oferta de 70 a 150 vacantes por evento, "
                    "promoviendo además el registro de estudiantes y egresados en la bolsa de "
                    "trabajo del MTPE."
                ),
            ),
        ],
        "cualitativos": [
            (
                "",
                (
                    "Desarrollo de una cultura institucional orientada a la empleabilidad y el "
                    "emprendimiento, superando enfoques tradicionales centrados únicamente en la "
                    "formación técnica"
                ),
            ),
        ],
        "contactos": [],
        "galeria": [],
    },
    {
        "clave": "ayacucho-gestion-riesgo",
        "titulo": (
            "Fortalecemos la gestión del riesgo de desastres para garantizar la continuidad del "
            "servicio educativo en la región Ayacucho"
        ),
        "region": "Ayacucho",
        "instancias": (
            "DRE Ayacucho · UGEL Cangallo · UGEL Huamanga · UGEL Huancasancos · UGEL Huanta · "
            "UGEL La Mar · UGEL Lucanas · UGEL Parinacochas · UGEL Sucre · UGEL Víctor Fajardo · "
            "UGEL Vilcashuamán"
        ),
        "tema": "Gestión del riesgo de desastres",
        "etapa": "avanzado",
        "anio": 2026,
        "problema": (
            "La región Ayacucho presenta alta exposición a peligros de origen natural, como "
            "sismos, lluvias intensas, deslizamientos, incendios forestales y heladas, que "
            "afectan recurrentemente la seguridad de la comunidad educativa y la continuidad del "
            "servicio educativo.\n\n"
            "Frente a este escenario, los monitoreos realizados evidenciaron debilidades en la "
            "gestión del riesgo de desastres, ya que el 64 % (2072) de instituciones educativas "
            "no contaba con planes actualizados y el 55 % (1780) no había conformado la comisión "
            "ni las brigadas de Gestión del Riesgo de Desastres.\n\n"
            "Esta situación reflejaba limitaciones en la planificación y respuesta ante "
            "emergencias, así como una insuficiente articulación institucional, comprometiendo "
            "la continuidad del servicio educativo frente a situaciones de riesgo."
        ),
        "consiste": "",
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "Procesos de organización y planificación de la GRD",
                        (
                            "mediante asistencias técnicas, reuniones de trabajo y monitoreo "
                            "orientados a la conformación de brigadas, funcionamiento de la "
                            "COGIREDE y formulación de planes de gestión del riesgo."
                        ),
                    ),
                    (
                        "Fortalecimiento de competencias de las COGIREDE y brigadas",
                        (
                            "a través de talleres, webinars y cursos dirigidos a directivos, "
                            "docentes y brigadas, complementados con acompañamiento, monitoreo y "
                            "soporte socioemocional."
                        ),
                    ),
                    (
                        ("Funcionamiento de espacios de enlace, monitoreo y seguimiento sectorial"),
                        (
                            "implementada mediante campañas y charlas de sensibilización, así "
                            'como la operatividad del sistema de alerta "Kayllayta Amauta", '
                            "emisión de reportes de emergencia y articulación con COES y "
                            "seguimiento de simulacros."
                        ),
                    ),
                    (
                        "Implementación y monitoreo de dispositivos de seguridad",
                        (
                            "desarrollada mediante la distribución, asistencia técnica y "
                            "monitoreo permanente de su operatividad y funcionamiento en las "
                            "instituciones educativas."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "",
                (
                    "Conformación del 100 % de brigadas de gestión del riesgo en 345 "
                    "instituciones educativas focalizadas y 2,893 no focalizadas, garantizando "
                    "una amplia cobertura organizativa regional."
                ),
            ),
            (
                "",
                (
                    "100 % (345) de instituciones educativas focalizadas y 90 % (2,603) de no "
                    "focalizadas cuentan con planes de Gestión del Riesgo de Desastres "
                    "monitoreados mediante un tablero de control."
                ),
            ),
            (
                "",
                (
                    "Conformación del 100 % de las COGIREDE en las IGED de la región, "
                    "fortaleciendo la estructura organizativa para la gestión del riesgo de "
                    "desastres."
                ),
            ),
            (
                "",
                (
                    "Fortalecimiento de capacidades en gestión del riesgo de desastres a 559 "
                    "integrantes de brigadas, 213 miembros de las COGIREDE y 723 directivos y "
                    "docentes de las 11 UGEL, mediante talleres y cursos virtuales."
                ),
            ),
            (
                "",
                (
                    "100 % (345) de instituciones educativas focalizadas y 65 % (1,880) de no "
                    "focalizadas cuentan con espacios de enlace de Gestión del Riesgo de "
                    "Desastres implementados y operativos."
                ),
            ),
            (
                "",
                (
                    "100 % de las IGED de la región cuentan con planes de Gestión del Riesgo de "
                    "Desastres, contingencia y continuidad operativa."
                ),
            ),
            (
                "",
                (
                    "Distribución de 638 dispositivos de seguridad en instituciones educativas, "
                    "con asistencia técnica para su uso y conservación y articulación con "
                    "aliados para su adquisición y entrega."
                ),
            ),
        ],
        "cualitativos": [],
        "contactos": [],
        "galeria": [],
    },
    {
        "clave": "pasco-gestion-educativa",
        "titulo": (
            "Gestión educativa con impacto para la mejora sostenible de los aprendizajes y la "
            "calidad educativa en la región"
        ),
        "region": "Pasco",
        "instancias": "DRE Pasco",
        "tema": "Monitoreo y acompañamiento pedagógico",
        "etapa": "avanzado",
        "anio": 2025,
        "problema": (
            "La gestión educativa en la región Pasco, durante 2021 y 2022, evidenció "
            "limitaciones estructurales en la articulación entre la DRE y las UGEL, así como "
            "entre las políticas regionales y las necesidades territoriales, lo que debilitó el "
            "liderazgo y dirección del proceso educativo desde el nivel de gestión. Esta "
            "situación se reflejó en la ausencia de lineamientos regionales, débil planificación "
            "estratégica, limitada articulación de asistencias técnicas y baja efectividad del "
            "monitoreo y acompañamiento pedagógico. El Monitoreo de Prácticas Escolares "
            "2021–2023 confirmó deficiencias en la planificación, ejecución y uso de información "
            "para la toma de decisiones. Asimismo, la sobrecarga administrativa limitó el "
            "cumplimiento de las funciones de gestión pedagógica de los especialistas, generando "
            "descoordinación, duplicidad de acciones y baja cobertura del acompañamiento. A ello "
            "se sumó una débil cultura de innovación educativa, evidenciada en la escasa "
            "participación en concursos y limitada promoción de actividades y eventos educativos "
            "a nivel regional."
        ),
        "consiste": (
            "La práctica consiste en la implementación de un modelo de gestión educativa "
            "regional liderado por la DRE Pasco, orientado a fortalecer la articulación con las "
            "UGEL mediante una planificación estratégica participativa y contextualizada, la "
            "formulación de lineamientos y normas técnicas, y la organización de procesos "
            "integrados de asistencia técnica, monitoreo y acompañamiento basados en evidencia. "
            "Asimismo, incluye la simplificación de procesos administrativos para optimizar el "
            "tiempo de los especialistas en funciones estratégicas, la unificación de criterios "
            "de intervención a nivel regional y la promoción de la innovación educativa, buenas "
            "prácticas docentes y concursos educativos, con el propósito de mejorar la calidad "
            "del servicio educativo y los aprendizajes en la región."
        ),
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "",
                        (
                            "Elaborar e implementar una planificación estratégica participativa "
                            "y contextualizada, articulada entre la DRE y las UGEL, basada en "
                            "diagnóstico territorial y orientada a responder a las necesidades "
                            "reales del contexto educativo regional."
                        ),
                    ),
                    (
                        "",
                        (
                            "Simplificar los procesos administrativos mediante la identificación "
                            "y reducción de trámites burocráticos, a fin de optimizar el tiempo "
                            "de los especialistas y reorientarse hacia funciones estratégicas de "
                            "gestión educativa."
                        ),
                    ),
                    (
                        "",
                        (
                            "Diseñar y ejecutar el plan anual integrado de asistencias técnicas "
                            "articuladas entre DRE y UGEL, que prioriza necesidades pedagógicas "
                            "y establece mecanismos de réplica hacia directivos y docentes."
                        ),
                    ),
                    (
                        "",
                        (
                            "Sistematizar, gestionar y difundir las asistencias técnicas a "
                            "través de repositorios digitales, bases de datos y enlaces DRIVE, "
                            "que permiten organizar la información y facilitar la toma de "
                            "decisiones."
                        ),
                    ),
                    (
                        "",
                        (
                            "Fortalecer las capacidades de los especialistas de DRE y UGEL en "
                            "monitoreo y acompañamiento mediante la elaboración e implementación "
                            "de lineamientos, protocolos e instrumentos unificados."
                        ),
                    ),
                    (
                        "",
                        (
                            "Implementar un plan regional de monitoreo y acompañamiento basado "
                            "en resultados, que incluye seguimiento sistemático, recojo de "
                            "información y retroalimentación oportuna a los actores educativos."
                        ),
                    ),
                    (
                        "",
                        (
                            "Evaluar periódicamente las acciones implementadas mediante "
                            "encuestas, análisis de resultados e identificación de mejoras, "
                            "promoviendo una gestión orientada a la mejora continua."
                        ),
                    ),
                    (
                        "",
                        (
                            "Promocionar la innovación educativa y buenas prácticas docentes a "
                            "través de planes y normas técnicas regionales, así como asesorías "
                            "personalizadas y asistencias técnicas especializadas."
                        ),
                    ),
                    (
                        "",
                        (
                            "Organización y ejecución de concursos, actividades y eventos "
                            "educativos a nivel regional, mediante la articulación con UGEL y "
                            "aliados estratégicos, para fortalecer el desarrollo integral de los "
                            "estudiantes."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "",
                (
                    "Se fortalece la planificación estratégica regional, con participación "
                    "activa de más de 50 especialistas de UGEL y actores educativos, lo que "
                    "mejora la pertinencia de las acciones pedagógicas."
                ),
            ),
            (
                "",
                (
                    "Se mejora la calidad del monitoreo y acompañamiento pedagógico a 536 IIEE y "
                    "2,353 docentes, mediante lineamientos unificados, uso de evidencias y "
                    "retroalimentación continua de directivos y docentes."
                ),
            ),
            (
                "",
                (
                    "Se incrementa la cobertura y pertinencia de las asistencias técnicas de 45% "
                    "a 72%, beneficiando a un mayor número de especialistas, docentes y "
                    "directivos respectivamente."
                ),
            ),
            (
                "",
                (
                    "Se impulsa una cultura de innovación educativa, con mayor participación de "
                    "62 IIEE en concursos como FONDEP con más de 90 proyectos y Buenas Prácticas "
                    "Docentes."
                ),
            ),
            (
                "",
                (
                    "Se promueve la participación activa de 1,500 estudiantes y 600 docentes en "
                    "10 concursos y eventos educativos, fortaleciendo el desarrollo integral y "
                    "las competencias del CNEB."
                ),
            ),
        ],
        "cualitativos": [
            (
                "",
                (
                    "Se consolida una gestión educativa más articulada y coherente, alineando "
                    "las políticas nacionales con las necesidades reales del territorio en la "
                    "región Pasco."
                ),
            ),
            (
                "",
                (
                    "Se reduce la fragmentación entre la DRE y las UGEL, logrando una mejor "
                    "coordinación en las asistencias técnicas y en la implementación de "
                    "estrategias educativas."
                ),
            ),
            (
                "",
                (
                    "Se genera información confiable y oportuna para la toma de decisiones, a "
                    "través de sistemas de registro, seguimiento y sistematización (SIMON, "
                    "repositorios, bases de datos)."
                ),
            ),
            (
                "",
                (
                    "Se fortalecen las capacidades pedagógicas de especialistas y docentes, "
                    "mejorando el acompañamiento en aula y las prácticas de enseñanza."
                ),
            ),
            (
                "",
                (
                    "Se evidencian mejoras progresivas en los aprendizajes de los estudiantes, "
                    "evidenciado en avances en evaluación regional (ECE)."
                ),
            ),
            (
                "",
                (
                    "Se incrementa significativamente la formulación e implementación de "
                    "proyectos de innovación, consolidando experiencias sostenibles y "
                    "replicables."
                ),
            ),
            (
                "",
                (
                    "Se mejora la motivación y el compromiso de la comunidad educativa, al "
                    "evidenciar resultados concretos y oportunidades de desarrollo profesional."
                ),
            ),
            (
                "",
                (
                    "Se optimiza el uso del tiempo de los especialistas, orientándose "
                    "progresivamente hacia funciones pedagógicas de mayor impacto."
                ),
            ),
            (
                "",
                (
                    "Se fortalece la equidad y atención a la diversidad, considerando contextos "
                    "sociales, culturales, lingüísticos y geográficos en la implementación de "
                    "las acciones."
                ),
            ),
            (
                "",
                (
                    "Se consolida una cultura de mejora continua, basada en evaluación, "
                    "retroalimentación y ajuste permanente de estrategias."
                ),
            ),
        ],
        "contactos": [
            (
                "Ada Liz Valentín León",
                "Especialista de Educación Secundaria",
                "ingles@drepassco.gob.pe",
            ),
            (
                "Juan Martel Matos Rimac",
                "Director de la DRE Pasco",
                "comunicacionliteraria2020@gmail.com",
            ),
        ],
        "galeria": [
            (
                "Reunión reflexiva después del monitoreo del especialista DRE al especialista de "
                "la UGEL, del especialista de UGEL al directivo y del directivo al docente, en "
                "instalaciones de la IE Divina Pastora-Oxapampa"
            ),
            (
                "Monitoreo, acompañamiento pedagógico y asistencia técnica personalizada a "
                "docentes de nivel primaria por parte del especialista de la DRE Pasco"
            ),
            "Asistencia técnica de los especialistas DRE a los especialistas UGEL",
            "Equipo impulsor de la práctica de gestión, al concluir su asistencia técnica",
            (
                "Participación activa de estudiantes y docentes en los Juegos Escolares "
                "Deportivos y Paradeportivos, lo cual fortalece el desarrollo integral y las "
                "competencias del CNEB"
            ),
        ],
    },
    {
        "clave": "callao-inclusion-total",
        "titulo": "Estrategia Inclusión Total",
        "region": "Callao",
        "instancias": "DRE Callao · UGEL Ventanilla",
        "tema": "Inclusión educativa",
        "etapa": "avanzado",
        "anio": 2026,
        "problema": (
            "En la región Callao se identificó que el 100% de instituciones Educativas de "
            "Educación Básica Regular en todos sus niveles (inicial, primaria y secundaria) no "
            "eran autónomas ni se habían empoderado en la atención de sus estudiantes con "
            "discapacidad a pesar de haber sido acompañadas por los equipos SAANEE.\n\n"
            "Por lo que, la Estrategia Inclusión Total nace con la finalidad de garantizar que "
            "las Instituciones Educativas de Educación Básica Regular (EBR) atiendan de manera "
            "directa a los estudiantes con discapacidad y asuman la responsabilidad inclusiva en "
            "la atención de los mismos."
        ),
        "consiste": "",
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "Apoyo Educativo Interno (SAEI) en todas las modalidades",
                        (
                            "permite que cada IE cuente con profesionales para atender "
                            "inmediatamente las barreras de aprendizaje, eliminando la "
                            "dependencia de servicios externos."
                        ),
                    ),
                    (
                        ("Implementación del Servicio de Apoyo Educativo Externo (SAEE) regional"),
                        (
                            "brinda acompañamiento técnico especializado a las redes educativas "
                            "para casos complejos y fortalece el soporte a docentes y directivos."
                        ),
                    ),
                    (
                        "Desarrollo de capacitación continua",
                        (
                            "congresos, webinars y talleres que profesionalizan a los docentes "
                            "en el enfoque de DUA (Diseño Universal de Aprendizaje)."
                        ),
                    ),
                    (
                        "Despliegue de 33 núcleos inclusivos",
                        (
                            "garantiza cobertura total y una distribución equitativa de recursos "
                            "en todo el territorio."
                        ),
                    ),
                    (
                        "Producción de revistas de divulgación pedagógica inclusiva",
                        (
                            "fomenta una cultura de mejora continua y permite que las "
                            "estrategias exitosas de un aula se repliquen en toda la región."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "Cobertura e impacto regional de la educación inclusiva",
                (
                    "La estrategia benefició a 162,303 estudiantes en 394 II.EE., consolidando "
                    "una respuesta educativa de gran alcance frente a las necesidades de "
                    "inclusión en el Callao."
                ),
            ),
            (
                "Institucionalización de la inclusión en las escuelas",
                (
                    "Implementación de 160 SAEI en todas las modalidades, eliminando la "
                    "tercerización y garantizando atención inmediata a la diversidad desde cada "
                    "institución."
                ),
            ),
            (
                "Fortalecimiento del sistema de soporte especializado",
                (
                    "Puesta en marcha del SAEE regional y articulación de 44 núcleos y 18 redes "
                    "inclusivas, asegurando acompañamiento técnico y cobertura territorial."
                ),
            ),
            (
                "Profesionalización del capital humano educativo",
                (
                    "Se logró que 6,973 docentes, 394 directivos y 19 especialistas fortalezcan "
                    "sus capacidades en enfoque DUA, consolidando prácticas pedagógicas "
                    "inclusivas."
                ),
            ),
            (
                "Institucionalización de una cultura inclusiva con enfoque de derechos",
                (
                    "Se logró la atención efectiva de 239 estudiantes con discapacidad, "
                    "incorporándolos al sistema educativo con seguimiento y respuestas "
                    "pedagógicas pertinentes; asimismo, se consolidó una gestión basada en "
                    "evidencia y mejora continua, evidenciada en la producción de publicaciones "
                    "pedagógicas y la participación activa de la comunidad educativa."
                ),
            ),
        ],
        "cualitativos": [],
        "contactos": [],
        "galeria": [],
    },
    {
        "clave": "angaraes-bienestar-emocional",
        "titulo": (
            "Facilitadores del bienestar emocional y la convivencia positiva en las "
            "instituciones educativas focalizadas de la UGEL Angaraes"
        ),
        "region": "Huancavelica",
        "instancias": "UGEL Angaraes",
        "tema": "Convivencia escolar y bienestar socioemocional",
        "etapa": "intermedio",
        "anio": 2025,
        "problema": (
            "La UGEL Angaraes enfrenta una grave problemática de violencia y vulnerabilidad "
            "socioemocional en estudiantes. Un alto porcentaje de los casos atendidos involucra "
            "a menores de 17 años, evidenciando violencia recurrente en entornos familiares, "
            "comunitarios y escolares. Los datos muestran numerosos casos de violencia física, "
            "psicológica y sexual, además de diversas problemáticas psicosociales como consumo "
            "de sustancias, embarazo adolescente y deserción escolar.\n\n"
            "Las causas principales incluyen la falta de psicólogos en las escuelas, limitada "
            "capacitación docente en temas socioemocionales y factores socioeconómicos como "
            "pobreza, ruralidad y barreras lingüísticas. También existe subregistro de casos y "
            "un clima escolar afectado. Como consecuencia, se observa deterioro del aprendizaje, "
            "afectación de la salud mental y aumento de conductas de riesgo."
        ),
        "consiste": "",
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "Fortalecimiento socioemocional mediante talleres vivenciales",
                        (
                            "Desarrollar talleres prácticos y participativos sobre bienestar "
                            "emocional, dirigidos a estudiantes, docentes y familias de los "
                            "niveles inicial, primaria y secundaria."
                        ),
                    ),
                    (
                        "Acompañamiento socioemocional presencial",
                        (
                            "Brindar acompañamiento directo a la comunidad educativa, "
                            "considerando las características de cada I.E. y el enfoque de "
                            "disciplina positiva."
                        ),
                    ),
                    (
                        "Promoción de la convivencia y resolución de conflictos",
                        (
                            "Implementar programas formativos orientados al desarrollo de la "
                            "empatía, el respeto y la resolución pacífica de conflictos, "
                            "priorizando la prevención antes que la sanción."
                        ),
                    ),
                    (
                        "Monitoreo y evaluación participativa",
                        (
                            "Realizar el seguimiento a la comunidad educativa a través de la "
                            "observación y el trabajo con grupos focales (estudiantes, docentes "
                            "y padres de familia), utilizando un sistema de registro de "
                            "evidencias y el recojo de percepciones y necesidades de "
                            "capacitación."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "",
                "Intervención en 57 instituciones educativas focalizadas de la UGEL Angaraes.",
            ),
            (
                "",
                (
                    "Atención a: 1239 padres de familia, fortaleciendo la crianza positiva y "
                    "responsabilidades parentales. 1740 estudiantes, desarrollando habilidades "
                    "socioemocionales (autorregulación, empatía, resolución de conflictos). Y, "
                    "645 docentes, capacitados en disciplina positiva y gestión de la "
                    "convivencia escolar."
                ),
            ),
            (
                "",
                (
                    "Cero reportes de violencia escolar al corte de julio de 2025, evidenciando "
                    "impacto directo de la intervención."
                ),
            ),
            (
                "",
                (
                    "De 14,352 estudiantes matriculados, solo 7 casos de deserción, cifra "
                    "significativamente baja en comparación con años anteriores."
                ),
            ),
        ],
        "cualitativos": [
            (
                "",
                (
                    "Mejora en habilidades clave: manejo de emociones, respeto, empatía y "
                    "convivencia pacífica."
                ),
            ),
            (
                "",
                ("Mayor capacidad de docentes para gestionar aulas con enfoque preventivo y formativo."),
            ),
            (
                "",
                "Disminución progresiva de casos reportados en el portal SISEVE.",
            ),
            (
                "",
                ("Prevención de conductas de riesgo mediante acciones socioemocionales y acompañamiento."),
            ),
            (
                "",
                "Reducción de situaciones de conflicto y violencia en la comunidad educativa.",
            ),
            (
                "",
                "Evidencia de mayor continuidad educativa y bienestar estudiantil.",
            ),
        ],
        "contactos": [],
        "galeria": [],
    },
    {
        "clave": "junin-pat",
        "titulo": (
            "Estrategia de seguimiento y evaluación al Plan Anual de Trabajo de la DRE Junín y "
            "las 13 UGEL en el marco de gestión por procesos"
        ),
        "region": "Junín",
        "instancias": "DRE Junín y sus 13 UGEL",
        "tema": "Planificación institucional",
        "etapa": "avanzado",
        "anio": 2025,
        "problema": (
            "La Dirección Regional de Educación (DRE) Junín evidenció que, hasta el año 2022, "
            "las 13 UGEL operaban bajo una gestión desarticulada y de carácter reactivo. En ese "
            "contexto, los instrumentos de gestión operativa de corto plazo, como el Plan Anual "
            "de Trabajo (PAT), no se encontraban alineados con las políticas y planes "
            "nacionales, sectoriales y regionales, como el PEDN al 2050, PESEM al 2030, PEN al "
            "2036 y el PER Junín, ni con los instrumentos institucionales como el PEI y el POI.\n\n"
            "Esta falta de alineamiento, asociada a una débil cultura de planificación orientada "
            "a resultados, a la persistencia de prácticas administrativas ancladas en la "
            "burocracia tradicional y a la nula aplicación del enfoque de gestión por procesos, "
            "generó la ausencia de un norte estratégico en la gestión, lo que condujo a una toma "
            "de decisiones de carácter coyuntural e improvisado.\n\n"
            "La suma de estos factores, junto con la escasa articulación entre las Instancias de "
            "Gestión Educativa Descentralizada (IGED), limitó la capacidad institucional de las "
            "UGEL para garantizar la mejora continua y brindar un servicio educativo de calidad "
            "que responda a las demandas del territorio, afectando significativamente su "
            "capacidad de generar valor público."
        ),
        "consiste": (
            "Esta práctica de gestión educativa se constituye como una estrategia de "
            "modernización institucional diseñada para optimizar el ciclo de planeamiento, "
            "seguimiento y evaluación del Plan Anual de Trabajo (PAT), bajo los lineamientos de "
            "la gestión por procesos y la mejora continua.\n\n"
            "Su propósito es fortalecer la eficacia de la gestión operativa de la DRE Junín y "
            "las 13 UGEL para asegurar la calidad en la provisión del servicio educativo, lo "
            "cual se viabiliza a través de un liderazgo directivo con visión estratégica, un "
            "gran compromiso con la generación de valor público y una planificación territorial "
            "pertinente. De este modo, se garantiza que las intervenciones respondan tanto a las "
            "políticas nacionales y regionales, como a las demandas específicas y la diversidad "
            "sociocultural de las comunidades educativas de la región.\n\n"
            "En este marco normativo y estratégico, la DRE ha institucionalizado un ciclo "
            "sistemático para la gestión del PAT que articula de manera sinérgica a los equipos "
            "directivos y especialistas de las UGEL. Este mecanismo promueve una gobernanza "
            "descentralizada y colegiada, sustentada en la toma de decisiones basada en "
            "evidencia y orientada, fundamentalmente, al logro de resultados y la mejora de los "
            "aprendizajes.\n\n"
            "En conjunto, el despliegue de estas estrategias y acciones han institucionalizado "
            "un sistema articulado de planeamiento operativo en la región. Al estandarizar el "
            "ciclo de planificación, seguimiento y evaluación, la DRE Junín y las UGEL han "
            "abandonado la improvisación para asumir una gestión moderna y comprometida con la "
            "mejora continua y el logro de resultados en el territorio."
        ),
        "fases": [
            {
                "nombre": "Fase de preparación y soporte",
                "estrategias": [
                    (
                        "Sensibilización institucional",
                        (
                            "desarrollo de jornadas dirigidas al personal de la DRE Junín y las "
                            "13 UGEL orientadas a cimentar una cultura de planificación "
                            "institucional."
                        ),
                    ),
                    (
                        "Asistencia técnica especializada",
                        (
                            "capacitación técnica a los equipos, bajo el marco de la RSG N.º "
                            "043-2021-MINEDU, para asegurar la correcta formulación del PAT y su "
                            "alineamiento con las políticas sectoriales y regionales."
                        ),
                    ),
                    (
                        "Innovación digital",
                        (
                            "creación e implementación de una plataforma gratuita (Google Sites) "
                            "que centraliza recursos, normativas y herramientas para el "
                            "seguimiento autónomo y transparente de las 13 UGEL."
                        ),
                    ),
                ],
            },
            {
                "nombre": "Fase de alineamiento y ejecución",
                "estrategias": [
                    (
                        ("Definición de líneas de acción (procesos estratégicos, misionales y de soporte)"),
                        (
                            "identificación y priorización de intervenciones clave que traducen "
                            "los planes nacionales y regionales en acciones operativas concretas "
                            "y pertinentes al territorio."
                        ),
                    ),
                ],
            },
            {
                "nombre": "Fase de monitoreo y mejora continua",
                "estrategias": [
                    (
                        "Evaluación sistemática trimestral",
                        (
                            "desarrollo de reuniones y espacios de análisis entre directivos y "
                            "jefaturas para evaluar indicadores de avance, detectar alertas "
                            "tempranas y establecer medidas correctivas."
                        ),
                    ),
                    (
                        "Implementación de planes de mejora institucional",
                        (
                            "formulación de planes de mejora institucional y firma de "
                            "compromisos de gestión por cada UGEL en respuesta a los hallazgos "
                            "de las evaluaciones."
                        ),
                    ),
                    (
                        "Balance anual de resultados",
                        (
                            "Sistematización integral de los logros y dificultades operativas "
                            "del año, convirtiendo la experiencia en el insumo base para "
                            "planificar el siguiente ciclo lectivo."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "Alineamiento estratégico",
                (
                    "100% de las 13 UGEL planifican de manera participativa, articulada y "
                    "alineada a las políticas nacionales, regionales e institucionales."
                ),
            ),
            (
                "Toma de decisiones basada en evidencia",
                (
                    "100% de las 13 UGEL elaboran e implementan planes de mejora institucional "
                    "como respuesta directa a los hallazgos de las evaluaciones periódicas."
                ),
            ),
            (
                "Monitoreo sistemático",
                (
                    "100% de las 13 UGEL implementan procesos sistemáticos de evaluación "
                    "trimestral (liderada por la DRE Junín) para medir avances, detectar nudos "
                    "críticos y mapear oportunidades de mejora."
                ),
            ),
            (
                "Ciclo de mejora continua",
                (
                    "Desarrollo de un balance anual como insumo técnico y normativo de carácter "
                    "obligatorio para la planificación del siguiente año lectivo."
                ),
            ),
        ],
        "cualitativos": [
            (
                "Pertinencia territorial",
                (
                    "Fortalecimiento de un planeamiento sustentado en diagnósticos "
                    "participativos que responden a la auténtica diversidad del entorno "
                    "(abarcando desde las realidades urbanas de Huancayo hasta las dinámicas "
                    "comunales de Tarma o los contextos específicos de la Selva Central) "
                    "garantizando un servicio pertinente."
                ),
            ),
            (
                "Cambio de paradigma",
                (
                    "Consolidación de una cultura de previsión, superando la gestión reactiva "
                    "para instaurar el uso efectivo de los instrumentos de planificación en la "
                    "toma de decisiones pertinentes."
                ),
            ),
            (
                "Gobernanza colegiada",
                (
                    'Quiebre de los "silos" administrativos mediante una planificación '
                    "articulada y sinérgica entre la DRE Junín y las UGEL, bajo líneas de acción "
                    "compartidas."
                ),
            ),
            (
                "Ciclo de mejora continua",
                (
                    "Desarrollo del balance anual como insumo técnico y normativo de carácter "
                    "obligatorio para la planificación del siguiente año lectivo."
                ),
            ),
            (
                "Apropiación del modelo",
                (
                    "Interiorización del valor del seguimiento y la evaluación por parte de los "
                    "decisores, quienes ahora conciben estos procesos como motores esenciales de "
                    "la mejora continua."
                ),
            ),
        ],
        "contactos": [
            (
                "Jaime Ortega Cárdenas",
                "Especialista DRE Junín",
                "jortegac@drej.edu.pe",
            ),
        ],
        "galeria": [
            (
                "Desarrollo de la jornada de evaluación del Plan Anual de Trabajo (PAT) 2025 con "
                "directivos y jefes de línea de las 13 UGEL, realizada en la sede de Chanchamayo."
            ),
            (
                "Desarrollo de la jornada de evaluación del Plan Anual de Trabajo (PAT) 2025 con "
                "directivos y jefes de línea de las 13 UGEL."
            ),
            (
                "Implementación de la plataforma digital de seguimiento y evaluación de los "
                "Planes de Trabajo de las 13 UGEL de la Región Junín."
            ),
        ],
    },
    {
        "clave": "nasca-lectura-rural",
        "titulo": (
            "Compartimos nuestro amor por la lectura en mi comunidad rural, potenciado por la tecnología"
        ),
        "region": "Ica",
        "instancias": "UGEL Nasca",
        "tema": "Comprensión lectora",
        "etapa": "intermedio",
        "anio": 2026,
        "problema": (
            "En la UGEL Nasca se evidenciaba una crítica situación en la comprensión lectora de "
            "los estudiantes de instituciones educativas rurales unidocentes y multigrado, donde "
            "solo el 12 % alcanzaba el nivel de logro esperado. Esta problemática se reflejaba "
            "en dificultades para analizar, interpretar y opinar sobre diversos textos, "
            "asociadas a prácticas docentes poco pertinentes para el desarrollo de competencias "
            "lectoras, escasez de recursos educativos y limitado acceso a tecnología. Asimismo, "
            "la baja participación de las familias y la débil articulación entre escuela, "
            "comunidad y autoridades limitaban el fortalecimiento de los aprendizajes y el "
            "desarrollo de una cultura lectora en el territorio."
        ),
        "consiste": "",
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "",
                        (
                            "Fortalecimiento del desempeño docente mediante talleres, "
                            "microtalleres, pasantías y trabajo colegiado."
                        ),
                    ),
                    (
                        "",
                        (
                            "Acompañamiento pedagógico in situ con monitoreo formativo y "
                            "seguimiento a compromisos."
                        ),
                    ),
                    (
                        "",
                        (
                            "Implementación de bibliotecas físicas y creación de la biblioteca "
                            "digital multigrado con recursos variados."
                        ),
                    ),
                    (
                        "",
                        (
                            "Integración de tecnología educativa (pizarras interactivas, "
                            "conectividad y uso de dispositivos disponibles)."
                        ),
                    ),
                    (
                        "",
                        (
                            "Promoción de la participación de familias y comunidad a través de "
                            "ferias, tertulias y encuentros de lectura."
                        ),
                    ),
                    (
                        "",
                        (
                            "Gestión de alianzas estratégicas y formalización de la práctica "
                            "para asegurar su sostenibilidad."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "",
                ("Incremento de 23% en niveles de logro en comprensión lectora (diagnóstico vs salida)."),
            ),
            (
                "",
                "85% desarrollan actitudes positivas hacia la lectura.",
            ),
            (
                "",
                "100% de escuelas rurales con bibliotecas funcionales.",
            ),
        ],
        "cualitativos": [
            (
                "",
                "Aplicación efectiva de estrategias de mediación lectora.",
            ),
            (
                "",
                "Mejora observable en la práctica pedagógica.",
            ),
            (
                "",
                ("Mayor participación, de los estudiantes, en concursos (locales, regionales, nacionales)."),
            ),
            (
                "",
                "Fortalecimiento del ecosistema lector en comunidades rurales.",
            ),
            (
                "",
                "Instalación de la lectura como práctica social y cultural.",
            ),
        ],
        "contactos": [],
        "galeria": [],
    },
    {
        "clave": "drelm-evaluando-aprendizajes",
        "titulo": (
            "Evaluando aprendizajes: de la evidencia a la acción y de la acción a la mejora de "
            "los aprendizajes en Lima Metropolitana"
        ),
        "region": "Lima Metropolitana",
        "instancias": "DRE Lima Metropolitana",
        "tema": "Evaluación de aprendizajes",
        "etapa": "avanzado",
        "anio": 2026,
        "problema": (
            "La práctica surge ante la limitada utilización de los resultados de evaluación para "
            "la mejora de los aprendizajes. Aunque existía información sobre el desempeño "
            "estudiantil (40.7% en lectura y 34.5% en matemática), esta llegaba tarde, "
            "fragmentada y desarticulada, dificultando la toma de decisiones oportunas. "
            "Predominaba un enfoque tradicional de evaluación centrado en el cumplimiento "
            "administrativo, con docentes como receptores pasivos y sin impacto real en la "
            "práctica pedagógica. En consecuencia, la evaluación no lograba traducirse en "
            "acciones concretas de mejora ni en respuestas pertinentes a las necesidades de "
            "aprendizaje."
        ),
        "consiste": "",
        "fases": [
            {
                "nombre": "",
                "estrategias": [
                    (
                        "",
                        (
                            "La estrategia consiste en un sistema regional de evaluación con "
                            "información nominal por estudiante, disponible en tiempo real "
                            "mediante la plataforma digital Mundo IE. Este sistema permite el "
                            "análisis inmediato de resultados por docentes, directivos y "
                            "especialistas, promoviendo la toma de decisiones pedagógicas "
                            "basadas en evidencia."
                        ),
                    ),
                    (
                        "",
                        (
                            "Se articula el trabajo entre DRELM, UGEL, redes educativas e "
                            "instituciones educativas, complementado con jornadas de reflexión, "
                            "trabajo colegiado y acompañamiento pedagógico continuo."
                        ),
                    ),
                    (
                        "",
                        (
                            "Se fortalecen capacidades mediante alianzas con entidades "
                            "especializadas y se promueve el uso pedagógico de la evidencia para "
                            "diseñar acciones de mejora focalizadas."
                        ),
                    ),
                ],
            },
        ],
        "cuantitativos": [
            (
                "",
                (
                    "Incremento significativo en los aprendizajes: +64.9 puntos en lectura "
                    "primaria, +27.8 puntos en secundaria; +49.7 puntos en matemática primaria y "
                    "+21.6 puntos en secundaria."
                ),
            ),
            (
                "",
                (
                    "Alta cobertura del sistema de evaluación: 297,961 estudiantes evaluados, "
                    "con resultados representativos por grado."
                ),
            ),
            (
                "",
                ("Más del 97% de directivos implementan acciones de mejora a partir de los resultados."),
            ),
            (
                "",
                (
                    "98.6% valora la evaluación como importante o muy importante. 94.3% "
                    "considera pertinente la evaluación para la toma de decisiones. 75.4% de "
                    "instituciones educativas reciben monitoreo y acompañamiento institucional."
                ),
            ),
        ],
        "cualitativos": [
            (
                "",
                "Instalación de una cultura de evaluación y mejora continua en las escuelas.",
            ),
            (
                "",
                (
                    "Consolidación de la toma de decisiones basada en evidencia a nivel "
                    "institucional y regional."
                ),
            ),
            (
                "",
                (
                    "Mejora en la planificación pedagógica y en la implementación de "
                    "intervenciones focalizadas."
                ),
            ),
            (
                "",
                "Fortalecimiento del trabajo colegiado y la articulación interinstitucional.",
            ),
            (
                "",
                ("Integración de los resultados en la gestión escolar (PAT) y estrategias de refuerzo."),
            ),
        ],
        "contactos": [],
        "galeria": [],
    },
]

# asistentes: the report says only "más de 350 gestores educativos" (a lower bound), so none is given.
EVENTO = {
    "nombre": "I Intercambio de Buenas Prácticas de Gestión Educativa – Macrorregión Centro",
    "macrorregion": "centro",
    "sede": "Huacho",
    "fecha_inicio": date(2026, 4, 23),
    "fecha_fin": date(2026, 4, 24),
    "regiones": [
        "Ayacucho",
        "Callao",
        "Huancavelica",
        "Ica",
        "Junín",
        "Lima Metropolitana",
        "Lima Provincias",
        "Pasco",
        "Áncash",
        "Apurímac",
        "Arequipa",
        "Huánuco",
        "Loreto",
        "Puno",
        "Tumbes",
        "Ucayali",
        "Tacna",
        "Piura",
    ],
    "asistentes": None,
    "presentacion": (
        "El Ministerio de Educación reafirma su compromiso con el fortalecimiento de la gestión "
        "educativa descentralizada, promoviendo espacios de encuentro y aprendizaje colaborativo "
        "que contribuyan a la mejora continua del servicio educativo en todo el país. En ese "
        "marco, la Comunidad de Práctica de Gestión Educativa (CoP) se ha consolidado como un "
        "espacio de interaprendizaje e intercambio que articula a direcciones regionales de "
        "educación, unidades de gestión educativa local, gobiernos locales y otros actores "
        "territoriales comprometidos con la mejora de la educación pública.\n\n"
        "A través de este esfuerzo conjunto, los equipos de gestión educativa han compartido "
        "soluciones innovadoras frente a desafíos persistentes como las brechas de acceso y "
        "continuidad en la educación básica, la atención a estudiantes en contextos diversos, el "
        "fortalecimiento del soporte socioemocional, la mejora de los aprendizajes y el "
        "aseguramiento de condiciones adecuadas para el desarrollo educativo en cada territorio.\n\n"
        "Durante el año 2025, se han desarrollado cuatro Intercambios Macrorregionales de Buenas "
        "Prácticas de Gestión Educativa, en las zonas sur, norte, oriente y centro. Estos "
        "encuentros han movilizado el compromiso y liderazgo de los equipos de las DRE/GRE y "
        "UGEL, quienes vienen institucionalizando los intercambios como espacios claves para el "
        "fomento, fortalecimiento y promoción de las buenas prácticas territoriales, promoviendo "
        "su transferencia y escalamiento hacia políticas y estrategias sostenibles de mejora del "
        "servicio educativo.\n\n"
        "El I Intercambio Macrorregional de Buenas Prácticas de Gestión Educativa de la "
        "Macrorregión Centro constituye un nuevo hito en este camino. Reúne a representantes de "
        "18 regiones y más de 350 gestores educativos, consolidando un espacio de aprendizaje "
        "colaborativo en torno a la sostenibilidad, la innovación y la institucionalización de "
        "experiencias exitosas. Las prácticas compartidas reflejan no solo creatividad y "
        "compromiso, sino también procesos de madurez institucional expresados en su "
        "incorporación en instrumentos de gestión, su formalización mediante documentos "
        "normativos y la consolidación de equipos técnicos que garantizan su continuidad.\n\n"
        "El Ministerio de Educación expresa un reconocimiento especial a las direcciones "
        "regionales, UGEL, directores, docentes, familias y autoridades locales que hicieron "
        "posible este encuentro. Su dedicación demuestra que una educación de calidad se "
        "construye colectivamente, desde cada territorio, con el compromiso de quienes creen que "
        "el aprendizaje y la gestión transformadora son el camino para brindar mejores "
        "oportunidades a todos los estudiantes del Perú."
    ),
    "firma_presentacion": "María Esther Cuadros Espinoza, Ministra de Educación",
    "resumen_ejecutivo": (
        "El Ministerio de Educación, a través de la Dirección de Fortalecimiento de Capacidades "
        "(DIFOCA) de la Dirección General de Gestión Descentralizada (DIGEGED), promueve el "
        "fortalecimiento de la gestión educativa descentralizada mediante el fomento y promoción "
        "de buenas prácticas de gestión educativa, esto se desarrolla en el marco de la "
        "Comunidad de Práctica de Gestión Educativa (CoP), según la RVM N.° 185-2021-MINEDU.\n\n"
        "La CoP es un espacio nacional que reúne a servidores públicos de DRE, GRE, UGEL y "
        "Gobiernos locales para generar, validar y escalar soluciones de gestión educativa "
        "basadas en evidencia. A través de procesos estructurados de interaprendizaje, de esta "
        "manera la CoP convierte experiencias territoriales en buenas prácticas consolidadas y "
        "transferibles, capaces de adaptarse a diversos contextos y contribuir a la mejora "
        "sostenida de la gestión educativa en el país.\n\n"
        "En este marco, la DIFOCA, en articulación con la Dirección Regional de Educación de "
        "Lima Provincias, desarrolló el I Intercambio de Buenas Prácticas de Gestión Educativa "
        "de la Macrorregión Centro los días 23 y 24 de abril de 2026, con el objetivo de "
        "consolidar un proceso de interaprendizaje colaborativo orientado a retroalimentar a los "
        "equipos técnicos de las DRE/GRE y UGEL sobre las buenas prácticas de gestión educativa "
        "impulsadas en el territorio, contribuyendo a su sostenibilidad y potencial de réplica.\n\n"
        "El evento reunió a representantes de 18 regiones (8 de la Macrorregión Centro: "
        "Ayacucho, Callao, Huancavelica, Ica, Junín, Lima Metropolitana, Lima Provincias, Pasco) "
        "y 10 invitadas: Áncash, Apurímac, Arequipa, Huánuco, Loreto, Puno, Tumbes, Ucayali, "
        "Tacna, Piura). Participaron más de 350 gestores educativos, entre ellos 3 directores de "
        "DRE: Pasco, Huánuco y Lima Provincias y más de 40 directores de UGEL.\n\n"
        "Durante la primera jornada se presentaron 8 buenas prácticas de gestión educativa "
        "destacadas de la macrorregión provenientes de diversas instancias educativas: UGEL "
        "Huaura (Lima Provincias); DRE Ayacucho, UGEL Cangallo, UGEL Huamanga, UGEL "
        "Huancasancos, UGEL Huanta, UGEL La Mar, UGEL Lucanas, UGEL Parinacochas, UGEL Sucre, "
        "UGEL Víctor Fajardo y UGEL Vilcashuamán (Ayacucho); DRE Callao y UGEL Ventanilla "
        "(Callao); UGEL Angaraes (Huancavelica); DRE Junín (Junín); UGEL Nasca (Ica); DRE Lima "
        "Metropolitana (Lima Metropolitana). De manera complementaria, se realizó una feria de "
        "evidencias donde cada equipo técnico socializó sus productos.\n\n"
        "El segundo día se desarrolló una pasantía en la UGEL Huaura, donde directivos, docentes "
        "y estudiantes de EBR, EBA, EBE y CETPRO presentaron los resultados de la práctica "
        'regional "Puentes para la inclusión, emprendimiento e inserción laboral". Esta práctica '
        "está orientada a articular la formación educativa con oportunidades de empleo y "
        "emprendimiento.\n\n"
        "Durante las visitas a la feria interactiva organizada mediante un circuito de islas "
        "formativas, se evidenció su impacto positivo en los estudiantes, especialmente en el "
        "acceso temprano a la formación técnica y en la presentación de proyectos productivos "
        "desarrollados por los CETPRO, los cuales ponen en valor el talento emprendedor. "
        "Asimismo, se destacó la articulación con aliados estratégicos para la inserción laboral "
        "efectiva, contribuyendo a la mejora del servicio educativo.\n\n"
        "Las experiencias compartidas reflejaron procesos sostenidos de implementación e "
        "institucionalización, reafirmando el valor de las buenas prácticas en la mejora de la "
        "gestión y los servicios educativos en sus territorios."
    ),
    "visita": (
        "El segundo día del intercambio se efectuó la pasantía en la jurisdicción de la UGEL "
        "Huaura, con el propósito de vivenciar de manera directa la implementación y los "
        "resultados de la Buena Práctica de Gestión Educativa “Puentes para la inclusión, "
        "emprendimiento e inserción laboral”.\n\n"
        "La jornada inició desde tempranas horas con la recepción y acogida de los pasantes por "
        "parte del equipo técnico de la UGEL 09 Huaura, acompañada de manifestaciones culturales "
        "como banda y danzantes, generando un ambiente de integración y reconocimiento "
        "intercultural. Posteriormente, se desarrollaron actos protocolares en la Plaza de Armas "
        "de Huaura, como el izamiento del pabellón nacional y las palabras de bienvenida a cargo "
        "de autoridades regionales y locales, quienes destacaron la importancia de la "
        "articulación interinstitucional para fortalecer la gestión educativa en el territorio.\n\n"
        "Como parte central de la pasantía, se implementó una feria interactiva organizada bajo "
        "la dinámica de “islas formativas”, concebidas como un circuito rotativo que permitió a "
        "los gestores educativos de las distintas regiones conocer de manera vivencial las "
        "estrategias desarrolladas en el marco de la BPGE.\n\n"
        "Este recorrido comprendió tres espacios: la “Isla de Cimientos”, donde se presentaron "
        "experiencias de identificación temprana en los niveles de Educación Básica Regular "
        "(EBR), Educación Básica Alternativa (EBA) y Educación Básica Especial (EBE); la “Isla "
        "de Puente”, orientada a la exhibición de proyectos productivos de los CETPRO, "
        "evidenciando el desarrollo de competencias técnicas y el potencial emprendedor de los "
        "estudiantes; y la “Isla Meta”, donde se mostró la articulación con aliados estratégicos "
        "para promover la inserción laboral efectiva de los estudiantes.\n\n"
        "En este marco, la pasantía comprendió visitas a cada uno de los módulos de las 11 "
        "instituciones educativas ubicadas en la Plaza de Armas de Huaura, donde los "
        "participantes pudieron conocer de manera vivencial experiencias, estrategias y "
        "proyectos desarrollados en el marco de la BPGE.\n\n"
        "Participaron instituciones de las modalidades de Educación Básica Alternativa (EBA), "
        "Educación Básica Especial (EBE) y centros de educación técnico-productiva (CETPRO), "
        "entre ellas:\n\n"
        "- CEBE Parroquial Santa Rosa de los Huacos.\n"
        "- CETPRO Las Carmelitas.\n"
        "- CETPRO Parroquial Señor de la Caridad.\n"
        "- CETPRO San Jerónimo de Sayán.\n"
        "- CETPRO Huacho.\n"
        "- CETPRO Parroquial Santa Rosa de Lima.\n"
        "- CETPRO Parroquial San Juan Bautista.\n"
        "- CETPRO La Sagrada Familia.\n"
        "- CETPRO San Antonio de Padua.\n"
        "- CEBA Luis Fabio Xammar Jurado.\n"
        "- CEBA Manuel Tovar.\n\n"
        "Del mismo modo, el Gobierno Regional de Lima Provincias presentó el módulo de promoción "
        "del empleo y la Municipalidad Provincial de Huaura el módulo de OMAPED, evidenciando el "
        "trabajo articulado entre instituciones educativas y aliados estratégicos para "
        "fortalecer oportunidades de inclusión, emprendimiento e inserción laboral de los "
        "estudiantes. Esta experiencia permitió visibilizar cómo la buena práctica contribuye al "
        "tránsito de los estudiantes hacia escenarios de formación para la inserción laboral y "
        "el desarrollo territorial.\n\n"
        "Estos espacios constituyeron una valiosa oportunidad para que los pasantes interactúen "
        "y conozcan de manera directa experiencias orientadas al fortalecimiento de la "
        "inclusión, el emprendimiento y la inserción laboral de los estudiantes.\n\n"
        "Dicho reconocimiento se sustentó en las acciones desarrolladas por las instituciones "
        "educativas y los CETPRO para articular la educación básica con la formación técnica, "
        "promoviendo el desarrollo de competencias vinculadas al trabajo, la autonomía y el "
        "emprendimiento, en respuesta a las necesidades y potencialidades del territorio.\n\n"
        "En este marco, la pasantía permitió visibilizar cómo las experiencias implementadas "
        "fortalecen trayectorias educativas más pertinentes, contribuyendo al desarrollo "
        "personal, productivo y social de los estudiantes desde un enfoque territorial e "
        "inclusivo."
    ),
    "practicas": [
        {
            "clave": "huaura-puentes-inclusion",
            "comentario": {
                "experto": "Jorge Chávez Escobar",
                "cargo": "Consejero del Consejo Nacional de Educación - CNE",
                "aspectos_clave": (
                    "El aspecto más relevante de la práctica “Puentes para la Inclusión, "
                    "Emprendimiento e Inserción Laboral”, es su capacidad de articular de manera "
                    "efectiva el sistema educativo con el mercado laboral, superando la "
                    "tradicional desconexión entre ambos ámbitos. A través de una gestión activa "
                    "y orientada a resultados, la iniciativa logra alinear a diversos actores "
                    "educativos, sociales y laborales, en torno a un objetivo común: mejorar las "
                    "oportunidades de inserción laboral y desarrollo productivo de los "
                    "estudiantes, especialmente de aquellos en situación de vulnerabilidad, como "
                    "las personas con discapacidad."
                ),
                "oportunidades_mejora": (
                    "- Incorporar de manera sistemática al sector productivo (empresas) de "
                    "manera más activa dentro del modelo de gestión, para asegurar la "
                    "pertinencia de la formación. La participación de empresas, gremios o "
                    "cámaras de comercio permitiría retroalimentar la formación con información "
                    "actualizada sobre las competencias demandadas por el mercado laboral, "
                    "incrementando la pertinencia de la oferta formativa.\n"
                    "- Fortalecer la actualización docente, garantizando que los formadores "
                    "estén alineados con las demandas actuales del mercado laboral. Esto implica "
                    "generar mecanismos continuos de capacitación y vinculación con el entorno "
                    "laboral.\n"
                    "- Desarrollar estrategias de formación continua, que permitan a los "
                    "egresados actualizar sus competencias a lo largo del tiempo.\n"
                    "- Potenciar las experiencias formativas en contextos reales de trabajo, "
                    "como pasantías o prácticas preprofesionales, que faciliten el desarrollo de "
                    "habilidades prácticas, el conocimiento de la cultura laboral y la reducción "
                    "de la brecha entre formación y empleo."
                ),
                "recomendaciones": (
                    "Para garantizar la continuidad y escalabilidad de la práctica, se plantean "
                    "las siguientes recomendaciones:\n\n"
                    "- Institucionalizar la participación del sector empresarial, incorporando "
                    "representantes de empresas, gremios o unidades productivas en los espacios "
                    "de coordinación, de modo que contribuyan a la definición de perfiles, "
                    "competencias y oportunidades de inserción laboral.\n"
                    "- Implementar un sistema permanente de actualización docente, que incluya "
                    "capacitación técnica, pasantías en empresas y espacios de intercambio con "
                    "el sector productivo, asegurando la calidad y pertinencia de la formación.\n"
                    "- Integrar la formación inicial con la formación continua, promoviendo un "
                    "enfoque de aprendizaje a lo largo de la vida que permita a los egresados "
                    "seguir desarrollando competencias y adaptarse a los cambios del entorno "
                    "laboral.\n"
                    "- Formalizar e incorporar las pasantías o experiencias en entornos reales "
                    "de trabajo como parte estructural del modelo, facilitando la transición de "
                    "los estudiantes hacia el empleo y fortaleciendo su empleabilidad.\n"
                    "- Alinear la práctica con el Marco Nacional de Cualificaciones, "
                    "favoreciendo la articulación entre niveles educativos, el reconocimiento de "
                    "aprendizajes previos y la certificación de competencias, lo que contribuirá "
                    "a la sostenibilidad y escalabilidad del modelo."
                ),
            },
        },
        {
            "clave": "ayacucho-gestion-riesgo",
            "comentario": {
                "experto": "Indira Judhit Alvarez Ascencio",
                "cargo": (
                    "Especialista de la Oficina de Defensa Nacional y de Gestión del Riesgo de "
                    "Desastres (ODENAGED) - MINEDU"
                ),
                "aspectos_clave": (
                    "Los aspectos claves de la buena práctica son los siguientes:\n\n"
                    "- Organización integral para la gestión del riesgo, mediante la "
                    "conformación y fortalecimiento de las COGIREDE, comités y brigadas en "
                    "instituciones educativas focalizadas y no focalizadas, consolidando una "
                    "estructura organizativa para la prevención y respuesta ante emergencias.\n"
                    "- Fortalecimiento masivo de capacidades, a través de talleres, cursos y "
                    "reuniones de autoaprendizaje fortaleciendo competencias para la "
                    "planificación y respuesta educativa ante emergencias.\n"
                    "- Innovación digital para el monitoreo de emergencias, impulsando el uso "
                    "del sistema de alerta “Kayllayta Amauta” y tableros de control para "
                    "reportar y monitorear información en tiempo real, facilitando la toma de "
                    "decisiones y la articulación entre instituciones educativas e IGED.\n"
                    "- Sostenibilidad financiera e institucional, respaldada por el Programa "
                    "Presupuestal 068 y los compromisos de desempeño, garantizando recursos y "
                    "continuidad para la implementación de la práctica."
                ),
                "oportunidades_mejora": (
                    "- Cerrar brechas en las instituciones educativas no focalizadas, rurales y "
                    "de difícil acceso, a fin de ampliar la cobertura de las acciones de gestión "
                    "del riesgo de desastres, garantizar una respuesta oportuna y contar con "
                    "información más inmediata sobre emergencias y simulacros.\n"
                    "- Optimizar los mecanismos de conectividad y reporte de información, "
                    "considerando los tiempos de respuesta y las limitaciones de comunicación de "
                    "las instituciones educativas rurales, para mejorar el monitoreo y la "
                    "atención de emergencias y simulacros.\n"
                    "- Consolidar la cultura preventiva y el soporte socioemocional, "
                    "incorporando acciones permanentes de preparación emocional y prevención en "
                    "la dinámica cotidiana de las instituciones educativas, más allá de la "
                    "respuesta posterior a eventos de emergencia."
                ),
                "recomendaciones": (
                    "Para garantizar la sostenibilidad y réplica de la buena práctica se "
                    "plantean las siguientes recomendaciones:\n\n"
                    "- Fortalecer la institucionalización de la práctica, incorporando las "
                    "acciones y planes de Gestión del Riesgo de Desastres en los principales "
                    "instrumentos de gestión de las IGED, como el PEI, POI y PAT, articulados "
                    "con los planes regionales, a fin de garantizar su continuidad y "
                    "sostenibilidad en el tiempo.\n"
                    "- Implementar módulos de inducción asincrónica en Gestión del Riesgo de "
                    "Desastres, dirigidos a especialistas, directivos y docentes que se "
                    "incorporen a las DRE y UGEL, con el propósito de mitigar los efectos de la "
                    "alta rotación del personal y asegurar la continuidad de los procesos de "
                    "organización, planificación y respuesta ante emergencias.\n"
                    "- Dar continuidad a las alianzas estratégicas con ONG y otras entidades "
                    "públicas y privadas, promoviendo acciones articuladas que contribuyan al "
                    "equipamiento de las instituciones educativas con dispositivos de seguridad "
                    "y otros recursos necesarios para la preparación y respuesta ante desastres."
                ),
            },
        },
        {
            "clave": "pasco-gestion-educativa",
            "comentario": {
                "experto": "Juana Sono Hernández",
                "cargo": "Secretaría Ejecutiva del Consejo Nacional de Educación (CNE)",
                "aspectos_clave": (
                    "- Reconocimiento de la práctica como una buena experiencia de gestión "
                    "pedagógica pertinente y relevante, que contribuye a la mejora del sistema "
                    "educativo.\n"
                    "- Fortalecimiento del acompañamiento pedagógico a los docentes, considerado "
                    "el eje central de la gestión educativa.\n"
                    "- Alineación con el Proyecto Educativo Nacional al 2036, que promueve una "
                    "educación inclusiva, equitativa e intercultural.\n"
                    "- Importancia de la articulación entre gestión pedagógica e institucional "
                    "entre DRE, UGEL y actores educativos.\n"
                    "- Promoción del trabajo colaborativo y en red para mejorar la toma de "
                    "decisiones y la gestión educativa."
                ),
                "oportunidades_mejora": (
                    "- Reducir la sobrecarga administrativa que limita el tiempo para el "
                    "acompañamiento pedagógico.\n"
                    "- Mejorar la gestión y uso de la información educativa, evitando duplicidad "
                    "de procesos y fortaleciendo la eficiencia de los sistemas.\n"
                    "- Ampliar la cobertura y continuidad del acompañamiento pedagógico en las "
                    "instituciones educativas.\n"
                    "- Adaptar la gestión educativa a los cambios del contexto actual, "
                    "especialmente el uso de tecnología e inteligencia artificial.\n"
                    "- Fortalecer la articulación entre niveles de gestión para una respuesta "
                    "más integrada y oportuna."
                ),
                "recomendaciones": (
                    "- Implementar estrategias para la optimización de procesos administrativos "
                    "mediante herramientas digitales e inteligencia artificial, reduciendo carga "
                    "burocrática.\n"
                    "- Fortalecer los sistemas de información y data educativa confiable, que "
                    "permitan una mejor toma de decisiones.\n"
                    "- Consolidar una gestión centrada en lo pedagógico, priorizando el "
                    "acompañamiento al docente en el aula.\n"
                    "- Promover el trabajo en red y la participación activa de los actores "
                    "educativos, fortaleciendo la corresponsabilidad.\n"
                    "- Replantear el modelo de gestión educativa considerando el contexto "
                    "actual, la diversidad de estudiantes y nuevas formas de aprendizaje.\n"
                    "- Fortalecer la confianza ciudadana en la gestión educativa, mejorando la "
                    "eficiencia, transparencia y calidad del servicio."
                ),
            },
        },
        {
            "clave": "callao-inclusion-total",
            "comentario": {
                "experto": "Isela Patricia Borja Rueda",
                "cargo": "Especialista en educación - DRE Lima Provincias",
                "aspectos_clave": (
                    "Pertinencia de la problemática abordada: La experiencia responde a una "
                    "realidad ampliamente compartida en el sistema educativo, como es la "
                    "tercerización de la educación inclusiva, lo que la hace relevante a nivel "
                    "local, regional y nacional.\n\n"
                    "Avance hacia la institucionalización de la inclusión: Se evidencia un "
                    "cambio significativo al pasar de una atención delegada a especialistas a "
                    "una responsabilidad asumida por toda la institución educativa.\n\n"
                    "Trabajo articulado y colaborativo: La práctica demuestra que la inclusión "
                    "no se aborda de manera aislada, sino mediante la participación conjunta de "
                    "docentes, directivos, especialistas y familias.\n\n"
                    "Alineación con el enfoque DUA: Promueve el uso de estrategias pedagógicas "
                    "diversificadas que responden a la diversidad de estudiantes en el aula."
                ),
                "oportunidades_mejora": (
                    "- Ampliación a todos los niveles y modalidades: Fortalecer la "
                    "implementación de la estrategia más allá de la Educación Básica Regular, "
                    "incorporando progresivamente la Educación Básica Alternativa y otras "
                    "modalidades, en coherencia con la normativa vigente.\n"
                    "- Enfoque integral de la diversidad: Incluir de manera más explícita a "
                    "estudiantes con altas capacidades o talentos, evitando centrar la atención "
                    "únicamente en discapacidad o dificultades de aprendizaje.\n"
                    "- Mayor profundización del enfoque DUA: Asegurar su aplicación efectiva en "
                    "la práctica pedagógica cotidiana, especialmente en la planificación y "
                    "desarrollo de sesiones de aprendizaje."
                ),
                "recomendaciones": (
                    "- Fortalecer la implementación de la educación inclusiva a todos los "
                    "niveles y modalidades. En coherencia con el D.S. 007-2021 y señala que la "
                    "inclusión debe darse en todo el sistema, no solo en Educación Básica "
                    "Regular.\n"
                    "- Evitar la tercerización y fortalecer la responsabilidad institucional. Se "
                    "valora que la práctica haya superado la derivación a especialistas, por lo "
                    "que se recomienda mantener este enfoque de trabajo institucional conjunto.\n"
                    "- Ampliar la mirada de la inclusión a toda la diversidad. El texto enfatiza "
                    "que no solo deben atenderse estudiantes con discapacidad, sino también "
                    "aquellos con altas capacidades o talentos.\n"
                    "- Fortalecer el uso del enfoque DUA en el aula. Se menciona la importancia "
                    "de que el docente maneje diversos recursos para atender la diversidad, lo "
                    "que implica consolidar su aplicación práctica.\n"
                    "- Promover el trabajo articulado entre actores educativos. Se resalta que "
                    "la inclusión no debe trabajarse de manera aislada, sino con participación "
                    "de docentes, directivos, especialistas y familias."
                ),
            },
        },
        {
            "clave": "angaraes-bienestar-emocional",
            "comentario": {
                "experto": "Sofía Meza Durán",
                "cargo": "Miembro de la Red de Gestores Educativos - CoP",
                "aspectos_clave": (
                    "- La estrategia no solo atiende casos de violencia, sino que prioriza la "
                    "prevención mediante el desarrollo de habilidades socioemocionales en "
                    "estudiantes, docentes y familias.\n"
                    "- Involucra activamente a estudiantes, docentes y padres de familia, "
                    "fortaleciendo la corresponsabilidad en la convivencia escolar y el "
                    "bienestar emocional.\n"
                    "- Incorpora psicólogos como facilitadores que brindan talleres y "
                    "acompañamiento socioemocional directo, asegurando una intervención técnica "
                    "y pertinente.\n"
                    "- Se basa en el seguimiento constante, recojo de evidencias y evaluación "
                    "participativa, lo que permite ajustar y fortalecer las estrategias "
                    "implementadas según las necesidades reales."
                ),
                "oportunidades_mejora": (
                    "- Reducir el subregistro de violencia y problemáticas psicosociales "
                    "mediante capacitación en el uso de plataformas, protocolos claros y cultura "
                    "de reporte seguro.\n"
                    "- Incrementar estrategias dirigidas a familias y comunidades (especialmente "
                    "en zonas rurales), abordando factores estructurales como violencia "
                    "familiar, crianza y barreras socioculturales.\n"
                    "- Garantizar la presencia permanente de psicólogos o profesionales afines "
                    "en las escuelas, evitando que la intervención dependa solo de acciones "
                    "temporales o focalizadas."
                ),
                "recomendaciones": (
                    "- Resulta fundamental institucionalizar la estrategia mediante su "
                    "incorporación en los instrumentos de gestión escolar (PEI, PAT, POI), "
                    "garantizando su continuidad más allá de iniciativas coyunturales o cambios "
                    "de gestión.\n"
                    "- Se recomienda asegurar fuentes de financiamiento sostenibles, a través de "
                    "la asignación presupuestal regular y la articulación con gobiernos locales, "
                    "regionales y aliados estratégicos.\n"
                    "- Es necesario fortalecer de manera continua las capacidades docentes, "
                    "priorizando la formación en habilidades socioemocionales, disciplina "
                    "positiva y gestión de la convivencia escolar.\n"
                    "- Es clave consolidar el liderazgo pedagógico de los directivos, "
                    "promoviendo su rol activo en la gestión del clima escolar y el bienestar "
                    "integral de la comunidad educativa.\n"
                    "- Se sugiere profundizar la participación de las familias, implementando "
                    "estrategias sistemáticas de orientación y formación en prácticas de crianza "
                    "positiva.\n"
                    "- Se requiere fortalecer los sistemas de monitoreo y evaluación, con "
                    "indicadores claros, registros confiables y mecanismos de retroalimentación "
                    "que permitan la mejora continua.\n"
                    "- Es indispensable consolidar redes de articulación intersectorial, "
                    "especialmente con los sectores salud, protección social y gobiernos "
                    "locales, para una atención integral de las problemáticas identificadas."
                ),
            },
        },
        {
            "clave": "junin-pat",
            "comentario": {
                "experto": "Víctor Mesías Chávez Ulloa",
                "cargo": (
                    "Especialista de Monitoreo de la Dirección de Apoyo a la Gestión Educativa "
                    "Descentralizada (DAGED) - MINEDU"
                ),
                "aspectos_clave": (
                    "- Articulación entre políticas macro y gestión territorial, orientando las "
                    "acciones técnico-pedagógicas y administrativas de la DRE Junín y las UGEL "
                    "en coherencia con la Política Nacional de Modernización de la Gestión "
                    "Pública y los objetivos priorizados del sector.\n"
                    "- Fortalecimiento de mecanismos de seguimiento y evaluación orientados a "
                    "resultados, mediante el uso de indicadores y procesos de monitoreo que "
                    "permiten visualizar los procesos desarrollados en territorio y orientar la "
                    "toma de decisiones basada en evidencia.\n"
                    "- Alineamiento entre planes de monitoreo e indicadores, promoviendo que las "
                    "acciones de seguimiento trasciendan lo inmediato y se articulen con "
                    "objetivos estratégicos y resultados de largo plazo.\n"
                    "- Proyección estratégica y trascendencia de la gestión educativa, "
                    "orientando las acciones no solo al cumplimiento de metas de corto plazo, "
                    "sino a logros sostenibles que impacten directamente en los estudiantes y en "
                    "la mejora del servicio educativo."
                ),
                "oportunidades_mejora": (
                    "- Concretar la pertinencia de las acciones, traduciendo los lineamientos de "
                    "los indicadores macro y objetivos generales en acciones directas y eficaces "
                    "orientadas al logro de resultados al final de la gestión y del periodo "
                    "establecido.\n"
                    "- Garantizar acciones oportunas, implementando respuestas anticipadas "
                    "frente a alertas y brechas identificadas durante el seguimiento, evitando "
                    "que estas se profundicen de manera sustancial.\n"
                    "- Precisar los procesos de monitoreo y evaluación, priorizando objetivos "
                    "concretos, indicadores directos y logros específicos que permitan focalizar "
                    "el seguimiento y evitar la dispersión de instrumentos y temas de "
                    "evaluación.\n"
                    "- Optimizar el factor económico de la gestión, priorizando la eficacia del "
                    "gasto y orientando adecuadamente los recursos disponibles, considerando que "
                    "incluso con recursos mínimos es posible desarrollar acciones más efectivas "
                    "de gestión y monitoreo."
                ),
                "recomendaciones": (
                    "- Mantener y fortalecer los espacios trimestrales de evaluación e "
                    "interaprendizaje, promoviendo el intercambio de experiencias entre "
                    "directores de UGEL y equipos de línea como una estrategia de "
                    "fortalecimiento institucional y sostenibilidad de la práctica en el tiempo.\n"
                    "- Promover experiencias de aprendizaje colaborativo tipo pasantía, "
                    "fortaleciendo no solo los procesos de evaluación, sino también el "
                    "intercambio de experiencias entre la DRE y las UGEL.\n"
                    "- Consolidar y difundir lo ejecutado y los resultados obtenidos, mediante "
                    "boletines, reportes u otras herramientas que permitan traducir la "
                    "información en acciones y tareas concretas de mejora institucional.\n"
                    "- Fortalecer el uso y consolidación de la información generada, promoviendo "
                    "que la evidencia recopilada no solo se almacene en repositorios, sino que "
                    "contribuya al fortalecimiento progresivo de las UGEL y a la toma de "
                    "decisiones basada en evidencia."
                ),
            },
        },
        {
            "clave": "nasca-lectura-rural",
            "comentario": {
                "experto": "Liliana Coaguila Manero",
                "cargo": (
                    "Directora pedagógica del Centro de Innovación Educativa de la Universidad "
                    "Marcelino Champagnat"
                ),
                "aspectos_clave": (
                    "Los aspectos claves de la práctica son los siguientes:\n\n"
                    "- Modelo integral para el fortalecimiento de la comprensión lectora, que "
                    "trasciende la enseñanza de la lectura al articular de manera coherente el "
                    "desarrollo profesional docente, las condiciones materiales y la "
                    "participación comunitaria.\n"
                    "- Articulación territorial para la mejora educativa, promoviendo el trabajo "
                    "unificado entre escuela, familias, autoridades y empresa privada, "
                    "compartiendo responsabilidades en torno al aprendizaje y la formación "
                    "lectora.\n"
                    "- Trabajo colaborativo y apropiación de estrategias pedagógicas, resaltando "
                    "la participación activa de los docentes y el alto nivel de apropiación de "
                    "las estrategias implementadas en el territorio.\n"
                    "- Pertinencia de la propuesta educativa, al surgir desde la práctica y "
                    "responder a necesidades reales del contexto y de las instituciones "
                    "educativas rurales.\n"
                    "- Tecnología como recurso potenciador y no condicionante, favoreciendo la "
                    "pertinencia de la práctica en distintos contextos educativos."
                ),
                "oportunidades_mejora": (
                    "- Ampliar la escalabilidad de la práctica, considerando que la experiencia "
                    "aún se desarrolla en un número limitado de instituciones educativas.\n"
                    "- Fortalecer la institucionalización de la práctica, a fin de evitar la "
                    "pérdida de continuidad o intensidad en su implementación a lo largo del "
                    "tiempo.\n"
                    "- Reducir la dependencia de liderazgos clave, consolidando mecanismos de "
                    "gestión y participación que permitan la continuidad de la práctica "
                    "independientemente de los cambios de actores o responsables.\n"
                    "- Establecer mecanismos que aseguren la continuidad y expansión de la "
                    "práctica, considerando que los resultados alcanzados, aunque "
                    "significativos, aún muestran niveles de logro que requieren seguir "
                    "mejorando."
                ),
                "recomendaciones": (
                    "- Escalar progresivamente la práctica a nivel de toda la UGEL y "
                    "posteriormente en otros ámbitos regionales, considerando las "
                    "particularidades y necesidades de cada contexto educativo.\n"
                    "- Fortalecer la institucionalización de la práctica, incorporándola en los "
                    "instrumentos de gestión y políticas educativas locales para asegurar su "
                    "continuidad y sostenibilidad.\n"
                    "- Consolidar las comunidades profesionales de aprendizaje, como soporte "
                    "para la formación continua docente y la mejora de las prácticas "
                    "pedagógicas.\n"
                    "- Distribuir el liderazgo de la práctica, promoviendo la participación de "
                    "diversos actores educativos para evitar la dependencia de liderazgos "
                    "específicos.\n"
                    "- Sistematizar la experiencia, a fin de facilitar su transferencia, "
                    "adaptación y replicabilidad en otros territorios y contextos educativos."
                ),
            },
        },
        {
            "clave": "drelm-evaluando-aprendizajes",
            "comentario": {
                "experto": "Silvia Rosario Jaime Basilio",
                "cargo": (
                    "Especialista de la Oficina de Medición de la Calidad de los Aprendizajes "
                    "del Ministerio de Educación"
                ),
                "aspectos_clave": (
                    "Los aspectos claves de la práctica son:\n\n"
                    "- Alineamiento con el enfoque de la evaluación nacional, colocando el uso "
                    "de la evidencia en el centro de la gestión pedagógica para identificar "
                    "brechas reales de aprendizaje y superar la “ilusión de éxito” entre "
                    "aprobación y logro efectivo.\n"
                    "- Tránsito de la evidencia hacia la acción, mediante el acceso oportuno a "
                    "información a nivel de estudiante, aula, institución educativa y "
                    "territorio, permitiendo orientar acciones de mejora pedagógica.\n"
                    "- Articulación multinivel para la gestión educativa, integrando el trabajo "
                    "coordinado entre DRE, UGEL, redes educativas e instituciones educativas, "
                    "así como el uso de plataformas que facilitan la toma de decisiones.\n"
                    "- Complementariedad con la evaluación nacional, acercando la evaluación al "
                    "territorio con sentido pedagógico y fortaleciendo el uso de los resultados "
                    "para la mejora de los aprendizajes."
                ),
                "oportunidades_mejora": (
                    "- Fortalecer la calidad técnica de la evaluación, asegurando procesos "
                    "rigurosos de validación de instrumentos, análisis psicométrico y "
                    "elaboración de reportes técnicos que respalden la confiabilidad de los "
                    "resultados.\n"
                    "- Incorporar enfoques de inclusión en la evaluación, adaptando instrumentos "
                    "para estudiantes con discapacidad y garantizando condiciones de equidad en "
                    "los procesos evaluativos.\n"
                    "- Profundizar el vínculo entre resultados y decisiones pedagógicas, "
                    "evaluando el impacto de los planes de mejora implementados en los "
                    "aprendizajes de los estudiantes.\n"
                    "- Avanzar en la sistematización de experiencias, a fin de identificar y "
                    "evidenciar las estrategias que generan mejores resultados en la mejora de "
                    "los aprendizajes."
                ),
                "recomendaciones": (
                    "- Institucionalizar la práctica, mediante reportes técnicos y normativas "
                    "que respalden su continuidad y sostenibilidad en el tiempo.\n"
                    "- Fortalecer las capacidades de docentes, directivos y especialistas, para "
                    "la interpretación compartida de la evidencia, asegurando criterios comunes "
                    "de análisis y toma de decisiones.\n"
                    "- Consolidar la articulación con la Evaluación Nacional de Logros de "
                    "Aprendizaje (ENLA), promoviendo la complementariedad entre niveles de "
                    "evaluación y enriqueciendo la toma de decisiones pedagógicas.\n"
                    "- Impulsar la elaboración de informes pedagógicos y orientaciones "
                    "prácticas, que permitan traducir los resultados y datos obtenidos en "
                    "acciones concretas y sostenibles para la mejora de los aprendizajes."
                ),
            },
        },
    ],
    "testimonios": [
        (
            "Estudiante de 5.º grado de secundaria",
            "CETPRO San Antonio de Padua",
            (
                "Aprender apicultura me permitió aprender un oficio y pensar en mi futuro con "
                "más oportunidades, porque mientras continúe mis estudios también podré "
                "trabajar, generar mis propios ingresos y seguir preparándome para salir "
                "adelante."
            ),
        ),
        (
            "Carolina García",
            "UGEL Huaraz",
            (
                "El intercambio nos permite conocer y comprender cómo, desde la diversidad de "
                "nuestro país, se vienen implementando buenas prácticas que responden a las "
                "necesidades de cada territorio. La experiencia de Ayacucho sobre Gestión del "
                "Riesgo de Desastres ha resultado muy valiosa porque aborda una problemática que "
                "también enfrentamos en nuestra región, por lo que nos gustaría adaptarla y "
                "replicarla en nuestros contextos."
            ),
        ),
        (
            "Rayda Hermitaño",
            "DRE Pasco",
            (
                "Agradezco al Ministerio y a los organizadores por promover este espacio de "
                "intercambio, ya que nos permite conocer, compartir y aprender nuevas "
                "estrategias junto a otras regiones, fortaleciendo el trabajo articulado. La "
                "práctica que más me impactó es 'Puentes para la inclusión', porque genera "
                "oportunidades para que los estudiantes con discapacidad desarrollen "
                "competencias y logren insertarse en el campo laboral, contribuyendo a mejorar "
                "sus oportunidades de vida."
            ),
        ),
        (
            "Martha Herrera",
            "UGEL Yauli",
            (
                "Este intercambio, al igual que los anteriores en los que he participado, nos "
                "brinda valiosas experiencias y aprendizajes que fortalecen nuestra gestión, "
                "permitiéndonos adquirir conocimientos y estrategias para implementarlas en la "
                "UGEL. La buena práctica que más me impactó fue la de la UGEL Nasca, enfocada en "
                "promover el amor por la lectura en zonas rurales, porque refleja una "
                "problemática que también enfrentamos y que requiere mayor atención y prioridad "
                "para cerrar las brechas existentes."
            ),
        ),
        (
            "Vicente Rojas",
            "UGEL Junín",
            (
                "Este intercambio ha sido una experiencia muy significativa, porque nos permite "
                "vivenciar y compartir aprendizajes con gestores educativos de diferentes "
                "regiones del país. Una de las prácticas que más me impactó fue la de los "
                "facilitadores del bienestar emocional y la convivencia de la UGEL Angaraes, "
                "debido a que aborda una problemática prioritaria y presenta estrategias que "
                "podrían adaptarse y replicarse en nuestra UGEL. Por ello, considero muy "
                "importante participar en este tipo de eventos, ya que fortalecen nuestra mirada "
                "de gestión y nos permiten conocer experiencias que contribuyen a la mejora del "
                "servicio educativo."
            ),
        ),
        (
            "Jaime Ortega",
            "DRE Junín",
            (
                "Este espacio es importante y representa una valiosa oportunidad para conocer "
                "las acciones y estrategias que vienen gestionando las DRE y las UGEL en sus "
                "territorios. Entre las prácticas que han socializado, la que más me ha llamado "
                "la atención es 'Inclusión Total', porque promueve oportunidades de atención e "
                "inclusión para todos los estudiantes, sin ningún tipo de discriminación, por lo "
                "que sería muy interesante replicarla en nuestro territorio."
            ),
        ),
    ],
}
