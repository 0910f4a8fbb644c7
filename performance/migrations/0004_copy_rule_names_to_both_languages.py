"""Rules had one name, written in whatever language HR used. Copy it into both language
fields, so nothing is lost; HR then translate it on the rules page. Going back keeps the
Spanish name."""

from django.db import migrations


def copy_to_both_languages(apps, schema_editor):
    Rule = apps.get_model("performance", "Rule")
    for rule in Rule.objects.all():
        rule.name_es = rule.name_en = rule.name
        rule.save(update_fields=["name_es", "name_en"])


def keep_spanish(apps, schema_editor):
    Rule = apps.get_model("performance", "Rule")
    for rule in Rule.objects.all():
        rule.name = rule.name_es or rule.name_en
        rule.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0003_bilingual_rule_names"),
    ]

    operations = [
        migrations.RunPython(copy_to_both_languages, keep_spanish),
    ]
