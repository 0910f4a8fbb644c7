"""HR's career pages (tracks editor, training editor, promotion queue, readiness), included
under /careers/hr/ in the ``careers`` namespace."""

from django.urls import path

from careers import hr_views

urlpatterns = [
    # Tracks, their levels and each level's requirements
    path("tracks/", hr_views.tracks, name="hr_tracks"),
    path("tracks/<int:pk>/", hr_views.track_edit, name="hr_track"),
    path("tracks/<int:pk>/copy/", hr_views.track_copy, name="hr_track_copy"),
    path("tracks/<int:pk>/levels/", hr_views.level_add, name="hr_level_add"),
    path("tracks/<int:pk>/levels/order/", hr_views.levels_reorder, name="hr_levels_reorder"),
    path("levels/<int:pk>/", hr_views.level_edit, name="hr_level_edit"),
    path("levels/<int:pk>/delete/", hr_views.level_delete, name="hr_level_delete"),
    path("levels/<int:pk>/requirements/", hr_views.requirement_add, name="hr_requirement_add"),
    path(
        "levels/<int:pk>/requirements/order/",
        hr_views.requirements_reorder,
        name="hr_requirements_reorder",
    ),
    path(
        "requirements/<int:pk>/delete/",
        hr_views.requirement_delete,
        name="hr_requirement_delete",
    ),
    # Training paths and their modules
    path("training/", hr_views.paths, name="hr_paths"),
    path("training/<int:pk>/", hr_views.path_edit, name="hr_path"),
    path("training/<int:pk>/modules/new/", hr_views.module_add, name="hr_module_add"),
    path("training/<int:pk>/modules/order/", hr_views.modules_reorder, name="hr_modules_reorder"),
    path("modules/<int:pk>/", hr_views.module_edit, name="hr_module_edit"),
    path("modules/<int:pk>/delete/", hr_views.module_delete, name="hr_module_delete"),
    # Promotions and levels
    path("promotions/", hr_views.promotion_queue, name="promotion_queue"),
    path("promotions/<int:pk>/approve/", hr_views.promotion_approve, name="hr_promotion_approve"),
    path("promotions/<int:pk>/decline/", hr_views.promotion_decline, name="hr_promotion_decline"),
    path("people/<int:pk>/level/", hr_views.set_level, name="hr_set_level"),
    # The company's readiness
    path("readiness/", hr_views.readiness, name="hr_readiness"),
]
