"""On PostgreSQL, audit rows are append-only below the ORM too: a trigger refuses UPDATE and
DELETE whoever sends them (a raw cursor, psql, a bug). The one UPDATE let through is Django's
SET_NULL when a user is deleted: `actor_id`/`user_id` becoming NULL, every other column the
same. TRUNCATE is left to the owner of the database (the test runner empties tables with it).

SQLite has no such trigger; there the model and its queryset refuse.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.actor_id IS NULL OR NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id)
       AND (NEW.user_id IS NULL OR NEW.user_id IS NOT DISTINCT FROM OLD.user_id)
       AND (to_jsonb(NEW) - 'actor_id' - 'user_id') = (to_jsonb(OLD) - 'actor_id' - 'user_id') THEN
        RETURN NEW;  -- a deleted user's link set to NULL, nothing else
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_events")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
