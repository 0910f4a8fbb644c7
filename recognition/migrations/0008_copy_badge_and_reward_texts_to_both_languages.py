"""Badges and rewards had one name, description and criteria, written in whatever language
HR used. Copy each text into both language fields, so nothing is lost and every reader
still sees it; HR then translates from the admin. Going back keeps the Spanish text."""

from django.db import migrations

BADGE_FIELDS = ("name", "description", "criteria")
REWARD_FIELDS = ("name", "description")


def copy_to_both_languages(apps, schema_editor):
    for model_name, fields in (("BadgeClass", BADGE_FIELDS), ("RewardItem", REWARD_FIELDS)):
        model = apps.get_model("recognition", model_name)
        for row in model.objects.all():
            for field in fields:
                text = getattr(row, field)
                setattr(row, f"{field}_es", text)
                setattr(row, f"{field}_en", text)
            row.save(update_fields=[f"{f}_{lang}" for f in fields for lang in ("es", "en")])


def keep_spanish(apps, schema_editor):
    for model_name, fields in (("BadgeClass", BADGE_FIELDS), ("RewardItem", REWARD_FIELDS)):
        model = apps.get_model("recognition", model_name)
        for row in model.objects.all():
            for field in fields:
                setattr(row, field, getattr(row, f"{field}_es") or getattr(row, f"{field}_en"))
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0007_bilingual_badge_and_reward_fields"),
    ]

    operations = [
        migrations.RunPython(copy_to_both_languages, keep_spanish),
    ]
