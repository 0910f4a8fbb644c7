"""HR's recognition pages (company values, badges, rewards), included under
/recognition/hr/ in the ``recognition`` namespace."""

from django.urls import path

from recognition.hr_views import badges, rewards, values

urlpatterns = [
    path("values/", values.values, name="hr_values"),
    path("values/<int:pk>/", values.value_edit, name="hr_value"),
    path("values/<int:pk>/retire/", values.value_retire, name="hr_value_retire"),
    path("values/<int:pk>/reactivate/", values.value_reactivate, name="hr_value_reactivate"),
    path("badges/", badges.badges, name="hr_badges"),
    path("badges/new/", badges.badge_new, name="hr_badge_new"),
    path("badges/<int:pk>/", badges.badge_edit, name="hr_badge"),
    path("badges/<int:pk>/retire/", badges.badge_retire, name="hr_badge_retire"),
    path("badges/<int:pk>/reactivate/", badges.badge_reactivate, name="hr_badge_reactivate"),
    path("rewards/", rewards.rewards, name="hr_rewards"),
    path("rewards/new/", rewards.reward_new, name="hr_reward_new"),
    path("rewards/<int:pk>/", rewards.reward_edit, name="hr_reward"),
    path("rewards/<int:pk>/retire/", rewards.reward_retire, name="hr_reward_retire"),
    path("rewards/<int:pk>/reactivate/", rewards.reward_reactivate, name="hr_reward_reactivate"),
]
