"""Spanish full-text search that ignores accents: "gestion" finds "gestión".

The configuration copies Postgres's `spanish` and puts `unaccent` before the Spanish stemmer. The
`unaccent` extension ships with the server (postgresql-contrib) and is trusted, so the database owner
can create it without superuser rights.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIG = "chasqui_es"

CREAR = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.spanish);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("practicas", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(CREAR, reverse_sql=f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};"),
    ]
